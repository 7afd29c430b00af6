package io.github.ddbpatterns.sessions;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.SharedSettings;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import io.github.ddbpatterns.core.buffer.BufferClosedException;
import io.github.ddbpatterns.core.buffer.BufferFullException;
import io.github.ddbpatterns.core.buffer.WriteBufferConfig;
import io.github.ddbpatterns.core.buffer.WriteFailedException;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.table.TableLayout;
import io.github.ddbpatterns.core.table.TableLayoutException;
import io.github.ddbpatterns.core.table.TableRepository;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsAsyncClient;

/**
 * A write-behind key-value store for small, frequently updated items (user preferences) with bounded staleness,
 * over core's write-coalescing buffer.
 *
 * <pre>{@code
 * try (PreferenceStore<Pref> prefs = PreferenceStore.builder(PREF_SCHEMA)
 *         .dynamoDbClient(DynamoDbAsyncClient.create())
 *         .tableName("prefs")
 *         .maxStaleness(Duration.ofSeconds(1))
 *         .build()) {
 *     prefs.put(new Pref("user-42", "dark"));                  // coalesced: 10 updates/s cost 1 write/s
 *     Pref mine = prefs.get("user-42").join().orElseThrow();   // read-your-writes at once
 *     prefs.delete("user-7");                                   // buffered like a put
 * }                                                             // close() persists everything pending
 * }</pre>
 *
 * <p>Writes are buffered: {@link #put}, {@link #putAll} and {@link #delete} go through the store's write buffer
 * and their futures complete when the write (or a later write of the same key that superseded it) is persisted,
 * and fail when it was given up. The bound: a write on one instance is persisted at the latest at the end of the
 * write window it fell into; windows are {@code maxStaleness - readCacheLifetime} long and all pending keys are
 * written when one ends (at most one item write per key per window, whatever the update rate). Another instance
 * reads the table on every {@code get} (default) or serves its own cache for at most {@code readCacheLifetime},
 * so it sees a write within {@code maxStaleness} (plus the request's own latency). The same instance sees its own
 * writes, deletes included, at once. With {@link Builder#invalidateFromStream}, every instance also evicts cached
 * entries when the table's stream reports a change, so a longer read cache stays fresh (see
 * {@link Builder#invalidateFromStream} for the bound).
 *
 * <p>The table ({@link #tableLayout()}) has the schema's keys and indexes, plus a stream (any view type) when
 * {@link Builder#invalidateFromStream} is set, which also needs the invalidation table
 * ({@link #invalidationTableLayout()}). The store checks them once before its first request and fails with
 * {@link TableLayoutException} when one is missing or different; {@link #createTable()} creates both. Every request goes through the shared context:
 * batches through a {@link io.github.ddbpatterns.core.batch.BatchWriter} of the context, GetItem and the
 * versioned conditional writes through its decorated client, each retried by the shared policy once.
 *
 * <p>Costs: at most one item write per key per window. The window is the staleness budget less the timer's
 * granularity (950 ms for the default 1 s), so 100 users updating 10 times a second for 10 seconds cost 10 or 11
 * windows of 100 keys: 1,000 to 1,100 item writes in 40 to 44 BatchWriteItem calls of 25 keys with
 * {@link PreferenceMode#LAST_WRITER_WINS} (instead of 10,000 PutItems). {@link PreferenceMode#VERSIONED} sends one
 * conditional PutItem (or DeleteItem) per key and window (same write units, 25 times the requests) and reports
 * lost races as {@link PreferenceConflictException}.
 *
 * @param <T> the mapped item type (it carries its own key)
 */
public interface PreferenceStore<T> extends TableRepository, AutoCloseable {

    /**
     * A standalone builder for items mapped by {@code schema}: {@link Builder#dynamoDbClient} and
     * {@link Builder#tableName} are required.
     *
     * @param schema the item schema
     * @param <T> the item type
     * @return the builder
     * @throws InvalidInputException if schema is null
     */
    static <T> Builder<T> builder(TableSchema<T> schema) {
        return new Builder<>(null, Checks.notNull("schema", schema));
    }

