package io.github.ddbpatterns.sharding;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.batch.BatchGetResult;
import io.github.ddbpatterns.core.batch.BatchReader;
import io.github.ddbpatterns.core.batch.WriteKey;
import io.github.ddbpatterns.core.buffer.TypedWriteBuffer;
import io.github.ddbpatterns.core.fanout.FanOut;
import io.github.ddbpatterns.core.fanout.FanOutQuery;
import io.github.ddbpatterns.core.fanout.MergeOrder;
import io.github.ddbpatterns.core.fanout.QuerySource;
import io.github.ddbpatterns.core.hotkeys.HotKey;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import io.github.ddbpatterns.core.keys.ShardedKey;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The standard {@link ShardedTable}: Enhanced async client, core fan-out, BatchReader, optional cache. */
final class DefaultShardedTable<T> implements ShardedTable<T> {

    private final TableSchema<T> schema;
    private final DynamoDbAsyncTable<T> table;
    private final String tableName;
    private final Function<? super T, String> logicalKeyOf;
    private final ShardingStrategy<T> strategy;
    private final ShardMap shardMap;
    private final ShardKeyCodec codec;
    private final FanOut fanOut;
    private final BatchReader batchReader;
    private final @Nullable TypedWriteBuffer<T> writeBuffer;
    private final @Nullable AsyncCache<PageKey, Page<T>> cache;
    private final ShardingMetrics metrics;
    private final String partitionKey;
    private final @Nullable String sortKey;
    private final Comparator<T> sortOrder;

    DefaultShardedTable(ShardedTable.Builder<T> b) {
        this.schema = b.schema;
        this.tableName = b.tableName;
        this.table = b.client.table(tableName, schema);
        this.logicalKeyOf = b.logicalKey;
        this.strategy = b.strategy;
        this.shardMap = b.shardMap;
        this.codec = b.codec;
        this.fanOut = b.fanOut;
        this.batchReader = BatchReader.builder()
                .client(b.lowLevelClient)
                .meterRegistry(b.meterRegistry)
                .build();
        this.writeBuffer = b.writeBuffer == null ? null : TypedWriteBuffer.of(b.writeBuffer, table);
        this.metrics = new ShardingMetrics(b.meterRegistry, tableName);
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
        String sk = sortKey;
        this.sortOrder = sk == null
                ? (x, y) -> 0
                : (x, y) -> SortKeyOrder.INSTANCE.compare(schema.attributeValue(x, sk), schema.attributeValue(y, sk));
    }

