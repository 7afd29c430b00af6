package io.github.ddbpatterns.sharding;

import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.SharedSettings;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.buffer.BufferClosedException;
import io.github.ddbpatterns.core.buffer.BufferFullException;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.core.buffer.WriteFailedException;
import io.github.ddbpatterns.core.fanout.FanOut;
import io.github.ddbpatterns.core.hotkeys.HotKey;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import io.github.ddbpatterns.core.table.TableLayout;
import io.github.ddbpatterns.core.table.TableLayoutException;
import io.github.ddbpatterns.core.table.TableRepository;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
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
 * PatternsContext context = PatternsContext.builder().dynamoDbClient(DynamoDbAsyncClient.create()).build();
 * ShardedTable<Event> events = ShardedTable.builder(context, TableSchema.fromBean(Event.class))
 *         .tableName("events")
 *         .logicalKey(Event::getUserId)
 *         .shards(10).shards("user-42", 100)          // only the hot key gets 100 shards
 *         .build();
 * events.put(event).join();
 * ShardQuery newest = ShardQuery.all().newestFirst().limit(50);
 * Page<Event> page = events.query("user-42", newest).join();
 * if (page.hasMore()) {
 *     Page<Event> next = events.query("user-42", newest.after(page)).join();
 * }
 * }</pre>
 *
 * <p>Every request goes through the context's client, so each is retried by the context's
 * {@link io.github.ddbpatterns.core.resilience.ResiliencePolicy} (each page of each shard's Query on its own).
 * Before its first request the table checks its table once ({@link #verifyTable()}): a missing table or one with
 * another key schema fails with {@link TableLayoutException} before any data request.
 *
 * <p>Concurrency: a read sends up to {@link FanOut#concurrency()} Queries at once (50 by default, the SDK
 * Netty client's default {@code maxConcurrency}); to read 100 shards in one round trip, raise the client's
 * {@code maxConcurrency} and pass a {@link FanOut} with a higher concurrency.
 *
 * @param <T> the item type
 */
public interface ShardedTable<T> extends TableRepository {

    /**
     * A standalone builder for items described by {@code schema}; {@code dynamoDbClient} is then required.
     *
     * @param schema the item schema; its partition key must be a string attribute
     * @param <T> the item type
     * @return the builder
     * @throws InvalidInputException if {@code schema} is null
     */
    static <T> Builder<T> builder(TableSchema<T> schema) {
        return new Builder<>(null, Checks.notNull("schema", schema));
    }

    /**
     * A builder for items described by {@code schema}, with the client, policy, registry, cursor codec and
     * executor of {@code context}.
     *
     * @param context the shared settings
     * @param schema the item schema; its partition key must be a string attribute
     * @param <T> the item type
     * @return the builder
     * @throws InvalidInputException if an argument is null
     */
    static <T> Builder<T> builder(PatternsContext context, TableSchema<T> schema) {
        return new Builder<>(Checks.notNull("context", context), Checks.notNull("schema", schema));
    }

    /**
     * The item schema.
     *
     * @return the schema
     */
    TableSchema<T> tableSchema();

    /**
     * The table this repository needs: the schema's keys (a string partition key holding physical keys) and
     * indexes.
     *
     * @return the layout
     */
    @Override
    TableLayout tableLayout();

    /**
     * The layout of {@code logicalKey} (shard counts to write and to read).
     *
     * @param logicalKey the logical key
     * @return the layout
     * @throws InvalidInputException if {@code logicalKey} is null or empty
     */
    CompletableFuture<ShardLayout> layout(String logicalKey);

    /**
     * Writes {@code item} to one shard of its logical key: the shard its physical key already names (an item
     * read from this table), else the calculated shard or the strategy's next one. With the calculated strategy and
     * a layout that still has previous counts, the copy stored under an older count is deleted after the write (if
     * that delete fails the future fails although the item is stored: put it again).
     *
     * <p>With a {@link Builder#writeBuffer write buffer} the put (and that delete) goes through the buffer: it is
     * coalesced with other writes of the same item and sent in a BatchWriteItem, and the future completes only
     * when the buffer has persisted it (or fails with {@link WriteFailedException} when the buffer gave it up, or
     * with {@link BufferFullException} / {@link BufferClosedException} when the buffer refused it).
     *
     * @param item the item
     * @return the item as stored, with its physical key, once persisted
     * @throws InvalidInputException if {@code item} is null, its logical key, sort key or calculated attribute
     *     is null or empty, a key is too long, or the item is larger than 400 KB
     */
    CompletableFuture<T> put(T item);

    /**
     * Writes every item, as {@link #put(Object)} chooses their shards, through BatchWriteItem (calls of 25,
     * {@code UnprocessedItems} resent): one {@link io.github.ddbpatterns.core.batch.WriteOutcome} per item, in
     * input order, persisted or failed with the cause; the future does not fail because of a failed item. With
     * the calculated strategy and a layout with previous counts, the copies under older counts are deleted once
     * the item is persisted; an item whose old copy could not be deleted is reported failed (put it again).
     *
     * <p>With a {@link Builder#writeBuffer write buffer} every item goes through the buffer and its outcome is
     * known when the buffer persisted or gave it up. The buffer's calls are shared with other writes, so the
     * result then counts no requests and each outcome one attempt (none when the buffer refused the item).
     *
     * @param items the items
     * @return the outcomes
     * @throws InvalidInputException if {@code items} is null, or one of them is invalid (see {@link #put(Object)})
     */
    CompletableFuture<BatchWriteResult> putAll(Collection<T> items);

    /**
     * Updates the stored item with the non-key attributes of {@code item} (an UpdateItem that sets every
     * attribute {@code item} carries, null attributes removed). With a write buffer, pending buffered writes are
     * flushed first when one is for this item, so the update is not overwritten by an older buffered put.
     *
     * @param item the item with its new attributes
     * @return the item as stored after the update
     * @throws InvalidInputException if {@code item} is null, its logical or sort key is null or empty, the item is
     *     larger than 400 KB, or, when the shard is not calculated, it carries no physical key of its logical key
     *     (read it first: another shard would create a second copy)
     */
    CompletableFuture<T> update(T item);

    /**
     * Reads the item with the logical key and sort key of {@code keyItem}: one GetItem when its shard is known
     * (its physical key is set, or the shard is calculated), else one BatchGetItem per 100 shards.
     *
     * @param keyItem an item carrying the logical key and the sort key
     * @return the item, or empty when none is stored
     * @throws InvalidInputException if {@code keyItem} is null or its logical or sort key is null or empty
     */
    CompletableFuture<Optional<T>> get(T keyItem);

    /**
     * Deletes the item with the logical key and sort key of {@code keyItem} wherever it is stored. With a write
     * buffer, the copies are found first (table and pending writes) and their deletes go through the buffer; the
     * future completes when they are persisted.
     *
     * @param keyItem an item carrying the logical key and the sort key
     * @return the deleted item, or empty when none was stored
     * @throws InvalidInputException if {@code keyItem} is null or its logical or sort key is null or empty
     */
    CompletableFuture<Optional<T>> delete(T keyItem);

    /**
     * One page of the items of {@code logicalKey}: every shard is queried in parallel, the results are merged
     * in sort-key order, exactly {@code query.limit()} items are returned (fewer only when fewer exist) and a
     * cursor when more may follow. Resume with {@code query.after(page)}. A cursor is valid for the same logical
     * key, condition, filter and order (the limit may change), whatever the key's shard count meanwhile: when the
     * count was raised, the added shards are read from the cursor's position on in a sort-key merge (their items
     * behind it, all written after the cursor, are not returned, as DynamoDB does not return an item written behind
     * a cursor; an item written there with the same sort key as the last item returned counts as behind), and from
     * their beginning without a sort key; when a wider count was retired, the shards dropped (found empty first)
     * are no longer read. Every item present throughout is returned exactly once. In a sort-key merge a shard read
     * to its end is queried again on the next page from the cursor's position on, so an item written there since,
     * ahead of the cursor, is returned too.
     *
     * @param logicalKey the logical key
     * @param query the query
     * @return the page
     * @throws InvalidInputException if an argument is null or {@code logicalKey} is empty or reserved
     * @throws InvalidCursorException if the query's cursor was altered, signed with another key or issued for
     *     another table, logical key or query (at the call, before any request)
     */
    CompletableFuture<Page<T>> query(String logicalKey, ShardQuery query);

    /**
     * Every item of {@code logicalKey} matching {@code query} (from its cursor on, ignoring its limit), merged in
     * sort-key order, with backpressure: shards are read only as the subscriber requests items. Each
     * subscription reads anew. A cursor resumes as in {@link #query}, whatever the key's shard count meanwhile.
     *
     * @param logicalKey the logical key
     * @param query the query
     * @return the items
     * @throws InvalidInputException if an argument is null or {@code logicalKey} is empty or reserved
     * @throws InvalidCursorException if the query's cursor was altered, signed with another key or issued for
     *     another table, logical key or query (at the call, before any request)
     */
    SdkPublisher<T> stream(String logicalKey, ShardQuery query);

    /**
     * The logical keys whose writes were throttled most in the last minute, hashed (never raw keys).
     *
     * @param n how many keys
     * @return the keys, most throttled first
     * @throws InvalidInputException if {@code n} is not positive
     */
    List<HotKey> throttledKeys(int n);

    /**
     * The controller of adaptive sharding, when the table was built with
     * {@link Builder#adaptive(AdaptiveSharding)}.
     *
     * @return the controller, or empty
     */
    default Optional<AdaptiveShardController> adaptive() {
        return Optional.empty();
    }

    /**
     * A blocking view of this table, for callers without an event loop.
     *
     * @return the blocking twin
     */
    default SyncShardedTable<T> sync() {
        return new SyncShardedTable<>(this);
    }

    /**
     * Builder of a {@link ShardedTable}; every setter validates at once. The shared settings
     * ({@code dynamoDbClient}, {@code resilience}, {@code meterRegistry}, {@code cursorCodec}, {@code executor},
     * {@code checkTables}...) come from {@link SharedSettings}.
     *
     * @param <T> the item type
     */
    final class Builder<T> extends SharedSettings<Builder<T>> {
        final TableSchema<T> schema;

        @Nullable
        String tableName;

        @Nullable
        Function<? super T, String> logicalKey;

        ShardingStrategy<T> strategy = ShardingStrategy.roundRobin();

        @Nullable
        Integer shards;

        final Map<String, Integer> overrides = new HashMap<>();

        @Nullable
        ShardMap shardMap;

        ShardKeyCodec codec = ShardKeyCodec.ofDefaults();

        @Nullable
        FanOut fanOut;

        @Nullable
        WriteBuffer writeBuffer;

        @Nullable
        Duration cacheTtl;

        long cacheSize = 10_000;

        @Nullable
        AdaptiveSharding adaptive;

        private Builder(@Nullable PatternsContext base, TableSchema<T> schema) {
            super(base);
            this.schema = schema;
        }

        /**
         * The table name (required).
         *
         * @param tableName the name
         * @return this builder
         * @throws InvalidInputException if null or empty
         */
        public Builder<T> tableName(String tableName) {
            this.tableName = Checks.notEmpty("tableName", tableName);
            return this;
        }

        /**
         * How to read the logical partition key from an item (required).
         *
         * @param logicalKey the accessor, e.g. {@code Event::getUserId}
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder<T> logicalKey(Function<? super T, String> logicalKey) {
            this.logicalKey = Checks.notNull("logicalKey", logicalKey);
            return this;
        }

        /**
         * How writes choose a shard; {@link ShardingStrategy#roundRobin()} by default.
         *
         * @param strategy the strategy
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder<T> strategy(ShardingStrategy<T> strategy) {
            this.strategy = Checks.notNull("strategy", strategy);
            return this;
        }

        /**
         * The shard count of every logical key without an override.
         *
         * @param shardCount the count
         * @return this builder
         * @throws InvalidInputException if outside {@code 1 .. ShardKeyCodec.MAX_SHARDS}
         */
        public Builder<T> shards(int shardCount) {
            this.shards = ShardKeyCodec.checkShardCount(shardCount);
            return this;
        }

        /**
         * The shard count of one (hot) logical key.
         *
         * @param logicalKey the key
         * @param shardCount its count
         * @return this builder
         * @throws InvalidInputException if {@code logicalKey} is null or empty, or the count is outside
         *     {@code 1 .. ShardKeyCodec.MAX_SHARDS}
         */
        public Builder<T> shards(String logicalKey, int shardCount) {
            overrides.put(Checks.notEmpty("logicalKey", logicalKey), ShardKeyCodec.checkShardCount(shardCount));
            return this;
        }

        /**
         * Where shard counts come from at run time (e.g. a {@link TableShardMap}); replaces
         * {@link #shards(int)} and its overrides.
         *
         * @param shardMap the map
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder<T> shardMap(ShardMap shardMap) {
            this.shardMap = Checks.notNull("shardMap", shardMap);
            return this;
        }

        /**
         * The physical key format; {@code <key>#shard-<n>} by default.
         *
         * @param codec the codec
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder<T> codec(ShardKeyCodec codec) {
            this.codec = Checks.notNull("codec", codec);
            return this;
        }

        /**
         * The fan-out reading shards; by default the context's ({@code cursorCodec}, {@code meterRegistry},
         * {@code executor}) with concurrency 50 (the SDK Netty client's default {@code maxConcurrency}), page
         * size 100 and this table's name as its metric tag. A fan-out given here is used as it is (its own cursor
         * codec and registry).
         *
         * @param fanOut the fan-out
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder<T> fanOut(FanOut fanOut) {
            this.fanOut = Checks.notNull("fanOut", fanOut);
            return this;
        }

        /**
         * Sends {@link ShardedTable#put put}, {@link ShardedTable#putAll putAll} and {@link ShardedTable#delete
         * delete} through this write-coalescing buffer (build it with {@link WriteBuffer#builder(PatternsContext)}
         * on the same context); their futures complete when the buffer has persisted the writes. The buffer is
         * owned by the caller (flush and close it there).
         *
         * @param writeBuffer the buffer
         * @return this builder
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
         * @param ttl how long a page is kept
         * @param maxPages most pages kept
         * @return this builder
         * @throws InvalidInputException if {@code ttl} is not positive or {@code maxPages} is not positive
         */
        public Builder<T> cache(Duration ttl, long maxPages) {
            this.cacheTtl = Checks.positive("ttl", ttl);
            this.cacheSize = Checks.positive("maxPages", maxPages);
            return this;
        }

        /**
         * Adaptive sharding: every key gets the shards its write rate needs, decided by an
         * {@link AdaptiveShardController} ({@link ShardedTable#adaptive()}) from what every instance reports to the
         * shard map. Needs a {@link TableShardMap} ({@link #shardMap}).
         *
         * @param settings the settings
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder<T> adaptive(AdaptiveSharding settings) {
            this.adaptive = Checks.notNull("adaptive", settings);
            return this;
        }

        /**
         * The table.
         *
         * @return the table
         * @throws InvalidInputException if the client (standalone builder), table name, logical key or shard
         *     count is missing, the table name is not a valid DynamoDB name, or the schema's partition key is not a
         *     string
         */
        public ShardedTable<T> build() {
            if (tableName == null) {
                throw InvalidInputException.of("tableName", null, "be set");
            }
            if (logicalKey == null) {
                throw InvalidInputException.of("logicalKey", null, "be set");
            }
            if (shardMap == null && shards == null) {
                throw InvalidInputException.of("shards", null, "be set (or a shardMap)");
            }
            if (adaptive != null && !(shardMap instanceof TableShardMap)) {
                throw InvalidInputException.of(
                        "shardMap", shardMap, "be a TableShardMap for adaptive sharding (instances agree through it)");
            }
            String pk = schema.tableMetadata().primaryPartitionKey();
            Optional<ScalarAttributeType> type = schema.tableMetadata().scalarAttributeType(pk);
            if (type.isPresent() && type.get() != ScalarAttributeType.S) {
                throw InvalidInputException.of(
                        "schema.partitionKey",
                        pk + " of type " + type.get(),
                        "be a string attribute (it holds '<logicalKey>#shard-<n>')");
            }
            TableLayout layout = TableLayout.from(tableName, schema).build();
            PatternsContext context = context();
            ShardMap map = shardMap;
            if (map == null) {
                map = ShardMap.fixed(shards, overrides);
            }
            FanOut reads = fanOut;
            if (reads == null) {
                reads = context.fanOut().name(tableName).concurrency(50).build();
            }
            return new DefaultShardedTable<>(this, context, layout, map, reads);
        }
    }
}
