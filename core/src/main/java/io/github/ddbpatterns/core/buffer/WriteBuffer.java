package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.SharedSettings;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteKey;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.MappedTableResource;

/**
 * A write-coalescing buffer in front of BatchWriteItem: many producers submit puts and deletes, the buffer keeps
 * only the last write per item ({@link WriteKey}) inside a flush window and writes the survivors in calls of at
 * most 25 distinct keys through a {@link BatchWriter}, up to {@code flushConcurrency} calls at once. K updates of
 * one key inside a window cost one item write; a flush of M distinct keys costs {@code ceil(M/25)} requests.
 *
 * <pre>{@code
 * try (WriteBuffer buffer = WriteBuffer.builder()
 *         .batchWriter(batchWriter)
 *         .maxPendingKeys(1_000)
 *         .maxDelay(Duration.ofMillis(100))
 *         .capacity(10_000)
 *         .whenFull(FullPolicy.block(Duration.ofSeconds(5)))
 *         .deadLetter(failed -> log.error("lost {}", failed.write(), failed.error()))
 *         .build()) {
 *     CompletableFuture<Void> done = buffer.put(WriteOp.put(table, item));
 *     Optional<WriteOp> mine = buffer.pending(WriteOp.put(table, item).writeKey()); // read-your-writes
 *     buffer.flush().join();
 * }
 * }</pre>
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Per key the last accepted write wins (a delete after a put wins, a put after a delete wins). Each write's
 *       future completes when it, or the write that superseded it, is persisted, or exceptionally with a
 *       {@link WriteFailedException} when that write was finally given up.</li>
 *   <li>A write for a key that is being written waits for that call to finish and goes into a later call: two
 *       writes of one key never share a call and are never reordered.</li>
 *   <li>Every accepted write ends persisted or failed (failed future and a {@link DeadLetter} callback); nothing
 *       is dropped silently. Writes that are refused ({@link BufferFullException},
 *       {@link BufferClosedException}) are refused by an exception from the submitting call.</li>
 *   <li>Memory is bounded by {@code capacity} writes held (pending plus in flight); a write that coalesces into a
 *       pending one needs no room.</li>
 * </ul>
 * Futures are completed on the thread that completes the {@link BatchWriter}'s future: do not block in their
 * callbacks. All methods are thread-safe.
 *
 * <p>Pacing (write smoothing). With {@link Builder#writeUnitsPerSecond} {@code R}, the buffer sends at most
 * {@code R} DynamoDB write units per second — every call, fresh writes and writes sent again after a throttle or an
 * {@code UnprocessedItems} answer — so a burst is spread into the table's capacity instead of being throttled:
 * <pre>{@code
 * WriteBuffer buffer = WriteBuffer.builder(context)
 *         .writeUnitsPerSecond(500)            // the table's provisioned WCU
 *         .capacity(20_000)                    // the backlog pacing may hold
 *         .closeTimeout(Duration.ofMinutes(1)) // long enough to send what is held at 500 units/s
 *         .build();
 * }</pre>
 * A call reserves its units from a Resilience4j rate limiter of {@code R} permits per one-second period, on the
 * buffer's clock, when it gets a call slot, and is sent by the scheduler once they are due; no thread blocks. The
 * guarantees above hold unchanged: writes held back count against {@code capacity} and producers meet
 * {@code whenFull} when it is reached, nothing is dropped, each future completes when its write is persisted,
 * {@code writeDeadline} bounds the resends of throttled writes (a paced write is sent at least once whatever its
 * age), {@code close()} sends everything held at the pace (within {@code closeTimeout}), and a write waiting behind
 * the pace coalesces the newer writes of its key, which wait in pending until it is sent.
 *
 * <p>The delay pacing adds to a write runs, on the buffer's clock, from the moment a flush takes it (or its backoff
 * after a throttle ends) to the moment its call is sent; {@link #pacingStats()} and the {@code pacing.delay} timer
 * report it. Its bound: a write taken when the writes ahead of it and not yet sent — queued, or in calls waiting for
 * their pace — cost {@code Q} units, in a call of {@code U} units, is sent within
 * <pre>
 *     delay &le; (Q + U) / R + 1 s
 * </pre>
 * (the limiter releases {@code R} units at the start of each one-second period, and the {@code Q + U} units need at
 * most {@code ceil((Q + U) / R)} period starts, the first within one period). {@code U} is at most 25 times the units
 * of the largest item (25 for items under 1 KB). The time from {@code submit} adds the flush window ({@code maxDelay},
 * up to 1.25 times it). The bound holds while the call slots keep up — {@code flushConcurrency - 1} calls of
 * {@code U} units carry at least what {@code R} allows during one round trip to DynamoDB — and writes sent again
 * after a throttle become ready later and go first: their units join {@code Q}. The units sent by time {@code t}
 * never exceed {@code R * (1 + floor(t / 1 s))}, {@code t} counted from {@code build()}.
 *
 * <p>Metrics ({@code ddb.patterns.buffer.*}, tag {@code buffer} = {@link Builder#name}): {@code accepted},
 * {@code coalesced} (superseded writes), {@code flushes} (tag {@code trigger=size|age|manual|close}),
 * {@code flush.size} (keys per flush), {@code pending} (gauge, distinct keys waiting), {@code held} (gauge,
 * writes pending or in flight), {@code persisted}, {@code failed}, {@code rejected} (tag
 * {@code reason=full|closed}), {@code blocked} (producers that had to wait for room); paced, {@code pacing.delay}
 * (timer, one record per item write sent) and {@code pacing.units} (write units sent).
 */
