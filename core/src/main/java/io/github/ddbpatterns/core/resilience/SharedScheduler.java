package io.github.ddbpatterns.core.resilience;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default scheduler for backoff waits: two daemon threads shared by every policy that was given none.
 * Tasks on it only start asynchronous calls, so two threads are plenty.
 */
final class SharedScheduler {

    private SharedScheduler() {}

    static ScheduledExecutorService get() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final ScheduledExecutorService INSTANCE = create();

        private static ScheduledExecutorService create() {
            AtomicInteger count = new AtomicInteger();
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, runnable -> {
                Thread thread = new Thread(runnable, "ddb-patterns-scheduler-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }
}
