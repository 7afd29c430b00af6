package io.github.ddbpatterns.sessions;

import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.internal.TableCheck;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The writer a {@link PreferenceStore}'s buffer sends through: the mode's writer (a BatchWriter of the context, or
 * the {@link VersionedWriter}) after the table check, so that a missing or different table fails every write with
 * {@link io.github.ddbpatterns.core.table.TableLayoutException} before any data request. It also reports, for the
 * writes of a {@link PreferenceStore#putAll} call, how many calls carried each of them (the buffer's futures only
 * say whether a write was persisted).
 */
final class PreferenceWriter implements BatchWriter {

    private final BatchWriter delegate;
    private final TableCheck check;
    /** The writes of running putAll calls (by identity: the buffer hands the submitted instances on). */
    private final Map<WriteOp, Tracked> tracked = Collections.synchronizedMap(new IdentityHashMap<>());

    PreferenceWriter(BatchWriter delegate, TableCheck check) {
        this.delegate = delegate;
        this.check = check;
    }

    @Override
    public CompletableFuture<BatchWriteResult> write(Collection<WriteOp> writes) {
        List<WriteOp> ops = List.copyOf(Checks.notNull("writes", writes));
        return check.then(() -> delegate.write(ops))
                .handle((result, failure) -> failure == null ? result : allFailed(ops, failure))
                .thenApply(this::record);
    }

    private static BatchWriteResult allFailed(List<WriteOp> ops, Throwable failure) {
        Throwable cause = DynamoDbErrors.unwrap(failure);
        List<WriteOutcome> outcomes = new ArrayList<>(ops.size());
        for (WriteOp op : ops) {
            outcomes.add(WriteOutcome.failed(op, cause, 0));
        }
        return new BatchWriteResult(outcomes, 0);
    }

    /** Notes the calls that carried tracked writes; runs before the buffer completes the writes' futures. */
    private BatchWriteResult record(BatchWriteResult result) {
        Set<Tracked> carried = new HashSet<>();
        for (WriteOutcome outcome : result.outcomes()) {
            Tracked owner = tracked.get(outcome.write());
            if (owner != null) {
                owner.attempts.put(outcome.write(), outcome.attempts());
                carried.add(owner);
            }
        }
        for (Tracked owner : carried) {
            owner.requests.addAndGet(result.requests());
        }
        return result;
    }

    /** Starts tracking the writes of one putAll call. */
    Tracked track(List<WriteOp> writes) {
        Tracked owner = new Tracked(writes);
        for (WriteOp write : writes) {
            tracked.put(write, owner);
        }
        return owner;
    }

    /** What the calls carrying one putAll's writes reported. */
    final class Tracked {
        private final List<WriteOp> writes;
        private final Map<WriteOp, Integer> attempts = Collections.synchronizedMap(new IdentityHashMap<>());
        private final AtomicInteger requests = new AtomicInteger();

        private Tracked(List<WriteOp> writes) {
            this.writes = writes;
        }

        /** Calls that carried {@code write}: 0 when it was superseded before it was sent. */
        int attempts(WriteOp write) {
            return attempts.getOrDefault(write, 0);
        }

        /** Calls that carried any of the writes. */
        int requests() {
            return requests.get();
        }

        /** Stops tracking (once every write is settled). */
        void done() {
            for (WriteOp write : writes) {
                tracked.remove(write);
            }
        }
    }
}
