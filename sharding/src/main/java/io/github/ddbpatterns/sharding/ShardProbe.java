package io.github.ddbpatterns.sharding;

import java.util.concurrent.CompletableFuture;

/**
 * Tells an {@link AdaptiveShardController} whether the shards a lowered key no longer writes to hold nothing any
 * more, so that the wider count can be retired and reads narrow. A {@link ShardedTable}'s probe is one consistent
 * Query of one item per shard; one given to {@link AdaptiveShardController#forKeys} answers for the keys it serves.
 */
@FunctionalInterface
public interface ShardProbe {

    /**
     * Whether shards {@code from .. to - 1} of {@code logicalKey} hold nothing.
     *
     * @param logicalKey the key, as given to the controller
     * @param from the key's current count (the first shard it no longer writes to)
     * @param to the key's read width (one past the last shard still read)
     * @return true when every one of them is empty
     */
    CompletableFuture<Boolean> empty(String logicalKey, int from, int to);
}
