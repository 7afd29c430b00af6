package io.github.ddbpatterns.capacity.cli;

import io.github.ddbpatterns.capacity.CapacitySimulator;
import io.github.ddbpatterns.capacity.ProfileGenerator;
import io.github.ddbpatterns.capacity.ProvisionedBilling;
import io.github.ddbpatterns.capacity.Recommendation;
import io.github.ddbpatterns.capacity.ScheduledStrategy;
import io.github.ddbpatterns.capacity.ServiceRules;
import io.github.ddbpatterns.capacity.SimulationReport;
import io.github.ddbpatterns.capacity.Spike;
import io.github.ddbpatterns.capacity.Strategy;
import io.github.ddbpatterns.capacity.StrategyResult;
import io.github.ddbpatterns.capacity.ThrottleWindow;
import io.github.ddbpatterns.capacity.TrafficProfile;
import io.github.ddbpatterns.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code capacity plan}: every strategy on one profile, the comparison table, the recommendation, CSV and charts. */
@Command(
        name = "plan",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        usageHelpWidth = 110,
        description = {
            "Plays a traffic profile second by second against on-demand, provisioned, auto-scaling, scheduled"
                    + " scaling and client-side smoothing; prints cost per day and month, throttled requests and"
                    + " when, the smoothing queue's added delay, and the cheapest strategy that throttles nothing"
                    + " (or stays within --budget); writes OUT/timeline.csv, OUT/chart.png and"
                    + " OUT/chart-first-spike.png.",
            "Settings a flag does not give are derived from the profile and printed with the table."
        },
        footerHeading = "%nGenerator spec (--generate), key=value pairs separated by commas:%n",
        footer = {
            "  duration=1d           length: 86400, 90m, 24h, 1d (default 1d, at most 31d)",
            "  baseline=100          writes per second all along (also writes=100)",
            "  reads=50              reads per second all along (default 0)",
            "  writeKb=1, readKb=4   item sizes in KB (defaults 1 and 4)",
            "  consistency=eventual  reads: eventual (default), strong or transactional",
            "  spike=RATExDURATION@START[/EVERY]",
            "                        a write spike: 10000x120s@10:00 is 10,000 writes/s for 2 minutes from 10:00"
                    + " UTC;",
            "                        START is HH:MM[:SS] or a second (36000); /1d repeats it every day; repeat the"
                    + " key",
            "                        for more spikes",
            "  readSpike=...         a read spike, same form",
            "  curve=0.5@14          daily curve: the baselines run from 50 % at 02:00 to 150 % at 14:00 UTC",
            "  hotKey=0.3            30 % of the traffic goes to one partition key (limited to 1,000 WCU and 3,000"
                    + " RCU a second",
            "                        whatever the table has); keyShares=0.3/0.1 names several hot keys",
            "Example: plan --generate baseline=100,spike=10000x120s@10:00,spike=10000x120s@20:00",
            "",
            "CSV profile (--profile): second,reads,writes[,readKb,writeKb], one line per second with traffic,"
                    + " seconds increasing; an optional header line; # comments.",
            "Exit codes: 0 done, 2 bad input (one line naming the option or field and the value), 1 unexpected"
                    + " failure."
        })
final class PlanCommand implements Callable<Integer> {