    @Override
    public String tableName() {
        return tableName;
    }

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
        return metrics.throttledKeys(n);
    }

    // ---------------------------------------------------------------- writes

    @Override
    public CompletableFuture<T> put(T item) {
        Checks.notNull("item", item);
        String logical = logicalKeyOf(item);
        @Nullable String shardValue = strategy.isCalculated() ? strategy.shardAttributeOf(item) : null;
        return shardMap.layout(logical).thenCompose(layout -> {
            Map<String, AttributeValue> map = new HashMap<>(schema.itemToMap(item, true));
            String physical = chooseWriteKey(logical, shardValue, currentKey(map), layout);
            map.put(partitionKey, AttributeValue.fromS(physical));
            T stored = schema.mapToItem(map);
            CompletableFuture<Void> written = track(logical, table.putItem(stored));
            if (shardValue != null && !layout.previous().isEmpty()) {
                // a calculated item moved shard with the new count: remove the copy under the old count(s)
                written = written.thenCompose(v -> deleteCopies(item, logical, physical, shardValue, layout));
            }
            return written.thenApply(v -> {
                invalidate(logical);
                return stored;
            });
        });
    }

    @Override
    public CompletableFuture<Void> putBuffered(T item) {
        Checks.notNull("item", item);
        if (writeBuffer == null) {
            throw new IllegalStateException("no writeBuffer was configured on the ShardedTable builder");
        }
        String logical = logicalKeyOf(item);
        @Nullable String shardValue = strategy.isCalculated() ? strategy.shardAttributeOf(item) : null;
        TypedWriteBuffer<T> buffer = writeBuffer;
        return shardMap.layout(logical).thenCompose(layout -> {
            Map<String, AttributeValue> map = new HashMap<>(schema.itemToMap(item, true));
            map.put(partitionKey, AttributeValue.fromS(chooseWriteKey(logical, shardValue, currentKey(map), layout)));
            return track(logical, buffer.put(schema.mapToItem(map))).thenRun(() -> invalidate(logical));
        });
    }

    @Override
    public CompletableFuture<T> update(T item) {
        Checks.notNull("item", item);
        String logical = logicalKeyOf(item);
        @Nullable String shardValue = strategy.isCalculated() ? strategy.shardAttributeOf(item) : null;
        Map<String, AttributeValue> map = new HashMap<>(schema.itemToMap(item, true));
        @Nullable String existing = currentKey(map);
        if (shardValue == null && (existing == null || !belongsTo(existing, logical))) {
            throw InvalidInputException.of(
                    "item." + partitionKey,
                    existing == null ? null : "another key's shard",
                    "hold the item's physical key with random sharding (update an item read from the table)");
        }
        return shardMap.layout(logical).thenCompose(layout -> {
            String physical = existing != null
                            && belongsTo(existing, logical)
                            && codec.decode(existing).shard() < layout.readWidth()
                    ? existing
                    : codec.encode(logical, codec.calculatedShard(shardValue, layout.current()));
            map.put(partitionKey, AttributeValue.fromS(physical));
            return track(logical, table.updateItem(schema.mapToItem(map))).thenApply(updated -> {
                invalidate(logical);
                return updated;
            });
        });
    }

    @Override
    public CompletableFuture<Optional<T>> delete(T keyItem) {
        Checks.notNull("keyItem", keyItem);
        String logical = logicalKeyOf(keyItem);
        return candidates(keyItem, logical)
                .thenCompose(keys -> {
                    if (keys.size() > 2) {
                        // random sharding, physical key unknown: find the copies first, then delete them
                        return find(keyItem, keys)
                                .thenCompose(found -> deleteAll(
                                        logical,
                                        found.stream()
                                                .map(t -> schema.attributeValue(t, partitionKey)
                                                        .s())
                                                .toList(),
                                        keyItem));
                    }
                    return deleteAll(logical, keys, keyItem);
                })
                .whenComplete((r, e) -> invalidate(logical));
    }

    // ---------------------------------------------------------------- reads

    @Override
    public CompletableFuture<Optional<T>> get(T keyItem) {
        Checks.notNull("keyItem", keyItem);
        String logical = logicalKeyOf(keyItem);
        return candidates(keyItem, logical)
                .thenCompose(keys -> find(keyItem, keys))
                .thenApply(found -> found.stream().findFirst());
    }

    @Override
    public CompletableFuture<Page<T>> query(String logicalKey, ShardQuery query) {
        checkLogicalKey(logicalKey);
        Checks.notNull("query", query);
        CompletableFuture<ShardLayout> layout = shardMap.layout(logicalKey);
        if (layout.isDone() && !layout.isCompletedExceptionally()) {
            // validate the cursor now, before any request
            return cachedQuery(logicalKey, query, layout.join());
        }
        return layout.thenCompose(l -> cachedQuery(logicalKey, query, l));
    }

    @Override
    public SdkPublisher<T> stream(String logicalKey, ShardQuery query) {
        checkLogicalKey(logicalKey);
        Checks.notNull("query", query);
        CompletableFuture<ShardLayout> layout = shardMap.layout(logicalKey);
        if (layout.isDone() && !layout.isCompletedExceptionally()) {
            metrics.fanOutWidth(layout.join().readWidth());
            return fanOut.stream(fanOutQuery(logicalKey, query, layout.join(), false));
        }
        return subscriber -> layout.whenComplete((l, e) -> {
            if (e != null) {
                subscriber.onSubscribe(new org.reactivestreams.Subscription() {
                    @Override
                    public void request(long n) {}

                    @Override
                    public void cancel() {}
                });
                subscriber.onError(DynamoDbErrors.unwrap(e));
            } else {
                metrics.fanOutWidth(l.readWidth());
                fanOut.stream(fanOutQuery(logicalKey, query, l, false)).subscribe(subscriber);
            }
        });
    }

    private CompletableFuture<Page<T>> cachedQuery(String logicalKey, ShardQuery query, ShardLayout layout) {
        FanOutQuery<T> fanOutQuery = fanOutQuery(logicalKey, query, layout, true);
        if (cache == null) {
            metrics.fanOutWidth(layout.readWidth());
            return fanOut.query(fanOutQuery);
        }
        PageKey key = new PageKey(logicalKey, describe(query, layout));
        CompletableFuture<Page<T>> cached = cache.getIfPresent(key);
        if (cached != null) {
            metrics.cacheHit();
            return cached;
        }
        metrics.cacheMiss();
        metrics.fanOutWidth(layout.readWidth());
        CompletableFuture<Page<T>> read = fanOut.query(fanOutQuery);
        cache.put(key, read);
        return read;
    }

    private FanOutQuery<T> fanOutQuery(String logicalKey, ShardQuery query, ShardLayout layout, boolean limited) {
        int width = layout.readWidth();
        List<QuerySource<T>> sources = new ArrayList<>(width);
        List<String> physicalKeys = codec.allPhysicalKeys(logicalKey, width);
        for (int i = 0; i < width; i++) {
            QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                    .queryConditional(query.sortKey().forPartition(physicalKeys.get(i)))
                    .scanIndexForward(!query.descending())
                    .consistentRead(query.consistentRead());
            if (query.filter() != null) {
                request.filterExpression(query.filter());
            }
            sources.add(QuerySource.of(table, request.build()));
        }
        FanOutQuery.Builder<T> builder = FanOutQuery.<T>builder()
                .scope("sharding|" + tableName)
                .sources(sources)
                .order(
                        sortKey == null
                                ? MergeOrder.unordered()
                                : query.descending()
                                        ? MergeOrder.descending(sortOrder)
                                        : MergeOrder.ascending(sortOrder))
                .cursor(query.cursor());
        if (limited) {
            builder.limit(query.limit());
        }
        return builder.build();
    }

    // ---------------------------------------------------------------- keys

    private String logicalKeyOf(T item) {
        return checkLogicalKey(logicalKeyOf.apply(item));
    }

    private static String checkLogicalKey(String logicalKey) {
        Checks.notEmpty("logicalKey", logicalKey);
        if (logicalKey.startsWith(TableShardMap.KEY_PREFIX)) {
            throw InvalidInputException.of(
                    "logicalKey",
                    TableShardMap.KEY_PREFIX + "...",
                    "not start with the reserved shard-map prefix " + TableShardMap.KEY_PREFIX);
        }
        return logicalKey;
    }

    private @Nullable String currentKey(Map<String, AttributeValue> map) {
        AttributeValue value = map.get(partitionKey);
        return value == null ? null : value.s();
    }

    private boolean belongsTo(String physicalKey, String logicalKey) {
        if (!codec.isPhysicalKey(physicalKey)) {
            return false;
        }
        return codec.decode(physicalKey).logicalKey().equals(logicalKey);
    }

    private String chooseWriteKey(
            String logical, @Nullable String shardValue, @Nullable String existing, ShardLayout layout) {
        if (shardValue != null) {
            return codec.encode(logical, codec.calculatedShard(shardValue, layout.current()));
        }
        if (existing != null && belongsTo(existing, logical)) {
            ShardedKey parts = codec.decode(existing);
            if (parts.shard() < layout.readWidth()) {
                return existing; // an item read from this table: overwrite it where it is
            }
        }
        return codec.encode(logical, codec.randomShard(layout.current()));
    }

    /** The physical keys that may hold the item keyed by {@code keyItem}, most likely first. */
    private CompletableFuture<List<String>> candidates(T keyItem, String logical) {
        Map<String, AttributeValue> map = schema.itemToMap(keyItem, true);
        @Nullable String existing = currentKey(map);
        @Nullable String shardValue = strategy.isCalculated() ? strategy.shardAttributeOf(keyItem) : null;
        return shardMap.layout(logical).thenApply(layout -> {
            if (existing != null && belongsTo(existing, logical)) {
                return List.of(existing);
            }
            if (shardValue != null) {
                Set<String> keys = new LinkedHashSet<>();
                for (int count : layout.counts()) {
                    keys.add(codec.encode(logical, codec.calculatedShard(shardValue, count)));
                }
                return List.copyOf(keys);
            }
            return codec.allPhysicalKeys(logical, layout.readWidth());
        });
    }

    private Key key(String physical, T keyItem) {
        Key.Builder key = Key.builder().partitionValue(physical);
        if (sortKey != null) {
            key.sortValue(sortValueOf(keyItem));
        }
        return key.build();
    }

    private AttributeValue sortValueOf(T keyItem) {
        AttributeValue value = sortKey == null ? null : schema.attributeValue(keyItem, sortKey);
        if (value == null || Boolean.TRUE.equals(value.nul())) {
            throw InvalidInputException.of("keyItem." + sortKey, null, "be set");
        }
        return value;
    }

    /** The stored copies of the item, in candidate order. */
    private CompletableFuture<List<T>> find(T keyItem, List<String> keys) {
        if (keys.size() == 1) {
            return table.getItem(key(keys.get(0), keyItem))
                    .thenApply(item -> item == null ? List.<T>of() : List.of(item));
        }
        List<WriteKey> writeKeys = new ArrayList<>(keys.size());
        for (String physical : keys) {
            Map<String, AttributeValue> key = new HashMap<>();
            key.put(partitionKey, AttributeValue.fromS(physical));
            if (sortKey != null) {
                key.put(sortKey, sortValueOf(keyItem));
            }
            writeKeys.add(new WriteKey(tableName, key));
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

    private CompletableFuture<Optional<T>> deleteAll(String logical, List<String> keys, T keyItem) {
        List<CompletableFuture<T>> deletes = new ArrayList<>(keys.size());
        for (String physical : keys) {
            deletes.add(track(logical, table.deleteItem(key(physical, keyItem))));
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

    private CompletableFuture<Void> deleteCopies(
            T item, String logical, String written, String shardValue, ShardLayout layout) {
        List<String> stale = new ArrayList<>();
        for (int count : layout.previous()) {
            String old = codec.encode(logical, codec.calculatedShard(shardValue, count));
            if (!old.equals(written) && !stale.contains(old)) {
                stale.add(old);
            }
        }
        return deleteAll(logical, stale, item).thenApply(v -> null);
    }

    private <R> CompletableFuture<R> track(String logical, CompletableFuture<R> write) {
        return write.whenComplete((r, e) -> metrics.write(logical, e));
    }

    private void invalidate(String logical) {
        if (cache != null) {
            cache.synchronous().asMap().keySet().removeIf(k -> k.logicalKey().equals(logical));
        }
    }

    private static String describe(ShardQuery query, ShardLayout layout) {
        StringBuilder sb = new StringBuilder(query.toString()).append('|').append(layout.readWidth());
        Expression filter = query.filter();
        if (filter != null) {
            sb.append('|').append(filter.expressionNames()).append('|').append(filter.expressionValues());
        }
        sb.append('|').append(query.cursor());
        return sb.toString();
    }

    @Override
    public String toString() {
        return "ShardedTable[" + tableName + ", " + strategy + ", " + shardMap + "]";
    }

    /** A cached page: logical key (for invalidation) and everything else the page depends on. */
    private record PageKey(String logicalKey, String query) {}
}