    /**
     * A builder for items mapped by {@code schema}, sharing {@code context}'s client, resilience policy, clock and
     * registry; {@link Builder#tableName} is required.
     *
     * @param context the shared settings
     * @param schema the item schema
     * @param <T> the item type
     * @return the builder
     * @throws InvalidInputException if an argument is null
     */
    static <T> Builder<T> builder(PatternsContext context, TableSchema<T> schema) {
        return new Builder<>(Checks.notNull("context", context), Checks.notNull("schema", schema));
    }

    /**
     * Buffers {@code item}: readable here at once, persisted by the end of the current window (through the
     * store's write buffer; there is no unbuffered put).
     *
     * @param item the item
     * @return completes with {@code item} when it (or a later write of the same key) is persisted; exceptionally
     *     with {@link PreferenceConflictException} when a versioned write lost, {@link TableLayoutException} when
     *     the table is missing or different, {@link WriteFailedException} when it was finally given up otherwise
     * @throws InvalidInputException if item is null, lacks a key attribute or exceeds 400 KB
     * @throws BufferClosedException if the store is closed
     * @throws BufferFullException if too many writes are held
     */
    CompletableFuture<T> put(T item);

    /**
     * Buffers every item, as {@link #put} would (readable here at once, coalesced with other writes of their
     * keys). All items are checked before any is buffered.
     *
     * @param items the items
     * @return completes, never exceptionally, once every item is persisted or given up: one {@link WriteOutcome}
     *     per item in input order ({@link WriteOutcome.Failed} with the cause as {@link #put}'s future would fail
     *     with, attempts 0 for an item refused because the buffer was full); {@code attempts} counts the calls
     *     that carried the item (0 for an item superseded by a later write of its key before it was sent) and
     *     {@code requests} the calls that carried any of them (they may carry other writes too)
     * @throws InvalidInputException if items is null or holds an item that {@link #put} would refuse
     * @throws BufferClosedException if the store is closed
     */
    CompletableFuture<BatchWriteResult> putAll(Collection<T> items);

    /**
     * The current value of {@code key}: this instance's pending write if any (a pending delete is empty), else
     * the read cache, else a strongly consistent read.
     *
     * @param key the item's primary key
     * @return the value, or empty when there is none
     * @throws InvalidInputException if key is null or lacks a key attribute of the table
     */
    CompletableFuture<Optional<T>> get(Key key);

    /**
     * {@link #get(Key)} for a table with only a partition key of type string.
     *
     * @param partitionValue the partition key value
     * @return the value, or empty when there is none
     * @throws InvalidInputException if partitionValue is empty, or the table has a sort key
     */
    default CompletableFuture<Optional<T>> get(String partitionValue) {
        return get(Key.builder()
                .partitionValue(Checks.notEmpty("partitionValue", partitionValue))
                .build());
    }

    /**
     * Buffers a delete of {@code key}, like {@link #put}: it supersedes a pending put of the key (and a later put
     * supersedes it), {@link #get} here returns empty at once, and it is persisted by the end of the window. In
     * {@link PreferenceMode#VERSIONED} it is a conditional DeleteItem on the version this instance last saw (on
     * the item being absent when it saw none), and a lost race fails with {@link PreferenceConflictException}.
     * Deleting a missing item is not an error.
     *
     * @param key the item's primary key
     * @return completes when the delete (or a later write of the key) is persisted; exceptionally as
     *     {@link #put}'s future
     * @throws InvalidInputException if key is null or lacks a key attribute of the table
     * @throws BufferClosedException if the store is closed
     * @throws BufferFullException if too many writes are held
     */
    CompletableFuture<Void> delete(Key key);

    /**
     * {@link #delete(Key)} for a table with only a partition key of type string.
     *
     * @param partitionValue the partition key value
     * @return completes when the delete is persisted
     * @throws InvalidInputException if partitionValue is empty, or the table has a sort key
     * @throws BufferClosedException if the store is closed
     * @throws BufferFullException if too many writes are held
     */
    default CompletableFuture<Void> delete(String partitionValue) {
        return delete(Key.builder()
                .partitionValue(Checks.notEmpty("partitionValue", partitionValue))
                .build());
    }

    /**
     * Writes everything pending now, without waiting for the window to end.
     *
     * @return completes when every write accepted so far is persisted or given up (never exceptionally: see the
     *     writes' own futures)
     */
    CompletableFuture<Void> flush();

