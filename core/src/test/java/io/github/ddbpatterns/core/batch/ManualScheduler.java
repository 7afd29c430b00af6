package io.github.ddbpatterns.core.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Test-only scheduler whose delayed tasks run only when the test says so, in the order they were scheduled: a
 * backoff wait becomes a step the test takes, so tests order events without sleeping or timing anything. Only
 * {@link #schedule(Runnable, long, TimeUnit)} is supported (what the batch writer and reader use); no thread is
 * ever started.
 */
final class ManualScheduler extends ScheduledThreadPoolExecutor {

    private final Deque<Runnable> pending = new ArrayDeque<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private int scheduled;

    private record Waiter(int count, CompletableFuture<Void> future) {}

    ManualScheduler() {
        super(1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        List<CompletableFuture<Void>> reached = new ArrayList<>();
        synchronized (this) {
            pending.add(task);
            scheduled++;
            waiters.removeIf(w -> {
                if (w.count() <= scheduled) {
                    reached.add(w.future());
                    return true;
                }
                return false;
            });
        }
        reached.forEach(f -> f.complete(null));
        return new Held();
    }

    /** Completes once {@code count} tasks have been scheduled since the start. */
    synchronized CompletableFuture<Void> whenScheduled(int count) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (scheduled >= count) {
            future.complete(null);
        } else {
            waiters.add(new Waiter(count, future));
        }
        return future;
    }

    /** Tasks scheduled so far. */
    synchronized int scheduled() {
        return scheduled;
    }

    /**
     * Runs the oldest waiting task, in the caller's thread.
     *
     * @return false when no task was waiting
     */
    boolean runNext() {
        Runnable task;
        synchronized (this) {
            task = pending.poll();
        }
        if (task == null) {
            return false;
        }
        task.run();
        return true;
    }

    /** Runs waiting tasks, the ones they schedule included, until none is left; returns how many ran. */
    int runAll() {
        int ran = 0;
        while (runNext()) {
            ran++;
        }
        return ran;
    }

    /** The handle of a task that waits for the test; cancelling is not supported. */
    private static final class Held implements ScheduledFuture<Object> {
        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return 0;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return false;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException("a manually scheduled task has no result");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("a manually scheduled task has no result");
        }
    }
}
