package io.github.ddbpatterns.sessions;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteKey;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import io.github.ddbpatterns.core.buffer.BufferClosedException;
import io.github.ddbpatterns.core.buffer.BufferFullException;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.core.buffer.WriteFailedException;
import io.github.ddbpatterns.core.internal.CheckedTableRepository;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.internal.TableCheck;
import io.github.ddbpatterns.core.keys.KeyValidator;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.core.table.TableLayout;
import io.github.ddbpatterns.core.table.TableLayoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
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
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsAsyncClient;

/**
 * The {@link PreferenceStore}: a {@link WriteBuffer} (coalescing per key) flushed as a whole when the write window
 * ends (a timer checks the store's clock), an optional Caffeine read cache on the same clock, and, in versioned
 * mode, a {@link VersionedWriter} instead of the context's BatchWriter. Both writers sit behind a
 * {@link PreferenceWriter} that checks the table first.
 */
final class DefaultPreferenceStore<T> extends CheckedTableRepository implements PreferenceStore<T> {

    private final TableSchema<T> schema;
    private final DynamoDbAsyncClient client;
    private final DynamoDbAsyncTable<T> table;
    private final String tableName;
    private final PreferenceMode mode;
    private final KeyValidator keyValidator;
    private final @Nullable VersionedWriter versionedWriter;
    private final PreferenceWriter writer;
    private final WriteBuffer buffer;
    private final Clock clock;
    private final Duration window;
    private final @Nullable Cache<WriteKey, Optional<T>> cache;
    private final AtomicLong generation = new AtomicLong();
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final ScheduledFuture<?> timer;
    private final @Nullable LeasedStreamInvalidator invalidator;
    private final @Nullable TableCheck invalidationCheck;
    private final Map<WriteKey, List<CompletableFuture<Void>>> streamWaiters = new HashMap<>();

    private Instant windowEndsAt;
    private CompletableFuture<Void> lastFlush = CompletableFuture.completedFuture(null);
    private boolean closed;

    DefaultPreferenceStore(PreferenceStore.Builder<T> builder, PatternsContext context) {
        super(context, layoutOf(builder), "PreferenceStore");
        this.schema = builder.schema;
        this.client = context.dynamoDbClient();
        this.tableName = builder.tableName;
        this.mode = builder.mode;
        this.clock = context.clock();
        this.table = context.enhancedClient().table(tableName, schema);
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
        BatchWriter modeWriter;
        if (mode == PreferenceMode.VERSIONED) {
            this.versionedWriter = new VersionedWriter(client, builder.versionAttribute, schema);
            modeWriter = versionedWriter;
        } else {
            this.versionedWriter = null;
            modeWriter = BatchWriter.builder(context).build();
        }
        this.writer = new PreferenceWriter(modeWriter, check);
        // the window is the staleness budget left after the read cache, less the timer's granularity
        Duration budget = builder.maxStaleness.minus(builder.readCacheLifetime);
        Duration tick = Duration.ofNanos(Math.max(Duration.ofMillis(5).toNanos(), budget.toNanos() / 20));
        this.window = budget.minus(tick).isNegative() || budget.minus(tick).isZero() ? budget : budget.minus(tick);
        Consumer<PreferenceConflictException> onConflict = builder.onConflict;
        this.buffer = WriteBuffer.builder(context)
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
                .writeDeadline(builder.writeDeadline)
                .scheduler(scheduler)
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
        DynamoDbStreamsAsyncClient streams = builder.streams;
        if (streams == null) {
            this.invalidationCheck = null;
            this.invalidator = null;
        } else {
            this.invalidationCheck = TableCheck.of(
                    context,
                    InvalidationLog.layout(builder.invalidationTableName()),
                    LeasedStreamInvalidator.COMPONENT);
            this.invalidator = new LeasedStreamInvalidator(
                    client,
                    context.resilience().decorate(DynamoDbStreamsAsyncClient.class, streams),
                    check.expected(),
                    check,
                    invalidationCheck,
                    clock,
                    scheduler,
                    builder.streamPollInterval,
                    builder.invalidationLease,
                    this::streamChanged,
                    this::evictAll);
            invalidator.start();
        }
    }