    /**
     * Number of keys waiting for their window to end.
     *
     * @return the pending keys
     */
    int pendingCount();

    /**
     * The write mode.
     *
     * @return the mode
     */
    PreferenceMode mode();

    /**
     * Completes once this instance evicts every change made from then on by any instance (within the bound given at
     * {@link Builder#invalidateFromStream}): it knows its position in the invalidation log and an instance reads the
     * stream. On completion the whole read cache is evicted once (values cached before may predate unreported
     * changes). Completed at once without {@link Builder#invalidateFromStream}.
     *
     * <pre>{@code
     * prefs.invalidationReady().join(); // e.g. at start-up, before serving traffic
     * }</pre>
     *
     * @return completes when invalidation runs; exceptionally with {@link TableLayoutException} naming the table
     *     when it cannot start (the table has no stream, or it or the invalidation table is missing): invalidation
     *     then stops, sends no more requests, and {@link #get} fails with the same exception
     */
    CompletableFuture<Void> invalidationReady();

    /**
     * The layout of the table coordinating stream invalidation: partition key {@code table} (S), sort key
     * {@code position} (N), TTL on {@code expiresAt}. It holds, per watched table, the lease of the one instance
     * that reads the stream and the log of changed keys that every instance reads; it can be shared by several
     * watched tables. {@link #createTable()} creates it; in production declare it from
     * {@code invalidationTableLayout().orElseThrow().toCloudFormation()}.
     *
     * @return the layout, or empty without {@link Builder#invalidateFromStream}
     */
    Optional<TableLayout> invalidationTableLayout();

    /**
     * Creates the table, and the invalidation table when {@link Builder#invalidateFromStream} is set (on-demand,
     * with the stream and TTL they need), then checks them; existing tables are left as they are and checked.
     *
     * @return completes when both are ready; exceptionally with {@link TableLayoutException} when an existing
     *     table has another layout, or with the service's error
     */
    @Override
    CompletableFuture<Void> createTable();

    /**
     * Checks the table, and the invalidation table when {@link Builder#invalidateFromStream} is set (one
     * DescribeTable each).
     *
     * @return completes when both serve this store; exceptionally with {@link TableLayoutException} naming the
     *     table that is missing or different
     */
    @Override
    CompletableFuture<Void> verifyTable();

    /** Persists everything pending and stops (idempotent); the instance reading the stream gives its lease up. */
    @Override
    void close();

    /**
     * The blocking twin of this store (same buffer, same cache).
     *
     * @return the blocking view
     */
    default SyncPreferenceStore<T> sync() {
        return new SyncPreferenceStore<>(this);
    }

    /**
     * Builds a {@link PreferenceStore}; every setter checks its argument at once. The shared settings
     * ({@code dynamoDbClient}, {@code resilience}, {@code clock}, {@code meterRegistry}, {@code checkTables}, ...)
     * are inherited from {@link SharedSettings}: the clock measures windows and cache lifetimes, the registry gets
     * the buffer's metrics ({@code ddb.patterns.buffer.*}, tag {@code buffer=preferences}).
     *
     * @param <T> the item type
     */
    final class Builder<T> extends SharedSettings<Builder<T>> {

        final TableSchema<T> schema;

        @Nullable
        String tableName;

        Duration maxStaleness = Duration.ofSeconds(1);
        Duration readCacheLifetime = Duration.ZERO;
        long readCacheSize = 10_000;
        PreferenceMode mode = PreferenceMode.LAST_WRITER_WINS;
        String versionAttribute = "version";
        int capacity = 100_000;
        Duration writeDeadline = WriteBufferConfig.DEFAULT_WRITE_DEADLINE;

        @Nullable
        ScheduledExecutorService scheduler;

        @Nullable
        DynamoDbStreamsAsyncClient streams;

        Duration streamPollInterval = Duration.ofMillis(250);

        @Nullable
        String invalidationTable;

        Duration invalidationLease = Duration.ofSeconds(10);
        Consumer<PreferenceConflictException> onConflict = conflict -> {};

        Builder(@Nullable PatternsContext base, TableSchema<T> schema) {
            super(base);
            this.schema = schema;
        }

