package io.github.ddbpatterns.core.resilience;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A client-side rate limit that finds the table's real capacity by itself: a Resilience4j {@link RateLimiter}
 * whose {@code limitForPeriod} is cut multiplicatively on each throttle and raised additively on each success
 * (AIMD, as TCP does), between {@code minLimit} and the limiter's configured limit.
 *
 * <p>Cuts happen at most once per refresh period, so a burst of throttles from one overload lowers the limit
 * once. Permits are reserved with {@link RateLimiter#reservePermission()} and the call is scheduled on an
 * executor: no thread ever blocks waiting for a permit. A call that would wait longer than the limiter's
 * {@code timeoutDuration} fails with {@link RequestNotPermitted} (classified {@link ErrorClass#THROTTLED}).
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.of("orders-writes", RateLimiterConfig.custom()
 *     .limitForPeriod(500).limitRefreshPeriod(Duration.ofSeconds(1))
 *     .timeoutDuration(Duration.ofSeconds(30)).build());
 * ResiliencePolicy policy = ResiliencePolicy.builder()
 *     .rateLimiter(AdaptiveRateLimiter.of(limiter))   // 500/s at most, halves on throttling
 *     .build();
 * }</pre>
 */
public final class AdaptiveRateLimiter {

    private final RateLimiter rateLimiter;
    private final int minLimit;
    private final int maxLimit;
    private final int increaseStep;
    private final double decreaseFactor;
    private final long cutIntervalNanos;
    private final LongSupplier nanoTime;

    private int currentLimit;
    private long lastCutNanos;
    private boolean everCut;

    private AdaptiveRateLimiter(
            RateLimiter rateLimiter, int minLimit, int increaseStep, double decreaseFactor, LongSupplier nanoTime) {
        RateLimiterConfig config = rateLimiter.getRateLimiterConfig();
        this.rateLimiter = rateLimiter;
        this.maxLimit = config.getLimitForPeriod();
        this.minLimit = Checks.inRange("minLimit", minLimit, 1, maxLimit);
        this.increaseStep = Checks.positive("increaseStep", increaseStep);
        if (!(decreaseFactor > 0 && decreaseFactor < 1)) {
            throw InvalidInputException.of("decreaseFactor", decreaseFactor, "be between 0 and 1 (exclusive)");
        }
        this.decreaseFactor = decreaseFactor;
        this.cutIntervalNanos = config.getLimitRefreshPeriod().toNanos();
        this.nanoTime = nanoTime;
        this.currentLimit = maxLimit;
    }

    /**
     * Adapts {@code rateLimiter} between 1 and its configured limit, halving on throttles and adding
     * {@code max(1, limit / 20)} per success.
     *
     * @throws InvalidInputException if {@code rateLimiter} is null
     */
    public static AdaptiveRateLimiter of(RateLimiter rateLimiter) {
        Checks.notNull("rateLimiter", rateLimiter);
        int max = rateLimiter.getRateLimiterConfig().getLimitForPeriod();
        return of(rateLimiter, 1, Math.max(1, max / 20), 0.5);
    }

    /**
     * Adapts {@code rateLimiter} between {@code minLimit} and its configured limit.
     *
     * @throws InvalidInputException if {@code rateLimiter} is null, {@code minLimit} is not in
     *     {@code [1, limitForPeriod]}, {@code increaseStep} is not positive or {@code decreaseFactor} is not in
     *     {@code (0, 1)}
     */
    public static AdaptiveRateLimiter of(
            RateLimiter rateLimiter, int minLimit, int increaseStep, double decreaseFactor) {
        return new AdaptiveRateLimiter(
                Checks.notNull("rateLimiter", rateLimiter), minLimit, increaseStep, decreaseFactor, System::nanoTime);
    }

    /** Same, with a time source for tests. */
    static AdaptiveRateLimiter of(
            RateLimiter rateLimiter, int minLimit, int increaseStep, double decreaseFactor, LongSupplier nanoTime) {
        return new AdaptiveRateLimiter(rateLimiter, minLimit, increaseStep, decreaseFactor, nanoTime);
    }

    /** The service throttled a call: multiply the limit by {@code decreaseFactor} (once per period at most). */
    public synchronized void onThrottle() {
        long now = nanoTime.getAsLong();
        if (everCut && now - lastCutNanos < cutIntervalNanos) {
            return;
        }
        everCut = true;
        lastCutNanos = now;
        setLimit(Math.max(minLimit, (int) Math.floor(currentLimit * decreaseFactor)));
    }

    /** A call succeeded: add {@code increaseStep} to the limit, up to the configured limit. */
    public synchronized void onSuccess() {
        if (currentLimit < maxLimit) {
            setLimit((int) Math.min(maxLimit, (long) currentLimit + increaseStep));
        }
    }

    private void setLimit(int limit) {
        if (limit != currentLimit) {
            currentLimit = limit;
            rateLimiter.changeLimitForPeriod(limit);
        }
    }

    /** The limit per refresh period in force now (or from the next period on). */
    public synchronized int currentLimit() {
        return currentLimit;
    }

    public int minLimit() {
        return minLimit;
    }

    /** The configured limit of the underlying limiter: the ceiling of the adaptation. */
    public int maxLimit() {
        return maxLimit;
    }

    /** The underlying Resilience4j limiter (for metrics and events). */
    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /**
     * Runs {@code call} once a permit is available, waiting on {@code scheduler} (never blocking a thread).
     * The result fails with {@link RequestNotPermitted} if no permit comes within the limiter's timeout.
     */
    <T> CompletableFuture<T> execute(ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> call) {
        long waitNanos = rateLimiter.reservePermission();
        if (waitNanos < 0) {
            return CompletableFuture.failedFuture(RequestNotPermitted.createRequestNotPermitted(rateLimiter));
        }
        if (waitNanos == 0) {
            return ResiliencePolicy.invoke(call);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        scheduler.schedule(
                () -> {
                    ResiliencePolicy.invoke(call).whenComplete((value, error) -> {
                        if (error != null) {
                            result.completeExceptionally(error);
                        } else {
                            result.complete(value);
                        }
                    });
                },
                waitNanos,
                TimeUnit.NANOSECONDS);
        return result;
    }

    @Override
    public String toString() {
        return "AdaptiveRateLimiter[" + rateLimiter.getName() + ", limit=" + currentLimit() + " in [" + minLimit + ", "
                + maxLimit + "]]";
    }
}
