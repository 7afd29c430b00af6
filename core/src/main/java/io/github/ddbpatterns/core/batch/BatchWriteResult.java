package io.github.ddbpatterns.core.batch;

import java.util.List;

/**
 * Outcomes of one {@link BatchWriter#write} call, one per input write, in input order.
 *
 * @param outcomes per-write outcomes
 * @param requests how many BatchWriteItem calls were sent (retries included)
 */
public record BatchWriteResult(List<WriteOutcome> outcomes, int requests) {

    /**
     * Copies the outcomes.
     *
     * @throws NullPointerException if {@code outcomes} is or holds null
     */
    public BatchWriteResult {
        outcomes = List.copyOf(outcomes);
    }

    /** True when every write was persisted. */
    public boolean allPersisted() {
        return outcomes.stream().allMatch(WriteOutcome::isPersisted);
    }

    /**
     * The outcomes of the writes that were given up.
     *
     * @return the failures, in input order
     */
    public List<WriteOutcome.Failed> failed() {
        return outcomes.stream()
                .filter(WriteOutcome.Failed.class::isInstance)
                .map(WriteOutcome.Failed.class::cast)
                .toList();
    }
}
