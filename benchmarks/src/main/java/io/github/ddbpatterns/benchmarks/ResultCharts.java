package io.github.ddbpatterns.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The PNG charts of a run, drawn with JFreeChart from the figures: latency against shard count, latency against days
 * queried (log time axis: the sequential loops are an order of magnitude above the rest), and requests per 10,000
 * updates (log axis: 10,000 PutItems against a few dozen coalesced calls).
 */
final class ResultCharts {

    static final String SHARDS_FILE = "latency-vs-shards.png";
    static final String DAYS_FILE = "latency-vs-days.png";
    static final String REQUESTS_FILE = "requests-per-10000-updates.png";

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 620;
    private static final Color[] COLOURS = {
        new Color(0xD62728), new Color(0xFF7F0E), new Color(0x7F7F7F), new Color(0x1F77B4), new Color(0x2CA02C)
    };

    private ResultCharts() {}

    /** One line of an XY chart: figures {@code prefix + x + suffix} for each x. */
    record Line(String name, String idFormat, int colour, boolean dashed) {}

    /** Writes every chart the figures allow; returns those written. */
    static List<ResultsMarkdown.Chart> write(Path dir, Figures figures, List<Integer> roundTrips) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<ResultsMarkdown.Chart> written = new ArrayList<>();
        List<Line> shardLines = new ArrayList<>();
        List<Line> dayLines = new ArrayList<>();
        for (int i = 0; i < roundTrips.size(); i++) {
            int rt = roundTrips.get(i);
            boolean dashed = i > 0;
            String at = " @ " + rt + " ms";
            String s = "sharded_query.%d.rt" + rt + ".";
            shardLines.add(new Line("sequential loop" + at, s + ShardedQuerySection.LOOP, 0, dashed));
            shardLines.add(new Line("16-thread pool" + at, s + ShardedQuerySection.POOL, 1, dashed));
            shardLines.add(new Line("raw async (floor)" + at, s + ShardedQuerySection.RAW, 2, dashed));
            shardLines.add(new Line("ShardedTable.query, limit 100" + at, s + ShardedQuerySection.LIBRARY, 3, dashed));
            String d = "timeseries.%dd.rt" + rt + ".";
            dayLines.add(new Line("hand loop, sequential" + at, d + TimeSeriesSection.LOOP, 0, dashed));
            dayLines.add(new Line("raw async (floor)" + at, d + TimeSeriesSection.RAW, 2, dashed));
            dayLines.add(new Line("TimeSeriesTable.query (paged)" + at, d + TimeSeriesSection.LIBRARY, 3, dashed));
            dayLines.add(new Line("TimeSeriesTable.stream" + at, d + TimeSeriesSection.STREAM, 4, dashed));
        }
        if (xyChart(
                dir.resolve(SHARDS_FILE),
                "Sharded query: latency vs shard count",
                "one logical key over S shards x 10 items; median wall time; 2 cores, DynamoDB Local behind a latency proxy",
                "shards",
                ShardedQuerySection.SHARD_COUNTS,
                shardLines,
                figures)) {
            written.add(new ResultsMarkdown.Chart(SHARDS_FILE, "latency vs shard count"));
        }
        if (xyChart(
                dir.resolve(DAYS_FILE),
                "Time-series range: latency vs days queried",
                "every event of the range, 50 a day in day buckets; median wall time; 2 cores, DynamoDB Local behind a latency proxy",
                "days queried",
                TimeSeriesSection.DAYS,
                dayLines,
                figures)) {
            written.add(new ResultsMarkdown.Chart(DAYS_FILE, "latency vs days queried"));
        }
        if (requestsChart(dir.resolve(REQUESTS_FILE), figures, roundTrips)) {
            written.add(new ResultsMarkdown.Chart(REQUESTS_FILE, "requests per 10,000 updates"));
        }
        return written;
    }

    private static boolean xyChart(
            Path file, String title, String subtitle, String xLabel, int[] xs, List<Line> lines, Figures figures)
            throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Line line : lines) {
            XYSeries series = new XYSeries(line.name());
            for (int x : xs) {
                Optional<Figure> f = figures.get(String.format(line.idFormat(), x));
                if (f.isPresent() && f.get().value() > 0) {
                    series.add(x, f.get().value());
                    min = Math.min(min, f.get().value());
                    max = Math.max(max, f.get().value());
                }
            }
            if (series.getItemCount() < 2) {
                continue;
            }
            int index = data.getSeriesCount();
            data.addSeries(series);
            renderer.setSeriesPaint(index, COLOURS[line.colour()]);
            renderer.setSeriesStroke(
                    index,
                    line.dashed()
                            ? new BasicStroke(
                                    2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f)
                            : new BasicStroke(2.5f));
        }
        if (data.getSeriesCount() == 0) {
            return false;
        }
        NumberAxis x = new NumberAxis(xLabel);
        x.setRange(0, xs[xs.length - 1] * 1.03);
        LogAxis y = new LogAxis("median wall time, ms (log)");
        y.setBase(10);
        y.setNumberFormatOverride(new DecimalFormat("#,##0.#"));
        y.setTickUnit(new NumberTickUnit(1));
        y.setMinorTickCount(9);
        y.setMinorTickMarksVisible(true);
        y.setRange(min / 1.5, max * 1.5);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xCCCCCC));
        save(file, title, subtitle, plot);
        return true;
    }

    private static boolean requestsChart(Path file, Figures figures, List<Integer> roundTrips) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        String[][] contenders = {
            {UpdatesSection.SEQUENTIAL, "PutItem one by one"},
            {UpdatesSection.THREADS, "PutItem, 16 threads"},
            {UpdatesSection.BATCHES, "BatchWriteItem of 25, 4 threads"},
            {UpdatesSection.BUFFER, "WriteBuffer (defaults)"},
            {UpdatesSection.BUFFER_WIDE, "WriteBuffer, 2,000 pending keys"},
        };
        double max = 1;
        boolean anyExtrapolated = false;
        for (String[] c : contenders) {
            boolean extrapolated = false;
            for (int rt : roundTrips) {
                extrapolated |= figures.get("updates.rt" + rt + "." + c[0] + ".requests_per_10000_extrapolated")
                        .isPresent();
            }
            anyExtrapolated |= extrapolated;
            for (int rt : roundTrips) {
                String id = "updates.rt" + rt + "." + c[0] + ".requests_per_10000";
                Optional<Figure> f = figures.get(id).or(() -> figures.get(id + "_extrapolated"));
                if (f.isPresent()) {
                    data.addValue(f.get().value(), rt + " ms round trip", c[1] + (extrapolated ? " (*)" : ""));
                    max = Math.max(max, f.get().value());
                }
            }
        }
        if (data.getColumnCount() == 0) {
            return false;
        }
        LogAxis y = new LogAxis("requests per 10,000 updates (log)");
        y.setBase(10);
        y.setNumberFormatOverride(new DecimalFormat("#,##0"));
        y.setTickUnit(new NumberTickUnit(1));
        y.setMinorTickCount(9);
        y.setMinorTickMarksVisible(true);
        y.setRange(1, max * 4);
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setBase(1);
        renderer.setIncludeBaseInRange(false);
        renderer.setItemMargin(0.05);
        for (int i = 0; i < data.getRowCount(); i++) {
            renderer.setSeriesPaint(i, i == 0 ? COLOURS[3] : new Color(0x9ECAE9));
        }
        renderer.setDefaultItemLabelGenerator(
                new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        renderer.setDefaultPositiveItemLabelPosition(
                new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));
        CategoryAxis x = new CategoryAxis();
        x.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        x.setMaximumCategoryLabelLines(2);
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xCCCCCC));
        save(
                file,
                "Requests per 10,000 updates of 1,000 keys",
                "requests counted by the proxy"
                        + (anyExtrapolated
                                ? "; (*) PutItem one by one extrapolated from a measured prefix (1 request per update)"
                                : ""),
                plot);
        return true;
    }

    private static void save(Path file, String title, String subtitle, org.jfree.chart.plot.Plot plot)
            throws IOException {
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 13)));
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }
}
