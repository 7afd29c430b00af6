package io.github.ddbpatterns.sharding;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.SharedSettings;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * A {@link ShardMap} stored in the sharded table itself, so every application instance agrees on each key's
 * shard counts: one item per resharded logical key under the reserved partition key
 * {@code __ddbpatterns#shardmap#<logicalKey>}, holding the current count, the previous counts whose data may
 * still exist, and a version for optimistic locking. Keys without an item use the default count. Layouts are
 * cached (Caffeine) for a short TTL, so an instance sees another's change within the TTL; since writes under
 * the old count stay readable (the old count is kept as {@code previous}), the delay loses nothing.
 *
 * <p>Its GetItem and PutItem go through the context's client, so they are retried by the context's policy.
 *
 * <pre>{@code
 * TableShardMap shardMap = TableShardMap.builder(context).tableName("events")
 *         .partitionKey("pk").sortKey("sk", AttributeValue.fromS("#shardmap"))
 *         .defaultShards(1).ttl(Duration.ofSeconds(10)).build();
 * ShardedTable<Event> events = ShardedTable.builder(context, TableSchema.fromBean(Event.class))
 *         .tableName("events")
 *         .logicalKey(Event::getUserId)
 *         .shardMap(shardMap)
 *         .build();
 * shardMap.reshard("user-42", 100).join();   // hot key: reads cover shards of 1 and 100 from now on
 * // ... once the data written under the old count has been moved or has expired:
 * shardMap.retire("user-42").join();
 * }</pre>
 */
public final class TableShardMap implements ShardMap {

    /** The partition key prefix of shard-map items. */
    public static final String KEY_PREFIX = "__ddbpatterns#shardmap#";
    /** Default cache TTL. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

    private static final String CURRENT = "shardCount";
    private static final String PREVIOUS = "previousShardCounts";
    private static final String VERSION = "shardMapVersion";

    private final DynamoDbAsyncClient client;
    private final String tableName;
    private final String partitionKey;
    private final @Nullable String sortKey;
    private final @Nullable AttributeValue sortValue;
    private final int defaultShards;
    private final AsyncLoadingCache<String, Versioned> cache;

    private TableShardMap(Builder b, PatternsContext context) {
        this.client = context.dynamoDbClient();
        this.tableName = b.tableName;
        this.partitionKey = b.partitionKey;
        this.sortKey = b.sortKey;
        this.sortValue = b.sortValue;
        this.defaultShards = b.defaultShards;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(b.ttl)
                .maximumSize(b.maxKeys)
                .buildAsync((key, executor) -> load(key));
    }

    /**
     * A standalone builder; {@code dynamoDbClient}, table name and partition key are required.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder(null);
    }

    /**
     * A builder with the client and policy of {@code context}; table name and partition key are required.
     *
     * @param context the shared settings
     * @return the builder
     * @throws InvalidInputException if {@code context} is null
     */
    public static Builder builder(PatternsContext context) {
        return new Builder(Checks.notNull("context", context));
    }

    /**
     * {@inheritDoc} Answered from the cache; a key not cached (or expired) is read with one consistent GetItem.
     *
     * @throws InvalidInputException if {@code logicalKey} is null or empty
     */
    @Override
    public CompletableFuture<ShardLayout> layout(String logicalKey) {
        Checks.notEmpty("logicalKey", logicalKey);
        return cache.get(logicalKey).thenApply(Versioned::layout);
    }

    /** The cached layout of {@code logicalKey}, without loading it. */
    Optional<ShardLayout> cachedLayout(String logicalKey) {
        CompletableFuture<Versioned> cached = cache.getIfPresent(logicalKey);
        if (cached == null || !cached.isDone() || cached.isCompletedExceptionally()) {
            return Optional.empty();
        }
        return Optional.of(cached.join().layout());
    }

    /**
     * Moves {@code logicalKey} to {@code shardCount} shards: new writes use it, reads cover it and every
     * previous count until {@link #retire(String)}.
     *
     * @return the new layout
     * @throws InvalidInputException if {@code logicalKey} is empty or {@code shardCount} is outside
     *         {@code 1 .. ShardKeyCodec.MAX_SHARDS}; the future fails with {@link ShardMapConflictException}
     *         if another instance changed the key at the same time
     */
    public CompletableFuture<ShardLayout> reshard(String logicalKey, int shardCount) {
        Checks.notEmpty("logicalKey", logicalKey);
        ShardKeyCodec.checkShardCount(shardCount);
        return change(logicalKey, layout -> layout.withCurrent(shardCount));
    }

    /**
     * Forgets the previous counts of {@code logicalKey}: call it once the data written under them has been
     * moved or has expired, and at least one TTL after the last {@link #reshard}.
     *
     * @return the new layout
     * @throws InvalidInputException if {@code logicalKey} is empty
     */
    public CompletableFuture<ShardLayout> retire(String logicalKey) {
        Checks.notEmpty("logicalKey", logicalKey);
        return change(logicalKey, ShardLayout::retired);
    }

    private CompletableFuture<ShardLayout> change(String logicalKey, UnaryOperator<ShardLayout> change) {
        return load(logicalKey).thenCompose(current -> {
            ShardLayout next = change.apply(current.layout());
            Map<String, AttributeValue> item = new HashMap<>(key(logicalKey));
            item.put(CURRENT, AttributeValue.fromN(Integer.toString(next.current())));
            List<AttributeValue> previous = new ArrayList<>();
            next.previous().forEach(c -> previous.add(AttributeValue.fromN(Integer.toString(c))));
            item.put(PREVIOUS, AttributeValue.fromL(previous));
            item.put(VERSION, AttributeValue.fromN(Long.toString(current.version() + 1)));
            return client.putItem(b -> {
                        b.tableName(tableName).item(item);
                        if (current.version() == 0) {
                            b.conditionExpression("attribute_not_exists(#v)")
                                    .expressionAttributeNames(Map.of("#v", VERSION));
                        } else {
                            b.conditionExpression("#v = :v")
                                    .expressionAttributeNames(Map.of("#v", VERSION))
                                    .expressionAttributeValues(
                                            Map.of(":v", AttributeValue.fromN(Long.toString(current.version()))));
                        }
                    })
                    .handle((r, e) -> {
                        if (e != null) {
                            Throwable cause = DynamoDbErrors.unwrap(e);
                            if (cause instanceof ConditionalCheckFailedException) {
                                cache.synchronous().invalidate(logicalKey);
                                throw ShardMapConflictException.of(logicalKey, cause);
                            }
                            throw new CompletionException(cause);
                        }
                        cache.put(
                                logicalKey,
                                CompletableFuture.completedFuture(new Versioned(next, current.version() + 1)));
                        return next;
                    });
        });
    }

    private CompletableFuture<Versioned> load(String logicalKey) {
        return client.getItem(b -> b.tableName(tableName).key(key(logicalKey)).consistentRead(true))
                .thenApply(this::parse);
    }

    private Versioned parse(GetItemResponse response) {
        if (!response.hasItem() || response.item().get(CURRENT) == null) {
            return new Versioned(ShardLayout.of(defaultShards), 0);
        }
        Map<String, AttributeValue> item = response.item();
        List<Integer> previous = new ArrayList<>();
        AttributeValue list = item.get(PREVIOUS);
        if (list != null && list.hasL()) {
            list.l().forEach(v -> previous.add(Integer.parseInt(v.n())));
        }
        AttributeValue version = item.get(VERSION);
        return new Versioned(
                new ShardLayout(Integer.parseInt(item.get(CURRENT).n()), previous),
                version == null ? 0 : Long.parseLong(version.n()));
    }

    private Map<String, AttributeValue> key(String logicalKey) {
        Map<String, AttributeValue> key = new HashMap<>(2);
        key.put(partitionKey, AttributeValue.fromS(KEY_PREFIX + logicalKey));
        if (sortKey != null && sortValue != null) {
            key.put(sortKey, sortValue);
        }
        return key;
    }

    @Override
    public String toString() {
        return "TableShardMap[" + tableName + ", default " + defaultShards + "]";
    }

    /** A layout and the version of the item it was read from (0: no item). */
    private record Versioned(ShardLayout layout, long version) {}

    /**
     * Builder of {@link TableShardMap}; every setter validates at once. The shared settings
     * ({@code dynamoDbClient}, {@code resilience}...) come from {@link SharedSettings}.
     */
    public static final class Builder extends SharedSettings<Builder> {
        private @Nullable String tableName;
        private @Nullable String partitionKey;
        private @Nullable String sortKey;
        private @Nullable AttributeValue sortValue;
        private int defaultShards = 1;
        private Duration ttl = DEFAULT_TTL;
        private long maxKeys = 10_000;

        private Builder(@Nullable PatternsContext base) {
            super(base);
        }

        /**
         * The table (required), usually the sharded table itself.
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder tableName(String tableName) {
            this.tableName = Checks.notEmpty("tableName", tableName);
            return this;
        }

        /**
         * The table's partition key attribute, of type string (required).
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder partitionKey(String partitionKey) {
            this.partitionKey = Checks.notEmpty("partitionKey", partitionKey);
            return this;
        }

        /**
         * For a table with a sort key: its attribute and the value shard-map items use.
         *
         * @throws InvalidInputException if an argument is null or the name empty
         */
        public Builder sortKey(String sortKey, AttributeValue value) {
            this.sortKey = Checks.notEmpty("sortKey", sortKey);
            this.sortValue = Checks.notNull("sortKeyValue", value);
            return this;
        }

        /**
         * The shard count of keys never resharded (default 1).
         *
         * @throws InvalidInputException if outside {@code 1 .. ShardKeyCodec.MAX_SHARDS}
         */
        public Builder defaultShards(int defaultShards) {
            this.defaultShards = ShardKeyCodec.checkShardCount(defaultShards);
            return this;
        }

        /**
         * How long a layout is cached ({@link #DEFAULT_TTL} by default).
         *
         * @throws InvalidInputException if not positive
         */
        public Builder ttl(Duration ttl) {
            this.ttl = Checks.positive("ttl", ttl);
            return this;
        }

        /**
         * Most layouts cached (default 10,000).
         *
         * @throws InvalidInputException if not positive
         */
        public Builder maxKeys(long maxKeys) {
            this.maxKeys = Checks.positive("maxKeys", maxKeys);
            return this;
        }

        /**
         * The shard map.
         *
         * @throws InvalidInputException if the client (standalone builder), table name or partition key is missing
         */
        public TableShardMap build() {
            if (tableName == null) {
                throw InvalidInputException.of("tableName", null, "be set");
            }
            if (partitionKey == null) {
                throw InvalidInputException.of("partitionKey", null, "be set");
            }
            return new TableShardMap(this, context());
        }
    }
}