public interface WriteBuffer extends AutoCloseable {

    /**
     * A builder; give it a {@code dynamoDbClient} (a {@link BatchWriter} is then built on it) or a
     * {@link Builder#batchWriter}.
     *
     * @return the builder
     */
    static Builder builder() {
        return new Builder(null);
    }

    /**
     * A builder whose default {@link BatchWriter} and registry and clock come from {@code context}.
     *
     * @param context the shared settings
     * @return the builder
     * @throws InvalidInputException if {@code context} is null
     */
    static Builder builder(PatternsContext context) {
        return new Builder(Checks.notNull("context", context));
    }

    /**
     * Accepts a put or a delete.
     *
     * @return completes when the write (or the write that superseded it) is persisted; exceptionally with
     *     {@link WriteFailedException} when it was finally given up
     * @throws InvalidInputException if {@code write} is null, or its item is larger than 400 KB or holds a value
     *     without a type (checked before it is accepted, so it is never sent)
     * @throws BufferClosedException if the buffer is closed
     * @throws BufferFullException if the buffer is full and the policy rejects, or the block timeout passed
     */
    CompletableFuture<Void> submit(WriteOp write);

    /**
     * Accepts a put; same as {@link #submit} but checks that {@code write} is a put.
     *
     * @throws InvalidInputException if {@code write} is null or a delete
     * @throws BufferClosedException if the buffer is closed
     * @throws BufferFullException if the buffer is full and the policy rejects, or the block timeout passed
     */
    default CompletableFuture<Void> put(WriteOp write) {
        if (Checks.notNull("write", write).kind() != WriteOp.Kind.PUT) {
            throw InvalidInputException.of("write", write, "be a put (use delete(...) or submit(...))");
        }
        return submit(write);
    }

    /**
     * Accepts a delete; same as {@link #submit} but checks that {@code write} is a delete.
     *
     * @throws InvalidInputException if {@code write} is null or a put
     * @throws BufferClosedException if the buffer is closed
     * @throws BufferFullException if the buffer is full and the policy rejects, or the block timeout passed
     */
    default CompletableFuture<Void> delete(WriteOp write) {
        if (Checks.notNull("write", write).kind() != WriteOp.Kind.DELETE) {
            throw InvalidInputException.of("write", write, "be a delete (use put(...) or submit(...))");
        }
        return submit(write);
    }

    /**
     * Accepts a put of a mapped item into an Enhanced table.
     *
     * @throws InvalidInputException if an argument is null or a key attribute of {@code item} is missing
     * @throws BufferClosedException if the buffer is closed
     * @throws BufferFullException if the buffer is full and the policy rejects, or the block timeout passed
     */
    default <T> CompletableFuture<Void> put(MappedTableResource<T> table, T item) {
        return submit(WriteOp.put(Checks.notNull("table", table), item));
    }

