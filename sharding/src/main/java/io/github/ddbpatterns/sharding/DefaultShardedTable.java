package io.github.ddbpatterns.sharding;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.batch.BatchGetResult;
import io.github.ddbpatterns.core.batch.BatchReader;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteKey;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.core.buffer.WriteFailedException;
import io.github.ddbpatterns.core.capacity.CapacityUnits;
import io.github.ddbpatterns.core.fanout.FanOut;
import io.github.ddbpatterns.core.fanout.FanOutQuery;
import io.github.ddbpatterns.core.fanout.MergeOrder;
import io.github.ddbpatterns.core.fanout.QuerySource;
import io.github.ddbpatterns.core.fanout.SourcePosition;
import io.github.ddbpatterns.core.hotkeys.HotKey;
import io.github.ddbpatterns.core.internal.CheckedTableRepository;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.internal.DeferredPublisher;
import io.github.ddbpatterns.core.internal.EmptyPartitions;
import io.github.ddbpatterns.core.internal.ExtensionWrites;
import io.github.ddbpatterns.core.keys.ItemSize;
import io.github.ddbpatterns.core.keys.KeyValidator;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import io.github.ddbpatterns.core.keys.ShardedKey;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.core.table.TableLayout;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The standard {@link ShardedTable}: the context's Enhanced client, core fan-out, BatchReader and BatchWriter,
 * optional write buffer and page cache; every data operation runs after the table check.
 */
final class DefaultShardedTable<T> extends CheckedTableRepository implements ShardedTable<T> {

    private static final String COMPONENT = "ShardedTable";
    /** Version of the cursor format, part of every cursor's fingerprint (version 1 was core's, bound to the width). */
    private static final String CURSOR_FORMAT = "ddb-patterns.sharding.cursor/2";

    private final TableSchema<T> schema;
    private final DynamoDbAsyncTable<T> table;
    private final String tableName;
    private final Function<? super T, String> logicalKeyOf;
    private final ShardingStrategy<T> strategy;
    private final ShardMap shardMap;
    private final ShardKeyCodec codec;
    private final FanOut fanOut;
    private final BatchReader batchReader;
    private final BatchWriter batchWriter;
    private final @Nullable WriteBuffer writeBuffer;
    private final @Nullable AsyncCache<PageKey, Page<T>> cache;
    private final ShardingMetrics metrics;
    private final String partitionKey;
    private final @Nullable String sortKey;
    private final KeyValidator validator;
    private final @Nullable Comparator<T> sortOrder;
    private final @Nullable AdaptiveShardController adaptive;

    DefaultShardedTable(
            ShardedTable.Builder<T> b, PatternsContext context, TableLayout layout, ShardMap shardMap, FanOut fanOut) {
        super(context, layout, COMPONENT);
        this.schema = b.schema;
        this.tableName = layout.tableName();
        this.table = context.enhancedClient().table(tableName, schema);
        this.logicalKeyOf = b.logicalKey;
        this.strategy = b.strategy;
        this.shardMap = shardMap;
        this.codec = b.codec;
        this.fanOut = fanOut;
        this.batchReader = context.batchReader().build();
        this.batchWriter = BatchWriter.builder(context).build();
        this.writeBuffer = b.writeBuffer;
        this.metrics = new ShardingMetrics(context.meterRegistry(), tableName, context.clock());
        if (b.cacheTtl != null) {
            this.cache = Caffeine.newBuilder()
                    .expireAfterWrite(b.cacheTtl)
                    .maximumSize(b.cacheSize)
                    .buildAsync();
        } else {
            this.cache = null;
        }
        this.partitionKey = schema.tableMetadata().primaryPartitionKey();
        this.sortKey = schema.tableMetadata().primarySortKey().orElse(null);
        this.validator = sortKey == null ? KeyValidator.of(partitionKey) : KeyValidator.of(partitionKey, sortKey);
        this.sortOrder = sortKey == null ? null : SortKeyOrder.of(schema, sortKey);
        if (b.adaptive != null && shardMap instanceof TableShardMap tableShardMap) {
            DynamoDbAsyncClient client = context.dynamoDbClient();
            this.adaptive = new AdaptiveShardController(
                    b.adaptive,
                    tableShardMap,
                    context.clock(),
                    context.meterRegistry(),
                    tableName,
                    strategy.isCalculated(),
                    (logical, from, to) -> emptyShards(client, logical, from, to),
                    context.resilience().scheduler());
        } else {
            this.adaptive = null;
        }
    }

