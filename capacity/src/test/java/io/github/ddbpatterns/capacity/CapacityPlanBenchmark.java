package io.github.ddbpatterns.capacity;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Times the simulator on the seed profile (one day, 86,400 seconds, the five strategies) and prints the
 * comparison table and the recommendation; then times the {@code capacity plan} command line on the same day, as a
 * new JVM the way a user runs it (wall time from process start to exit, CSV and charts written) and in this JVM. A
 * main, not a test: timing goals live in benchmarks (the issue's: under 2 seconds for the CLI).
 *
 * <p>Run after {@code mvn -o verify -pl core,capacity}: {@code java -cp
 * capacity/target/classes:capacity/target/test-classes:<the module's test classpath>
 * io.github.ddbpatterns.capacity.CapacityPlanBenchmark}.
 */
public final class CapacityPlanBenchmark {

    private CapacityPlanBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args ignored
     */
    public static void main(String[] args) throws Exception {
        ProfileGenerator generator = SeedProfile.generator();
        TrafficProfile profile = generator.build();
        List<Strategy> strategies = SeedProfile.strategies(generator);
        CapacitySimulator simulator = CapacitySimulator.ofDefaults();
        long coldStart = System.nanoTime();
        simulator.simulate(profile, strategies); // what a command-line run pays once
        long cold = System.nanoTime() - coldStart;
        for (int i = 0; i < 5; i++) { // warm the JIT
            simulator.simulate(profile, strategies);
        }
        int runs = 20;
        long start = System.nanoTime();
        SimulationReport report = null;
        for (int i = 0; i < runs; i++) {
            report = simulator.simulate(profile, strategies);
        }
        long elapsed = System.nanoTime() - start;
        long generateStart = System.nanoTime();
        SeedProfile.generator().build();
        long generate = System.nanoTime() - generateStart;
        StringBuilder csv = new StringBuilder("second,reads,writes,readKb,writeKb\n");
        for (int t = 0; t < profile.seconds(); t++) {
            csv.append(t).append(',').append(profile.reads(t)).append(',').append(profile.writes(t));
            csv.append(",4,1\n");
        }
        long parseStart = System.nanoTime();
        TrafficProfile parsed = TrafficProfile.fromCsv(new java.io.StringReader(csv.toString()), "seed.csv");
        long parse = System.nanoTime() - parseStart;
        for (int i = 0; i < 5; i++) {
            TrafficProfile.fromCsv(new java.io.StringReader(csv.toString()), "seed.csv");
        }
        long warmParseStart = System.nanoTime();
        TrafficProfile.fromCsv(new java.io.StringReader(csv.toString()), "seed.csv");
        long warmParse = System.nanoTime() - warmParseStart;
        System.out.print(report.table());
        System.out.println(report.recommend().reason());
        for (StrategyResult r : report.results()) {
            System.out.println(r.name() + ": windows " + r.throttleWindows() + ", scaling events "
                    + r.scalingEvents().size()
                    + r.queue().map(q -> ", queue " + q).orElse(""));
        }
        System.out.printf(
                Locale.ROOT,
                "simulate %d s x %d strategies: first (cold) run %.1f ms, then %.1f ms per run (mean of %d warm runs);"
                        + " generate profile again: %.1f ms%n",
                profile.seconds(),
                strategies.size(),
                cold / 1e6,
                elapsed / 1e6 / runs,
                runs,
                generate / 1e6);
        System.out.println("(" + Duration.ofNanos(elapsed) + " for " + runs + " runs)");
        System.out.printf(
                Locale.ROOT,
                "parse the same day as CSV (%,d lines, %,d chars): %.1f ms cold, %.1f ms warm, %d seconds read%n",
                profile.seconds() + 1,
                csv.length(),
                parse / 1e6,
                warmParse / 1e6,
                parsed.seconds());

        cli();
    }

    private static final String SEED_SPEC = "baseline=100,spike=10000x120s@10:00,spike=10000x120s@20:00";

    private static void cli() throws Exception {
        java.nio.file.Path out = java.nio.file.Files.createTempDirectory("capacity-plan-benchmark");
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                .toString();
        // as the Maven profile 'plan' launches it (C1 only), then with the JVM's default compilers
        for (String compilers : List.of("-XX:TieredStopAtLevel=1", "-XX:+TieredCompilation")) {
            for (int i = 1; i <= 3; i++) {
                long start = System.nanoTime();
                Process process = new ProcessBuilder(
                                javaBin,
                                compilers,
                                "-Djava.awt.headless=true",
                                "-cp",
                                System.getProperty("java.class.path"),
                                "io.github.ddbpatterns.capacity.cli.CapacityCli",
                                "plan",
                                "--generate",
                                SEED_SPEC,
                                "--out",
                                out.resolve("process-" + i).toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                int exit = process.waitFor();
                System.out.printf(
                        Locale.ROOT,
                        "capacity plan, new JVM %s (a day x 5 strategies, CSV + 2 charts): %.0f ms wall, exit %d%n",
                        compilers,
                        (System.nanoTime() - start) / 1e6,
                        exit);
            }
        }
        System.setProperty("java.awt.headless", "true");
        for (int i = 1; i <= 3; i++) {
            java.io.StringWriter sink = new java.io.StringWriter();
            picocli.CommandLine cli = io.github.ddbpatterns.capacity.cli.CapacityCli.commandLine();
            cli.setOut(new java.io.PrintWriter(sink));
            cli.setErr(new java.io.PrintWriter(sink));
            long start = System.nanoTime();
            int exit = cli.execute(
                    "plan",
                    "--generate",
                    SEED_SPEC,
                    "--out",
                    out.resolve("in-process-" + i).toString());
            System.out.printf(
                    Locale.ROOT,
                    "capacity plan (in this JVM, run %d): %.0f ms, exit %d%n",
                    i,
                    (System.nanoTime() - start) / 1e6,
                    exit);
        }
        System.out.println("outputs in " + out);
    }
}
