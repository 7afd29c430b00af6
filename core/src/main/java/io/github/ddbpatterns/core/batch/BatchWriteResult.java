package io.github.ddbpatterns.core.batch;

import java.util.List;
import java.util.concurrent.CompletableFuture;

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

    /**
     * The result of writes whose outcomes arrive separately: completes, once every one of {@code outcomes} has, with
     * them in their order.
     *
     * @param outcomes one future outcome per write
     * @param requests how many calls carried them
     * @return the result
     * @throws NullPointerException if {@code outcomes} is or holds null
     */
    public static CompletableFuture<BatchWriteResult> allOf(
            List<CompletableFuture<WriteOutcome>> outcomes, int requests) {
        List<CompletableFuture<WriteOutcome>> copy = List.copyOf(outcomes);
        return CompletableFuture.allOf(copy.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> new BatchWriteResult(
                        copy.stream().map(CompletableFuture::join).toList(), requests));
    }

    /**
     * Whether every write was persisted.
     *
     * @return true when none failed
     */
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
