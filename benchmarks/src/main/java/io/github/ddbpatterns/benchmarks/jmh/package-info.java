/**
 * JMH micro-benchmarks of core's CPU paths: {@link io.github.ddbpatterns.benchmarks.jmh.WriteBufferBenchmark}
 * (enqueue throughput of the write-coalescing buffer), {@link io.github.ddbpatterns.benchmarks.jmh.CodecBenchmark}
 * (ordered numbers, shard keys) and {@link io.github.ddbpatterns.benchmarks.jmh.CursorCodecBenchmark}. Run with
 * {@code mvn -B -q -Pjmh -DskipTests -pl benchmarks -am package -Djmh.args="-f 1 -wi 2 -w 1s -i 3 -r 1s"}.
 */
@NullMarked
package io.github.ddbpatterns.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
