package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test-only {@link BatchWriter}: records every call and holds it (keeps its writes "in flight") until the test
 * calls {@link #release()}; from then on calls go straight through to the real writer.
 */
final class GatedBatchWriter implements BatchWriter {

    private final BatchWriter delegate;
    private final CompletableFuture<Void> gate = new CompletableFuture<>();
    final List<List<WriteOp>> calls = new CopyOnWriteArrayList<>();

    GatedBatchWriter(BatchWriter delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<BatchWriteResult> write(Collection<WriteOp> writes) {
        List<WriteOp> call = List.copyOf(writes);
        calls.add(call);
        return gate.thenComposeAsync(ignored -> delegate.write(call));
    }

    void release() {
        gate.complete(null);
    }
}
