package io.github.ddbpatterns.benchmarks;

import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalMode;
import io.github.ddbpatterns.testing.TestTables;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Every benchmark in one run: the end-to-end ones against DynamoDB Local behind the latency proxy (each contender
 * against what a developer writes by hand and against the raw async client doing the same requests), then the JMH
 * micro-benchmarks through JMH's runner. Prints a {@code RESULT name=<id> value=<number> unit=<unit>} line per
 * figure, and writes {@code RESULTS.md} (every figure, and the targets met or not), {@code results.txt} (the
 * {@code RESULT} lines) and PNG charts to {@code --out}.
 *
 * <pre>
 * mvn -B -q -Pbench -DskipTests -pl benchmarks -am package
 * mvn -B -q -Pe2e -DskipTests -pl benchmarks -am package -De2e.args="--sections sharded-query --round-trips 10"
 * </pre>
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Runs the benchmarks, prints RESULT lines, writes RESULTS.md and charts.")
public final class BenchmarkSuite implements Callable<Integer> {

    /** Benchmark names for {@code --sections}, in the order they run. */
    static final List<String> SECTIONS =
            List.of("sharded-query", "timeseries", "updates", "unprocessed", "index-churn", "paced-burst", "jmh");

    @Option(
            names = "--sections",
            split = ",",
            description = "Benchmarks to run, of ${DEFAULT-VALUE} (default: all).",
            defaultValue = "sharded-query,timeseries,updates,unprocessed,index-churn,paced-burst,jmh")
    List<String> sections;

    @Option(
            names = "--round-trips",
            split = ",",
            description = "Round trips (ms) the proxy adds, for the sharded, time-series and updates benchmarks"
                    + " (default ${DEFAULT-VALUE}); the others run at the first.",
            defaultValue = "10,50")
    List<Integer> roundTrips;

    @Option(
            names = "--sequential-updates",
            split = ",",
            description = "Updates PutItem-one-by-one runs at each round trip, the rest extrapolated and labelled so"
                    + " (default ${DEFAULT-VALUE}).",
            defaultValue = "2000,500")
    List<Integer> sequentialUpdates;

    @Option(
            names = "--out",
            description = "Folder of RESULTS.md and the charts (default ${DEFAULT-VALUE}).",
            defaultValue = "results")
    Path out;

    @Option(names = "--quick", description = "Small sizes and few rounds: a smoke run, its numbers mean nothing.")
    boolean quick;

    private final Map<String, String> sectionSeconds = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Set<String> chosen = new LinkedHashSet<>(sections);
        for (String s : chosen) {
            if (!SECTIONS.contains(s)) {
                throw new CommandLine.ParameterException(
                        new CommandLine(this), "unknown section " + s + ", expected one of " + SECTIONS);
            }
        }
        long start = System.nanoTime();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        PrintStream console = System.out;
        Figures figures = new Figures(console);
        boolean e2e = chosen.stream().anyMatch(s -> !s.equals("jmh"));
        if (e2e) {
            try (DynamoDbLocal local = DynamoDbLocal.start(DynamoDbLocalMode.SERVER);
                    TestTables tables = new TestTables(local.syncClient(), "bench")) {
                Suite suite = new Suite(local, tables, figures, console, quick);
                runEndToEnd(suite, chosen);
            }
        }
        if (chosen.contains("jmh")) {
            timed("jmh", () -> new JmhSection(figures, console, quick).run());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Target.Result> results = Target.evaluateAll(Targets.all(), figures).stream()
                .filter(r -> r.status() != Target.Status.NOT_MEASURED || chosen.size() == SECTIONS.size())
                .toList();
        Files.createDirectories(out);
        List<ResultsMarkdown.Chart> charts = ResultCharts.write(out, figures, roundTrips);
        List<String> header = new ArrayList<>();
        header.add("Written by `mvn -B -q -Pbench -DskipTests -pl benchmarks -am package` (`BenchmarkSuite`"
                + (quick ? " --quick: a smoke run, numbers meaningless" : "") + ") on "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ": "
                + Runtime.getRuntime().availableProcessors()
                + " cores, Java " + System.getProperty("java.version") + ", load average "
                + String.format(Locale.ROOT, "%.2f", load) + " at start; the benchmarks took "
                + Math.round(seconds) + " s (the Maven build adds its own time). DynamoDB Local 3.3.1 (server"
                + " mode, in the same JVM) behind the testing module's ThrottlingProxy adding a fixed round trip;"
                + " the library's contenders use a client built with SdkRetryAlignment; the sync clients'"
                + " connection pool keeps 64 connections alive (`http.maxConnections`), so the 16-thread contenders"
                + " reuse connections.");
        header.add("");
        header.add("Seconds per benchmark: " + String.join(", ", sectionSeconds.values()) + ".");
        Files.write(
                out.resolve("results.txt"),
                figures.all().stream().map(Figure::resultLine).toList(),
                StandardCharsets.UTF_8);
        Files.writeString(
                out.resolve("RESULTS.md"),
                ResultsMarkdown.render(header, figures, results, charts),
                StandardCharsets.UTF_8);
        console.println();
        console.print(ResultsMarkdown.targetsTable(results));
        console.printf(Locale.ROOT, "%n# done in %.0f s; wrote %s%n", seconds, out.resolve("RESULTS.md"));
        return 0;
    }

    private void runEndToEnd(Suite suite, Set<String> chosen) throws Exception {
        int first = roundTrips.get(0);
        if (chosen.contains("sharded-query")) {
            timed("sharded-query", () -> {
                ShardedQuerySection section = new ShardedQuerySection(suite);
                for (int rt : roundTrips) {
                    section.run(rt);
                }
            });
        }
        if (chosen.contains("timeseries")) {
            timed("timeseries", () -> {
                TimeSeriesSection section = new TimeSeriesSection(suite);
                for (int rt : roundTrips) {
                    section.run(rt);
                }
            });
        }
        if (chosen.contains("updates")) {
            timed("updates", () -> {
                UpdatesSection section = new UpdatesSection(suite);
                for (int i = 0; i < roundTrips.size(); i++) {
                    int sequential = sequentialUpdates.get(Math.min(i, sequentialUpdates.size() - 1));
                    section.run(roundTrips.get(i), suite.quick() ? Math.min(sequential, 200) : sequential);
                }
            });
        }
        if (chosen.contains("unprocessed")) {
            timed("unprocessed", () -> new UnprocessedItemsSection(suite).run(first));
        }
        if (chosen.contains("index-churn")) {
            timed("index-churn", () -> new IndexChurnSection(suite).run(first));
        }
        if (chosen.contains("paced-burst")) {
            timed("paced-burst", () -> new PacedBurstSection(suite).run(first));
        }
    }

    /** A benchmark's body. */
    private interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} and keeps its wall time for the report. */
    private void timed(String section, Body body) throws Exception {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long t0 = System.nanoTime();
        body.run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        sectionSeconds.put(
                section,
                String.format(Locale.ROOT, "%s %.0f (load average %.2f at its start)", section, seconds, load));
        System.out.printf(Locale.ROOT, "# %s took %.0f s%n", section, seconds);
    }

    /**
     * Runs the suite with the given options.
     *
     * @param args command-line options, see {@code --help}
     */
    public static void main(String[] args) {
        // before any URL connection: keep enough connections alive for the 16-thread sync contenders
        System.setProperty("http.maxConnections", "64");
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new BenchmarkSuite()).execute(args));
    }
}
