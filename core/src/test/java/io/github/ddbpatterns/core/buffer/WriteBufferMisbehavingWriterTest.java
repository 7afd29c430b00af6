package io.github.ddbpatterns.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteKey;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import io.github.ddbpatterns.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link CoalescingWriteBuffer} with writers that misbehave (fail or throw synchronously, complete out of order),
 * each a fake of our own {@link BatchWriter}: every write still settles and no key is ever twice in flight.
 */
class WriteBufferMisbehavingWriterTest {

    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
    }

    static WriteOp put(int i) {
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("k" + i));
        return WriteOp.put("t", key, key);
    }

    /**
     * A writer that fails at once (an open circuit breaker, a closed client: the future is already failed when
     * write returns) completes each call's future on the caller's stack; onCallDone then sends the next queued
     * call on that same stack, so a backlog of a few thousand calls recurses until StackOverflowError, which
     * CompletableFuture swallows: the remaining writes are never completed and flush() never completes.
     */
    @Test
    void flush_whenWriterFailsSynchronouslyWithLargeBacklog_completesEveryWrite() throws Exception {
        BatchWriter failing = writes -> CompletableFuture.failedFuture(new IllegalStateException("circuit open"));
        int writes = 40_000;
        WriteBuffer buffer = WriteBuffer.builder()
                .batchWriter(failing)
                .maxPendingKeys(writes + 1)
                .maxDelay(Duration.ofHours(1))
                .capacity(writes + 1)
                .flushConcurrency(1)
                .clock(clock)
                .scheduler(scheduler)
                .build();
        List<CompletableFuture<Void>> futures = new ArrayList<>(writes);
        for (int i = 0; i < writes; i++) {
            futures.add(buffer.submit(put(i)));
        }

        CompletableFuture<Void> flushed = buffer.flush();

        assertThat(flushed).succeedsWithin(Duration.ofSeconds(10));
        assertThat(futures).allMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(buffer.heldCount()).isZero();
    }

    /**
     * A writer completing calls out of order, some at once, some failed, some from another thread, while four
     * producers write 50 hot keys and flush now and then: the buffer never hands the writer a key that is still
     * in flight, every future completes, and close() leaves nothing held.
     */
    @Test
    void submit_underConcurrentOutOfOrderCompletions_keepsOneCallPerKeyAndSettlesEverything() throws Exception {
        Set<WriteKey> inFlight = ConcurrentHashMap.newKeySet();
        AtomicInteger overlaps = new AtomicInteger();
        ExecutorService completer = Executors.newFixedThreadPool(3);
        Random seeds = new Random(42);
        BatchWriter writer = writes -> {
            List<WriteOp> call = List.copyOf(writes);
            for (WriteOp w : call) {
                if (!inFlight.add(w.writeKey())) {
                    overlaps.incrementAndGet();
                }
            }
            Random random;
            synchronized (seeds) {
                random = new Random(seeds.nextLong());
            }
            Supplier<BatchWriteResult> result = () -> {
                List<WriteOutcome> outcomes = new ArrayList<>();
                for (WriteOp w : call) {
                    inFlight.remove(w.writeKey());
                    outcomes.add(
                            random.nextInt(10) == 0
                                    ? WriteOutcome.failed(w, new IllegalStateException("x"), 1)
                                    : WriteOutcome.persisted(w, 1));
                }
                return new BatchWriteResult(outcomes, 1);
            };
            int mode = random.nextInt(3);
            if (mode == 0) {
                return CompletableFuture.completedFuture(result.get());
            }
            return CompletableFuture.supplyAsync(result, completer);
        };
        WriteBuffer buffer = WriteBuffer.builder()
                .batchWriter(writer)
                .maxPendingKeys(20)
                .maxDelay(Duration.ofMillis(5))
                .capacity(40)
                .flushConcurrency(3)
                .whenFull(FullPolicy.block(Duration.ofSeconds(20)))
                .scheduler(scheduler)
                .build();
        List<CompletableFuture<Void>> futures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService producers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            int producer = p;
            running.add(producers.submit(() -> {
                for (int i = 0; i < 5_000; i++) {
                    futures.add(buffer.submit(put((i * 7 + producer) % 50)));
                    if (i % 500 == 0) {
                        buffer.flush();
                    }
                }
            }));
        }
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        buffer.close();
        producers.shutdown();
        completer.shutdown();

        assertThat(overlaps.get()).isZero();
        assertThat(futures).hasSize(20_000).allMatch(CompletableFuture::isDone);
        assertThat(buffer.heldCount()).isZero();
    }

    /**
     * send() turns only a RuntimeException thrown by the writer into a failed call. An Error (an AssertionError
     * from a fake, a StackOverflowError or NoClassDefFoundError from the writer's code) escapes to the producer,
     * whose write was already accepted: the slot stays in flight for ever, callsInFlight and held never come
     * down, and flush()/close() never complete.
     */
    @Test
    void flush_whenWriterThrowsAnErrorSynchronously_failsTheWritesAndCompletes() {
        BatchWriter throwing = writes -> {
            throw new AssertionError("writer bug");
        };
        WriteBuffer buffer = WriteBuffer.builder()
                .batchWriter(throwing)
                .maxPendingKeys(1_000)
                .maxDelay(Duration.ofHours(1))
                .clock(clock)
                .scheduler(scheduler)
                .build();
        CompletableFuture<Void> write = buffer.submit(put(1));

        CompletableFuture<Void> flushed = buffer.flush(); // the writer's Error must not escape to the caller

        assertThat(flushed).succeedsWithin(Duration.ofSeconds(5));
        assertThat(write)
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingRootCause()
                .isInstanceOf(AssertionError.class)
                .withMessage("writer bug");
        assertThat(buffer.heldCount()).isZero();
    }
}
