package io.github.ddbpatterns.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Median wall time (and process CPU time) of repeated runs of one contender, after warm-up runs.
 *
 * @param name the contender's name
 * @param medianMillis median wall time of the measured runs
 * @param cpuMillisPerRun mean CPU time of this JVM per measured run (all threads, includes DynamoDB Local
 *     when it runs in the same JVM)
 */
record Measurement(String name, double medianMillis, double cpuMillisPerRun) {

    /** Runs {@code body} {@code warmups} times unmeasured, then {@code runs} times measured. */
    static Measurement of(String name, int warmups, int runs, Callable<?> body) throws Exception {
        for (int i = 0; i < warmups; i++) {
            body.call();
        }
        List<Double> millis = new ArrayList<>(runs);
        long cpuStart = processCpuNanos();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            body.call();
            millis.add((System.nanoTime() - t0) / 1e6);
        }
        return fromSamples(name, millis, (processCpuNanos() - cpuStart) / 1e6);
    }

    /** The median of {@code wallMillis} and {@code totalCpuMillis} spread over the samples. */
    static Measurement fromSamples(String name, List<Double> wallMillis, double totalCpuMillis) {
        List<Double> sorted = wallMillis.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Measurement(name, median, totalCpuMillis / n);
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.getCurrentThreadCpuTime();
    }

    /** This measurement's time divided by {@code baseline}'s. */
    double ratioTo(Measurement baseline) {
        return medianMillis / baseline.medianMillis;
    }
}
