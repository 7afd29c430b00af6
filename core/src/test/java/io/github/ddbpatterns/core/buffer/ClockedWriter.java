package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;

/**
 * Test-only wrapper of OUR {@link BatchWriter}: passes every call to the real writer, waits for it (so the buffer's
 * completion handling runs in the thread that sent the call: the test's, with a {@link ClockScheduler}), and records
 * when, on the test clock, each call was sent, with its writes and their write units as the TEST counts them.
 */
final class ClockedWriter implements BatchWriter {

    /** One call as the writer got it. */
    record Sent(Instant at, List<WriteOp> writes, long units) {}

    private final BatchWriter delegate;
    private final Clock clock;
    private final ToLongFunction<WriteOp> unitsOf;
    final List<Sent> calls = new CopyOnWriteArrayList<>();

    ClockedWriter(BatchWriter delegate, Clock clock, ToLongFunction<WriteOp> unitsOf) {
        this.delegate = delegate;
        this.clock = clock;
        this.unitsOf = unitsOf;
    }

    @Override
    public CompletableFuture<BatchWriteResult> write(Collection<WriteOp> writes) {
        List<WriteOp> call = List.copyOf(writes);
        calls.add(
                new Sent(clock.instant(), call, call.stream().mapToLong(unitsOf).sum()));
        try {
            return CompletableFuture.completedFuture(delegate.write(call).join());
        } catch (CompletionException e) {
            return CompletableFuture.failedFuture(e.getCause());
        }
    }

    long unitsSent() {
        return calls.stream().mapToLong(Sent::units).sum();
    }

    long itemWritesSent() {
        return calls.stream().mapToLong(s -> s.writes().size()).sum();
    }
}
