package io.github.ddbpatterns.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.testing.MutableClock;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Review findings on {@link CoalescingWriteBuffer}, each shown with a fake of our own {@link BatchWriter}. */
class WriteBufferReviewTest {

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
        WriteBuffer buffer = WriteBuffer.builder().batchWriter(failing).maxPendingKeys(writes + 1)
                .maxDelay(Duration.ofHours(1)).capacity(writes + 1).flushConcurrency(1).clock(clock)
                .scheduler(scheduler).build();
        List<CompletableFuture<Void>> futures = new ArrayList<>(writes);
        for (int i = 0; i < writes; i++) {
            futures.add(buffer.submit(put(i)));
        }

        CompletableFuture<Void> flushed = buffer.flush();

        assertThat(flushed).succeedsWithin(Duration.ofSeconds(10));
        assertThat(futures).allMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(buffer.heldCount()).isZero();
    }
}
