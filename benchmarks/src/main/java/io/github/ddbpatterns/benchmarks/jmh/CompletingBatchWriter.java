package io.github.ddbpatterns.benchmarks.jmh;

import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link BatchWriter} that persists nothing and reports every write persisted at once, so a benchmark of the
 * buffer measures the buffer alone (coalescing, bookkeeping, future completion), not DynamoDB.
 */
final class CompletingBatchWriter implements BatchWriter {

    @Override
    public CompletableFuture<BatchWriteResult> write(Collection<WriteOp> writes) {
        List<WriteOutcome> outcomes = new ArrayList<>(writes.size());
        for (WriteOp write : writes) {
            outcomes.add(WriteOutcome.persisted(write, 1));
        }
        return CompletableFuture.completedFuture(new BatchWriteResult(outcomes, 1));
    }
}
