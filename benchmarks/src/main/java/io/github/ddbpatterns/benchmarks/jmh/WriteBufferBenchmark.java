package io.github.ddbpatterns.benchmarks.jmh;

import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.buffer.FullPolicy;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Enqueue throughput of {@link WriteBuffer#submit}: writes whose {@link io.github.ddbpatterns.core.batch.BatchWriter}
 * completes at once, so flushes (every 1,000 distinct keys) cost only the buffer's own work. {@code keys=coalescing}
 * cycles over 100 keys (almost every write supersedes a pending one), {@code keys=distinct} never repeats a key
 * (every write is a new pending key, and each 1,000th triggers a flush).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WriteBufferBenchmark {

    private static final String TABLE = "bench";

    @Param({"coalescing", "distinct"})
    public String keys;

    private WriteBuffer buffer;
    private final AtomicLong sequence = new AtomicLong();
    private long keySpace;

    @Setup(Level.Trial)
    public void start() {
        keySpace = "coalescing".equals(keys) ? 100 : Long.MAX_VALUE;
        buffer = WriteBuffer.builder()
                .batchWriter(new CompletingBatchWriter())
                .maxPendingKeys(1_000)
                .maxDelay(Duration.ofMillis(50))
                .capacity(100_000)
                .whenFull(FullPolicy.block(Duration.ofSeconds(10)))
                .build();
    }

    @TearDown(Level.Trial)
    public void stop() {
        buffer.close();
    }

    private WriteOp nextWrite() {
        long n = sequence.getAndIncrement();
        String id = "key-" + (n % keySpace);
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS(id));
        return WriteOp.put(TABLE, key, Map.of("pk", key.get("pk"), "n", AttributeValue.fromN(Long.toString(n))));
    }

    @Benchmark
    @Threads(1)
    public Object submitOneThread() {
        return buffer.submit(nextWrite());
    }

    @Benchmark
    @Threads(4)
    public Object submitFourThreads() {
        return buffer.submit(nextWrite());
    }
}
