package io.github.ddbpatterns.sharding;

import java.util.concurrent.CompletableFuture;

/** Tells whether shards {@code from .. to - 1} of a logical key hold no item (one consistent Query each). */
@FunctionalInterface
interface ShardProbe {

    CompletableFuture<Boolean> empty(String logicalKey, int from, int to);
}
