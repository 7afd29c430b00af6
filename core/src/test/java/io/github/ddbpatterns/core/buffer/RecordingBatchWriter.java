package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteKey;
import io.github.ddbpatterns.core.batch.WriteOp;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only wrapper of OUR {@link BatchWriter} interface: passes every call to the real writer and records
 * what the buffer asked for — calls, the largest call, and calls that carried two writes of one key (which the
 * buffer must never send, even though the real writer would cope).
 */
final class RecordingBatchWriter implements BatchWriter {

    private final BatchWriter delegate;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger callsWithDuplicateKeys = new AtomicInteger();
    final AtomicInteger largestCall = new AtomicInteger();

    RecordingBatchWriter(BatchWriter delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<BatchWriteResult> write(Collection<WriteOp> writes) {
        List<WriteOp> call = List.copyOf(writes);
        calls.incrementAndGet();
        largestCall.accumulateAndGet(call.size(), Math::max);
        Set<WriteKey> keys = new HashSet<>();
        for (WriteOp write : call) {
            keys.add(write.writeKey());
        }
        if (keys.size() != call.size()) {
            callsWithDuplicateKeys.incrementAndGet();
        }
        return delegate.write(call);
    }
}
