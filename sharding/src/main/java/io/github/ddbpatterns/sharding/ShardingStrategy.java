package io.github.ddbpatterns.sharding;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link ShardedTable} chooses the shard of an item it writes.
 *
 * <ul>
 *   <li>{@link #roundRobin()} (the default): each instance writes a key's shards in turn, from a random one, so
 *       every shard gets an equal share of the key's writes; the best write spread. A point read of an item whose
 *       physical key is unknown reads every shard (one BatchGetItem per 100 shards).</li>
 *   <li>{@link #random()}: a uniformly random shard per write: equal shares only on average (of 100 writes a
 *       second over 7 shards, the busiest gets 20 or more in about half of the seconds). Point reads as above.</li>
 *   <li>{@link #calculated(Function)}: the shard is a stable hash of one attribute of the item (an order id,
 *       say), see {@link ShardKeyCodec#calculatedShard(String, int)}; a point read goes to exactly one shard
 *       (two while a key's shard count is being changed).</li>
 * </ul>
 *
 * <pre>{@code
 * ShardingStrategy<Order> byOrderId = ShardingStrategy.calculated(Order::getOrderId);
 * }</pre>
 *
 * @param <T> the item type
 */
public final class ShardingStrategy<T> {

    private final String name;
    private final @Nullable Function<? super T, String> shardAttribute;
    private final @Nullable ShardRotation rotation;

    private ShardingStrategy(
            String name, @Nullable Function<? super T, String> shardAttribute, @Nullable ShardRotation rotation) {
        this.name = name;
        this.shardAttribute = shardAttribute;
        this.rotation = rotation;
    }

    /**
     * Each key's shards in turn, from a random one (the default): of every {@code n} writes of a key with
     * {@code n} shards, each shard gets one. The turns of the 10,000 most recently written keys are kept.
     */
    public static <T> ShardingStrategy<T> roundRobin() {
        return new ShardingStrategy<>("roundRobin", null, new ShardRotation());
    }

    /** A uniformly random shard per write. */
    public static <T> ShardingStrategy<T> random() {
        return new ShardingStrategy<>("random", null, null);
    }

    /**
     * The shard computed from {@code shardAttribute} of the item (MurmurHash3 of its UTF-8 bytes modulo the
     * shard count; frozen across versions).
     *
     * @throws InvalidInputException if {@code shardAttribute} is null
     */
    public static <T> ShardingStrategy<T> calculated(Function<? super T, String> shardAttribute) {
        return new ShardingStrategy<>("calculated", Checks.notNull("shardAttribute", shardAttribute), null);
    }

    /** Whether the shard is calculated from an attribute (so a point read goes to one shard). */
    public boolean isCalculated() {
        return shardAttribute != null;
    }

    /**
     * The shard of the next write of {@code logicalKey} out of {@code shardCount}, for a strategy that is not
     * calculated.
     */
    int nextShard(ShardKeyCodec codec, String logicalKey, int shardCount) {
        return rotation == null ? codec.randomShard(shardCount) : rotation.next(logicalKey, shardCount);
    }

    /**
     * The value the shard is calculated from.
     *
     * @throws InvalidInputException if the strategy is random, or the item's attribute is null
     */
    String shardAttributeOf(T item) {
        if (shardAttribute == null) {
            throw new IllegalStateException(name + " strategy has no shard attribute");
        }
        String value = shardAttribute.apply(item);
        if (value == null) {
            throw InvalidInputException.of("shardAttribute", null, "be set on the item (calculated sharding)");
        }
        return value;
    }

    @Override
    public String toString() {
        return "ShardingStrategy[" + name + "]";
    }
}