    @Override
    public Optional<AdaptiveShardController> adaptive() {
        return Optional.ofNullable(adaptive);
    }

    /** Whether shards {@code from .. to - 1} of {@code logical} hold no item: one consistent Query of 1 item each. */
    private CompletableFuture<Boolean> emptyShards(DynamoDbAsyncClient client, String logical, int from, int to) {
        List<String> shards = new ArrayList<>(to - from);
        for (int shard = from; shard < to; shard++) {
            shards.add(codec.encode(logical, shard));
        }
        return EmptyPartitions.all(client, tableName, null, partitionKey, shards);
    }

    // ---------------------------------------------------------------- the table

    @Override
    public TableSchema<T> tableSchema() {
        return schema;
    }

    @Override
    public CompletableFuture<ShardLayout> layout(String logicalKey) {
        return shardMap.layout(checkLogicalKey(logicalKey));
    }

    @Override
    public List<HotKey> throttledKeys(int n) {
        return metrics.throttledKeys(Checks.positive("n", n));
    }

    // ---------------------------------------------------------------- writes

    @Override
    public CompletableFuture<T> put(T item) {
        Prepared p = prepare("item", item);
        return check.then(() -> shardMap.layout(p.logical()).thenCompose(l -> {
            Target target = target(p, l);
            return write(p, target, writeBuffer == null ? null : putOp(target), l);
        }));
    }

    @Override
    public CompletableFuture<BatchWriteResult> putAll(Collection<T> items) {
        Checks.notNull("items", items);
        List<Prepared> prepared = new ArrayList<>(items.size());
        for (T item : items) {
            prepared.add(prepare("items[" + prepared.size() + "]", item));
        }
        if (prepared.isEmpty()) {
            return CompletableFuture.completedFuture(new BatchWriteResult(List.of(), 0));
        }
        return check.then(() -> layouts(prepared)
                .thenCompose(layouts ->
                        writeBuffer == null ? putAllBatched(prepared, layouts) : putAllBuffered(prepared, layouts)));
    }

    @Override
    public CompletableFuture<T> update(T item) {
        Prepared p = prepare("item", item);
        @Nullable String existing = currentKey(p.attributes());
        if (p.shardValue() == null && (existing == null || !belongsTo(existing, p.logical()))) {
            throw InvalidInputException.of(
                    "item." + partitionKey,
                    existing == null ? null : "another key's shard",
                    "hold the item's physical key when the shard is not calculated"
                            + " (update an item read from the table)");
        }
        String logical = p.logical();
        return check.then(() -> shardMap.layout(logical).thenCompose(l -> {
            String shardValue = p.shardValue();
            String physical = shardValue == null
                            || (existing != null
                                    && belongsTo(existing, logical)
                                    && codec.decode(existing).shard() < l.readWidth())
                    ? existing
                    : codec.encode(logical, codec.calculatedShard(shardValue, l.current()));
            Map<String, AttributeValue> map = new HashMap<>(p.attributes());
            map.put(partitionKey, AttributeValue.fromS(physical));
            recordWrite(logical, CapacityUnits.writeUnits(ItemSize.of(map)));
            T target = schema.mapToItem(map);
            WriteBuffer buffer = writeBuffer;
            CompletableFuture<Void> ready = buffer != null
                            && buffer.pending(writeKey(physical, sortValueOf(map)))
                                    .isPresent()
                    ? buffer.flush() // an older buffered write of this item must not land after the update
                    : CompletableFuture.completedFuture(null);
            return ready.thenCompose(v -> track(logical, table.updateItem(target)))
                    .whenComplete((r, e) -> invalidate(logical));
        }));
    }

    @Override
    public CompletableFuture<Optional<T>> delete(T keyItem) {
        KeyRequest k = keyRequest(keyItem);
        return check.then(() -> candidates(k)
                .thenCompose(keys -> {
                    if (writeBuffer != null) {
                        return deleteBuffered(k, keys, writeBuffer);
                    }
                    if (keys.size() > 2) {
                        // shard not calculated, physical key unknown: find the copies first, then delete them
                        return find(keys, k.sortValue())
                                .thenCompose(found -> deleteAll(k.logical(), physicalKeysOf(found), k.sortValue()));
                    }
                    return deleteAll(k.logical(), keys, k.sortValue());
                })
                .whenComplete((r, e) -> invalidate(k.logical())));
    }

