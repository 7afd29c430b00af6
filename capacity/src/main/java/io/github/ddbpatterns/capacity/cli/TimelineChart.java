package io.github.ddbpatterns.capacity.cli;

import io.github.ddbpatterns.capacity.ServiceRules;
import io.github.ddbpatterns.capacity.SimulationReport;
import io.github.ddbpatterns.capacity.StrategyResult;
import io.github.ddbpatterns.capacity.TrafficProfile;
import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.SimpleDateFormat;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.function.Predicate;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws demand against each strategy's capacity over a span of the profile, as a PNG: a panel of write units per
 * second (log scale, so a 100-unit baseline and a 10,000-unit sale are both visible), a panel of read units when the
 * profile has reads, and a panel of throttled requests per second; time in UTC ({@code HH:mm}). A long span is
 * downsampled to the maximum of each step, so a 2-minute spike in a day stays visible.
 *
 * <p>{@code capacity plan} draws its charts with it; {@link #writePng} draws the same chart from a
 * {@link SimulationReport} of your own, for example the first sale of a day second by second:
 *
 * <pre>{@code
 * TrafficProfile day = ProfileGenerator.parse("baseline=100,spike=10000x120s@10:00").build();
 * SimulationReport report = CapacitySimulator.ofDefaults().simulate(day, strategies);
 * TimelineChart.writePng(Path.of("sale.png"), "The 10:00 sale", day, report, 35_700, 37_200, 1600, 1000);
 * }</pre>
 *
 * <p>JFreeChart ({@code org.jfree:jfreechart}) is an optional dependency of this module: declare it to draw charts.
 * Drawing uses Java2D; on a machine without a display run with {@code -Djava.awt.headless=true} (the command line
 * sets it).
 */
public final class TimelineChart {

    /** A chart of {@link #writePng} has at most about this many points: a longer span shows each step's maximum. */
    public static final int MAX_POINTS = 3_000;

    /** The largest width or height {@link #writePng} draws, in pixels. */
    public static final int MAX_PIXELS = 10_000;

    /** Strategy colours, in order; demand is black. */
    private static final Color[] COLOURS = {
        new Color(0xD62728), // red
        new Color(0x1F77B4), // blue
        new Color(0x2CA02C), // green
        new Color(0xFF7F0E), // orange
        new Color(0x9467BD), // purple
        new Color(0x17BECF), // cyan
        new Color(0xE377C2), // pink
        new Color(0x8C564B), // brown
    };

    private static final float[][] DASHES = {null, {10f, 5f}, null, {4f, 4f}, null, {12f, 4f, 3f, 4f}};

    private TimelineChart() {}

    /**
     * Writes the chart of seconds {@code [fromSecond, toSecond)} of a simulated profile as a PNG: demand (black) against
     * the capacity of each strategy of {@code report} (in its order and colours, each labelled with its cost per day
     * and throttled requests), then the requests each throttled per second (and the writes a smoothing strategy
     * queued), with the subtitle {@code capacity plan} gives its charts. One point per second when the span is at most
     * {@link #MAX_POINTS} seconds, else the maximum of each step that keeps it to about that many points.
     *
     * @param png the file to write (replaced when it exists; its folder must exist)
     * @param title the chart's title
     * @param profile the traffic {@code report} simulated
     * @param report the simulation of {@code profile}
     * @param fromSecond the first second shown, &gt;= 0
     * @param toSecond the second after the last one shown, &gt; {@code fromSecond} and &lt;=
     *     {@code profile.seconds()}
     * @param width the image's width in pixels, 1 to {@link #MAX_PIXELS}
     * @param height the image's height in pixels, 1 to {@link #MAX_PIXELS}
     * @throws InvalidInputException if an argument is null, {@code report} simulated a profile of another length,
     *     the span is empty or outside the profile, or a size is out of range
     * @throws IOException if the file cannot be written
     */
    public static void writePng(
            Path png,
            String title,
            TrafficProfile profile,
            SimulationReport report,
            int fromSecond,
            int toSecond,
            int width,
            int height)
            throws IOException {
        Checks.notNull("png", png);
        Checks.notNull("title", title);
        Checks.notNull("profile", profile);
        Checks.notNull("report", report);
        if (report.seconds() != profile.seconds()) {
            throw InvalidInputException.of(
                    "report",
                    report.seconds() + " s",
                    "be a simulation of the profile given (" + profile.seconds() + " s)");
        }
        if (fromSecond < 0 || fromSecond >= profile.seconds()) {
            throw InvalidInputException.of(
                    "fromSecond", fromSecond, "be a second of the profile, 0 to " + (profile.seconds() - 1));
        }
        if (toSecond <= fromSecond || toSecond > profile.seconds()) {
            throw InvalidInputException.of(
                    "toSecond",
                    toSecond,
                    "be after fromSecond " + fromSecond + " and at most the profile's length " + profile.seconds());
        }
        Checks.inRange("width", width, 1, MAX_PIXELS);
        Checks.inRange("height", height, 1, MAX_PIXELS);
        int step = step(toSecond - fromSecond, MAX_POINTS);
        write(
                png,
                title,
                subtitle(report, step),
                report.rules(),
                profile,
                report.results(),
                fromSecond,
                toSecond,
                step,
                width,
                height);
    }

    /** The subtitle of a chart of {@code report} with one point per {@code step} seconds. */
    static String subtitle(SimulationReport report, int step) {
        return "capacity of each strategy (colours) against demand (black)"
                + (step > 1 ? ", maximum of each " + stepLabel(step) : ", per second")
                + "; below: requests throttled"
                + (report.results().stream().anyMatch(r -> r.queue().isPresent())
                        ? " and writes waiting in the smoothing queue"
                        : "");
    }

    /**
     * Writes a chart of seconds {@code [from, to)} with one point per {@code step} seconds (each the step's maximum).
     */
    static void write(
            Path file,
            String title,
            String subtitle,
            ServiceRules rules,
            TrafficProfile profile,
            List<StrategyResult> results,
            int from,
            int to,
            int step,
            int width,
            int height)
            throws IOException {
        DateAxis time = new DateAxis("time (UTC)" + (step > 1 ? ", maximum of each " + stepLabel(step) : ""));
        time.setTimeZone(TimeZone.getTimeZone("UTC"));
        SimpleDateFormat format = new SimpleDateFormat(to > 86_400 ? "'d'd HH:mm" : "HH:mm", Locale.ROOT);
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        time.setDateFormatOverride(format);
        time.setLowerMargin(0);
        time.setUpperMargin(0);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(12);

        plot.add(unitsPlot(rules, profile, results, from, to, step, true), 5);
        boolean reads = false;
        for (int t = 0; t < profile.seconds() && !reads; t++) {
            reads = profile.reads(t) > 0;
        }
        if (reads) {
            plot.add(unitsPlot(rules, profile, results, from, to, step, false), 3);
        }
        plot.add(throttledPlot(results, from, to, step), 2);
        if (results.stream().anyMatch(r -> r.queue().isPresent())) {
            plot.add(queuePlot(results, from, to, step), 2);
        }

        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 14)));
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
    }

    /** Loads Java2D, its fonts and the chart classes (a few hundred ms the first time in a JVM). */
    static void warmUp() {
        java.awt.image.BufferedImage image =
                new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString("0123456789 warm-up", 0, 8);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString("0123456789 warm-up", 0, 8);
        } finally {
            g.dispose();
        }
        new JFreeChart(new XYPlot());
    }

    private static XYPlot unitsPlot(
            ServiceRules rules,
            TrafficProfile profile,
            List<StrategyResult> results,
            int from,
            int to,
            int step,
            boolean writes) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries demand = new XYSeries(writes ? "demand (write units/s)" : "demand (read units/s)", false, true);
        double max = 1;
        double min = Double.MAX_VALUE;
        for (int s = from; s < to; s += step) {
            double v = 0;
            for (int t = s; t < Math.min(to, s + step); t++) {
                v = Math.max(v, writes ? profile.writeUnits(t) : profile.readUnits(t));
            }
            max = Math.max(max, v);
            min = v > 0 ? Math.min(min, v) : min;
            demand.add(millis(s), Math.max(v, 1), false);
        }
        demand.add(millis(to), demand.getY(demand.getItemCount() - 1), false);
        data.addSeries(demand);
        for (StrategyResult r : results) {
            XYSeries capacity = new XYSeries(writes ? label(r) : r.name() + " (reads)", false, true);
            for (int s = from; s < to; s += step) {
                double v = 0;
                for (int t = s; t < Math.min(to, s + step); t++) {
                    v = Math.max(v, writes ? r.writeCapacityAt(t) : r.readCapacityAt(t));
                }
                max = Math.max(max, v);
                min = Math.min(min, Math.max(v, 1));
                capacity.add(millis(s), Math.max(v, 1), false);
            }
            capacity.add(millis(to), capacity.getY(capacity.getItemCount() - 1), false);
            data.addSeries(capacity);
        }
        boolean hot = !profile.keyShares().isEmpty();
        if (hot) { // the hottest key's demand against what its one partition serves
            double share = profile.keyShares().get(0);
            double limit = writes ? rules.partitionMaxWriteUnits() : rules.partitionMaxReadUnits();
            XYSeries key = new XYSeries(
                    "hottest key, " + Math.round(share * 100) + " % of demand (" + (writes ? "write" : "read")
                            + " units/s)",
                    false,
                    true);
            for (int i = 0; i < demand.getItemCount(); i++) {
                double v = demand.getY(i).doubleValue() * share;
                key.add(demand.getX(i).doubleValue(), Math.max(v, 1), false);
                min = Math.min(min, Math.max(v, 1));
            }
            XYSeries partition = new XYSeries(
                    "one partition serves at most " + String.format(Locale.ROOT, "%,d", Math.round(limit))
                            + (writes ? " WCU" : " RCU"),
                    false,
                    true);
            partition.add(millis(from), limit, false);
            partition.add(millis(to), limit, false);
            data.addSeries(key);
            data.addSeries(partition);
            min = Math.min(min, limit);
            max = Math.max(max, limit);
        }
        double lower = min == Double.MAX_VALUE ? 1 : Math.max(1, min * 0.5);
        ValueAxis axis;
        String label = writes ? "write units / s" : "read units / s";
        if (max / lower >= 100) { // log: a 100-unit baseline and a 10,000-unit sale both visible
            LogAxis log = new LogAxis(label + " (log)");
            log.setBase(10);
            log.setNumberFormatOverride(new DecimalFormat("#,##0"));
            log.setSmallestValue(1);
            log.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten
            log.setMinorTickCount(9);
            log.setMinorTickMarksVisible(true);
            // from half the lowest line, so a 100-unit baseline is not drawn on the axis
            log.setRange(lower, Math.max(lower * 10, max * 1.6));
            axis = log;
        } else { // less than two decades: a log axis would show one label or none
            NumberAxis linear = new NumberAxis(label);
            linear.setNumberFormatOverride(new DecimalFormat("#,##0"));
            linear.setRange(0, max * 1.15);
            axis = linear;
        }
        XYStepRenderer renderer = renderer(results.size(), true, writes);
        if (hot) {
            int key = results.size() + 1;
            renderer.setSeriesPaint(key, Color.DARK_GRAY);
            renderer.setSeriesStroke(
                    key,
                    new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0));
            renderer.setSeriesPaint(key + 1, Color.GRAY);
            renderer.setSeriesStroke(
                    key + 1,
                    new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 8f}, 0));
            renderer.setSeriesVisibleInLegend(key, writes);
            renderer.setSeriesVisibleInLegend(key + 1, writes);
        }
        XYPlot plot = new XYPlot(data, null, axis, renderer);
        style(plot, axis);
        return plot;
    }

    private static XYPlot throttledPlot(List<StrategyResult> results, int from, int to, int step) {
        return perStrategyPlot(
                results,
                from,
                to,
                step,
                "throttled requests / s",
                " throttled",
                r -> true,
                StrategyResult::throttledAt);
    }

    private static XYPlot queuePlot(List<StrategyResult> results, int from, int to, int step) {
        return perStrategyPlot(
                results,
                from,
                to,
                step,
                "writes queued (smoothing)",
                " queued",
                r -> r.queue().isPresent(),
                StrategyResult::queueDepthAt);
    }

    /**
     * A panel with one series per strategy (empty for those {@code shown} rejects, so colours stay aligned with the
     * units panel): the maximum of {@code value} over each {@code step} seconds.
     */
    private static XYPlot perStrategyPlot(
            List<StrategyResult> results,
            int from,
            int to,
            int step,
            String axisLabel,
            String seriesSuffix,
            Predicate<StrategyResult> shown,
            SecondValue value) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries none = new XYSeries("", false, true); // keeps the strategies' colours aligned with the units panel
        none.add(millis(from), 0);
        data.addSeries(none);
        double max = 0;
        for (StrategyResult r : results) {
            XYSeries series = new XYSeries(r.name() + seriesSuffix, false, true);
            if (shown.test(r)) {
                for (int s = from; s < to; s += step) {
                    double v = 0;
                    for (int t = s; t < Math.min(to, s + step); t++) {
                        v = Math.max(v, value.at(r, t));
                    }
                    max = Math.max(max, v);
                    series.add(millis(s), v, false);
                }
                series.add(millis(to), 0, false);
            }
            data.addSeries(series);
        }
        NumberAxis axis = new NumberAxis(axisLabel);
        axis.setNumberFormatOverride(new DecimalFormat("#,##0"));
        axis.setRange(0, max <= 0 ? 1 : max * 1.1);
        XYPlot plot = new XYPlot(data, null, axis, renderer(results.size(), false, false));
        style(plot, axis);
        return plot;
    }

    /** A strategy's value in one second. */
    @FunctionalInterface
    private interface SecondValue {
        double at(StrategyResult result, int second);
    }

    /** Legend label of a strategy: its name, cost per day and throttled requests. */
    static String label(StrategyResult r) {
        return String.format(
                Locale.ROOT,
                "%s: %.2f/day, %s",
                r.name(),
                r.costPerDay(),
                r.throttledRequests() == 0
                        ? "throttles nothing"
                        : String.format(Locale.ROOT, "%,.0f throttled", r.throttledRequests()));
    }

    private static XYStepRenderer renderer(int strategies, boolean legend, boolean writes) {
        XYStepRenderer renderer = new XYStepRenderer();
        renderer.setSeriesPaint(0, Color.BLACK);
        renderer.setSeriesStroke(0, new BasicStroke(3.0f));
        renderer.setSeriesVisibleInLegend(0, legend && writes);
        for (int i = 0; i < strategies; i++) {
            renderer.setSeriesPaint(i + 1, colour(i));
            renderer.setSeriesStroke(i + 1, stroke(i, strategies));
            renderer.setSeriesVisibleInLegend(i + 1, legend && writes);
        }
        renderer.setDefaultShapesVisible(false);
        return renderer;
    }

    private static void style(XYPlot plot, ValueAxis axis) {
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.REVERSE);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setOutlinePaint(Color.GRAY);
        axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    }

    static Paint colour(int i) {
        return COLOURS[i % COLOURS.length];
    }

    /**
     * Later strategies are wider and drawn first (the plots render in reverse order, demand last and on top), so where
     * two capacities coincide (provisioned at the peak and a schedule's peak, or two baselines) the earlier line runs
     * inside the later one and both stay visible.
     */
    static Stroke stroke(int i, int strategies) {
        float width = 1.5f + 0.9f * i;
        float[] dash = DASHES[i % DASHES.length];
        return dash == null
                ? new BasicStroke(width)
                : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f);
    }

    /** Milliseconds of a profile second on the date axis (second 0 is 00:00 UTC of day 1). */
    static long millis(int second) {
        return second * 1000L;
    }

    /** A step of the profile that keeps a chart to at most about {@code points} points. */
    static int step(int seconds, int points) {
        int[] nice = {1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400};
        for (int candidate : nice) {
            if ((seconds + candidate - 1) / candidate <= points) {
                return candidate;
            }
        }
        return 86_400;
    }

    static String stepLabel(int step) {
        if (step % 3600 == 0) {
            return step / 3600 == 1 ? "hour" : step / 3600 + " h";
        }
        if (step % 60 == 0) {
            return step / 60 == 1 ? "minute" : step / 60 + " min";
        }
        return step + " s";
    }
}
