package io.github.ddbpatterns.sharding;

import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.core.fanout.FanOut;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.internal.client.DefaultDynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A write-sharded table: items of one logical partition key (a hot {@code userId}, say) are spread over
 * physical partition keys {@code <logicalKey>#shard-<n>} so that writes do not throttle on one partition, and
 * reads of the logical key fan out to every shard in parallel and come back merged in sort-key order, with an
 * exact limit and an opaque, signed cursor.
 *
 * <p>The item type carries both keys: an attribute holding the logical key (read by
 * {@link Builder#logicalKey(Function)}), and the table's partition key attribute (a string) holding the physical
 * key, which the table sets on every write. Items returned by reads carry their physical key, so putting one
 * back overwrites it in place.
 *
 * <pre>{@code
 * @DynamoDbBean
 * public class Event {
 *     private String pk;        // physical key, set by the ShardedTable: "user-42#shard-7"
 *     private String userId;    // logical key: "user-42"
 *     private String at;        // sort key
 *     @DynamoDbPartitionKey public String getPk() { return pk; }
 *     @DynamoDbSortKey public String getAt() { return at; }
 *     // other getters and setters
 * }
 *
 * ShardedTable<Event> events = ShardedTable.builder(TableSchema.fromBean(Event.class))
 *         .client(enhancedAsyncClient).tableName("events")
 *         .logicalKey(Event::getUserId)
 *         .shards(10).shards("user-42", 100)          // only the hot key gets 100 shards
 *         .build();
 * events.put(event).join();
 * Page<Event> newest = events.query("user-42", ShardQuery.builder().descending().limit(50).build()).join();
 * Page<Event> next = events.query("user-42",
 *         ShardQuery.builder().descending().limit(50).cursor(newest.cursor().orElseThrow()).build()).join();
 * }</pre>
 *
 * <p>Concurrency: a read sends up to {@link FanOut#concurrency()} Queries at once (50 by default, the SDK
 * Netty client's default {@code maxConcurrency}); to read 100 shards in one round trip, raise the client's
 * {@code maxConcurrency} and pass a {@link FanOut} with a higher concurrency.
 *
 * @param <T> the item type
 */
public interface ShardedTable<T> {

    /**
     * A builder for items described by {@code schema}.
     *
     * @throws InvalidInputException if {@code schema} is null
     */
    static <T> Builder<T> builder(TableSchema<T> schema) {
        return new Builder<>(Checks.notNull("schema", schema));
    }

    /** The table name. */
    String tableName();

    /** The item schema. */
    TableSchema<T> tableSchema();

    /**
     * The layout of {@code logicalKey} (shard counts to write and to read).
     *
     * @throws InvalidInputException if {@code logicalKey} is null or empty
     */
    CompletableFuture<ShardLayout> layout(String logicalKey);

    /**
     * Writes {@code item} to one shard of its logical key: the shard its physical key already names (an item
     * read from this table), else the calculated or a random shard.
     *
     * @return the item as stored, with its physical key
     * @throws InvalidInputException if {@code item} is null, or its logical key or calculated attribute is
     *         null or empty
     */
    CompletableFuture<T> put(T item);

    /**
     * Like {@link #put(Object)}, through the write-coalescing buffer given to {@link Builder#writeBuffer}: the
     * future completes when the buffer has written the item.
     *
     * @throws InvalidInputException if {@code item} is invalid (see {@link #put(Object)})
     * @throws IllegalStateException if no write buffer was configured
     */
    CompletableFuture<Void> putBuffered(T item);

    /**
     * Updates the stored item with the non-key attributes of {@code item} (an UpdateItem that sets every
     * attribute {@code item} carries, null attributes removed).
     *
     * @return the item as stored after the update
     * @throws InvalidInputException if {@code item} is null, or, with random sharding, it carries no physical
     *         key of its logical key (read it first: a random shard would create a second copy)
     */
    CompletableFuture<T> update(T item);

    /**
     * Reads the item with the logical key and sort key of {@code keyItem}: one GetItem when its shard is known
     * (its physical key is set, or the shard is calculated), else one BatchGetItem per 100 shards.
     *
     * @throws InvalidInputException if {@code keyItem} is null or its logical key is null or empty
     */
    CompletableFuture<Optional<T>> get(T keyItem);

    /**
     * Deletes the item with the logical key and sort key of {@code keyItem} wherever it is stored.
     *
     * @return the deleted item, if it existed
     * @throws InvalidInputException if {@code keyItem} is null or its logical key is null or empty
     */
    CompletableFuture<Optional<T>> delete(T keyItem);

    /**
     * One page of the items of {@code logicalKey}: every shard is queried in parallel, the results are merged
     * in sort-key order, exactly {@code query.limit()} items are returned (fewer only when fewer exist) and a
     * cursor when more may follow. A cursor is valid for the same logical key, condition, filter, order and
     * shard layout; after the layout changes it is refused.
     *
     * @throws InvalidInputException if an argument is null or {@code logicalKey} is empty
     * @throws InvalidCursorException if the query's cursor was altered or issued for another key or query
     *         (when the key's layout had to be loaded first, the future fails with it instead)
     */
    CompletableFuture<Page<T>> query(String logicalKey, ShardQuery query);

    /**
     * Every item of {@code logicalKey} matching {@code query} (from its cursor, ignoring its limit), merged in
     * sort-key order, with backpressure: shards are read only as the subscriber requests items.
     *
     * @throws InvalidInputException if an argument is null or {@code logicalKey} is empty
     */
    SdkPublisher<T> stream(String logicalKey, ShardQuery query);

    /**
     * The logical keys whose writes were throttled most in the last minute, hashed (never raw keys).
     *
     * @throws InvalidInputException if {@code n} is not positive
     */
    java.util.List<io.github.ddbpatterns.core.hotkeys.HotKey> throttledKeys(int n);

    /** A blocking view of this table, for callers without an event loop. */
    default SyncShardedTable<T> sync() {
        return new SyncShardedTable<>(this);
    }

    /** Builder of a {@link ShardedTable}; every setter validates at once. */
    final class Builder<T> {
        final TableSchema<T> schema;

        @Nullable
        DynamoDbEnhancedAsyncClient client;

        @Nullable
        DynamoDbAsyncClient lowLevelClient;

        @Nullable
        String tableName;

        @Nullable
        Function<? super T, String> logicalKey;

        ShardingStrategy<T> strategy = ShardingStrategy.random();

        @Nullable
        Integer shards;

        final Map<String, Integer> overrides = new HashMap<>();

        @Nullable
        ShardMap shardMap;

        ShardKeyCodec codec = ShardKeyCodec.ofDefaults();

        @Nullable
        FanOut fanOut;

        MeterRegistry meterRegistry = new CompositeMeterRegistry();

        @Nullable
        WriteBuffer writeBuffer;

        @Nullable
        Duration cacheTtl;

        long cacheSize = 10_000;

        private Builder(TableSchema<T> schema) {
            this.schema = schema;
        }

        /**
         * The Enhanced async client (required).
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> client(DynamoDbEnhancedAsyncClient client) {
            this.client = Checks.notNull("client", client);
            return this;
        }

        /**
         * The low-level client used for BatchGetItem; by default the one inside the SDK's Enhanced client.
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> lowLevelClient(DynamoDbAsyncClient lowLevelClient) {
            this.lowLevelClient = Checks.notNull("lowLevelClient", lowLevelClient);
            return this;
        }

        /**
         * The table name (required).
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder<T> tableName(String tableName) {
            this.tableName = Checks.notEmpty("tableName", tableName);
            return this;
        }

        /**
         * How to read the logical partition key from an item (required).
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> logicalKey(Function<? super T, String> logicalKey) {
            this.logicalKey = Checks.notNull("logicalKey", logicalKey);
            return this;
        }

        /**
         * How writes choose a shard; random by default.
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> strategy(ShardingStrategy<T> strategy) {
            this.strategy = Checks.notNull("strategy", strategy);
            return this;
        }

        /**
         * The shard count of every logical key without an override.
         *
         * @throws InvalidInputException if outside {@code 1 .. ShardKeyCodec.MAX_SHARDS}
         */
        public Builder<T> shards(int shardCount) {
            this.shards = ShardKeyCodec.checkShardCount(shardCount);
            return this;
        }

        /**
         * The shard count of one (hot) logical key.
         *
         * @throws InvalidInputException if {@code logicalKey} is null or empty, or the count is outside
         *         {@code 1 .. ShardKeyCodec.MAX_SHARDS}
         */
        public Builder<T> shards(String logicalKey, int shardCount) {
            overrides.put(Checks.notEmpty("logicalKey", logicalKey), ShardKeyCodec.checkShardCount(shardCount));
            return this;
        }

        /**
         * Where shard counts come from at run time (e.g. a {@link TableShardMap}); replaces
         * {@link #shards(int)} and its overrides.
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> shardMap(ShardMap shardMap) {
            this.shardMap = Checks.notNull("shardMap", shardMap);
            return this;
        }

        /**
         * The physical key format; {@code <key>#shard-<n>} by default.
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> codec(ShardKeyCodec codec) {
            this.codec = Checks.notNull("codec", codec);
            return this;
        }

        /**
         * The fan-out reading shards; by default concurrency 50 (the SDK Netty client's default
         * {@code maxConcurrency}), page size 100, per-JVM cursor key (pass a {@link FanOut} with
         * {@code CursorCodec.withKey(secret)} when several instances serve cursors).
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> fanOut(FanOut fanOut) {
            this.fanOut = Checks.notNull("fanOut", fanOut);
            return this;
        }

        /**
         * Where metrics go ({@code ddb.patterns.sharding.*} and the fan-out's); none by default.
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = Checks.notNull("meterRegistry", meterRegistry);
            return this;
        }

        /**
         * The write-coalescing buffer used by {@link ShardedTable#putBuffered(Object)}; owned by the caller.
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> writeBuffer(WriteBuffer writeBuffer) {
            this.writeBuffer = Checks.notNull("writeBuffer", writeBuffer);
            return this;
        }

        /**
         * Caches query pages (Caffeine) for {@code ttl}; this instance's own writes to a logical key invalidate
         * its pages at once, other instances' writes show after at most {@code ttl}. Off by default.
         *
         * @throws InvalidInputException if {@code ttl} is not positive or {@code maxPages} is not positive
         */
        public Builder<T> cache(Duration ttl, long maxPages) {
            this.cacheTtl = Checks.positive("ttl", ttl);
            this.cacheSize = Checks.positive("maxPages", maxPages);
            return this;
        }

        /**
         * The table.
         *
         * @throws InvalidInputException if client, table name, logical key or shard count is missing, or the
         *         schema's partition key is not a string
         */
        public ShardedTable<T> build() {
            if (client == null) {
                throw InvalidInputException.of("client", null, "be set");
            }
            if (tableName == null) {
                throw InvalidInputException.of("tableName", null, "be set");
            }
            if (logicalKey == null) {
                throw InvalidInputException.of("logicalKey", null, "be set");
            }
            if (shardMap == null && shards == null) {
                throw InvalidInputException.of("shards", null, "be set (or a shardMap)");
            }
            String pk = schema.tableMetadata().primaryPartitionKey();
            Optional<ScalarAttributeType> type = schema.tableMetadata().scalarAttributeType(pk);
            if (type.isPresent() && type.get() != ScalarAttributeType.S) {
                throw InvalidInputException.of(
                        "schema.partitionKey",
                        pk + " of type " + type.get(),
                        "be a string attribute (it holds '<logicalKey>#shard-<n>')");
            }
            if (lowLevelClient == null && client instanceof DefaultDynamoDbEnhancedAsyncClient enhanced) {
                lowLevelClient = enhanced.dynamoDbAsyncClient();
            }
            if (lowLevelClient == null) {
                throw InvalidInputException.of(
                        "lowLevelClient", null, "be set when the Enhanced client is not the SDK's own implementation");
            }
            if (shardMap == null) {
                shardMap = ShardMap.fixed(shards, overrides);
            }
            if (fanOut == null) {
                fanOut = FanOut.builder()
                        .concurrency(50)
                        .name(tableName)
                        .meterRegistry(meterRegistry)
                        .build();
            }
            return new DefaultShardedTable<>(this);
        }
    }
}
