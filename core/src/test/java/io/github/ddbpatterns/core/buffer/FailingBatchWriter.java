package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Test-only {@link BatchWriter} (a fake of our interface, not of the SDK): reports the writes chosen by a
 * predicate as failed, as a real writer does after exhausting its retries, and sends the others through a real
 * writer.
 */
final class FailingBatchWriter implements BatchWriter {

    static final String FAILURE_MESSAGE = "injected: still throttled after 9 attempts";

    private final BatchWriter delegate;
    private final Predicate<WriteOp> fails;

    FailingBatchWriter(BatchWriter delegate, Predicate<WriteOp> fails) {
        this.delegate = delegate;
        this.fails = fails;
    }

    @Override
    public CompletableFuture<BatchWriteResult> write(Collection<WriteOp> writes) {
        List<WriteOp> passed = new ArrayList<>();
        for (WriteOp write : writes) {
            if (!fails.test(write)) {
                passed.add(write);
            }
        }
        CompletableFuture<BatchWriteResult> sent = passed.isEmpty()
                ? CompletableFuture.completedFuture(new BatchWriteResult(List.of(), 0))
                : delegate.write(passed);
        return sent.thenApply(result -> {
            Map<WriteOp, WriteOutcome> byWrite = new HashMap<>();
            result.outcomes().forEach(outcome -> byWrite.put(outcome.write(), outcome));
            List<WriteOutcome> outcomes = writes.stream()
                    .map(write -> fails.test(write)
                            ? WriteOutcome.failed(write, new IllegalStateException(FAILURE_MESSAGE), 9)
                            : byWrite.get(write))
                    .toList();
            return new BatchWriteResult(outcomes, result.requests());
        });
    }
}
