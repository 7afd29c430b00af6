package io.github.ddbpatterns.sharding;

/**
 * Told of every decision of an {@link AdaptiveShardController}, to log it or veto it. Called on the thread that
 * completed the shard-map request: keep it short and non-blocking.
 *
 * <pre>{@code
 * ShardDecisionListener listener = decision -> {
 *     log.info("{} {} -> {} shards ({})", decision.keyTag(), decision.fromShards(), decision.toShards(),
 *             decision.reason());
 *     return decision.toShards() <= 50;     // veto anything wider than 50 shards
 * };
 * }</pre>
 */
@FunctionalInterface
public interface ShardDecisionListener {

    /** Allows every decision and logs nothing. */
    ShardDecisionListener ALLOW_ALL = decision -> true;

    /**
     * Called before a decision is applied (in dry-run mode, instead of applying it; the answer is then ignored).
     *
     * @param decision the decision
     * @return false to veto it
     */
    boolean onDecision(ShardDecision decision);

    /**
     * Called once the decision is applied, vetoed, recommended only, or lost to another instance.
     *
     * @param result what became of it
     */
    default void onResult(ShardDecisionResult result) {}
}