    /** The schema's keys and indexes, plus a stream when other instances' changes are tailed. */
    private static <T> TableLayout layoutOf(PreferenceStore.Builder<T> builder) {
        TableLayout.Builder layout = TableLayout.from(builder.tableName, builder.schema);
        if (builder.streams != null) {
            layout.stream(StreamViewType.KEYS_ONLY);
        }
        return layout.build();
    }

    @Override
    public CompletableFuture<T> put(T item) {
        WriteOp write = toPut("item", item);
        return submit(write).thenApply(ignored -> item);
    }

    @Override
    public CompletableFuture<BatchWriteResult> putAll(Collection<T> items) {
        Checks.notNull("items", items);
        List<WriteOp> writes = new ArrayList<>(items.size());
        for (T item : items) {
            writes.add(toPut("items[" + writes.size() + "]", item));
        }
        if (writes.isEmpty()) {
            return CompletableFuture.completedFuture(new BatchWriteResult(List.of(), 0));
        }
        PreferenceWriter.Tracked tracked = writer.track(writes);
        List<CompletableFuture<WriteOutcome>> outcomes = new ArrayList<>(writes.size());
        try {
            for (WriteOp write : writes) {
                outcomes.add(outcome(write, tracked));
            }
        } catch (BufferClosedException e) {
            if (outcomes.isEmpty()) {
                tracked.done();
                throw e; // closed before anything was accepted: nothing to report
            }
            // closed while the call was running: the rest is refused, and reported so
            for (int i = outcomes.size(); i < writes.size(); i++) {
                outcomes.add(CompletableFuture.completedFuture(WriteOutcome.failed(writes.get(i), e, 0)));
            }
        }
        return BatchWriteResult.allOf(outcomes, 0).thenApply(result -> {
            tracked.done();
            return new BatchWriteResult(result.outcomes(), tracked.requests());
        });
    }

    /** One putAll item through the buffer, as an outcome; a full buffer refuses it (attempts 0). */
    private CompletableFuture<WriteOutcome> outcome(WriteOp write, PreferenceWriter.Tracked tracked) {
        CompletableFuture<Void> submitted;
        try {
            submitted = submit(write);
        } catch (BufferFullException e) {
            return CompletableFuture.completedFuture(WriteOutcome.failed(write, e, 0));
        }
        return submitted.handle((ignored, failure) -> failure == null
                ? WriteOutcome.persisted(write, tracked.attempts(write))
                : WriteOutcome.failed(write, DynamoDbErrors.unwrap(failure), tracked.attempts(write)));
    }

    @Override
    public CompletableFuture<Void> delete(Key key) {
        Map<String, AttributeValue> keyMap = keyMap(key);
        return submit(WriteOp.delete(tableName, keyMap));
    }

    private WriteOp toPut(String field, T item) {
        Checks.notNull(field, item);
        WriteOp write = WriteOp.put(table, item);
        keyValidator.validateItem(write.attributes());
        return write;
    }

    /**
     * Hands a checked write to the buffer: evicts the read cache entry (read-your-writes comes from the buffer),
     * and turns a given-up write's failure into what the store reports: the conflict or the table check failure
     * itself, else the buffer's {@link WriteFailedException}.
     */
    private CompletableFuture<Void> submit(WriteOp write) {
        evict(write.writeKey());
        return buffer.submit(write)
                .handle((ignored, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    Throwable cause = DynamoDbErrors.unwrap(failure);
                    if (cause instanceof WriteFailedException failed) {
                        if (failed.getCause() instanceof PreferenceConflictException conflict) {
                            evict(write.writeKey());
                            return CompletableFuture.<Void>failedFuture(conflict);
                        }
                        if (failed.getCause() instanceof TableLayoutException layoutError) {
                            return CompletableFuture.<Void>failedFuture(layoutError);
                        }
                    }
                    return CompletableFuture.<Void>failedFuture(cause);
                })
                .thenCompose(next -> next);
    }

