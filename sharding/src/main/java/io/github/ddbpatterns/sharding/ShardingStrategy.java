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
 *   <li>{@link #random()}: a uniformly random shard; the best write spread. A point read of an item whose
 *       physical key is unknown reads every shard (one BatchGetItem per 100 shards).</li>
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

    private final @Nullable Function<? super T, String> shardAttribute;

    private ShardingStrategy(@Nullable Function<? super T, String> shardAttribute) {
        this.shardAttribute = shardAttribute;
    }

    /** A random shard per write. */
    public static <T> ShardingStrategy<T> random() {
        return new ShardingStrategy<>(null);
    }

    /**
     * The shard computed from {@code shardAttribute} of the item (MurmurHash3 of its UTF-8 bytes modulo the
     * shard count; frozen across versions).
     *
     * @throws InvalidInputException if {@code shardAttribute} is null
     */
    public static <T> ShardingStrategy<T> calculated(Function<? super T, String> shardAttribute) {
        return new ShardingStrategy<>(Checks.notNull("shardAttribute", shardAttribute));
    }

    /** Whether the shard is calculated from an attribute (so a point read goes to one shard). */
    public boolean isCalculated() {
        return shardAttribute != null;
    }

    /**
     * The value the shard is calculated from.
     *
     * @throws InvalidInputException if the strategy is random, or the item's attribute is null
     */
    String shardAttributeOf(T item) {
        if (shardAttribute == null) {
            throw new IllegalStateException("random strategy has no shard attribute");
        }
        String value = shardAttribute.apply(item);
        if (value == null) {
            throw InvalidInputException.of("shardAttribute", null, "be set on the item (calculated sharding)");
        }
        return value;
    }

    @Override
    public String toString() {
        return shardAttribute == null ? "ShardingStrategy[random]" : "ShardingStrategy[calculated]";
    }
}
