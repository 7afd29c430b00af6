package io.github.ddbpatterns.sessions;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.buffer.BufferClosedException;
import io.github.ddbpatterns.core.buffer.BufferFullException;
import io.github.ddbpatterns.core.buffer.WriteFailedException;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsAsyncClient;

/**
 * A write-behind key-value store for small, frequently updated items (user preferences) with bounded staleness,
 * over core's write-coalescing buffer.
 *
 * <pre>{@code
 * try (PreferenceStore<Pref> prefs = PreferenceStore.builder(PREF_SCHEMA)
 *         .client(dynamoDbAsyncClient).tableName("prefs")
 *         .maxStaleness(Duration.ofSeconds(1))
 *         .build()) {
 *     prefs.put(new Pref("user-42", "dark"));            // coalesced: 10 updates/s cost 1 write/s
 *     Pref mine = prefs.get("user-42").join().orElseThrow(); // read-your-writes at once
 * }                                                          // close() persists everything pending
 * }</pre>
 *
 * <p>The bound: a put on one instance is persisted at the latest at the end of the write window it fell into;
 * windows are {@code maxStaleness - readCacheLifetime} long and all pending keys are written when one ends
 * (at most one item write per key per window, whatever the update rate). Another instance reads the table on
 * every {@code get} (default) or serves its own cache for at most {@code readCacheLifetime}, so it sees a write
 * within {@code maxStaleness} (plus the request's own latency). The same instance sees its own writes at once.
 * With {@link Builder#invalidateFromStream}, every instance also evicts cached entries when the table's stream
 * reports a change, so a longer read cache stays fresh up to the stream's lag.
 *
 * <p>Costs: K updates of one key inside a window cost one item write. {@link PreferenceMode#LAST_WRITER_WINS}
 * sends them as BatchWriteItem calls of 25 keys; {@link PreferenceMode#VERSIONED} as one conditional PutItem per
 * key (same write units, 25 times the requests) and reports lost races as {@link PreferenceConflictException}.
 *
 * @param <T> the mapped item type (it carries its own key)
 */
public interface PreferenceStore<T> extends AutoCloseable {

    /**
     * A builder for items mapped by {@code schema}.
     *
     * @throws InvalidInputException if schema is null
     */
    static <T> Builder<T> builder(TableSchema<T> schema) {
        return new Builder<>(Checks.notNull("schema", schema));
    }

    /**
     * Buffers {@code item}: readable here at once, persisted by the end of the current window.
     *
     * @return completes when the item (or a later put of the same key) is persisted; exceptionally with
     *     {@link PreferenceConflictException} when a versioned write lost, {@link WriteFailedException} when it
     *     was finally given up
     * @throws InvalidInputException if item is null, lacks a key attribute or exceeds 400 KB
     * @throws BufferClosedException if the store is closed
     * @throws BufferFullException if too many writes are held
     */
    CompletableFuture<Void> put(T item);

    /**
     * The current value of {@code key}: this instance's pending write if any, else the read cache, else a
     * strongly consistent read.
     *
     * @throws InvalidInputException if key is null
     */
    CompletableFuture<Optional<T>> get(Key key);

    /**
     * {@link #get(Key)} for a table with only a partition key of type string.
     *
     * @throws InvalidInputException if partitionValue is empty
     */
    default CompletableFuture<Optional<T>> get(String partitionValue) {
        return get(Key.builder()
                .partitionValue(Checks.notEmpty("partitionValue", partitionValue))
                .build());
    }

    /** Writes everything pending now, without waiting for the window to end. */
    CompletableFuture<Void> flush();

    /** Number of keys waiting for their window to end. */
    int pendingCount();

    /** The write mode. */
    PreferenceMode mode();

    /** Persists everything pending and stops (idempotent). */
    @Override
    void close();

    /** Builds a {@link PreferenceStore}; every setter checks its argument at once. */
    final class Builder<T> {

        final TableSchema<T> schema;

        @Nullable
        DynamoDbAsyncClient client;

        @Nullable
        String tableName;

        Duration maxStaleness = Duration.ofSeconds(1);
        Duration readCacheLifetime = Duration.ZERO;
        long readCacheSize = 10_000;
        PreferenceMode mode = PreferenceMode.LAST_WRITER_WINS;
        String versionAttribute = "version";
        int capacity = 100_000;
        Clock clock = Clock.systemUTC();
        ResiliencePolicy policy = ResiliencePolicy.ofDefaults();
        MeterRegistry meterRegistry = new CompositeMeterRegistry();

        @Nullable
        ScheduledExecutorService scheduler;

        @Nullable
        DynamoDbStreamsAsyncClient streams;

