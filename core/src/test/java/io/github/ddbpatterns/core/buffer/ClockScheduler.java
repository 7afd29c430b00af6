package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Test scheduler for a buffer on a {@link MutableClock}: periodic tasks (the age timer) run as usual on one daemon
 * thread, but one-shot delayed tasks (a paced call waiting for its pace, a throttled write's backoff) are held with
 * their due time on the clock, and run by {@link #runDue()} in the test's own thread once the test has moved the
 * clock to them. With a writer that completes synchronously, everything the buffer does then happens in the test's
 * thread, in a known order.
 */
final class ClockScheduler extends ScheduledThreadPoolExecutor {

    private record Held(Instant due, long order, Runnable task, ScheduledFuture<?> handle) {}

    private final MutableClock clock;
    private final List<Held> held = new ArrayList<>();
    private long scheduled;

    ClockScheduler(MutableClock clock) {
        super(1, r -> {
            Thread thread = new Thread(r, "clock-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        this.clock = clock;
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (isShutdown()) {
            return super.schedule(command, delay, unit); // rejected as a real scheduler would
        }
        // a placeholder the caller may cancel; the task itself runs in runDue()
        ScheduledFuture<?> handle = super.schedule(() -> {}, 1, TimeUnit.DAYS);
        held.add(new Held(clock.instant().plusNanos(unit.toNanos(delay)), scheduled++, command, handle));
        return handle;
    }

    /** When the next held task is due, on the clock; empty when none is held (cancelled ones are dropped). */
    synchronized Optional<Instant> nextDue() {
        held.removeIf(h -> h.handle().isCancelled());
        return held.stream().map(Held::due).min(Comparator.naturalOrder());
    }

    /** Held tasks, cancelled ones included. */
    synchronized int heldCount() {
        return held.size();
    }

    /**
     * Runs, in the calling thread and in order of due time, every held task due by now on the clock, including
     * tasks they schedule that are due already; cancelled tasks are dropped.
     *
     * @return how many ran
     */
    int runDue() {
        int ran = 0;
        while (true) {
            Held next;
            synchronized (this) {
                held.removeIf(h -> h.handle().isCancelled());
                next = held.stream()
                        .filter(h -> !h.due().isAfter(clock.instant()))
                        .min(Comparator.comparing(Held::due).thenComparing(Held::order))
                        .orElse(null);
                if (next == null) {
                    return ran;
                }
                held.remove(next);
            }
            next.task().run();
            ran++;
        }
    }

    /** Moves the clock to the next held task's due time (if later than now) and runs what is due; false if none. */
    boolean advanceToNextAndRun() {
        Optional<Instant> due = nextDue();
        if (due.isEmpty()) {
            return false;
        }
        if (due.get().isAfter(clock.instant())) {
            clock.advance(Duration.between(clock.instant(), due.get()));
        }
        runDue();
        return true;
    }
}
