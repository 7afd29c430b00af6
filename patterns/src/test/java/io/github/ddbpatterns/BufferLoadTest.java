package io.github.ddbpatterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.buffer.DeadLetter;
import io.github.ddbpatterns.core.buffer.FullPolicy;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * Load: 8 producer threads keep a write buffer at its bound for {@value #SECONDS} s while the proxy injects faults.
 * Asserted: the buffer never holds more than its capacity, sends full calls (at most twice the ideal number of
 * BatchWriteItem calls), the heap after a full GC does not grow with the run, no thread is stuck (every producer and
 * every write finishes), and every write ends persisted or in a dead letter.
 * Printed: writes, heap samples and the p50/p99/max of the enqueue call (blocking included).
 */
@DynamoDbLocalTest
class BufferLoadTest {

    static final int SECONDS = 60;
    static final int PRODUCERS = 8;
    static final int CAPACITY = 2_000;
    static final int KEYS = 20_000;
    static final double UNPROCESSED = 0.3;

    @Test
    void eightProducersAtTheBound_underFaults_keepMemoryBoundedAndFinishEveryWrite(TestTables tables) throws Exception {
        String table = RawTable.create(tables);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Timer enqueue =
                Timer.builder("load.enqueue").publishPercentiles(0.5, 0.99).register(registry);
        ConcurrentLinkedQueue<DeadLetter> deadLetters = new ConcurrentLinkedQueue<>();
        AtomicInteger maxHeld = new AtomicInteger();
        AtomicLong submitted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong unfinished = new AtomicLong();
        List<Long> heapAfterGc = new ArrayList<>();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(DynamoDbLocal.shared().endpoint())
                        .writeCapacityPerPartition(1_000_000)
                        .faults(
                                FaultPlan.unprocessedItems(UNPROCESSED),
                                FaultPlan.internalServerError().withProbability(0.01, 5L),
                                FaultPlan.throttle().withProbability(0.05, 7L))
                        .build()
                        .start();
                DynamoDbAsyncClient client = proxy.clients().asyncBuilder().build()) {
            DdbPatterns ddb = DdbPatterns.builder().dynamoDbClient(client).build();
            WriteBuffer buffer = ddb.writeBuffer()
                    .capacity(CAPACITY)
                    .whenFull(FullPolicy.block(Duration.ofMinutes(2)))
                    .deadLetter(deadLetters::add)
                    .build();
            AtomicBoolean running = new AtomicBoolean(true);
            CountDownLatch producersDone = new CountDownLatch(PRODUCERS);
            ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
            for (int p = 0; p < PRODUCERS; p++) {
                producers.execute(() -> {
                    try {
                        while (running.get()) {
                            String key = "k-" + ThreadLocalRandom.current().nextInt(KEYS);
                            long start = System.nanoTime();
                            CompletableFuture<Void> write =
                                    buffer.submit(RawTable.put(table, key, Long.toString(System.nanoTime())));
                            enqueue.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                            submitted.incrementAndGet();
                            unfinished.incrementAndGet();
                            write.whenComplete((v, e) -> {
                                unfinished.decrementAndGet();
                                if (e != null) {
                                    failed.incrementAndGet();
                                }
                            });
                        }
                    } finally {
                        producersDone.countDown();
                    }
                });
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            int second = 0;
            while (System.nanoTime() < end) {
                // a sample a second: what the buffer holds, and (every 10 s) the heap after a full GC
                producersDone.await(1, TimeUnit.SECONDS);
                maxHeld.accumulateAndGet(buffer.heldCount(), Math::max);
                if (++second % 10 == 0) {
                    System.gc();
                    heapAfterGc.add(memory.getHeapMemoryUsage().getUsed());
                }
            }
            running.set(false);
            boolean stopped = producersDone.await(2, TimeUnit.MINUTES);
            producers.shutdown();
            buffer.closeAsync().get(2, TimeUnit.MINUTES);

            ValueAtPercentile[] percentiles = enqueue.takeSnapshot().percentileValues();
            System.out.printf(
                    "load: %d producers, %d s, capacity %d: %,d writes (%,d/s), %,d failed, max held %,d; enqueue"
                            + " p50 %.3f ms, p99 %.3f ms, max %.1f ms; heap after GC every 10 s (MB): %s; proxy: %s%n",
                    PRODUCERS,
                    SECONDS,
                    CAPACITY,
                    submitted.get(),
                    submitted.get() / SECONDS,
                    failed.get(),
                    maxHeld.get(),
                    percentiles[0].value(TimeUnit.MILLISECONDS),
                    percentiles[1].value(TimeUnit.MILLISECONDS),
                    enqueue.max(TimeUnit.MILLISECONDS),
                    heapAfterGc.stream().map(b -> b / (1024 * 1024)).toList(),
                    proxy.stats());

            assertThat(stopped).as("every producer returned (no deadlock)").isTrue();
            assertThat(unfinished.get())
                    .as("writes without an outcome after close")
                    .isZero();
            assertThat(maxHeld.get()).as("writes held by the buffer").isLessThanOrEqualTo(CAPACITY);
            assertThat(deadLetters.stream()
                            .mapToLong(d -> 1 + d.supersededWrites())
                            .sum())
                    .as("failed writes in dead letters")
                    .isEqualTo(failed.get());
            long ideal = (long) Math.ceil(submitted.get() / 25.0 / (1 - UNPROCESSED));
            assertThat(proxy.stats().requests("BatchWriteItem"))
                    .as("BatchWriteItem calls for %d writes (ideal %d: full calls of 25)", submitted.get(), ideal)
                    .isLessThanOrEqualTo(2 * ideal);
            assertThat(heapAfterGc.get(heapAfterGc.size() - 1))
                    .as("heap after GC at the end vs after 10 s (+64 MB)")
                    .isLessThanOrEqualTo(heapAfterGc.get(0) + 64L * 1024 * 1024);
        }
    }
}
