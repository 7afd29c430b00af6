/**
 * Benchmarks: {@link io.github.ddbpatterns.benchmarks.BenchmarkSuite} runs every end-to-end benchmark (the library
 * against what a developer writes by hand and against the raw async client doing the same requests, through the
 * latency proxy in front of DynamoDB Local) and the JMH micro-benchmarks in one command ({@code bench} profile),
 * printing {@code RESULT} lines and writing {@code results/RESULTS.md} and charts.
 */
@NullMarked
package io.github.ddbpatterns.benchmarks;

import org.jspecify.annotations.NullMarked;
