package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The settings of a {@link WriteBuffer}, without its collaborators (writer, clock, scheduler, registry): immutable,
 * so one value can come from configuration properties and be shared or varied with {@link #toBuilder()}.
 *
 * <pre>{@code
 * WriteBufferConfig config = WriteBufferConfig.builder().maxDelay(Duration.ofSeconds(1)).capacity(50_000).build();
 * WriteBuffer buffer = WriteBuffer.builder().batchWriter(writer).config(config).build();
 * }</pre>
 */
public final class WriteBufferConfig {

    /** The default {@link #writeDeadline()}: long enough to ride out a throttling storm. */
    public static final Duration DEFAULT_WRITE_DEADLINE = Duration.ofMinutes(10);

    /**
     * The largest {@link Builder#writeUnitsPerSecond} (a billion): Resilience4j counts permits in an {@code int}, and
     * the permits reserved ahead (at most {@code flushConcurrency} calls of 25 items of 400 units) must fit beside it.
     */
    public static final long MAX_WRITE_UNITS_PER_SECOND = 1_000_000_000L;

    private static final WriteBufferConfig DEFAULTS = new Builder().build();

    private final int maxPendingKeys;
    private final Duration maxDelay;
    private final int flushConcurrency;
    private final int capacity;
    private final FullPolicy whenFull;
    private final Duration closeTimeout;
    private final Duration writeDeadline;
    private final Duration sustainedThrottlingAfter;
    /** 0 when unpaced. */
    private final long writeUnitsPerSecond;

    private WriteBufferConfig(Builder builder) {
        this.maxPendingKeys = builder.maxPendingKeys;
        this.maxDelay = builder.maxDelay;
        this.flushConcurrency = builder.flushConcurrency;
        this.capacity = builder.capacity;
        this.whenFull = builder.whenFull;
        this.closeTimeout = builder.closeTimeout;
        this.writeDeadline = builder.writeDeadline;
        this.sustainedThrottlingAfter = builder.sustainedThrottlingAfter;
        this.writeUnitsPerSecond = builder.writeUnitsPerSecond;
    }

    /**
     * maxPendingKeys 1,000, maxDelay 100 ms, flushConcurrency 4, capacity 10,000, block 5 s, closeTimeout 30 s,
     * writeDeadline 10 minutes, sustainedThrottlingAfter 10 s, no pacing.
     */
    public static WriteBufferConfig ofDefaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        Builder builder = new Builder()
                .maxPendingKeys(maxPendingKeys)
                .maxDelay(maxDelay)
                .flushConcurrency(flushConcurrency)
                .capacity(capacity)
                .whenFull(whenFull)
                .closeTimeout(closeTimeout)
                .writeDeadline(writeDeadline)
                .sustainedThrottlingAfter(sustainedThrottlingAfter);
        if (writeUnitsPerSecond > 0) {
            builder.writeUnitsPerSecond(writeUnitsPerSecond);
        }
        return builder;
    }

    /** Flush when this many distinct keys are pending. */
    public int maxPendingKeys() {
        return maxPendingKeys;
    }

    /** Flush when the oldest pending write is this old. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** BatchWriter calls (of at most 25 writes) in flight at once. */
    public int flushConcurrency() {
        return flushConcurrency;
    }

    /** The most writes held at once, pending plus in flight. */
    public int capacity() {
        return capacity;
    }

    /** What a producer meets when the buffer is full. */
    public FullPolicy whenFull() {
        return whenFull;
    }

    /** The longest close() waits for the last writes. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** How long after its acceptance a write given back throttled is still sent again. */
    public Duration writeDeadline() {
        return writeDeadline;
    }

    /** How long a key's write may keep coming back throttled before the buffer reports sustained throttling. */
    public Duration sustainedThrottlingAfter() {
        return sustainedThrottlingAfter;
    }

    /**
     * The most DynamoDB write units per second the buffer sends, resends included.
     *
     * @return the pace; empty when the buffer is not paced (the default)
     */
    public OptionalLong writeUnitsPerSecond() {
        return writeUnitsPerSecond > 0 ? OptionalLong.of(writeUnitsPerSecond) : OptionalLong.empty();
    }

    @Override
    public String toString() {
        return "WriteBufferConfig[maxPendingKeys=" + maxPendingKeys + ", maxDelay=" + maxDelay
                + ", flushConcurrency=" + flushConcurrency + ", capacity=" + capacity + ", whenFull=" + whenFull
                + ", closeTimeout=" + closeTimeout + ", writeDeadline=" + writeDeadline
                + ", sustainedThrottlingAfter=" + sustainedThrottlingAfter
                + (writeUnitsPerSecond > 0 ? ", writeUnitsPerSecond=" + writeUnitsPerSecond : "") + "]";
    }

    /** Builds a {@link WriteBufferConfig}; every setter checks its argument at once. */
    public static final class Builder {

        private int maxPendingKeys = 1_000;
        private Duration maxDelay = Duration.ofMillis(100);
        private int flushConcurrency = 4;
        private int capacity = 10_000;
        private FullPolicy whenFull = FullPolicy.block(Duration.ofSeconds(5));
        private Duration closeTimeout = Duration.ofSeconds(30);
        private Duration writeDeadline = DEFAULT_WRITE_DEADLINE;
        private Duration sustainedThrottlingAfter = Duration.ofSeconds(10);
        private long writeUnitsPerSecond;

        private Builder() {}

        /**
         * Flush when this many distinct keys are pending (default 1,000).
         *
         * @throws io.github.ddbpatterns.core.InvalidInputException if not positive
         */
        public Builder maxPendingKeys(int maxPendingKeys) {
            this.maxPendingKeys = Checks.positive("maxPendingKeys", maxPendingKeys);
            return this;
        }

        /**
         * Flush when the oldest pending write is this old, measured with the buffer's clock (default 100 ms).
         * The age check runs every quarter of it, so a window lasts up to about 1.25 times this.
         *
         * @throws io.github.ddbpatterns.core.InvalidInputException if null or not positive
         */
        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = Checks.positive("maxDelay", maxDelay);
            return this;
        }

        /**
         * How many BatchWriter calls (of at most 25 writes each) may be in flight at once (default 4).
         *
         * @throws io.github.ddbpatterns.core.InvalidInputException if not between 1 and 1,000
         */
        public Builder flushConcurrency(int flushConcurrency) {
            this.flushConcurrency = Checks.inRange("flushConcurrency", flushConcurrency, 1, 1_000);
            return this;
        }

        /**
         * The most writes held at once, pending plus in flight (default 10,000): the memory bound.
         *
         * @throws io.github.ddbpatterns.core.InvalidInputException if not positive
         */
        public Builder capacity(int capacity) {
            this.capacity = Checks.positive("capacity", capacity);
            return this;
        }

        /**
         * What a producer meets when the buffer is full (default {@code block(5 s)}).
         *
         * @throws io.github.ddbpatterns.core.InvalidInputException if null
         */
        public Builder whenFull(FullPolicy whenFull) {
            this.whenFull = Checks.notNull("whenFull", whenFull);
            return this;
        }

        /**
         * The longest {@link WriteBuffer#close()} waits for the last writes (default 30 s).
         *
         * @throws io.github.ddbpatterns.core.InvalidInputException if null or not positive
         */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = Checks.positive("closeTimeout", closeTimeout);
            return this;
        }

        /**
         * How long after its acceptance a write that the {@link io.github.ddbpatterns.core.batch.BatchWriter} gave
         * back throttled (a throttling error, or {@link io.github.ddbpatterns.core.batch.UnprocessedException}) is
         * still sent again (default 10 minutes). The buffer, not an attempt count, decides when a throttled write is
         * lost: until its deadline it is sent again after the policy's backoff, so a storm shorter than the deadline
         * loses nothing. Ten minutes rides out a storm of minutes — a hot partition, or a table waiting for auto
         * scaling, which acts after two one-minute alarms and then takes minutes to update the table — while still
         * bounding how long a caller's future waits.
         *
         * <p>The deadline is measured on the buffer's clock from the acceptance of the first write of the item
         * that the buffer holds: writes coalesced into a waiting or retried write share its fate and its
         * deadline, so a write that joins a key throttled for minutes may be given up before its own ten minutes,
         * and no future waits much longer than its write's deadline. A write is given up at the first decision
         * after its deadline (when the call carrying it returns throttled, or when its backoff ends), with
         * {@link WriteDeadlineExceededException} for it and every write coalesced into it, and one dead letter.
         * Every write is sent at least once whatever its age. Other retryable failures — HTTP 5xx, connection
         * resets, checksum mismatches, time-outs, DynamoDB unreachable — are sent again the same way, once the
         * policy's own attempts are spent, so an outage shorter than the deadline loses nothing either; failures
         * that retrying cannot fix (validation errors, a missing table) fail at once.
         *
         * @throws io.github.ddbpatterns.core.InvalidInputException if null or not positive
         */
        public Builder writeDeadline(Duration writeDeadline) {
            this.writeDeadline = Checks.positive("writeDeadline", writeDeadline);
            return this;
        }

        /**
         * How long, on the buffer's clock, a key's write may keep coming back throttled before the buffer reports
         * it as sustained throttling, once per key and storm: the {@code ddb.patterns.buffer.throttling.sustained}
         * counter and the {@link WriteBuffer.Builder#onSustainedThrottling} listener (default 10 s: the default
         * policy's retries of one call wait about 3 s in all, so a key still throttled after ten seconds is a hot
         * partition, not a blip).
         * Measured from the first time the buffer got the write back throttled.
         *
         * @throws io.github.ddbpatterns.core.InvalidInputException if null or not positive
         */
        public Builder sustainedThrottlingAfter(Duration sustainedThrottlingAfter) {
            this.sustainedThrottlingAfter = Checks.positive("sustainedThrottlingAfter", sustainedThrottlingAfter);
            return this;
        }

        /**
         * Paces the buffer: it sends at most {@code writeUnitsPerSecond} DynamoDB write units per second (default: not
         * paced), so a burst of writes is spread into a table's provisioned capacity instead of being throttled. A
         * put costs one unit per started KB of its item ({@link io.github.ddbpatterns.core.keys.ItemSize},
         * {@link io.github.ddbpatterns.core.capacity.CapacityUnits#writeUnits}), a delete one unit (DynamoDB charges
         * the size of the deleted item, which the buffer does not know: deletes of items over 1 KB are under-counted).
         * Every call the buffer sends is paced: fresh writes, writes sent again after a throttle or an
         * {@code UnprocessedItems} answer. See {@link WriteBuffer} for the delay pacing adds and its bound.
         *
         * <p>Pacing holds writes in the buffer, so size the buffer for it: {@code capacity} writes wait at most
         * about {@code capacity * units per write / writeUnitsPerSecond} seconds, producers meet the
         * {@link #whenFull} policy once the buffer is full, and {@link #closeTimeout} must cover the time needed to
         * send what is held at this pace, or {@code close()} fails the rest.
         *
         * @param writeUnitsPerSecond write units per second, e.g. the table's provisioned write capacity
         * @return this builder
         * @throws InvalidInputException if not between 1 and {@value #MAX_WRITE_UNITS_PER_SECOND}
         */
        public Builder writeUnitsPerSecond(long writeUnitsPerSecond) {
            if (writeUnitsPerSecond < 1 || writeUnitsPerSecond > MAX_WRITE_UNITS_PER_SECOND) {
                throw InvalidInputException.of(
                        "writeUnitsPerSecond", writeUnitsPerSecond, "be between 1 and " + MAX_WRITE_UNITS_PER_SECOND);
            }
            this.writeUnitsPerSecond = writeUnitsPerSecond;
            return this;
        }

        /**
         * Removes the pace set by {@link #writeUnitsPerSecond}: calls go out as soon as a call slot is free.
         *
         * @return this builder
         */
        public Builder noPacing() {
            this.writeUnitsPerSecond = 0;
            return this;
        }

        /** The config. */
        public WriteBufferConfig build() {
            return new WriteBufferConfig(this);
        }
    }
}
