package io.github.ddbpatterns.core.buffer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Test scheduler for a buffer: periodic tasks (the age timer) run as usual on one daemon thread, but one-shot
 * delayed tasks (a throttled write's backoff) are held until the test releases them, so the test decides when a
 * backing-off write is sent again, and moves its clock in between, instead of waiting for the backoff.
 */
final class HeldScheduler extends ScheduledThreadPoolExecutor {

    private final List<Runnable> held = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private CompletableFuture<Void> nextHeld = new CompletableFuture<>();

    HeldScheduler() {
        super(1, r -> {
            Thread thread = new Thread(r, "held-scheduler");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (isShutdown()) {
            return super.schedule(command, delay, unit); // rejected as a real scheduler would
        }
        held.add(command);
        delays.add(Duration.ofNanos(unit.toNanos(delay)));
        nextHeld.complete(null);
        return super.schedule(() -> {}, 1, TimeUnit.DAYS); // a placeholder the caller may cancel
    }

    /** Completes once a delayed task is held (at once if one is held now). */
    synchronized CompletableFuture<Void> whenHeld() {
        if (!held.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (nextHeld.isDone()) {
            nextHeld = new CompletableFuture<>();
        }
        return nextHeld;
    }

    /** Runs every held task now, on the scheduler's thread; returns how many. */
    int release() {
        List<Runnable> tasks;
        synchronized (this) {
            tasks = new ArrayList<>(held);
            held.clear();
            nextHeld = new CompletableFuture<>();
        }
        tasks.forEach(this::runSoon);
        return tasks.size();
    }

    /** Runs {@code task} on the scheduler's thread (execute() would go through schedule() and be held again). */
    private void runSoon(Runnable task) {
        super.schedule(task, 0, TimeUnit.NANOSECONDS);
    }

    /** The delays asked for so far, in order (held or released). */
    synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }
}
