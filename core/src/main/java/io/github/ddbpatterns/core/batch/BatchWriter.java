package io.github.ddbpatterns.core.batch;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Writes any number of puts and deletes through BatchWriteItem and loses none of them.
 *
 * <p>Contract (implemented by the builder's product, see {@code BatchWriter.builder()}):
 * <ul>
 *   <li>splits into calls of at most 25 writes and 16 MB, never two writes for the same {@link WriteKey} in
 *       one call (a later write for a key goes into a later call, so order per key is kept);</li>
 *   <li>resends {@code UnprocessedItems} with exponential backoff and jitter until done or attempts are
 *       exhausted; throttling and 5xx on the whole call are retried by the same policy;</li>
 *   <li>the returned future always completes normally with one {@link WriteOutcome} per input write, in
 *       input order: persisted, or failed with the cause. Nothing is dropped silently.</li>
 * </ul>
 */
public interface BatchWriter {

    /**
     * Writes all {@code writes}. Never completes exceptionally because of a failed write: look at
     * {@link BatchWriteResult#failed()}.
     *
     * @throws io.github.ddbpatterns.core.InvalidInputException if {@code writes} or an element is null
     */
    CompletableFuture<BatchWriteResult> write(Collection<WriteOp> writes);
}