        Duration streamPollInterval = Duration.ofMillis(250);
        Consumer<PreferenceConflictException> onConflict = conflict -> {};

        Builder(TableSchema<T> schema) {
            this.schema = schema;
        }

        /**
         * The low-level async client (required): batches go through core's BatchWriter, which needs it.
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> client(DynamoDbAsyncClient client) {
            this.client = Checks.notNull("client", client);
            return this;
        }

        /**
         * The table (required).
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder<T> tableName(String tableName) {
            this.tableName = Checks.notEmpty("tableName", tableName);
            return this;
        }

        /**
         * How late another instance may see a write (default 1 s): write window plus read cache lifetime.
         *
         * @throws InvalidInputException if null or not positive
         */
        public Builder<T> maxStaleness(Duration maxStaleness) {
            this.maxStaleness = Checks.positive("maxStaleness", maxStaleness);
            return this;
        }

        /**
         * How long a value read from the table is served from this instance's cache (default 0: no cache); it is
         * taken out of the staleness budget, so the write window is {@code maxStaleness - readCacheLifetime}.
         *
         * @throws InvalidInputException if null or negative
         */
        public Builder<T> readCacheLifetime(Duration readCacheLifetime) {
            this.readCacheLifetime = Checks.notNegative("readCacheLifetime", readCacheLifetime);
            return this;
        }

        /**
         * The most entries of the read cache (default 10,000).
         *
         * @throws InvalidInputException if not positive
         */
        public Builder<T> readCacheSize(long readCacheSize) {
            this.readCacheSize = Checks.positive("readCacheSize", readCacheSize);
            return this;
        }

        /**
         * Last-writer-wins batches (default) or versioned conditional writes.
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> mode(PreferenceMode mode) {
            this.mode = Checks.notNull("mode", mode);
            return this;
        }

        /**
         * Versioned mode with the version kept in {@code versionAttribute} (a Number the store manages).
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder<T> versioned(String versionAttribute) {
            this.versionAttribute = Checks.notEmpty("versionAttribute", versionAttribute);
            this.mode = PreferenceMode.VERSIONED;
            return this;
        }

        /**
         * The most writes held at once, pending plus in flight (default 100,000).
         *
         * @throws InvalidInputException if not positive
         */
        public Builder<T> capacity(int capacity) {
            this.capacity = Checks.positive("capacity", capacity);
            return this;
        }

        /**
         * The clock measuring windows and cache lifetimes (default system UTC).
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> clock(Clock clock) {
            this.clock = Checks.notNull("clock", clock);
            return this;
        }

        /**
         * Retry, circuit breaker and rate limit around every request (default {@link ResiliencePolicy#ofDefaults}).
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> policy(ResiliencePolicy policy) {
            this.policy = Checks.notNull("policy", policy);
            return this;
        }

        /**
         * Where the buffer's metrics go ({@code ddb.patterns.buffer.*}, buffer tag {@code preferences}).
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = Checks.notNull("meterRegistry", meterRegistry);
            return this;
        }

        /**
         * The scheduler running the window timer and stream polling (default: a daemon thread owned by the store).
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Checks.notNull("scheduler", scheduler);
            return this;
        }

        /**
         * Tails the table's DynamoDB Stream (enable it on the table, any view type) and evicts the read cache
         * entry of every changed key, on every instance that sets this.
         *
         * @throws InvalidInputException if an argument is null or the interval not positive
         */
        public Builder<T> invalidateFromStream(DynamoDbStreamsAsyncClient streams, Duration pollInterval) {
            this.streams = Checks.notNull("streams", streams);
            this.streamPollInterval = Checks.positive("pollInterval", pollInterval);
            return this;
        }

        /**
         * Called once for every versioned write that lost against another writer (default: nothing; the put's
         * future fails too). For write-behind callers who do not wait on {@link PreferenceStore#put}'s future:
         * the exception carries the value that was not written and the stored one. Exceptions it throws are
         * ignored; do not block in it.
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> onConflict(Consumer<PreferenceConflictException> onConflict) {
            this.onConflict = Checks.notNull("onConflict", onConflict);
            return this;
        }

        /**
         * The store, started.
         *
         * @throws InvalidInputException if client or tableName is missing, or readCacheLifetime is not shorter
         *     than maxStaleness
         */
        public PreferenceStore<T> build() {
            Checks.notNull("client", client);
            Checks.notEmpty("tableName", tableName);
            if (readCacheLifetime.compareTo(maxStaleness) >= 0) {
                throw InvalidInputException.of(
                        "readCacheLifetime",
                        readCacheLifetime,
                        "be shorter than maxStaleness " + maxStaleness + " (the rest is the write window)");
            }
            return new DefaultPreferenceStore<>(this);
        }
    }
}
