package io.github.ddbpatterns.core.batch;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A future that completes after a wait, scheduled rather than slept. */
final class ScheduledDelay {

    private ScheduledDelay() {}

    static CompletableFuture<Void> after(ScheduledExecutorService scheduler, Duration wait) {
        if (wait.isZero() || wait.isNegative()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> timer = new CompletableFuture<>();
        scheduler.schedule(() -> timer.complete(null), wait.toNanos(), TimeUnit.NANOSECONDS);
        return timer;
    }
}