    /** The target of one put: the physical key chosen and the attributes to store. */
    private Target target(Prepared p, ShardLayout shardLayout) {
        String physical = chooseWriteKey(p.logical(), p.shardValue(), currentKey(p.attributes()), shardLayout);
        Map<String, AttributeValue> map = new HashMap<>(p.attributes());
        map.put(partitionKey, AttributeValue.fromS(physical));
        recordWrite(p.logical(), CapacityUnits.writeUnits(ItemSize.of(map)));
        return new Target(physical, map);
    }

    /**
     * The put of a target that the library sends itself (batched or buffered): the table's extensions run here, as the
     * Enhanced client runs them for a direct put.
     */
    private WriteOp putOp(Target target) {
        Map<String, AttributeValue> written = ExtensionWrites.beforePut(table, target.attributes());
        return WriteOp.put(tableName, keyMap(target.physical(), sortValueOf(target.attributes())), written);
    }

    /**
     * One put, then the deletes of its copies under older counts: through the buffer when {@code bufferedPut} is
     * given, else directly through the Enhanced client.
     */
    private CompletableFuture<T> write(
            Prepared p, Target target, @Nullable WriteOp bufferedPut, ShardLayout shardLayout) {
        T stored = schema.mapToItem(target.attributes());
        CompletableFuture<Void> written;
        if (bufferedPut == null) {
            written = table.putItem(stored);
        } else {
            written = submit(writeBuffer, bufferedPut);
        }
        written = track(p.logical(), written);
        List<String> stale = staleKeys(p, target.physical(), shardLayout);
        if (!stale.isEmpty()) {
            // a calculated item moved shard with the new count: remove the copy under the old count(s)
            AttributeValue sortValue = sortValueOf(target.attributes());
            written = written.thenCompose(v -> deleteKeys(p.logical(), stale, sortValue));
        }
        return written.handle((v, e) -> {
            invalidate(p.logical());
            if (e != null) {
                throw new CompletionException(DynamoDbErrors.unwrap(e));
            }
            return stored;
        });
    }

    private CompletableFuture<BatchWriteResult> putAllBatched(
            List<Prepared> prepared, Map<String, ShardLayout> layouts) {
        List<Target> targets = new ArrayList<>(prepared.size());
        List<WriteOp> puts = new ArrayList<>(prepared.size());
        Set<WriteKey> written = new HashSet<>();
        for (Prepared p : prepared) {
            Target target = target(p, layouts.get(p.logical()));
            WriteOp put = putOp(target);
            targets.add(target);
            puts.add(put);
            written.add(put.writeKey());
        }
        return batchWriter
                .write(puts)
                .thenCompose(result -> {
                    List<WriteOp> deletes = new ArrayList<>();
                    List<Integer> owners = new ArrayList<>();
                    for (int i = 0; i < prepared.size(); i++) {
                        Prepared p = prepared.get(i);
                        WriteOutcome outcome = result.outcomes().get(i);
                        outcome(p.logical(), outcome instanceof WriteOutcome.Failed f ? f.cause() : null);
                        if (!outcome.isPersisted()) {
                            continue;
                        }
                        AttributeValue sortValue = sortValueOf(targets.get(i).attributes());
                        for (String stale : staleKeys(p, targets.get(i).physical(), layouts.get(p.logical()))) {
                            WriteKey key = writeKey(stale, sortValue);
                            if (!written.contains(key)) { // another item of this call is stored there now
                                deletes.add(WriteOp.delete(tableName, key.key()));
                                owners.add(i);
                            }
                        }
                    }
                    if (deletes.isEmpty()) {
                        return CompletableFuture.completedFuture(result);
                    }
                    return batchWriter.write(deletes).thenApply(deleted -> {
                        List<WriteOutcome> outcomes = new ArrayList<>(result.outcomes());
                        for (int j = 0; j < deletes.size(); j++) {
                            if (deleted.outcomes().get(j) instanceof WriteOutcome.Failed f) {
                                int i = owners.get(j);
                                WriteOutcome put = outcomes.get(i);
                                if (put.isPersisted()) {
                                    outcomes.set(
                                            i,
                                            WriteOutcome.failed(
                                                    put.write(),
                                                    WriteFailedException.of(f.write(), f.cause()),
                                                    put.attempts()));
                                }
                            }
                        }
                        return new BatchWriteResult(outcomes, result.requests() + deleted.requests());
                    });
                })
                .whenComplete((r, e) ->
                        prepared.stream().map(Prepared::logical).distinct().forEach(this::invalidate));
    }

