package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.core.batch.WriteKey;
import io.github.ddbpatterns.core.batch.WriteOp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The writes of one key in one flush window: the last write (the one that will be sent) and the shared fate of
 * every write coalesced into it. Mutable only while pending, under the buffer's lock.
 */
final class KeySlot {

    final WriteKey key;
    /** Order of creation; slots created before a flush() have a sequence at most the flush's mark. */
    final long sequence;
    /** When the first write of this window was accepted: the age the maxDelay trigger looks at. */
    final Instant firstAcceptedAt;
    /** One future per submitted write of this window, completed together with the slot's outcome. */
    private final List<CompletableFuture<Void>> waiters = new ArrayList<>(1);
    /** Completes, never exceptionally, after every waiter was completed (and a failure dead-lettered). */
    final CompletableFuture<Void> settled = new CompletableFuture<>();

    WriteOp write;
    int superseded;

    KeySlot(WriteOp write, long sequence, Instant firstAcceptedAt) {
        this.key = write.writeKey();
        this.write = write;
        this.sequence = sequence;
        this.firstAcceptedAt = firstAcceptedAt;
    }

    /** Replaces the write: the last write wins. */
    void supersede(WriteOp newer) {
        write = newer;
        superseded++;
    }

    /** A future of its own for one submitted write, completed with exactly the slot's outcome. */
    CompletableFuture<Void> newWaiter() {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        waiters.add(waiter);
        return waiter;
    }

    /** Completes every waiter: normally when {@code failure} is null. Called once, after the slot left the maps. */
    void completeWaiters(Throwable failure) {
        for (CompletableFuture<Void> waiter : waiters) {
            if (failure == null) {
                waiter.complete(null);
            } else {
                waiter.completeExceptionally(failure);
            }
        }
    }

    /** Writes whose fate this slot carries: the last one plus those it superseded. */
    int writes() {
        return 1 + superseded;
    }
}