    /** Spikes are runs of seconds whose write units exceed this many times the baseline capacity. */
    static final double SPIKE_FACTOR = 2;

    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    static final class Source {
        @Option(
                names = "--profile",
                paramLabel = "CSV",
                description = "Traffic profile: second,reads,writes[,readKb,writeKb] per line.")
        private @Nullable Path csv;

        @Option(
                names = "--generate",
                paramLabel = "SPEC",
                description = "Generate a profile, e.g. baseline=100,spike=10000x120s@10:00 (spec below).")
        private @Nullable String generate;
    }

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "capacity-plan",
            description = "Folder for timeline.csv and the charts (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(
            names = "--provisioned",
            paramLabel = "WCU",
            description = "Write capacity of the fixed provisioned strategy (default: the peak write units).")
    private @Nullable Double provisionedWcu;

    @Option(
            names = "--rcu",
            paramLabel = "RCU",
            description = "Read capacity of the provisioned, scheduled and smoothed strategies (default: the peak"
                    + " read units, at least 1).")
    private @Nullable Double rcu;

    @Option(
            names = "--prewarm",
            paramLabel = "WRU",
            description = "Also simulate an on-demand table pre-warmed to WRU write request units/s.")
    private @Nullable Double prewarm;

    @Option(
            names = "--auto-min",
            paramLabel = "WCU",
            description = "Auto-scaling minimum (default: the median write units / target, at least 1).")
    private @Nullable Double autoMin;

    @Option(
            names = "--auto-max",
            paramLabel = "WCU",
            defaultValue = "40000",
            description = "Auto-scaling maximum (default: ${DEFAULT-VALUE}, the default table quota).")
    private double autoMax;

    @Option(
            names = "--target",
            paramLabel = "PERCENT",
            description = "Auto-scaling target utilisation, 20 to 90 (default: 70).")
    private @Nullable Double targetPercent;

    @Option(
            names = "--lag",
            paramLabel = "DURATION",
            converter = Values.Seconds.class,
            description = "Time from a scaling decision to the new capacity (default: 2m).")
    private @Nullable Integer lagSeconds;

    @Option(
            names = "--schedule",
            paramLabel = "TIME=WCU[/RCU],...",
            description = "Scheduled scaling actions, e.g. 09:55=10000,10:05=143 (default: the peak write units"
                    + " --lead before each spike found in the profile, back to the baseline after it).")
    private @Nullable String schedule;

    @Option(
            names = "--lead",
            paramLabel = "DURATION",
            defaultValue = "5m",
            converter = Values.Seconds.class,
            description = "How long before a spike the default schedule scales up (default: ${DEFAULT-VALUE}).")
    private int leadSeconds;

    @Option(
            names = "--smooth",
            paramLabel = "WCU",
            description = "Pace and capacity of the smoothed strategy (default: the highest mean write units over"
                    + " any --max-delay window, so a spike drains within about that delay).")
    private @Nullable Double smoothWcu;

    @Option(
            names = "--max-delay",
            paramLabel = "DURATION",
            defaultValue = "20m",
            converter = Values.Seconds.class,
            description = "Added write delay the default smoothing pace aims at (default: ${DEFAULT-VALUE}).")
    private int maxDelaySeconds;

    @Option(
            names = "--queue",
            paramLabel = "WRITES",
            defaultValue = "2000000",
            description = "Most writes the smoothing queue holds (default: ${DEFAULT-VALUE}).")
    private long queue;

    @Option(
            names = "--budget",
            paramLabel = "REQUESTS",
            defaultValue = "0",
            description = "Throttle budget: requests a recommended strategy may lose (default: ${DEFAULT-VALUE}).")
    private double budget;

    @Option(
            names = "--billing",
            paramLabel = "MODEL",
            defaultValue = "per-second",
            converter = Values.Billing.class,
            description = "Provisioned capacity changed within an hour: per-second (pro-rated, default) or"
                    + " hourly-peak (each hour at its highest capacity).")
    private ProvisionedBilling billing;

    @Option(
            names = "--key-shares",
            paramLabel = "SHARE",
            split = ",",
            description = "Shares of the traffic going to single partition keys, e.g. 0.3 or 0.3,0.1 (hot keys;"
                    + " replaces the generator's hotKey/keyShares). Each is limited to what one partition serves.")
    private double @Nullable [] keyShares;

    @Option(
            names = "--progress",
            negatable = true,
            description = "Show progress on standard error (default: for profiles longer than a day).")
    private @Nullable Boolean progress;

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ExecutorService drawing = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "capacity-plan-chart");
            thread.setDaemon(true);
            return thread;
        });
        try {
            drawing.submit(TimelineChart::warmUp); // loads Java2D and its fonts while the profile is simulated
            return plan(stdout, err, drawing, started);
        } finally {
            drawing.shutdownNow();
        }
    }

    private int plan(PrintWriter stdout, PrintWriter err, ExecutorService drawing, long started) throws IOException {
        ServiceRules rules = rules();
        String profileName;
        TrafficProfile loaded;
        if (source.csv != null) {
            profileName = source.csv.toString();
            loaded = TrafficProfile.fromCsv(source.csv);
        } else {
            profileName = "generated " + source.generate;
            loaded = ProfileGenerator.parse(source.generate).build();
        }
        TrafficProfile profile = keyShares == null ? loaded : withKeyShares(loaded, keyShares);
        boolean showProgress = progress != null ? progress : profile.seconds() > 86_400;
        Progress bar = new Progress(err, showProgress, System.console() != null);
        double target = target(rules);
        ProfileStats stats = ProfileStats.of(profile, SPIKE_FACTOR, target);
        List<Strategy> strategies = strategies(profile, stats, rules, target);

        int[] done = {0};
        bar.update(
                String.format(Locale.ROOT, "simulating %,d s: 0/%d strategies", profile.seconds(), strategies.size()));
        SimulationReport report = CapacitySimulator.of(rules).simulate(profile, strategies, result -> {
            done[0]++;
            bar.update(String.format(
                    Locale.ROOT,
                    "simulating %,d s: %d/%d strategies (%s)",
                    profile.seconds(),
                    done[0],
                    strategies.size(),
                    result.name()));
        });
        Recommendation recommendation = report.recommend(budget);

        Files.createDirectories(out);
        // the charts are drawn on the second core while the CSV is written (a day's run is mostly drawing)
        bar.update("writing " + out.resolve("timeline.csv") + " and drawing the charts");
        List<String> written = new ArrayList<>();
        int chartStep = TimelineChart.step(profile.seconds(), 1_500);
        Future<?> chart = drawing.submit(() -> {
            TimelineChart.write(
                    out.resolve("chart.png"),
                    "Demand vs capacity: " + title(profileName),
                    TimelineChart.subtitle(report, chartStep),
                    rules,
                    profile,
                    report.results(),
                    0,
                    profile.seconds(),
                    chartStep,
                    1600,
                    1000);
            return null;
        });
        int[] zoom = zoom(profile, stats, report);
        Future<?> zoomChart = zoom == null
                ? CompletableFuture.completedFuture(null)
                : drawing.submit(() -> {
                    int zoomStep = TimelineChart.step(zoom[1] - zoom[0], 3_000);
                    TimelineChart.write(
                            out.resolve("chart-first-spike.png"),
                            "First spike, " + clock(zoom[0]) + " to " + clock(zoom[1]) + " UTC: " + title(profileName),
                            TimelineChart.subtitle(report, zoomStep),
                            rules,
                            profile,
                            report.results(),
                            zoom[0],
                            zoom[1],
                            zoomStep,
                            1600,
                            1000);
                    return null;
                });
        int csvStep = profile.seconds() <= 86_400 ? 1 : TimelineChart.step(profile.seconds(), 86_400);
        int rows = TimelineCsv.write(out.resolve("timeline.csv"), profile, report.results(), csvStep);
        written.add(out.resolve("timeline.csv") + " (" + String.format(Locale.ROOT, "%,d", rows) + " rows, "
                + (csvStep == 1 ? "one per second" : "one per " + csvStep + " s, aggregated") + ")");
        await(chart);
        written.add(out.resolve("chart.png").toString());
        if (zoom != null) {
            await(zoomChart);
            written.add(out.resolve("chart-first-spike.png").toString());
        }
        bar.done();

        stdout.println(describe(profileName, profile, stats, rules, target));
        stdout.println();
        stdout.print(report.table());
        stdout.println();
        stdout.println(recommendation.reason());
        stdout.println();
        for (String file : written) {
            stdout.println("wrote " + file);
        }
        if (showProgress) {
            err.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - started) / 1e9);
        }
        stdout.flush();
        err.flush();
        return 0;
    }

    private static TrafficProfile withKeyShares(TrafficProfile profile, double[] shares) {
        try {
            return profile.withKeyShares(shares);
        } catch (InvalidInputException e) {
            throw InvalidInputException.of(
                    "--key-shares",
                    java.util.Arrays.toString(shares),
                    "be fractions in (0, 1] adding up to at most 1 (" + e.getMessage() + ")");
        }
    }

    private static void await(Future<?> future) throws IOException {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while drawing the charts", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private ServiceRules rules() {
        ServiceRules.Builder builder = ServiceRules.builder().provisionedBilling(billing);
        if (lagSeconds != null) {
            builder.scalingUpdateLag(Duration.ofSeconds(lagSeconds));
        }
        return builder.build();
    }

    private double target(ServiceRules rules) {
        if (targetPercent == null) {
            return rules.defaultTargetUtilisation();
        }
        double min = rules.minTargetUtilisation() * 100;
        double max = rules.maxTargetUtilisation() * 100;
        if (!(targetPercent >= min && targetPercent <= max)) {
            throw InvalidInputException.of(
                    "--target",
                    Values.number(targetPercent),
                    "be a utilisation between " + Values.number(min) + " and " + Values.number(max) + " (percent)");
        }
        return targetPercent / 100;
    }

    private List<Strategy> strategies(TrafficProfile profile, ProfileStats stats, ServiceRules rules, double target) {
        double peakW = Math.max(1, Math.ceil(stats.peakWriteUnits - 1e-9));
        double reads = rcu != null ? Values.positive("--rcu", rcu) : Math.max(1, Math.ceil(stats.peakReadUnits - 1e-9));
        double fixed = provisionedWcu != null ? Values.positive("--provisioned", provisionedWcu) : peakW;
        double baseline = Math.max(1, Math.ceil(stats.medianWriteUnits / target - 1e-9));
        double min = autoMin != null ? Values.positive("--auto-min", autoMin) : Math.min(baseline, autoMax);
        Values.positive("--auto-max", autoMax);
        if (min > autoMax) {
            throw InvalidInputException.of(
                    "--auto-max", Values.number(autoMax), "be at least --auto-min " + Values.number(min));
        }
        double readBaseline = Math.max(1, Math.ceil(stats.medianReadUnits / target - 1e-9));

        List<Strategy> strategies = new ArrayList<>();
        strategies.add(Strategy.onDemand());
        if (prewarm != null) {
            strategies.add(Strategy.onDemand()
                    .prewarmed(
                            Values.positive("--prewarm", prewarm),
                            Math.max(rules.onDemandWarmReadUnits(), Math.ceil(stats.peakReadUnits))));
        }
        strategies.add(Strategy.provisioned(fixed, reads));
        strategies.add(Strategy.autoScaling(min, autoMax)
                .reads(Math.min(readBaseline, autoMax), Math.max(autoMax, readBaseline))
                .targetUtilisation(target));
        strategies.add(scheduled(profile, stats, target, peakW, reads));
        double pace = smoothWcu != null
                ? Values.positive("--smooth", smoothWcu)
                : Math.max(1, Math.ceil(ProfileStats.maxWindowMeanWriteUnits(profile, Math.max(1, maxDelaySeconds))));
        if (queue <= 0) {
            throw InvalidInputException.of("--queue", queue, "be a positive number of writes");
        }
        strategies.add(Strategy.smoothed(pace, reads).maxQueuedWrites(queue));
        return strategies;
    }

    private Strategy scheduled(TrafficProfile profile, ProfileStats stats, double target, double peakW, double reads) {
        if (schedule != null) {
            double initial = Math.max(1, Math.ceil(stats.medianWriteUnits / target - 1e-9));
            return Strategy.scheduled(initial, reads, Values.schedule("--schedule", schedule, reads));
        }
        double base = Math.max(1, Math.ceil(stats.maxWriteUnitsOutsideSpikes / target - 1e-9));
        if (stats.spikes.isEmpty()) {
            return Strategy.scheduled(base, reads, List.of()).named("scheduled: no spike, " + units(base) + " WCU");
        }
        String lead = leadSeconds % 60 == 0 ? leadSeconds / 60 + " min" : leadSeconds + " s";
        return ScheduledStrategy.aroundSpikes(base, peakW, reads, stats.spikes, leadSeconds, profile.seconds())
                .named("scheduled " + units(peakW) + " WCU " + lead + " before spikes");
    }

    /** Seconds [from, to) around the first spike (or the first throttling), or null when there is neither. */
    private static int @Nullable [] zoom(TrafficProfile profile, ProfileStats stats, SimulationReport report) {
        int start = -1;
        int end = -1;
        if (!stats.spikes.isEmpty()) {
            Spike first = stats.spikes.get(0);
            start = first.startSecond();
            end = first.startSecond() + first.durationSeconds();
        } else {
            for (StrategyResult r : report.results()) {
                if (!r.throttleWindows().isEmpty()) {
                    ThrottleWindow w = r.throttleWindows().get(0);
                    if (start < 0 || w.startSecond() < start) {
                        start = w.startSecond();
                        end = w.endSecond();
                    }
                }
            }
        }
        if (start < 0 || profile.seconds() <= 3_600) {
            return null;
        }
        int from = Math.max(0, start - 600);
        int to = Math.min(profile.seconds(), Math.max(end + 1_800, from + 2_400));
        return new int[] {from, to};
    }

    private String describe(
            String name, TrafficProfile profile, ProfileStats stats, ServiceRules rules, double target) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "profile %s: %,d s; writes peak %,.0f/s, median %,.0f/s; reads peak %,.0f/s, median %,.0f/s%n",
                name,
                profile.seconds(),
                profile.peakWrites(),
                percentile(profile, true),
                profile.peakReads(),
                percentile(profile, false)));
        s.append(String.format(
                Locale.ROOT,
                "spikes found (write units above %s x the baseline): %d%s%n",
                Values.number(SPIKE_FACTOR),
                stats.spikes.size(),
                stats.spikes.isEmpty()
                        ? ""
                        : ", first at " + clock(stats.spikes.get(0).startSecond()) + " for "
                                + stats.spikes.get(0).durationSeconds() + " s"));
        if (!profile.keyShares().isEmpty()) {
            s.append("hot keys: ").append(profile.keyShares()).append(" of the traffic each\n");
        }
        s.append(String.format(
                Locale.ROOT,
                "rules: target %.0f %%, scaling update lag %d s, burst %d s, billing %s",
                target * 100,
                rules.scalingUpdateLag().toSeconds(),
                rules.burstWindow().toSeconds(),
                rules.provisionedBilling().name().toLowerCase(Locale.ROOT).replace('_', '-')));
        return s.toString();
    }

    private static double percentile(TrafficProfile profile, boolean writes) {
        float[] values = new float[profile.seconds()];
        for (int t = 0; t < values.length; t++) {
            values[t] = (float) (writes ? profile.writes(t) : profile.reads(t));
        }
        java.util.Arrays.sort(values);
        return values[values.length / 2];
    }

    private static String title(String profileName) {
        return profileName.length() > 90 ? profileName.substring(0, 87) + "..." : profileName;
    }

    static String clock(int second) {
        StringBuilder s = new StringBuilder();
        TimelineCsv.clock(s, second);
        return s.toString();
    }

    private static String units(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