    private CompletableFuture<BatchWriteResult> putAllBuffered(
            List<Prepared> prepared, Map<String, ShardLayout> layouts) {
        List<CompletableFuture<WriteOutcome>> outcomes = new ArrayList<>(prepared.size());
        for (Prepared p : prepared) {
            ShardLayout shardLayout = layouts.get(p.logical());
            Target target = target(p, shardLayout);
            WriteOp put = putOp(target);
            outcomes.add(WriteBuffer.outcomeOf(put, write(p, target, put, shardLayout)));
        }
        return BatchWriteResult.allOf(outcomes, 0);
    }

    /** Submits to the buffer; a refusal (full, closed) becomes a failed future like any other failure. */
    private static CompletableFuture<Void> submit(WriteBuffer buffer, WriteOp op) {
        try {
            return buffer.submit(op);
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    private CompletableFuture<Map<String, ShardLayout>> layouts(List<Prepared> prepared) {
        Map<String, CompletableFuture<ShardLayout>> loading = new LinkedHashMap<>();
        for (Prepared p : prepared) {
            loading.computeIfAbsent(p.logical(), shardMap::layout);
        }
        return CompletableFuture.allOf(loading.values().toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    Map<String, ShardLayout> layouts = new HashMap<>();
                    loading.forEach((key, future) -> layouts.put(key, future.join()));
                    return layouts;
                });
    }

    /** The physical keys of older counts where a calculated item may still be stored (none when not calculated). */
    private List<String> staleKeys(Prepared p, String written, ShardLayout shardLayout) {
        String shardValue = p.shardValue();
        if (shardValue == null || shardLayout.previous().isEmpty()) {
            return List.of();
        }
        List<String> stale = new ArrayList<>();
        for (int count : shardLayout.previous()) {
            String old = codec.encode(p.logical(), codec.calculatedShard(shardValue, count));
            if (!old.equals(written) && !stale.contains(old)) {
                stale.add(old);
            }
        }
        return stale;
    }

    private CompletableFuture<Void> deleteKeys(String logical, List<String> keys, @Nullable AttributeValue sortValue) {
        WriteBuffer buffer = writeBuffer;
        if (buffer == null) {
            return deleteAll(logical, keys, sortValue).thenApply(v -> null);
        }
        List<CompletableFuture<Void>> deletes = new ArrayList<>(keys.size());
        for (String physical : keys) {
            recordWrite(logical, 1);
            deletes.add(track(logical, submit(buffer, WriteOp.delete(tableName, keyMap(physical, sortValue)))));
        }
        return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Optional<T>> deleteAll(
            String logical, List<String> keys, @Nullable AttributeValue sortValue) {
        List<CompletableFuture<T>> deletes = new ArrayList<>(keys.size());
        for (String physical : keys) {
            recordWrite(logical, 1);
            deletes.add(track(logical, table.deleteItem(key(physical, sortValue))));
        }
        return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    for (CompletableFuture<T> delete : deletes) {
                        T old = delete.join();
                        if (old != null) {
                            return Optional.of(old);
                        }
                    }
                    return Optional.empty();
                });
    }

