package io.github.ddbpatterns.indexes;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.capacity.CapacityUnits;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.internal.EmptyPartitions;
import io.github.ddbpatterns.core.keys.ItemSize;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import io.github.ddbpatterns.sharding.AdaptiveShardController;
import io.github.ddbpatterns.sharding.AdaptiveSharding;
import io.github.ddbpatterns.sharding.ShardLayout;
import io.github.ddbpatterns.sharding.TableShardMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How many shards each value of an index's partition key is spread over, so that a hot value (a popular item in a
 * "users of an item" index) does not make one hot index partition: DynamoDB's 1,000 WCU / 3,000 RCU per partition
 * hold for an index too, and a table write whose index partition is out of capacity is throttled (back-pressure).
 *
 * <p>A value with 1 shard is written as itself; a value with {@code n > 1} shards as {@code value#shard-k} (core's
 * {@link ShardKeyCodec}), {@code k} chosen from another attribute of the item so that the item's entry stays on one
 * shard. Reads of a value query the value itself and, for {@code n > 1}, its {@code n} shards, in parallel: a value
 * that turns hot keeps its earlier entries readable. With {@link #none()}, {@link #fixed}, {@link #perKey} and
 * {@link #of} counts may grow; lowering a count would hide the entries of the shards above it. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * IndexShards hotItems = IndexShards.perKey(Map.of("item-1", 8, "item-2", 4));   // every other item: 1
 * }</pre>
 *
 * <p><b>Adaptive.</b> {@link #adaptive(PatternsContext)} decides the counts at run time with the {@code sharding}
 * module's {@link AdaptiveShardController} (the one a {@code ShardedTable} uses, see its documentation for the
 * decision rules): every write that computes the index key ({@link DerivedAttribute#shardedKey}) records the
 * item's write units for the value; once per window each instance adds what it saw to the value's
 * {@link TableShardMap} item, and the sum of all instances raises a hot value to the advisor's count at once and
 * lowers it after the cool-down. The value's layout is stored under the shard-map key
 * {@code index#<indexName>#<value>} ({@link #SHARD_MAP_PREFIX}), so index values never share an item with a
 * {@code ShardedTable}'s logical keys (keep those from starting with {@code index#} when both use one shard map).
 * <ul>
 *   <li>Writes use the layout's {@linkplain ShardLayout#current() current} count as cached by the shard map. A
 *       value not cached (first write, or cache expired) is written as itself while its layout loads (one
 *       consistent GetItem per value per shard-map TTL, as a {@code ShardedTable}'s puts): the value itself is read
 *       by every read, so nothing is hidden, its partition only takes those few writes.
 *   <li>The units recorded per write are the table write's (the size of the attributes written, at least the
 *       index entry's for a new entry). An update that changes the index's key (a new score in its sort key) costs
 *       the index 2 writes (delete and put): for update-heavy values leave room in the
 *       {@linkplain AdaptiveSharding#targetUtilisation() target utilisation}, or {@link #recordThrottle} the index
 *       throttles your writes see (each raises a settled value by a shard).
 *   <li>Reads ({@link SecondaryIndex#query}, {@link SecondaryIndex#stream}) load the layout first and query the
 *       value itself and every shard below the layout's {@linkplain ShardLayout#readWidth() read width} (every
 *       count still listed): a cold value is one Query. A cursor is refused once the value's read width differs
 *       from the one it was issued under (on this instance).
 *   <li>An entry's shard is a hash of {@code spreadBy} modulo the count, and DynamoDB moves an entry when its key
 *       changes, so each item has exactly one entry whatever the layout it was written under. After a raise the
 *       smaller count is retired once the layout is settled (the shards below the read width are all read). After
 *       a lowering the dropped shards ({@code current .. readWidth - 1}; all of them when the count is back to 1,
 *       which writes the value itself) keep being read until one Query of each finds them empty — entries leave
 *       a shard when their items are rewritten (the extension writes the new count) or deleted — and the
 *       controller retires the wider count. A GSI has no consistent reads: the probe is an eventually consistent
 *       Query, made only once the layout is settled (the shard map's raise delay plus two windows after the last change),
 *       so an entry it could miss would have been written that long ago and still not be in the index.
 * </ul>
 *
 * <pre>{@code
 * PatternsContext base = PatternsContext.builder().dynamoDbClient(dynamoDb).build();
 * TableShardMap shardMap = TableShardMap.builder(base).tableName("interactions")
 *         .partitionKey("userId").sortKey("itemId", AttributeValue.fromS("#shardmap")).build();
 * IndexShards hotItems = IndexShards.adaptive(base)
 *         .tableName("interactions").indexName("byItemScore").partitionKey("itemShard")
 *         .shardMap(shardMap)
 *         .settings(AdaptiveSharding.builder().targetUtilisation(0.5).build())
 *         .build();
 * hotItems.controller().orElseThrow().start();
 * PatternsContext context = base.toBuilder()
 *         .extensions(List.of(DerivedAttributes.onTable("interactions",
 *                 DerivedAttribute.shardedKey("itemShard", "itemId", hotItems, "userId"))))
 *         .build();
 * }</pre>
 */
public final class IndexShards {

    /** The prefix of an adaptive index value's shard-map key: {@code index#<indexName>#<value>}. */
    public static final String SHARD_MAP_PREFIX = "index#";

    private static final IndexShards NONE = new IndexShards(key -> 1, ShardKeyCodec.ofDefaults(), "none", null);

    private final ToIntFunction<String> shardsFor;
    private final ShardKeyCodec codec;
    private final String description;
    private final @Nullable Adaptive adaptive;

    private IndexShards(
            ToIntFunction<String> shardsFor, ShardKeyCodec codec, String description, @Nullable Adaptive adaptive) {
        this.shardsFor = shardsFor;
        this.codec = codec;
        this.description = description;
        this.adaptive = adaptive;
    }

    /**
     * No sharding: every value is written and read as itself.
     *
     * @return the policy
     */
    public static IndexShards none() {
        return NONE;
    }

    /**
     * The same count for every value.
     *
     * @param shards 1 to {@value ShardKeyCodec#MAX_SHARDS}
     * @return the policy
     * @throws InvalidInputException if out of range
     */
    public static IndexShards fixed(int shards) {
        int checked = ShardKeyCodec.checkShardCount(shards);
        return new IndexShards(key -> checked, ShardKeyCodec.ofDefaults(), "fixed " + checked, null);
    }

    /**
     * Counts for the hot values named; every other value has 1 shard.
     *
     * @param hotValues value to shard count, each 1 to {@value ShardKeyCodec#MAX_SHARDS}
     * @return the policy
     * @throws InvalidInputException if the map is null or a count is out of range
     */
    public static IndexShards perKey(Map<String, Integer> hotValues) {
        Checks.notNull("hotValues", hotValues);
        hotValues.forEach((value, shards) -> {
            if (shards == null || shards < 1 || shards > ShardKeyCodec.MAX_SHARDS) {
                throw InvalidInputException.of(
                        "hotValues[" + value + "]", shards, "be between 1 and " + ShardKeyCodec.MAX_SHARDS);
            }
        });
        Map<String, Integer> copy = Map.copyOf(hotValues);
        return new IndexShards(key -> copy.getOrDefault(key, 1), ShardKeyCodec.ofDefaults(), "per key " + copy, null);
    }

    /**
     * Counts from a function (for example a shard map's current counts); it must only ever grow for a value.
     *
     * @param shardsFor the count of a value, 1 to {@value ShardKeyCodec#MAX_SHARDS}
     * @return the policy
     * @throws InvalidInputException if null
     */
    public static IndexShards of(ToIntFunction<String> shardsFor) {
        return new IndexShards(Checks.notNull("shardsFor", shardsFor), ShardKeyCodec.ofDefaults(), "custom", null);
    }

    /**
     * Counts decided at run time by an {@link AdaptiveShardController} from the write rates every instance reports
     * to a {@link TableShardMap} (see the class documentation); table, index, the index's partition key attribute
     * and the shard map are required.
     *
     * @param context the client the controller's probes use, and its clock, meter registry and scheduler (a context
     *     without the {@link DerivedAttributes} extension will do: the shard map and the probes use the low-level
     *     client)
     * @return the builder
     * @throws InvalidInputException if {@code context} is null
     */
    public static AdaptiveBuilder adaptive(PatternsContext context) {
        return new AdaptiveBuilder(Checks.notNull("context", context));
    }

    /**
     * The controller deciding the counts of an {@linkplain #adaptive(PatternsContext) adaptive} policy: run it with
     * {@link AdaptiveShardController#start()} or call {@link AdaptiveShardController#evaluate()} once a window.
     *
     * @return the controller, or empty for a policy with fixed counts
     */
    public Optional<AdaptiveShardController> controller() {
        return adaptive == null ? Optional.empty() : Optional.of(adaptive.controller);
    }

    /**
     * The shard count new entries of {@code value} are written with: for an adaptive policy the current count of
     * the layout the shard map has cached, or 1 while it is not cached (its load is started).
     *
     * @param value an index partition key value
     * @return the count
     * @throws InvalidInputException if the policy answers a count out of range
     */
    public int shardsFor(String value) {
        if (adaptive != null) {
            return adaptive.cached(value).map(ShardLayout::current).orElse(1);
        }
        return ShardKeyCodec.checkShardCount(shardsFor.applyAsInt(value));
    }

    /**
     * The partition key value to write for an item whose index key is {@code value}: the value itself, or its
     * shard chosen from {@code spreadBy} (another attribute of the item, e.g. the user of an interaction).
     *
     * @param value the logical index key
     * @param spreadBy the item's value that picks its shard
     * @return the physical index key
     */
    public String writeKey(String value, String spreadBy) {
        int shards = shardsFor(value);
        return shards == 1 ? value : codec.encode(value, codec.calculatedShard(spreadBy, shards));
    }

    /**
     * The partition key values a read of {@code value} queries: the value itself, then each of its shards. For an
     * adaptive policy, those of the layout the shard map has cached, or the value alone while none is cached (its
     * load is started): reads use {@link #readKeysAsync}, which loads the layout first.
     *
     * @param value the logical index key
     * @return the physical index keys
     */
    public List<String> readKeys(String value) {
        if (adaptive != null) {
            return keysOf(
                    value, adaptive.cached(value).map(ShardLayout::readWidth).orElse(1));
        }
        return keysOf(value, shardsFor(value));
    }

    /**
     * The partition key values a read of {@code value} queries, once they are known: for an adaptive policy the
     * value itself and every shard below the read width of the value's layout (loaded with one consistent GetItem
     * when the shard map has not cached it), so that a read covers every shard that may hold entries; otherwise
     * {@link #readKeys(String)}, completed.
     *
     * @param value the logical index key
     * @return the physical index keys
     */
    public CompletableFuture<List<String>> readKeysAsync(String value) {
        if (adaptive != null) {
            return adaptive.shardMap
                    .layout(adaptive.shardMapKey(value))
                    .thenApply(layout -> keysOf(value, layout.readWidth()));
        }
        return CompletableFuture.completedFuture(readKeys(value));
    }

    /**
     * Records that a write of an item whose index partition key value is {@code value} was throttled by the index
     * (back-pressure, told by {@code DynamoDbErrors.indexBackPressure}): evidence, counted for every instance, that
     * the value needs one more shard once its layout is settled. The extension never sees a write's outcome, so the
     * code that handles the error records it. Useful when index writes cost more than the table writes recorded
     * (an update that changes the index's sort key costs the index 2 writes). Nothing for fixed counts.
     *
     * <pre>{@code
     * for (WriteOutcome.Failed failed : writer.write(ops).join().failed()) {
     *     if (DynamoDbErrors.indexBackPressure(failed.cause()).isPresent()) {
     *         hotItems.recordThrottle(failed.write().item().orElseThrow().get("itemId").s());
     *     }
     * }
     * }</pre>
     *
     * @param value the logical index key
     * @throws InvalidInputException if {@code value} is null or empty
     */
    public void recordThrottle(String value) {
        Checks.notEmpty("value", value);
        if (adaptive != null) {
            adaptive.controller.recordThrottle(adaptive.shardMapKey(value));
        }
    }

    /** Records one write of an entry of {@code value} with the adaptive controller (nothing otherwise). */
    void recordWrite(String value, Map<String, AttributeValue> item) {
        if (adaptive != null) {
            adaptive.controller.recordWrite(adaptive.shardMapKey(value), CapacityUnits.writeUnits(ItemSize.of(item)));
        }
    }

    private List<String> keysOf(String value, int shards) {
        List<String> keys = new ArrayList<>(shards + 1);
        keys.add(value);
        if (shards > 1) {
            keys.addAll(codec.allPhysicalKeys(value, shards));
        }
        return keys;
    }

    @Override
    public String toString() {
        return "IndexShards[" + description + "]";
    }

    /** The shard map, controller and key prefix of an adaptive policy. */
    private static final class Adaptive {
        private final TableShardMap shardMap;
        private final String prefix;
        private final ShardKeyCodec codec;
        private final DynamoDbAsyncClient client;
        private final String tableName;
        private final String indexName;
        private final String partitionKey;
        private final AdaptiveShardController controller;

        Adaptive(
                PatternsContext context,
                AdaptiveSharding settings,
                TableShardMap shardMap,
                String tableName,
                String indexName,
                String partitionKey) {
            this.shardMap = shardMap;
            this.prefix = SHARD_MAP_PREFIX + indexName + "#";
            this.codec = ShardKeyCodec.ofDefaults();
            this.client = context.dynamoDbClient();
            this.tableName = tableName;
            this.indexName = indexName;
            this.partitionKey = partitionKey;
            this.controller = AdaptiveShardController.forKeys(
                    settings, shardMap, context, tableName + "/" + indexName, this::empty);
        }

        String shardMapKey(String value) {
            return prefix + value;
        }

        /** The cached layout of {@code value}; when there is none, starts loading it. */
        Optional<ShardLayout> cached(String value) {
            String key = shardMapKey(value);
            Optional<ShardLayout> layout = shardMap.cachedLayout(key);
            if (layout.isEmpty()) {
                shardMap.layout(key); // fills the cache; a failed load is retried by the next write or read
            }
            return layout;
        }

        /**
         * Whether the shards a lowered value no longer writes to hold no entry: one eventually consistent Query
         * (GSIs have no other) of one entry per shard. Count 1 writes the value itself, so lowered to 1 every shard
         * {@code 0 .. to - 1} is probed.
         */
        CompletableFuture<Boolean> empty(String key, int from, int to) {
            if (!key.startsWith(prefix)) {
                return CompletableFuture.completedFuture(false);
            }
            String value = key.substring(prefix.length());
            int first = from == 1 ? 0 : from;
            List<String> shards = new ArrayList<>(Math.max(0, to - first));
            for (int shard = first; shard < to; shard++) {
                shards.add(codec.encode(value, shard));
            }
            return EmptyPartitions.all(client, tableName, indexName, partitionKey, shards);
        }
    }

    /**
     * Builds an adaptive {@link IndexShards}: every setter validates at once, naming the field and value.
     */
    public static final class AdaptiveBuilder {
        private final PatternsContext context;
        private @Nullable String tableName;
        private @Nullable String indexName;
        private @Nullable String partitionKey;
        private @Nullable TableShardMap shardMap;
        private AdaptiveSharding settings = AdaptiveSharding.ofDefaults();

        private AdaptiveBuilder(PatternsContext context) {
            this.context = context;
        }

        /**
         * The table whose global secondary index is sharded (required).
         *
         * @param tableName the table name
         * @return this builder
         * @throws InvalidInputException if null or empty
         */
        public AdaptiveBuilder tableName(String tableName) {
            this.tableName = Checks.notEmpty("tableName", tableName);
            return this;
        }

        /**
         * The global secondary index (required): part of each value's shard-map key, and the index the probes query.
         *
         * @param indexName the index name
         * @return this builder
         * @throws InvalidInputException if null or empty
         */
        public AdaptiveBuilder indexName(String indexName) {
            this.indexName = Checks.notEmpty("indexName", indexName);
            return this;
        }

        /**
         * The index's partition key attribute (required): the name of the {@link DerivedAttribute#shardedKey} that
         * writes it.
         *
         * @param partitionKey the attribute name
         * @return this builder
         * @throws InvalidInputException if null or empty
         */
        public AdaptiveBuilder partitionKey(String partitionKey) {
            this.partitionKey = Checks.notEmpty("partitionKey", partitionKey);
            return this;
        }

        /**
         * Where the values' layouts live and every instance reports (required), with default count 1 (the
         * default): usually the table's own, whose shard-map items have none of the index's key attributes and so
         * are never in the index.
         *
         * @param shardMap the shard map
         * @return this builder
         * @throws InvalidInputException if null
         */
        public AdaptiveBuilder shardMap(TableShardMap shardMap) {
            this.shardMap = Checks.notNull("shardMap", shardMap);
            return this;
        }

        /**
         * The controller's settings (default {@link AdaptiveSharding#ofDefaults()}).
         *
         * @param settings the settings
         * @return this builder
         * @throws InvalidInputException if null
         */
        public AdaptiveBuilder settings(AdaptiveSharding settings) {
            this.settings = Checks.notNull("settings", settings);
            return this;
        }

        /**
         * The policy, with its controller (not started; metrics tagged {@code table=<tableName>/<indexName>}).
         *
         * @return the policy
         * @throws InvalidInputException if the table, index, partition key or shard map is missing
         */
        public IndexShards build() {
            if (tableName == null) {
                throw InvalidInputException.of("tableName", null, "be set");
            }
            if (indexName == null) {
                throw InvalidInputException.of("indexName", null, "be set");
            }
            if (partitionKey == null) {
                throw InvalidInputException.of("partitionKey", null, "be set");
            }
            if (shardMap == null) {
                throw InvalidInputException.of("shardMap", null, "be set");
            }
            Adaptive adaptive = new Adaptive(context, settings, shardMap, tableName, indexName, partitionKey);
            return new IndexShards(
                    value -> 1, adaptive.codec, "adaptive " + tableName + "/" + indexName + ", " + settings, adaptive);
        }
    }
}