    /**
     * Accepts a delete of the item whose key attributes {@code keyItem} carries.
     *
     * @throws InvalidInputException if an argument is null or a key attribute of {@code keyItem} is missing
     * @throws BufferClosedException if the buffer is closed
     * @throws BufferFullException if the buffer is full and the policy rejects, or the block timeout passed
     */
    default <T> CompletableFuture<Void> delete(MappedTableResource<T> table, T keyItem) {
        return submit(WriteOp.delete(Checks.notNull("table", table), keyItem));
    }

    /**
     * Accepts every write of {@code writes} and completes, once all are settled, with one outcome per write in their
     * order: persisted, or failed with its cause. A write the buffer refuses (full, closed, an item over 400 KB) is
     * not thrown but
     * reported failed with 0 attempts, and the writes after it are still offered. Attempts are 1 for an accepted
     * write and the result's request count is 0: the buffer's calls are shared with other writes (see its metrics).
     *
     * @param writes the puts and deletes
     * @return the outcomes; never completes exceptionally
     * @throws InvalidInputException if {@code writes} or one of them is null
     */
    default CompletableFuture<BatchWriteResult> submitAll(Collection<WriteOp> writes) {
        Checks.notNull("writes", writes);
        List<CompletableFuture<WriteOutcome>> outcomes = new ArrayList<>(writes.size());
        int index = 0;
        for (WriteOp write : writes) {
            Checks.notNull("writes[" + index++ + "]", write);
            CompletableFuture<Void> accepted;
            try {
                accepted = submit(write);
            } catch (BufferFullException | BufferClosedException | InvalidInputException refused) {
                accepted = CompletableFuture.failedFuture(refused);
            }
            outcomes.add(outcomeOf(write, accepted));
        }
        return BatchWriteResult.allOf(outcomes, 0);
    }

    /**
     * The outcome of a buffered {@code write} once {@code settled} completes: persisted (1 attempt), or failed with
     * the unwrapped cause (0 attempts when the buffer refused it, full, closed or invalid, else 1).
     *
     * @param write the write
     * @param settled the buffer's future of it, or a future failed with the refusal
     * @return the outcome; never completes exceptionally
     */
    static CompletableFuture<WriteOutcome> outcomeOf(WriteOp write, CompletableFuture<?> settled) {
        return settled.handle((ok, error) -> {
            if (error == null) {
                return WriteOutcome.persisted(write, 1);
            }
            Throwable cause = DynamoDbErrors.unwrap(error);
            boolean refused = cause instanceof BufferFullException
                    || cause instanceof BufferClosedException
                    || cause instanceof InvalidInputException;
            return WriteOutcome.failed(write, cause, refused ? 0 : 1);
        });
    }

    /**
     * Read-your-writes: the last accepted write of {@code key} that is not persisted yet (pending or being
     * written), or empty when there is none (read the table then). A delete means "the item is gone".
     *
     * @throws InvalidInputException if {@code key} is null
     */
    Optional<WriteOp> pending(WriteKey key);

    /**
     * Starts writing everything accepted so far and completes when all of it is persisted or failed. Never
     * completes exceptionally because of a failed write: those are reported by their own futures and the
     * dead-letter callback.
     */
    CompletableFuture<Void> flush();

    /** The settings this buffer runs with. */
    WriteBufferConfig config();

    /**
     * What pacing has done so far: calls, item writes and write units sent, and the delay it added (see the class
     * documentation for its bound).
     *
     * @return the statistics; empty when the buffer is not paced ({@link Builder#writeUnitsPerSecond})
     */
    Optional<PacingStats> pacingStats();

    /** Number of distinct keys waiting to be written (not yet in flight). */
    int pendingCount();

    /** Number of writes held: pending plus in flight (what {@code capacity} bounds). */
    int heldCount();

    /**
     * Stops accepting writes, flushes everything accepted and completes when all of it is persisted or failed.
     * Idempotent.
     */
    CompletableFuture<Void> closeAsync();

