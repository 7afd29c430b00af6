package io.github.ddbpatterns.benchmarks;

import java.util.List;

/**
 * Median wall time (and process CPU time) of repeated runs of one contender.
 *
 * @param name the contender's name
 * @param medianMillis median wall time of the measured runs
 * @param cpuMillisPerRun mean CPU time of this JVM per measured run (all threads, includes DynamoDB Local
 *     when it runs in the same JVM)
 */
record Measurement(String name, double medianMillis, double cpuMillisPerRun) {

    /** The median of {@code wallMillis} and {@code totalCpuMillis} spread over the samples. */
    static Measurement fromSamples(String name, List<Double> wallMillis, double totalCpuMillis) {
        List<Double> sorted = wallMillis.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Measurement(name, median, totalCpuMillis / n);
    }

    /** This measurement's time divided by {@code baseline}'s. */
    double ratioTo(Measurement baseline) {
        return medianMillis / baseline.medianMillis;
    }
}
