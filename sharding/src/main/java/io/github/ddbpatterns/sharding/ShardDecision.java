package io.github.ddbpatterns.sharding;

import java.time.Instant;

/**
 * A change of one logical key's shard layout that an {@link AdaptiveShardController} decided, before it is
 * applied: given to the {@link ShardDecisionListener}, which may veto it.
 *
 * @param logicalKey the logical key (the application's own data: log it hashed if it may be personal)
 * @param keyTag how metric tags show the key: its hash, or the key itself with {@code revealKeys}
 * @param direction raise, lower or retire
 * @param reason why
 * @param fromShards the key's current count
 * @param toShards the count decided (for {@link Direction#RETIRE}, the current count, kept)
 * @param unitsPerSecond the write units per second all instances reported for the key
 * @param throttles the throttles all instances reported for the key in the evaluation window
 * @param version the shard-map item's version the decision was made on (the change is conditional on it)
 * @param at when it was decided, on the controller's clock
 */
public record ShardDecision(
        String logicalKey,
        String keyTag,
        Direction direction,
        Reason reason,
        int fromShards,
        int toShards,
        double unitsPerSecond,
        long throttles,
        long version,
        Instant at) {

    /** Which way a layout changes. */
    public enum Direction {
        /** More shards: new writes spread wider, reads cover the new count. */
        RAISE,
        /** Fewer shards for new writes; reads keep covering the old count until it is retired. */
        LOWER,
        /** The previous counts are forgotten: no item can remain outside the current count's shards. */
        RETIRE
    }

    /** Why a layout changes. */
    public enum Reason {
        /** The reported write rate needs more shards than the key has at the target utilisation. */
        OVER_TARGET,
        /** An instance saw the key throttled although the rate did not call for more shards. */
        THROTTLED,
        /** Every evaluation for a whole cool-down recommended fewer shards. */
        COOLED,
        /** The previous counts are nested in the current one (shards {@code 0 .. n-1}). */
        NESTED,
        /** The shards the current count dropped hold no item any more. */
        DRAINED
    }
}