    /**
     * Stops accepting writes, flushes everything accepted and waits for it, at most the close timeout. Idempotent.
     * Interrupting the waiting thread ends the wait as the timeout does (a shutdown hook with its own deadline can
     * rely on it); writes already sent then settle with their own call.
     *
     * @throws BufferClosedException if the close timeout passed first, or the waiting thread was interrupted (its
     *     interrupt flag is set again); writes not yet sent are then failed and dead-lettered
     */
    @Override
    void close();

    /**
     * Builds a {@link WriteBuffer}. Every setter checks its argument at once.
     */
    final class Builder extends SharedSettings<Builder> {

        @Nullable
        BatchWriter batchWriter;

        String name = "default";
        WriteBufferConfig.Builder config = WriteBufferConfig.builder();
        Consumer<DeadLetter> deadLetter = failed -> {};
        Consumer<SustainedThrottling> onSustainedThrottling = event -> {};

        @Nullable
        ResiliencePolicy resilience;

        @Nullable
        ScheduledExecutorService scheduler;

        boolean flushOnShutdown;

        Builder(@Nullable PatternsContext base) {
            super(base);
        }

        /**
         * The writer that sends the batches (default: a {@link BatchWriter} built with this builder's shared
         * settings).
         *
         * @throws InvalidInputException if null
         */
        public Builder batchWriter(BatchWriter batchWriter) {
            this.batchWriter = Checks.notNull("batchWriter", batchWriter);
            return this;
        }

        /**
         * The value of the {@code buffer} tag on every metric (default {@code default}); keep it low-cardinality
         * and distinct per buffer sharing a registry.
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder name(String name) {
            this.name = Checks.notEmpty("name", name);
            return this;
        }

        /**
         * Takes every setting of {@code config}; setters called afterwards change single settings.
         *
         * @throws InvalidInputException if null
         */
        public Builder config(WriteBufferConfig config) {
            this.config = Checks.notNull("config", config).toBuilder();
            return this;
        }

        /**
         * See {@link WriteBufferConfig.Builder#maxPendingKeys}.
         *
         * @throws InvalidInputException if not positive
         */
        public Builder maxPendingKeys(int maxPendingKeys) {
            config.maxPendingKeys(maxPendingKeys);
            return this;
        }

        /**
         * See {@link WriteBufferConfig.Builder#maxDelay}.
         *
         * @throws InvalidInputException if null or not positive
         */
        public Builder maxDelay(Duration maxDelay) {
            config.maxDelay(maxDelay);
            return this;
        }

        /**
         * See {@link WriteBufferConfig.Builder#flushConcurrency}.
         *
         * @throws InvalidInputException if not 1..1,000
         */
        public Builder flushConcurrency(int flushConcurrency) {
            config.flushConcurrency(flushConcurrency);
            return this;
        }

        /**
         * See {@link WriteBufferConfig.Builder#capacity}.
         *
         * @throws InvalidInputException if not positive
         */
        public Builder capacity(int capacity) {
            config.capacity(capacity);
            return this;
        }

        /**
         * See {@link WriteBufferConfig.Builder#whenFull}.
         *
         * @throws InvalidInputException if null
         */
        public Builder whenFull(FullPolicy whenFull) {
            config.whenFull(whenFull);
            return this;
        }

        /**
         * See {@link WriteBufferConfig.Builder#closeTimeout}.
         *
         * @throws InvalidInputException if null or not positive
         */
        public Builder closeTimeout(Duration closeTimeout) {
            config.closeTimeout(closeTimeout);
            return this;
        }

        /**
         * See {@link WriteBufferConfig.Builder#writeDeadline}.
         *
         * @throws InvalidInputException if null or not positive
         */
        public Builder writeDeadline(Duration writeDeadline) {
            config.writeDeadline(writeDeadline);
            return this;
        }

        /**
         * See {@link WriteBufferConfig.Builder#writeUnitsPerSecond}: sends at most this many write units per second.
         *
         * @param writeUnitsPerSecond write units per second, e.g. the table's provisioned write capacity
         * @return this builder
         * @throws InvalidInputException if not between 1 and {@value WriteBufferConfig#MAX_WRITE_UNITS_PER_SECOND}
         */
        public Builder writeUnitsPerSecond(long writeUnitsPerSecond) {
            config.writeUnitsPerSecond(writeUnitsPerSecond);
            return this;
        }