        /**
         * The table (required).
         *
         * @param tableName the table name
         * @return this builder
         * @throws InvalidInputException if null or empty
         */
        public Builder<T> tableName(String tableName) {
            this.tableName = Checks.notEmpty("tableName", tableName);
            return this;
        }

        /**
         * How late another instance may see a write (default 1 s): write window plus read cache lifetime.
         *
         * @param maxStaleness the bound
         * @return this builder
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
         * @param readCacheLifetime the cache lifetime
         * @return this builder
         * @throws InvalidInputException if null or negative
         */
        public Builder<T> readCacheLifetime(Duration readCacheLifetime) {
            this.readCacheLifetime = Checks.notNegative("readCacheLifetime", readCacheLifetime);
            return this;
        }

        /**
         * The most entries of the read cache (default 10,000).
         *
         * @param readCacheSize the most entries
         * @return this builder
         * @throws InvalidInputException if not positive
         */
        public Builder<T> readCacheSize(long readCacheSize) {
            this.readCacheSize = Checks.positive("readCacheSize", readCacheSize);
            return this;
        }

        /**
         * Last-writer-wins batches (default) or versioned conditional writes.
         *
         * @param mode the mode
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder<T> mode(PreferenceMode mode) {
            this.mode = Checks.notNull("mode", mode);
            return this;
        }

        /**
         * Versioned mode with the version kept in {@code versionAttribute} (a Number the store manages).
         *
         * @param versionAttribute the version attribute name
         * @return this builder
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
         * @param capacity the most writes held
         * @return this builder
         * @throws InvalidInputException if not positive
         */
        public Builder<T> capacity(int capacity) {
            this.capacity = Checks.positive("capacity", capacity);
            return this;
        }

        /**
         * How long a write may keep being throttled before it is given up (default
         * {@link WriteBufferConfig#DEFAULT_WRITE_DEADLINE}): until then the store's buffer resends it, backing off
         * its key while other keys flow; then its future fails with
         * {@link io.github.ddbpatterns.core.buffer.WriteDeadlineExceededException}.
         *
         * @param writeDeadline the time budget of a write, from when it was accepted
         * @return this builder
         * @throws InvalidInputException if null or not positive
         */
        public Builder<T> writeDeadline(Duration writeDeadline) {
            this.writeDeadline = Checks.positive("writeDeadline", writeDeadline);
            return this;
        }

        /**
         * The scheduler running the window timer and stream polling (default: a daemon thread owned by the store).
         *
         * @param scheduler the scheduler (not shut down by the store)
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder<T> scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Checks.notNull("scheduler", scheduler);
            return this;
        }

        /**
         * Evicts the read cache entry of every key changed in the table, on every instance that sets this, from the
         * table's DynamoDB Stream, with one stream reader per table whatever the number of instances (DynamoDB
         * Streams throttles more than two readers of a shard).
         *
         * <p>One instance at a time holds a lease in the invalidation table ({@link #invalidationTable}): it reads
         * every shard of the stream each {@code pollInterval} and appends the changed keys to a log in the same
         * table; every instance (the holder too) reads the log each {@code pollInterval} (one consistent Query that
         * also returns the lease) and evicts those keys. The holder renews its lease at every poll (a conditional
         * write that stores, per shard, the sequence number of the last record published); when it stops
         * ({@link PreferenceStore#close()} gives the lease up) or dies (the lease expires after
         * {@link #invalidationLease}, by the store's clock), the first instance to see that takes the lease over
         * and resumes after those sequence numbers, so no change is missed (some are evicted twice). Lease expiry
         * is compared with each instance's clock: clocks should agree within a fraction of the lease.
         *
         * <p>Freshness: once {@link PreferenceStore#invalidationReady()} completed, a change persisted by any
         * instance is evicted on every instance within {@code pollInterval} (until the holder's next stream read)
         * + {@code pollInterval} (until the instance's next log read) + the stream's own lag + the latencies of the
         * requests in between (renewal, GetRecords, log PutItem, Query); after the holder died, within
         * {@link #invalidationLease} more. A change whose record the stream no longer holds (a holder that was
         * gone longer than the stream's 24 hours) is never missed silently: the whole cache is evicted. The read
         * cache lifetime still bounds staleness when invalidation lags.
         *
         * <p>Costs: per instance one Query per poll; the holder also one conditional UpdateItem, one GetRecords per
         * shard, and one PutItem per poll with changes. The table needs a stream (any view type; {@link #build()}'s
         * layout asks for {@link StreamViewType#KEYS_ONLY} and {@code createTable()} creates that). The streams
         * client is decorated with the shared resilience policy.
         *
         * @param streams the DynamoDB Streams client
         * @param pollInterval how often to read the stream (the holder) and the invalidation log (every instance)
         * @return this builder
         * @throws InvalidInputException if an argument is null or the interval not positive
         */
        public Builder<T> invalidateFromStream(DynamoDbStreamsAsyncClient streams, Duration pollInterval) {
            this.streams = Checks.notNull("streams", streams);
            this.streamPollInterval = Checks.positive("pollInterval", pollInterval);
            return this;
        }

