package io.github.ddbpatterns.capacity;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Times the simulator on the seed profile (one day, 86,400 seconds, the five strategies) and prints the
 * comparison table and the recommendation. A main, not a test: timing goals live in benchmarks.
 *
 * <p>Run after {@code mvn -o verify -pl testing,core,capacity}: {@code java -cp
 * capacity/target/classes:capacity/target/test-classes:<core jar>:<jspecify jar>
 * io.github.ddbpatterns.capacity.CapacityPlanBenchmark}.
 */
public final class CapacityPlanBenchmark {

    private CapacityPlanBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
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
    }
}
