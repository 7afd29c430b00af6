package io.github.ddbpatterns.core.batch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The items (writes or keys) of one batch operation that wait for a call — the ones not sent yet and the ones
 * that came back unprocessed from any call — so that resends go out in full calls whichever call they came back
 * from.
 *
 * <p>An item is <em>due</em> when its wait is over: at once for a first send, after the policy's backoff for a
 * resend. A call carries due items only, so no item is resent before its backoff is over. The pool starts one
 * call for every full call of due items ({@code maxCount} items, or {@code maxBytes} estimated bytes), and a call
 * for fewer only when nothing could still join them: no call of the pool is in flight (its answer may return
 * items) and no item is in its wait. A started call chooses its items when it actually starts — it may first wait
 * for a permit of the concurrency cap — oldest due items first, so items that become due meanwhile ride along. A
 * started call always finds at least one item.
 *
 * <p>The owner reports each call's end with {@link #finished()} after it has put the call's unprocessed items back
 * with {@link #addAfter}; calls of fixed items (the halves of a bisected call) start with {@link #startFixed}.
 * Thread-safe; the starter is called without the pool's lock held.
 *
 * @param <T> an item
 */
final class ResendPool<T> {

    private final int maxCount;
    private final long maxBytes;
    private final ToLongFunction<T> bytes;
    private final ScheduledExecutorService scheduler;
    private final Consumer<Batch<T>> starter;

    private final Deque<T> due = new ArrayDeque<>();
    private long dueBytes;
    /** Items in their wait. */
    private int waiting;
    /** Calls started that have not chosen their items yet. */
    private int unbound;
    /** Calls that chose their items and whose end was not reported yet. */
    private int inFlight;

    /**
     * A pool whose calls carry at most {@code maxCount} items and {@code maxBytes} estimated bytes (a single item
     * over {@code maxBytes} goes alone).
     *
     * @param bytes the estimated bytes of an item
     * @param scheduler where the waits of resends are scheduled
     * @param starter starts one call (e.g. queues it for a permit); the call's items are chosen when it first
     *     reads {@link Batch#items()}
     */
    ResendPool(
            int maxCount,
            long maxBytes,
            ToLongFunction<T> bytes,
            ScheduledExecutorService scheduler,
            Consumer<Batch<T>> starter) {
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
        this.bytes = bytes;
        this.scheduler = scheduler;
        this.starter = starter;
    }

    /** Adds items due at once (first sends), in order, and starts the calls they fill. */
    void add(Collection<? extends T> items) {
        int starts;
        synchronized (this) {
            addDue(items);
            starts = startsNeeded();
        }
        start(starts);
    }

    /**
     * Adds items that came back unprocessed: they are due after {@code wait}. If the scheduler refuses the wait
     * (it was shut down), they are due at once rather than never.
     */
    void addAfter(Collection<? extends T> items, Duration wait) {
        if (items.isEmpty()) {
            return;
        }
        if (wait.isZero() || wait.isNegative()) {
            add(items);
            return;
        }
        List<T> copy = List.copyOf(items);
        synchronized (this) {
            waiting += copy.size();
        }
        try {
            scheduler.schedule(() -> becomeDue(copy), wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            becomeDue(copy);
        }
    }

    /** Starts a call of exactly {@code items} (e.g. one half of a bisected call); report its end too. */
    void startFixed(List<T> items) {
        synchronized (this) {
            inFlight++;
        }
        starter.accept(new Batch<>(null, List.copyOf(items)));
    }

    /** Reports that a call's answer is handled (its unprocessed items are back in the pool). */
    void finished() {
        int starts;
        synchronized (this) {
            inFlight--;
            starts = startsNeeded();
        }
        start(starts);
    }

    /** Items in the pool, due or in their wait (for tests and diagnostics). */
    synchronized int size() {
        return due.size() + waiting;
    }

    private void addDue(Collection<? extends T> items) {
        for (T item : items) {
            due.addLast(item);
            dueBytes += bytes.applyAsLong(item);
        }
    }

    private void becomeDue(List<T> items) {
        int starts;
        synchronized (this) {
            waiting -= items.size();
            addDue(items);
            starts = startsNeeded();
        }
        start(starts);
    }

    /** The items of a call that starts now: the oldest due items that fit. Start {@link #topUp()} after. */
    private synchronized List<T> take() {
        unbound--;
        inFlight++;
        List<T> chunk = WritePlan.nextChunk(due.iterator(), bytes, maxCount, maxBytes);
        for (T item : chunk) {
            due.removeFirst();
            dueBytes -= bytes.applyAsLong(item);
        }
        return chunk;
    }

    /** Starts the calls the due items need now (after a call cut short by the byte limit, some may). */
    private void topUp() {
        int starts;
        synchronized (this) {
            starts = startsNeeded();
        }
        start(starts);
    }

    /**
     * Calls to start now (see the class comment). Never more than one unbound call per {@code maxCount} due items,
     * rounded up: a call takes at most {@code maxCount} of them, so every unbound call finds at least one.
     */
    private int startsNeeded() {
        if (due.isEmpty()) {
            return 0;
        }
        int atMost = (due.size() + maxCount - 1) / maxCount;
        int target;
        if (inFlight == 0 && waiting == 0) {
            target = atMost; // nothing can join the due items any more: send them, the last call partly full
        } else {
            long full = Math.max(due.size() / maxCount, dueBytes / maxBytes);
            target = (int) Math.min(atMost, full);
        }
        int starts = Math.max(0, target - unbound);
        unbound += starts;
        return starts;
    }

    private void start(int count) {
        for (int i = 0; i < count; i++) {
            starter.accept(new Batch<>(this, null));
        }
    }

    /**
     * The items of one call: chosen from the pool the first time {@link #items()} is read (when the call starts),
     * the same on every later read (retries of the whole call).
     *
     * @param <T> an item
     */
    static final class Batch<T> {

        private final @Nullable ResendPool<T> pool;
        private @Nullable List<T> items;

        private Batch(@Nullable ResendPool<T> pool, @Nullable List<T> items) {
            this.pool = pool;
            this.items = items;
        }

        /** The items of this call; the first read of a pooled call takes them from the pool. */
        List<T> items() {
            List<T> chosen;
            synchronized (this) {
                if (items != null || pool == null) {
                    return items == null ? List.of() : items;
                }
                chosen = List.copyOf(pool.take());
                items = chosen;
            }
            pool.topUp(); // outside this batch's lock: it may start (and so bind) other calls
            return chosen;
        }
    }
}
