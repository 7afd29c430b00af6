package io.github.ddbpatterns.core.keys;

/**
 * A physical key taken apart by {@link ShardKeyCodec#decode(String)}: the logical key and its shard.
 *
 * @param logicalKey the key the application uses, e.g. {@code user-42}
 * @param shard the shard number, {@code 0 <= shard < shardCount}
 */
public record ShardedKey(String logicalKey, int shard) {}
