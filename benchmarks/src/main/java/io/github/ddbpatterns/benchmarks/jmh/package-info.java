/**
 * JMH micro-benchmarks of the library's CPU paths: {@link io.github.ddbpatterns.benchmarks.jmh.WriteBufferBenchmark}
 * (enqueue of the write-coalescing buffer), {@link io.github.ddbpatterns.benchmarks.jmh.NearCacheBenchmark} (a
 * session near-cache hit, and the requests it sends), {@link io.github.ddbpatterns.benchmarks.jmh.MergeBenchmark}
 * (the fan-out's ordered merge of 100 sources), {@link io.github.ddbpatterns.benchmarks.jmh.CodecBenchmark} (ordered
 * numbers, shard keys) and {@link io.github.ddbpatterns.benchmarks.jmh.CursorCodecBenchmark}. The {@code bench}
 * profile runs them all from {@link io.github.ddbpatterns.benchmarks.BenchmarkSuite}; alone, with
 * {@code mvn -B -q -Pjmh -DskipTests -pl benchmarks -am package -Djmh.args="-f 1 -wi 2 -w 1s -i 3 -r 1s"}.
 */
@NullMarked
package io.github.ddbpatterns.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