    /** The full primary key of {@code key} as attribute values. */
    private Map<String, AttributeValue> keyMap(Key key) {
        Checks.notNull("key", key);
        Map<String, AttributeValue> keyMap = key.keyMap(schema, TableMetadata.primaryIndexName());
        keyValidator.validateKey(keyMap);
        return keyMap;
    }

    @Override
    public CompletableFuture<Optional<T>> get(Key key) {
        Map<String, AttributeValue> keyMap = keyMap(key);
        WriteKey writeKey = new WriteKey(tableName, keyMap);
        Optional<WriteOp> pending = buffer.pending(writeKey);
        if (pending.isPresent()) {
            return CompletableFuture.completedFuture(pending.get().item().map(schema::mapToItem));
        }
        if (cache != null) {
            Optional<T> cached = cache.getIfPresent(writeKey);
            if (cached != null) {
                return CompletableFuture.completedFuture(cached);
            }
        }
        Throwable stopped = invalidator == null ? null : invalidator.failure();
        if (stopped != null) {
            // stale reads are what invalidation was asked to prevent: fail rather than serve them
            return CompletableFuture.failedFuture(stopped);
        }
        long generationAtRead = generation.get();
        return check.then(() ->
                        client.getItem(b -> b.tableName(tableName).key(keyMap).consistentRead(true)))
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

    /** Forgets every cached value (the invalidation log says history was lost, or invalidation just started). */
    private void evictAll() {
        synchronized (generation) {
            generation.incrementAndGet();
            if (cache != null) {
                cache.invalidateAll();
            }
        }
    }

    /** The invalidation log says the item of {@code key} (a record's raw key) changed: evicts it. */
    private void streamChanged(Map<String, AttributeValue> key) {
        WriteKey writeKey = new WriteKey(tableName, key);
        evict(writeKey);
        List<CompletableFuture<Void>> waiting;
        synchronized (streamWaiters) {
            waiting = streamWaiters.remove(writeKey);
        }
        if (waiting != null) {
            waiting.forEach(waiter -> waiter.complete(null));
        }
    }

    /** For tests: completes after the invalidation log next reports a change of {@code key}, once it is evicted. */
    CompletableFuture<Void> nextStreamChange(Key key) {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        synchronized (streamWaiters) {
            streamWaiters
                    .computeIfAbsent(new WriteKey(tableName, keyMap(key)), k -> new ArrayList<>())
                    .add(waiter);
        }
        return waiter;
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

    @Override
    public CompletableFuture<Void> invalidationReady() {
        return invalidator == null ? CompletableFuture.completedFuture(null) : invalidator.ready();
    }

    @Override
    public Optional<TableLayout> invalidationTableLayout() {
        return Optional.ofNullable(invalidationCheck).map(TableCheck::expected);
    }

    @Override
    public CompletableFuture<Void> createTable() {
        TableCheck log = invalidationCheck;
        return log == null
                ? super.createTable()
                : super.createTable().thenCompose(ignored -> log.create()).thenRun(this::restartInvalidation);
    }

    @Override
    public CompletableFuture<Void> verifyTable() {
        TableCheck log = invalidationCheck;
        return log == null
                ? super.verifyTable()
                : super.verifyTable().thenCompose(ignored -> log.verify()).thenRun(this::restartInvalidation);
    }

    /** The tables serve the store now: invalidation that failed to start starts again. */
    private void restartInvalidation() {
        if (invalidator != null) {
            invalidator.restart();
        }
    }

    /** For tests: whether this instance holds the invalidation lease (reads the stream). */
    boolean readsStream() {
        return invalidator != null && invalidator.holding();
    }

    /** For tests: stops invalidation like a crashed process would, without giving the lease up. */
    void haltInvalidation() {
        if (invalidator != null) {
            invalidator.halt();
        }
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
