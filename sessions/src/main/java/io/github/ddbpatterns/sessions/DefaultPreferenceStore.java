package io.github.ddbpatterns.sessions;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteKey;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.core.buffer.WriteFailedException;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.KeyValidator;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The {@link PreferenceStore}: a {@link WriteBuffer} (coalescing per key) flushed as a whole when the write window
 * ends (a timer checks the store's clock), an optional Caffeine read cache on the same clock, and, in versioned
 * mode, a {@link VersionedPutWriter} instead of the BatchWriteItem writer.
 */
final class DefaultPreferenceStore<T> implements PreferenceStore<T> {

    private final TableSchema<T> schema;
    private final DynamoDbAsyncClient client;
    private final ResiliencePolicy policy;
    private final DynamoDbAsyncTable<T> table;
    private final String tableName;
    private final PreferenceMode mode;
    private final KeyValidator keyValidator;
    private final @Nullable VersionedPutWriter versionedWriter;
    private final WriteBuffer buffer;
    private final Clock clock;
    private final Duration window;
    private final @Nullable Cache<WriteKey, Optional<T>> cache;
    private final AtomicLong generation = new AtomicLong();
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final ScheduledFuture<?> timer;
    private final @Nullable StreamCacheInvalidator invalidator;

    private Instant windowEndsAt;
    private CompletableFuture<Void> lastFlush = CompletableFuture.completedFuture(null);
    private boolean closed;

    DefaultPreferenceStore(PreferenceStore.Builder<T> builder) {
        this.schema = builder.schema;
        this.client = builder.client;
        this.policy = builder.policy;
        this.tableName = builder.tableName;
        this.mode = builder.mode;
        this.clock = builder.clock;
        DynamoDbEnhancedAsyncClient enhanced =
                DynamoDbEnhancedAsyncClient.builder().dynamoDbClient(client).build();
        this.table = enhanced.table(tableName, schema);
        TableMetadata metadata = schema.tableMetadata();
        String partitionKey = metadata.primaryPartitionKey();
        this.keyValidator = metadata.primarySortKey()
                .map(sort -> KeyValidator.of(partitionKey, sort))
                .orElseGet(() -> KeyValidator.of(partitionKey));
        this.ownsScheduler = builder.scheduler == null;
        this.scheduler = ownsScheduler
                ? Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread thread = new Thread(r, "ddb-patterns-preferences-" + tableName);
                    thread.setDaemon(true);
                    return thread;
                })
                : builder.scheduler;
        BatchWriter writer;
        if (mode == PreferenceMode.VERSIONED) {
            this.versionedWriter =
                    new VersionedPutWriter(client, builder.policy, builder.versionAttribute, partitionKey, schema);
            writer = versionedWriter;
        } else {
            this.versionedWriter = null;
            writer = BatchWriter.builder()
                    .client(client)
                    .policy(builder.policy)
                    .meterRegistry(builder.meterRegistry)
                    .build();
        }
        // the window is the staleness budget left after the read cache, less the timer's granularity
        Duration budget = builder.maxStaleness.minus(builder.readCacheLifetime);
        Duration tick = Duration.ofNanos(Math.max(Duration.ofMillis(5).toNanos(), budget.toNanos() / 20));
        this.window = budget.minus(tick).isNegative() || budget.minus(tick).isZero() ? budget : budget.minus(tick);
        Consumer<PreferenceConflictException> onConflict = builder.onConflict;
        this.buffer = WriteBuffer.builder()
                .batchWriter(writer)
                .name("preferences")
                .deadLetter(dead -> {
                    if (dead.error().getCause() instanceof PreferenceConflictException conflict) {
                        evict(dead.write().writeKey());
                        onConflict.accept(conflict);
                    }
                })
                .maxDelay(window)
                .maxPendingKeys(builder.capacity)
                .capacity(builder.capacity)
                .clock(clock)
                .scheduler(scheduler)
                .meterRegistry(builder.meterRegistry)
                .build();
        this.cache = builder.readCacheLifetime.isZero()
                ? null
                : Caffeine.newBuilder()
                        .maximumSize(builder.readCacheSize)
                        .expireAfterWrite(builder.readCacheLifetime)
                        .ticker(new ClockTicker(clock))
                        .executor(Runnable::run)
                        .build();
        this.windowEndsAt = clock.instant().plus(window);
        this.timer = scheduler.scheduleWithFixedDelay(
                this::tickSafely, tick.toNanos(), tick.toNanos(), TimeUnit.NANOSECONDS);
        this.invalidator = builder.streams == null
                ? null
                : new StreamCacheInvalidator(
                        builder.streams, client, tableName, scheduler, builder.streamPollInterval, this::evict);
    }

    @Override
    public CompletableFuture<Void> put(T item) {
        Checks.notNull("item", item);
        WriteOp write = WriteOp.put(table, item);
        keyValidator.validateItem(write.item());
        evict(write.writeKey());
        return buffer.submit(write)
                .handle((ignored, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    Throwable cause = DynamoDbErrors.unwrap(failure);
                    if (cause instanceof WriteFailedException failed
                            && failed.getCause() instanceof PreferenceConflictException conflict) {
                        evict(write.writeKey());
                        return CompletableFuture.<Void>failedFuture(conflict);
                    }
                    return CompletableFuture.<Void>failedFuture(cause);
                })
                .thenCompose(next -> next);
    }

    @Override
    public CompletableFuture<Optional<T>> get(Key key) {
        Checks.notNull("key", key);
        Map<String, AttributeValue> keyMap = key.keyMap(schema, TableMetadata.primaryIndexName());
        WriteKey writeKey = new WriteKey(tableName, keyMap);
        Optional<WriteOp> pending = buffer.pending(writeKey);
        if (pending.isPresent()) {
            WriteOp write = pending.get();
            return CompletableFuture.completedFuture(
                    write.kind() == WriteOp.Kind.PUT ? Optional.of(schema.mapToItem(write.item())) : Optional.empty());
        }
        if (cache != null) {
            Optional<T> cached = cache.getIfPresent(writeKey);
            if (cached != null) {
                return CompletableFuture.completedFuture(cached);
            }
        }
        long generationAtRead = generation.get();
        return policy.execute(
                        "GetItem",
                        () -> client.getItem(
                                b -> b.tableName(tableName).key(keyMap).consistentRead(true)))
                .thenApply(response -> {
                    Optional<T> value;
                    if (response.hasItem() && !response.item().isEmpty()) {
                        if (versionedWriter != null) {
                            versionedWriter.seen(writeKey, versionedWriter.versionOf(response.item()));
                        }
                        value = Optional.of(schema.mapToItem(response.item()));
                    } else {
                        value = Optional.empty();
                    }
                    fill(writeKey, value, generationAtRead);
                    return value;
                });
    }

    private void fill(WriteKey key, Optional<T> value, long generationAtRead) {
        if (cache == null) {
            return;
        }
        synchronized (generation) {
            if (generation.get() == generationAtRead && buffer.pending(key).isEmpty()) {
                cache.put(key, value);
            }
        }
    }

    /** Forgets a cached value (this instance wrote it, or the stream says it changed). */
    void evict(WriteKey key) {
        synchronized (generation) {
            generation.incrementAndGet();
            if (cache != null) {
                cache.invalidate(key);
            }
        }
    }

    /** Evicts by the raw key of a stream record. */
    private void evict(Map<String, AttributeValue> key) {
        evict(new WriteKey(tableName, key));
    }

    /**
     * Ends the write window when the clock says it is over: flushes every pending key. The timer calls it; tests
     * call it after moving their clock. Returns the last window's flush.
     */
    synchronized CompletableFuture<Void> flushIfDue() {
        Instant now = clock.instant();
        if (!closed && !now.isBefore(windowEndsAt)) {
            windowEndsAt = now.plus(window);
            lastFlush = buffer.flush();
        }
        return lastFlush;
    }

    private void tickSafely() {
        try {
            flushIfDue();
        } catch (RuntimeException e) {
            // keep the timer alive; failures reach the writes' futures
        }
    }

    @Override
    public CompletableFuture<Void> flush() {
        return buffer.flush();
    }

    @Override
    public int pendingCount() {
        return buffer.pendingCount();
    }

    @Override
    public PreferenceMode mode() {
        return mode;
    }

    /** For tests: completes when the stream tailer (if any) is reading. */
    CompletableFuture<Void> streamStarted() {
        return invalidator == null ? CompletableFuture.completedFuture(null) : invalidator.started();
    }

    /** The write window: maxStaleness less the read cache lifetime and the timer's granularity. */
    Duration window() {
        return window;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        timer.cancel(false);
        if (invalidator != null) {
            invalidator.close();
        }
        try {
            buffer.close();
        } finally {
            if (ownsScheduler) {
                scheduler.shutdown();
            }
        }
    }

    @Override
    public String toString() {
        return "PreferenceStore[" + tableName + ", " + mode + ", window=" + window + "]";
    }
}
