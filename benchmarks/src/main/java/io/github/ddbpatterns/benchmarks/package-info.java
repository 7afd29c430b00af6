/**
 * Benchmarks: JMH micro-benchmarks (run with the {@code jmh} profile) and end-to-end benchmarks against
 * naive baselines through the latency proxy ({@link io.github.ddbpatterns.benchmarks.EndToEndBenchmarks},
 * {@code e2e} profile). Every end-to-end benchmark measures the library and its naive baselines in the same
 * run and prints ratios.
 */
@NullMarked
package io.github.ddbpatterns.benchmarks;

import org.jspecify.annotations.NullMarked;