    /**
     * Deletes through the buffer: the copies are those pending in the buffer (looked at first, so a write flushed
     * meanwhile is found by the read) and those stored; a copy whose pending write is a delete is already going
     * away.
     */
    private CompletableFuture<Optional<T>> deleteBuffered(KeyRequest k, List<String> keys, WriteBuffer buffer) {
        Map<String, T> copies = new LinkedHashMap<>();
        Set<String> goingAway = new HashSet<>();
        for (String physical : keys) {
            Optional<WriteOp> pending = buffer.pending(writeKey(physical, k.sortValue()));
            if (pending.isPresent()) {
                if (pending.get().kind() == WriteOp.Kind.PUT) {
                    copies.put(physical, schema.mapToItem(pending.get().attributes()));
                } else {
                    goingAway.add(physical);
                }
            }
        }
        return find(keys, k.sortValue()).thenCompose(found -> {
            for (T stored : found) {
                String physical = schema.attributeValue(stored, partitionKey).s();
                if (!goingAway.contains(physical)) {
                    copies.putIfAbsent(physical, stored);
                }
            }
            if (copies.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<T>empty());
            }
            return deleteKeys(k.logical(), List.copyOf(copies.keySet()), k.sortValue())
                    .thenApply(v -> Optional.of(copies.values().iterator().next()));
        });
    }

    // ---------------------------------------------------------------- reads

    @Override
    public CompletableFuture<Optional<T>> get(T keyItem) {
        KeyRequest k = keyRequest(keyItem);
        return check.then(() -> candidates(k)
                .thenCompose(keys -> find(keys, k.sortValue()))
                .thenApply(found -> found.stream().findFirst()));
    }

    @Override
    public CompletableFuture<Page<T>> query(String logicalKey, ShardQuery query) {
        checkLogicalKey(logicalKey);
        Checks.notNull("query", query);
        @Nullable ShardCursor start = decodeCursor(logicalKey, query); // a bad cursor fails at the call
        return check.then(() -> shardMap.layout(logicalKey).thenCompose(l -> cachedQuery(logicalKey, query, l, start)));
    }

    @Override
    public SdkPublisher<T> stream(String logicalKey, ShardQuery query) {
        checkLogicalKey(logicalKey);
        Checks.notNull("query", query);
        @Nullable ShardCursor start = decodeCursor(logicalKey, query);
        return deferred(() -> check.then(
                () -> shardMap.layout(logicalKey).thenApply(l -> fanOutQuery(logicalKey, query, l, start, false))));
    }

    /** A publisher that, per subscription, waits for the query (after the table check) and then streams it. */
    private SdkPublisher<T> deferred(Supplier<CompletableFuture<FanOutQuery<T>>> query) {
        return subscriber -> {
            CompletableFuture<FanOutQuery<T>> ready;
            try {
                ready = query.get();
            } catch (RuntimeException e) {
                ready = CompletableFuture.failedFuture(e);
            }
            DeferredPublisher.after(ready, (FanOutQuery<T> fanOutQuery) -> {
                        SdkPublisher<T> items = fanOut.stream(fanOutQuery);
                        metrics.fanOutWidth(fanOutQuery.sources().size());
                        return items;
                    })
                    .subscribe(subscriber);
        };
    }

    private CompletableFuture<Page<T>> cachedQuery(
            String logicalKey, ShardQuery query, ShardLayout shardLayout, @Nullable ShardCursor start) {
        if (cache == null) {
            metrics.fanOutWidth(shardLayout.readWidth());
            return page(logicalKey, query, shardLayout, start);
        }
        // the same cursor reads other shards under another width: the width is part of the key
        PageKey key = new PageKey(logicalKey, query, shardLayout.readWidth());
        CompletableFuture<Page<T>> cached = cache.getIfPresent(key);
        if (cached != null) {
            metrics.cacheHit();
            return cached;
        }
        metrics.cacheMiss();
        metrics.fanOutWidth(shardLayout.readWidth());
        CompletableFuture<Page<T>> read = page(logicalKey, query, shardLayout, start);
        cache.put(key, read);
        return read;
    }

    /** One page over the layout's shards, with a cursor of this table's own format (see {@link ShardCursor}). */
    private CompletableFuture<Page<T>> page(
            String logicalKey, ShardQuery query, ShardLayout shardLayout, @Nullable ShardCursor start) {
        FanOutQuery<T> fanOutQuery = fanOutQuery(logicalKey, query, shardLayout, start, true);
        boolean sorted = fanOutQuery.order().kind() == MergeOrder.Kind.SORTED;
        return fanOut.queryWithPositions(fanOutQuery).thenApply(page -> {
            List<T> items = page.items();
            String cursor = null;
            if (page.positions().isPresent()) {
                SourcePosition merge;
                if (!sorted) {
                    merge = SourcePosition.NOT_STARTED;
                } else if (!items.isEmpty()) {
                    T last = items.get(items.size() - 1);
                    merge = SourcePosition.after(
                            schema.itemToMap(last, schema.tableMetadata().primaryKeys()));
                } else {
                    merge = start == null ? SourcePosition.NOT_STARTED : start.merge();
                }
                cursor = new ShardCursor(page.positions().get(), merge)
                        .encode(fanOut, cursorFingerprint(logicalKey, query));
            }
            return Page.of(items, cursor);
        });
    }

    private FanOutQuery<T> fanOutQuery(
            String logicalKey,
            ShardQuery query,
            ShardLayout shardLayout,
            @Nullable ShardCursor start,
            boolean limited) {
        int width = shardLayout.readWidth();
        List<QuerySource<T>> sources = new ArrayList<>(width);
        for (String physicalKey : codec.allPhysicalKeys(logicalKey, width)) {
            sources.add(QuerySource.of(table, query.requestFor(physicalKey)));
        }
        MergeOrder<T> order = query.mergeOrder(sortOrder);
        FanOutQuery.Builder<T> builder = FanOutQuery.<T>builder()
                .scope("sharding|" + tableName)
                .sources(sources)
                .order(order);
        if (start != null) {
            builder.startPositions(positionsFor(start, logicalKey, width, order.kind() == MergeOrder.Kind.SORTED));
        }
        if (limited) {
            builder.limit(query.limit());
        }
        return builder.build();
    }

    /**
     * The cursor of {@code query} decoded and checked now, before any request.
     *
     * @return the cursor, or null when the query has none
     * @throws InvalidCursorException if the cursor is malformed, altered, signed with another key or issued for
     *     another table, logical key or query
     */
    private @Nullable ShardCursor decodeCursor(String logicalKey, ShardQuery query) {
        String cursor = query.cursor().orElse(null);
        if (cursor == null) {
            return null;
        }
        List<SourcePosition> positions = fanOut.cursorCodec().decode(cursor, cursorFingerprint(logicalKey, query));
        // signed by this class, so these hold unless the format changed without a new fingerprint version
        if (positions.size() < 2 || positions.size() > ShardKeyCodec.MAX_SHARDS + 1) {
            throw InvalidCursorException.of(cursor, "holds " + positions.size() + " positions for a sharded query");
        }
        SourcePosition merge = positions.get(positions.size() - 1);
        if (merge instanceof SourcePosition.Exhausted
                || (merge instanceof SourcePosition.After after
                        && (sortKey == null || !after.key().containsKey(sortKey)))) {
            throw InvalidCursorException.of(cursor, "holds no valid merge position");
        }
        return new ShardCursor(positions.subList(0, positions.size() - 1), merge);
    }

    /**
     * What a cursor of this table is bound to, whatever the key's shard count: the table, the logical key and the
     * query (the request every width sends to shard 0: sort-key condition, filter, direction, consistency) and the
     * merge order; not the limit.
     */
    private String cursorFingerprint(String logicalKey, ShardQuery query) {
        String request = QuerySource.of(table, query.requestFor(codec.encode(logicalKey, 0)))
                .fingerprint();
        MergeOrder<T> order = query.mergeOrder(sortOrder);
        return CURSOR_FORMAT + "\n" + tableName.length() + ':' + tableName + '\n' + logicalKey.length() + ':'
                + logicalKey + '\n' + request.length() + ':' + request + '\n' + order.kind()
                + (order.descending() ? "-desc:" : "-asc:") + order.by();
    }

    /**
     * A sharded query's cursor, the same whatever the key's shard count: the position of each shard read (core's
     * per-source positions after the page), then the merge position, the primary key of the page's last item in a
     * sort-key merge ({@link SourcePosition#NOT_STARTED} when unordered or when nothing was returned yet).
     *
     * <p>Resumed under another read width: shards both widths read keep their positions; a shard the cursor does not
     * know was added by a raise after the cursor was issued, so every item in it was written after the cursor (the
     * shard map lets writers use a raised count only once every reader covers it): in a sort-key merge it starts
     * after the merge position (its items behind the cursor are not returned, as DynamoDB does not return an item
     * written behind a cursor, and those ahead are), unordered it starts at its beginning. A shard the new width no
     * longer reads was retired after it was found empty: its position is dropped.
     *
     * <p>In a sort-key merge a shard read to its end (exhausted) is read again from the merge position on, like an added
     * shard, so an item written there since, ahead of the cursor, is returned (writers spread over every shard,
     * whether the count changed or not); this costs one Query per such shard per page.
     */
    private record ShardCursor(List<SourcePosition> shards, SourcePosition merge) {

        ShardCursor {
            shards = List.copyOf(shards);
        }

        String encode(FanOut fanOut, String fingerprint) {
            List<SourcePosition> all = new ArrayList<>(shards.size() + 1);
            all.addAll(shards);
            all.add(merge);
            return fanOut.cursorCodec().encode(fingerprint, all);
        }
    }

    /** The start position of each of {@code width} shards for {@code cursor}, see {@link ShardCursor}. */
    private List<SourcePosition> positionsFor(ShardCursor cursor, String logicalKey, int width, boolean sorted) {
        List<SourcePosition> positions = new ArrayList<>(width);
        @Nullable
        AttributeValue mergeSortValue = sorted && cursor.merge() instanceof SourcePosition.After after
                ? after.key().get(sortKey)
                : null;
        for (int shard = 0; shard < width; shard++) {
            SourcePosition known =
                    shard < cursor.shards().size() ? cursor.shards().get(shard) : null;
            if (mergeSortValue != null && (known == null || known instanceof SourcePosition.Exhausted)) {
                // a shard added after the cursor, or one read to its end: on from the merge position (an
                // ExclusiveStartKey of an item that need not exist), so that the items written there since, ahead of
                // the cursor, are returned and those behind it are not
                positions.add(SourcePosition.after(keyMap(codec.encode(logicalKey, shard), mergeSortValue)));
            } else {
                positions.add(known == null ? SourcePosition.NOT_STARTED : known);
            }
        }
        return positions;
    }

    // ---------------------------------------------------------------- keys

    /** Checks an item to write now, before any request: logical key, calculated attribute, keys and size. */
    private Prepared prepare(String field, T item) {
        Checks.notNull(field, item);
        String logical = logicalKeyOf(item);
        @Nullable String shardValue = strategy.isCalculated() ? strategy.shardAttributeOf(item) : null;
        Map<String, AttributeValue> attributes = schema.itemToMap(item, true);
        Map<String, AttributeValue> longest = new HashMap<>(attributes);
        // the longest physical key this item can get: the size check holds whatever shard is chosen
        longest.put(partitionKey, AttributeValue.fromS(codec.encode(logical, ShardKeyCodec.MAX_SHARDS - 1)));
        validator.validateItem(longest);
        return new Prepared(logical, shardValue, attributes);
    }

    /** Checks a key item now, before any request: logical key and sort key. */
    private KeyRequest keyRequest(T keyItem) {
        Checks.notNull("keyItem", keyItem);
        String logical = logicalKeyOf(keyItem);
        Map<String, AttributeValue> map = schema.itemToMap(keyItem, true);
        @Nullable AttributeValue sortValue = null;
        if (sortKey != null) {
            sortValue = map.get(sortKey);
            KeyValidator.checkSortKey(sortKey, sortValue);
        }
        @Nullable String shardValue = strategy.isCalculated() ? strategy.shardAttributeOf(keyItem) : null;
        return new KeyRequest(logical, sortValue, currentKey(map), shardValue);
    }

    private String logicalKeyOf(T item) {
        return checkLogicalKey(logicalKeyOf.apply(item));
    }

    /** Checks a logical key now, before any request: reads and writes refuse the same keys. */
    private String checkLogicalKey(String logicalKey) {
        Checks.notEmpty("logicalKey", logicalKey);
        if (logicalKey.startsWith(TableShardMap.KEY_PREFIX)) {
            throw InvalidInputException.of(
                    "logicalKey",
                    TableShardMap.KEY_PREFIX + "...",
                    "not start with the reserved shard-map prefix " + TableShardMap.KEY_PREFIX);
        }
        KeyValidator.checkWellFormed("logicalKey", logicalKey);
        // the longest physical key this logical key can get fits, whatever the shard
        KeyValidator.checkPartitionKey(
                partitionKey, AttributeValue.fromS(codec.encode(logicalKey, ShardKeyCodec.MAX_SHARDS - 1)));
        return logicalKey;
    }

    private @Nullable String currentKey(Map<String, AttributeValue> map) {
        AttributeValue value = map.get(partitionKey);
        return value == null ? null : value.s();
    }

    private @Nullable AttributeValue sortValueOf(Map<String, AttributeValue> map) {
        return sortKey == null ? null : map.get(sortKey);
    }

    private boolean belongsTo(String physicalKey, String logicalKey) {
        if (!codec.isPhysicalKey(physicalKey)) {
            return false;
        }
        return codec.decode(physicalKey).logicalKey().equals(logicalKey);
    }

    private String chooseWriteKey(
            String logical, @Nullable String shardValue, @Nullable String existing, ShardLayout shardLayout) {
        if (shardValue != null) {
            return codec.encode(logical, codec.calculatedShard(shardValue, shardLayout.current()));
        }
        if (existing != null && belongsTo(existing, logical)) {
            ShardedKey parts = codec.decode(existing);
            if (parts.shard() < shardLayout.readWidth()) {
                return existing; // an item read from this table: overwrite it where it is
            }
        }
        return codec.encode(logical, strategy.nextShard(codec, logical, shardLayout.current()));
    }

    /** The physical keys that may hold the item keyed by {@code k}, most likely first. */
    private CompletableFuture<List<String>> candidates(KeyRequest k) {
        return shardMap.layout(k.logical()).thenApply(l -> {
            String existing = k.existing();
            if (existing != null && belongsTo(existing, k.logical())) {
                return List.of(existing);
            }
            String shardValue = k.shardValue();
            if (shardValue != null) {
                Set<String> keys = new LinkedHashSet<>();
                for (int count : l.counts()) {
                    keys.add(codec.encode(k.logical(), codec.calculatedShard(shardValue, count)));
                }
                return List.copyOf(keys);
            }
            return codec.allPhysicalKeys(k.logical(), l.readWidth());
        });
    }

    private Key key(String physical, @Nullable AttributeValue sortValue) {
        Key.Builder key = Key.builder().partitionValue(physical);
        if (sortValue != null) {
            key.sortValue(sortValue);
        }
        return key.build();
    }

    private Map<String, AttributeValue> keyMap(String physical, @Nullable AttributeValue sortValue) {
        Map<String, AttributeValue> key = new HashMap<>(2);
        key.put(partitionKey, AttributeValue.fromS(physical));
        if (sortKey != null && sortValue != null) {
            key.put(sortKey, sortValue);
        }
        return key;
    }

    private WriteKey writeKey(String physical, @Nullable AttributeValue sortValue) {
        return new WriteKey(tableName, keyMap(physical, sortValue));
    }

    private List<String> physicalKeysOf(List<T> items) {
        return items.stream()
                .map(t -> schema.attributeValue(t, partitionKey).s())
                .toList();
    }

    /** The stored copies of the item, in candidate order. */
    private CompletableFuture<List<T>> find(List<String> keys, @Nullable AttributeValue sortValue) {
        if (keys.size() == 1) {
            return table.getItem(key(keys.get(0), sortValue))
                    .thenApply(item -> item == null ? List.<T>of() : List.of(item));
        }
        List<WriteKey> writeKeys = new ArrayList<>(keys.size());
        for (String physical : keys) {
            writeKeys.add(writeKey(physical, sortValue));
        }
        return batchReader.read(writeKeys).thenApply(result -> {
            throwFailures(result);
            List<T> found = new ArrayList<>();
            for (WriteKey key : writeKeys) {
                result.item(key).ifPresent(item -> found.add(schema.mapToItem(item)));
            }
            return found;
        });
    }

    private static void throwFailures(BatchGetResult result) {
        if (!result.failures().isEmpty()) {
            Throwable first = result.failures().values().iterator().next();
            throw new CompletionException(first);
        }
    }

    /**
     * Feeds the adaptive controller, if any, the write units of one write of {@code logical}: a put's or update's
     * item size, 1 for a delete (the deleted item's size is not known before it is gone).
     */
    private void recordWrite(String logical, long writeUnits) {
        if (adaptive != null) {
            adaptive.recordWrite(logical, writeUnits);
        }
    }

    private <R> CompletableFuture<R> track(String logical, CompletableFuture<R> write) {
        return write.whenComplete((r, e) -> outcome(logical, e));
    }

    private void outcome(String logical, @Nullable Throwable error) {
        metrics.write(logical, error);
        if (adaptive != null && error != null && DynamoDbErrors.isThrottle(error)) {
            adaptive.recordThrottle(logical);
        }
    }

    private void invalidate(String logical) {
        if (cache != null) {
            cache.synchronous().asMap().keySet().removeIf(k -> k.logicalKey().equals(logical));
        }
    }

    @Override
    public String toString() {
        return "ShardedTable[" + tableName + ", " + strategy + ", " + shardMap + "]";
    }

    /** An item checked for writing: its logical key, calculated attribute (or null) and attributes. */
    private record Prepared(String logical, @Nullable String shardValue, Map<String, AttributeValue> attributes) {}

    /** Where one put goes: its physical key, its write and the attributes stored. */
    private record Target(String physical, Map<String, AttributeValue> attributes) {}

    /** A key item checked for reading or deleting. */
    private record KeyRequest(
            String logical,
            @Nullable AttributeValue sortValue,
            @Nullable String existing,
            @Nullable String shardValue) {}

    /** A cached page: logical key (for invalidation) and everything else the page depends on. */
    private record PageKey(String logicalKey, ShardQuery query, int readWidth) {}
}
