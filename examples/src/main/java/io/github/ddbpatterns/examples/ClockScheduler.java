package io.github.ddbpatterns.examples;

import io.github.ddbpatterns.examples.demo.DemoClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The scheduler a scenario gives library components (a write buffer, a preference store) when its load runs on the
 * demo's test clock: every task they schedule — one-shot (a paced call waiting for its pace, a throttled write's
 * backoff, a stream poll) or periodic (a flush timer) — is held with its due time on the clock and runs in the
 * scenario's own thread when the scenario moves the clock to it ({@link #runDue}, {@link #advanceToNextAndRun}). So
 * nothing runs behind the scenario's back and the figures do not depend on the machine's speed.
 *
 * <p>Only for a simulated {@link DemoClock}: against a real endpoint the components keep their own schedulers.
 */
final class ClockScheduler extends ScheduledThreadPoolExecutor {

    /** A held task: one-shot when {@code periodNanos} is 0. */
    private record Held(Instant due, long order, Runnable task, long periodNanos, ScheduledFuture<?> handle) {}

    private final DemoClock clock;
    private final List<Held> held = new ArrayList<>();
    private long scheduled;

    ClockScheduler(DemoClock clock) {
        super(1, r -> {
            Thread thread = new Thread(r, "demo-clock-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        if (!clock.simulated()) {
            throw new IllegalArgumentException("a ClockScheduler needs the test clock, got: " + clock);
        }
        this.clock = clock;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return hold(command, unit.toNanos(delay), 0);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return hold(command, unit.toNanos(initialDelay), Math.max(1, unit.toNanos(delay)));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return hold(command, unit.toNanos(initialDelay), Math.max(1, unit.toNanos(period)));
    }

    private synchronized ScheduledFuture<?> hold(Runnable command, long delayNanos, long periodNanos) {
        if (isShutdown()) {
            return super.schedule(command, delayNanos, TimeUnit.NANOSECONDS); // rejected as a real scheduler would
        }
        // a placeholder the caller may cancel; the task itself runs in runDue()
        ScheduledFuture<?> handle = super.schedule(() -> {}, 365, TimeUnit.DAYS);
        held.add(new Held(clock.now().plusNanos(Math.max(0, delayNanos)), scheduled++, command, periodNanos, handle));
        notifyAll();
        return handle;
    }

    /**
     * One-shot tasks held now (cancelled ones dropped).
     *
     * @return the count
     */
    synchronized int oneShotCount() {
        held.removeIf(h -> h.handle().isCancelled());
        return (int) held.stream().filter(h -> h.periodNanos() == 0).count();
    }

    /** When the next held task is due on the clock; empty when none is held. */
    synchronized Optional<Instant> nextDue() {
        held.removeIf(h -> h.handle().isCancelled());
        return held.stream().map(Held::due).min(Comparator.naturalOrder());
    }

    /**
     * Runs, in the calling thread and in order of due time, every task due by now on the clock, including those they
     * schedule that are due already; a periodic task runs once however many of its periods passed, then is due one
     * period later.
     *
     * @return how many ran
     */
    int runDue() {
        return runDue(null, Duration.ZERO);
    }

    /**
     * Like {@link #runDue()}, for tasks that each schedule their successor once their asynchronous work is done (a
     * poll loop): after each one-shot task, waits until it has (the one-shot count is back) or {@code stop} holds, so
     * that the loops run one after the other, in a fixed order, each seeing what the previous one did.
     *
     * @param stop ends the wait (a loop that failed and will not schedule again)
     * @param timeout the longest wait for one task
     * @return how many ran
     */
    int runDueOneByOne(BooleanSupplier stop, Duration timeout) {
        return runDue(stop, timeout);
    }

    private int runDue(@Nullable BooleanSupplier stop, Duration timeout) {
        int ran = 0;
        while (true) {
            Held next;
            int oneShots;
            synchronized (this) {
                oneShots = oneShotCount();
                held.removeIf(h -> h.handle().isCancelled());
                Instant now = clock.now();
                next = held.stream()
                        .filter(h -> !h.due().isAfter(now))
                        .min(Comparator.comparing(Held::due).thenComparing(Held::order))
                        .orElse(null);
                if (next == null) {
                    return ran;
                }
                held.remove(next);
                if (next.periodNanos() > 0) {
                    held.add(new Held(
                            now.plusNanos(next.periodNanos()),
                            scheduled++,
                            next.task(),
                            next.periodNanos(),
                            next.handle()));
                }
            }
            next.task().run();
            ran++;
            if (stop != null && next.periodNanos() == 0) {
                await(
                        () -> oneShotCount() >= oneShots || stop.getAsBoolean(),
                        timeout,
                        "a task to schedule its successor");
            }
        }
    }

    /**
     * Moves the clock to the next held task (when it is later than now), rounded up to a whole {@code tick} of the
     * clock, and runs what is due then: like a timer of that granularity, tasks due within one tick run together.
     *
     * @param tick the granularity (zero: the task's exact due time)
     * @return false when no task is held
     */
    boolean advanceToNextAndRun(Duration tick) {
        Optional<Instant> due = nextDue();
        if (due.isEmpty()) {
            return false;
        }
        Instant at = due.get();
        if (!tick.isZero()) {
            long q = tick.toNanos();
            long nanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
            long rounded = Math.floorDiv(nanos + q - 1, q) * q;
            at = Instant.ofEpochSecond(Math.floorDiv(rounded, 1_000_000_000L), Math.floorMod(rounded, 1_000_000_000L));
        }
        Instant now = clock.now();
        if (at.isAfter(now)) {
            clock.advance(Duration.between(now, at));
        }
        runDue();
        return true;
    }

    /** Wakes the threads in {@link #await} to check their condition again (work in flight elsewhere changed). */
    synchronized void wake() {
        notifyAll();
    }

    /**
     * Waits (in real time, at most {@code timeout}) until {@code condition} holds; the condition is checked again each
     * time a task is scheduled or {@link #wake} is called (and every 100 ms, should a change come without either).
     *
     * @param condition what to wait for
     * @param timeout the longest wait
     * @param what what is awaited, for the error
     * @throws IllegalStateException if the wait timed out or was interrupted
     */
    void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
                }
                try {
                    wait(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(left))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + what, e);
                }
            }
        }
    }
}
