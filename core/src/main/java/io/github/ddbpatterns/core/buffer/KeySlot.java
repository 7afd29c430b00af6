package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.core.batch.WriteKey;
import io.github.ddbpatterns.core.batch.WriteOp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The writes of one key in one flush window: the last write (the one that will be sent) and the shared fate of
 * every write coalesced into it. Mutable only under the buffer's lock: while pending, and while it waits to be
 * sent again after a throttle (when it may absorb the key's newer pending slot).
 */
final class KeySlot {

    final WriteKey key;
    /** Order of creation; slots created before a flush() have a sequence at most the flush's mark. */
    final long sequence;
    /** When the first write of this window was accepted: the age the maxDelay trigger looks at. */
    final Instant firstAcceptedAt;
    /** After this instant a throttled write is given up instead of being sent again: accepted + writeDeadline. */
    final Instant deadline;
    /** One future per submitted write of this window, completed together with the slot's outcome. */
    private final List<CompletableFuture<Void>> waiters = new ArrayList<>(1);
    /** Completes, never exceptionally, after every waiter was completed (and a failure dead-lettered). */
    final CompletableFuture<Void> settled = new CompletableFuture<>();

    /**
     * When a flush took this slot, or its backoff after a throttle ended: from here the write waits only for a call
     * slot and the pace, so its pacing delay runs from here. Set under the buffer's lock.
     */
    Instant readyAt;

    WriteOp write;
    int superseded;
    /** BatchWriteItem requests that carried this slot's write, as the writer reported them. */
    int requests;
    /** Times the writer gave this slot's write back throttled: the number of the next backoff. */
    int throttles;
    /** When the writer first gave it back throttled, on the buffer's clock; null while never throttled. */
    @Nullable
    Instant firstThrottledAt;
    /** The last throttling error, the cause of a deadline failure. */
    @Nullable
    Throwable lastThrottle;
    /** Whether this slot's sustained throttling was reported already (once per slot). */
    boolean sustainedReported;

    KeySlot(WriteOp write, long sequence, Instant firstAcceptedAt, Instant deadline) {
        this.key = write.writeKey();
        this.write = write;
        this.sequence = sequence;
        this.firstAcceptedAt = firstAcceptedAt;
        this.deadline = deadline;
        this.readyAt = firstAcceptedAt;
    }

    /** Replaces the write: the last write wins. */
    void supersede(WriteOp newer) {
        write = newer;
        superseded++;
    }

    /**
     * Takes over {@code newer}, the key's slot accepted while this one was being written: its write wins, its
     * waiters share this slot's fate (and deadline, the earlier one), and it settles when this slot does.
     */
    void absorb(KeySlot newer) {
        write = newer.write;
        superseded += newer.writes();
        waiters.addAll(newer.waiters);
        newer.waiters.clear();
        settled.whenComplete((ignored, failure) -> newer.settled.complete(null));
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