        /**
         * The table coordinating stream invalidation (default: the table's name followed by
         * {@code -invalidation}); see {@link PreferenceStore#invalidationTableLayout()}.
         *
         * @param invalidationTable the table name
         * @return this builder
         * @throws InvalidInputException if null or empty
         */
        public Builder<T> invalidationTable(String invalidationTable) {
            this.invalidationTable = Checks.notEmpty("invalidationTable", invalidationTable);
            return this;
        }

        /**
         * How long the instance reading the stream holds its lease without renewing it (default 10 s): after it
         * died, another instance takes over within this time plus one poll interval. Renewed every poll interval,
         * so it must be at least three poll intervals.
         *
         * @param invalidationLease the lease duration
         * @return this builder
         * @throws InvalidInputException if null or not positive
         */
        public Builder<T> invalidationLease(Duration invalidationLease) {
            this.invalidationLease = Checks.positive("invalidationLease", invalidationLease);
            return this;
        }

        /** The invalidation table's name: as set, or derived from the table's. */
        String invalidationTableName() {
            return invalidationTable != null ? invalidationTable : tableName + "-invalidation";
        }

        /**
         * Called once for every versioned write that lost against another writer (default: nothing; the write's
         * future fails too). For write-behind callers who do not wait on the futures: the exception carries the
         * value that was not written and the stored one. Exceptions it throws are ignored; do not block in it.
         *
         * @param onConflict the callback
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder<T> onConflict(Consumer<PreferenceConflictException> onConflict) {
            this.onConflict = Checks.notNull("onConflict", onConflict);
            return this;
        }

        /**
         * The store, started: its window timer runs, and with {@link #invalidateFromStream} its invalidation loop
         * (the tables' checks, then one log Query per poll interval; see
         * {@link PreferenceStore#invalidationReady()}); otherwise it sends no request before it is used.
         *
         * @return the store
         * @throws InvalidInputException if tableName is missing or not a valid table name, readCacheLifetime is not
         *     shorter than maxStaleness, no dynamoDbClient was given (here or by the context), or with
         *     {@link #invalidateFromStream}: invalidationLease is shorter than three poll intervals or the
         *     invalidation table's name is not a valid table name
         */
        public PreferenceStore<T> build() {
            Checks.notEmpty("tableName", tableName);
            if (readCacheLifetime.compareTo(maxStaleness) >= 0) {
                throw InvalidInputException.of(
                        "readCacheLifetime",
                        readCacheLifetime,
                        "be shorter than maxStaleness " + maxStaleness + " (the rest is the write window)");
            }
            if (streams != null) {
                if (invalidationLease.compareTo(streamPollInterval.multipliedBy(3)) < 0) {
                    throw InvalidInputException.of(
                            "invalidationLease",
                            invalidationLease,
                            "be at least three poll intervals (" + streamPollInterval.multipliedBy(3)
                                    + "): the holder renews it every poll");
                }
                String name = invalidationTableName();
                if (name.length() > 255 || !name.matches("[a-zA-Z0-9_.-]+")) {
                    throw InvalidInputException.of(
                            "invalidationTable", name, "be a valid table name of 3 to 255 characters [a-zA-Z0-9_.-]");
                }
            }
            return new DefaultPreferenceStore<>(this, context());
        }
    }
}