        /**
         * See {@link WriteBufferConfig.Builder#sustainedThrottlingAfter}.
         *
         * @throws InvalidInputException if null or not positive
         */
        public Builder sustainedThrottlingAfter(Duration sustainedThrottlingAfter) {
            config.sustainedThrottlingAfter(sustainedThrottlingAfter);
            return this;
        }

        /**
         * Called once for each write that was finally given up (default: nothing; the futures still fail).
         * Exceptions it throws are ignored.
         *
         * @throws InvalidInputException if null
         */
        public Builder deadLetter(Consumer<DeadLetter> deadLetter) {
            this.deadLetter = Checks.notNull("deadLetter", deadLetter);
            return this;
        }

        /**
         * Called once per key and storm when a key's write has kept coming back throttled for
         * {@link WriteBufferConfig#sustainedThrottlingAfter()} (default: nothing; the
         * {@code ddb.patterns.buffer.throttling.sustained} counter still counts it). The buffer keeps sending the
         * write until its deadline: this is the warning that a partition is hot. Called outside the buffer's lock
         * on the thread that completed the writer's call; do not block in it. Exceptions it throws are ignored.
         *
         * @param listener receives the event
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder onSustainedThrottling(Consumer<SustainedThrottling> listener) {
            this.onSustainedThrottling = Checks.notNull("listener", listener);
            return this;
        }

        /**
         * The policy applied to every request; the buffer also waits its {@link ResiliencePolicy#backoff backoff}
         * before sending a throttled write again (with a {@link #batchWriter} and no client, the default policy's
         * backoff unless one is given here).
         *
         * @param resilience the policy
         * @return this builder
         * @throws InvalidInputException if null
         */
        @Override
        public Builder resilience(ResiliencePolicy resilience) {
            super.resilience(resilience);
            this.resilience = resilience;
            return this;
        }

        /**
         * Whether a JVM shutdown hook closes the buffer when the JVM exits without {@link #close()} being called
         * (default false): the hook persists what is held, waiting at most {@code closeTimeout}, and fails the rest
         * with dead letters like {@code close()}. The hook is removed when the buffer is closed. Leave it off where
         * a container already closes the buffer at shutdown (the Spring Boot starter does).
         *
         * @param flushOnShutdown whether to register the hook
         * @return this builder
         */
        public Builder flushOnShutdown(boolean flushOnShutdown) {
            this.flushOnShutdown = flushOnShutdown;
            return this;
        }

        /**
         * The scheduler running the age check (default: a daemon thread owned and shut down by the buffer). A
         * given scheduler is not shut down by the buffer.
         *
         * @throws InvalidInputException if null
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Checks.notNull("scheduler", scheduler);
            return this;
        }

        /**
         * Builds and starts the buffer (its age timer). A {@link BatchWriter} it builds itself hands writes that
         * come back unprocessed to the buffer at once ({@link BatchWriter.Builder#maxUnprocessedAttempts} 1): the
         * buffer sends them again after the policy's backoff, per key and without holding a call slot, so the other
         * writes of their call complete at once. Give a writer of your own the same setting for the same effect.
         *
         * @return the buffer
         * @throws InvalidInputException if neither a {@link #batchWriter} nor a {@code dynamoDbClient} was given
         */
        public WriteBuffer build() {
            BatchWriter writer = batchWriter;
            if (writer == null) {
                if (!hasClient()) {
                    throw InvalidInputException.of("batchWriter", null, "be set (or a dynamoDbClient to build one)");
                }
                // per build: a reused builder may have new settings
                writer =
                        BatchWriter.builder(context()).maxUnprocessedAttempts(1).build();
            }
            ResiliencePolicy policy = resilience != null
                    ? resilience
                    : hasClient() ? context().resilience() : ResiliencePolicy.ofDefaults();
            return new CoalescingWriteBuffer(this, writer, policy, sharedMeterRegistry(), sharedClock());
        }
    }
}
