package io.github.ddbpatterns.core.buffer;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import io.github.ddbpatterns.core.batch.WriteKey;
import io.github.ddbpatterns.core.batch.WriteOp;

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
    /** Completes when {@link #write} is persisted or given up; every coalesced write shares it. */
    final CompletableFuture<Void> done = new CompletableFuture<>();
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
        done.whenComplete((ignored, failure) -> {
            if (failure == null) {
                waiter.complete(null);
            } else {
                waiter.completeExceptionally(failure);
            }
        });
        return waiter;
    }

    /** Writes whose fate this slot carries: the last one plus those it superseded. */
    int writes() {
        return 1 + superseded;
    }
}
