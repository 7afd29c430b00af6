package io.github.ddbpatterns.examples;

import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link BatchWriter} that knows how many of its calls are in flight, so that a scenario on the test clock moves
 * the clock only when no request is on its way (the proxy then judges every request at the time it was sent).
 *
 * <p>A call counts as in flight until the callbacks its caller attached have run: those send the next calls or
 * schedule the resends, so the count never drops to 0 between one call and the work it starts.
 */
final class CountingBatchWriter implements BatchWriter {

    private final BatchWriter delegate;
    private final Runnable onIdle;
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param delegate the writer that sends the calls
     * @param onIdle called each time a call has finished (to wake a thread waiting for {@link #inFlight()} to be 0)
     */
    CountingBatchWriter(BatchWriter delegate, Runnable onIdle) {
        this.delegate = delegate;
        this.onIdle = onIdle;
    }

    @Override
    public CompletableFuture<BatchWriteResult> write(Collection<WriteOp> writes) {
        inFlight.incrementAndGet();
        CompletableFuture<BatchWriteResult> sent;
        try {
            sent = delegate.write(writes);
        } catch (RuntimeException e) {
            finished();
            throw e;
        }
        CompletableFuture<BatchWriteResult> result = new CompletableFuture<>();
        sent.whenComplete((outcome, failure) -> {
            try {
                // the caller's callbacks run here, before the call stops counting
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(outcome);
                }
            } finally {
                finished();
            }
        });
        return result;
    }

    private void finished() {
        inFlight.decrementAndGet();
        onIdle.run();
    }

    /**
     * Calls sent and not finished.
     *
     * @return the count
     */
    int inFlight() {
        return inFlight.get();
    }
}
