package io.github.ddbpatterns.sharding;

/**
 * What became of a {@link ShardDecision}.
 *
 * @param decision the decision
 * @param outcome applied, only recommended, vetoed, or lost to another instance's change
 * @param layout the key's layout afterwards (the winner's when the race was lost)
 */
public record ShardDecisionResult(ShardDecision decision, Outcome outcome, ShardLayout layout) {

    /** What became of a decision. */
    public enum Outcome {
        /** Written to the shard map (conditional on the version the decision was made on). */
        APPLIED,
        /** Dry-run mode: only recommended. */
        DRY_RUN,
        /** The listener vetoed it. */
        VETOED,
        /** Another instance changed the key first; its layout was read and accepted. */
        LOST_RACE
    }
}
