package io.github.ddbpatterns.indexes;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * How many shards each value of an index's partition key is spread over, so that a hot value (a popular item in a
 * "users of an item" index) does not make one hot index partition: DynamoDB's 1,000 WCU / 3,000 RCU per partition
 * hold for an index too, and a table write whose index partition is out of capacity is throttled (back-pressure).
 *
 * <p>A value with 1 shard is written as itself; a value with {@code n > 1} shards as {@code value#shard-k} (core's
 * {@link ShardKeyCodec}), {@code k} chosen from another attribute of the item so that the item's entry stays on one
 * shard. Reads of a value query the value itself and, for {@code n > 1}, its {@code n} shards, in parallel: a value
 * that turns hot keeps its earlier entries readable. Counts may grow; lowering a count would hide the entries of the
 * shards above it. Immutable and thread-safe.
 *
 * <pre>{@code
 * IndexShards hotItems = IndexShards.perKey(Map.of("item-1", 8, "item-2", 4));   // every other item: 1
 * }</pre>
 */
public final class IndexShards {

    private static final IndexShards NONE = new IndexShards(key -> 1, ShardKeyCodec.ofDefaults(), "none");

    private final ToIntFunction<String> shardsFor;
    private final ShardKeyCodec codec;
    private final String description;

    private IndexShards(ToIntFunction<String> shardsFor, ShardKeyCodec codec, String description) {
        this.shardsFor = shardsFor;
        this.codec = codec;
        this.description = description;
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
        return new IndexShards(key -> checked, ShardKeyCodec.ofDefaults(), "fixed " + checked);
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
        return new IndexShards(key -> copy.getOrDefault(key, 1), ShardKeyCodec.ofDefaults(), "per key " + copy);
    }

    /**
     * Counts from a function (for example a shard map's current counts); it must only ever grow for a value.
     *
     * @param shardsFor the count of a value, 1 to {@value ShardKeyCodec#MAX_SHARDS}
     * @return the policy
     * @throws InvalidInputException if null
     */
    public static IndexShards of(ToIntFunction<String> shardsFor) {
        return new IndexShards(Checks.notNull("shardsFor", shardsFor), ShardKeyCodec.ofDefaults(), "custom");
    }

    /**
     * The shard count of {@code value}.
     *
     * @param value an index partition key value
     * @return the count
     * @throws InvalidInputException if the policy answers a count out of range
     */
    public int shardsFor(String value) {
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
     * The partition key values a read of {@code value} queries: the value itself, then each of its shards.
     *
     * @param value the logical index key
     * @return the physical index keys
     */
    public List<String> readKeys(String value) {
        int shards = shardsFor(value);
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
}
