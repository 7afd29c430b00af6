package io.github.ddbpatterns.core.resilience;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): before
 * retry {@code n} (1-based) wait a uniformly random time in {@code [0, min(maxDelay, baseDelay * 2^(n-1))]}.
 *
 * <p>Full jitter spreads retries of many clients that were throttled at the same moment, which
 * Resilience4j's {@code ofExponentialRandomBackoff} (randomisation around the exponential value) does less
 * well. It is a Resilience4j {@link IntervalFunction}, so it plugs into any {@code RetryConfig}:
 *
 * <pre>{@code
 * RetryConfig config = RetryConfig.custom()
 *     .maxAttempts(8)
 *     .intervalFunction(FullJitterBackoff.of(Duration.ofMillis(50), Duration.ofSeconds(5)))
 *     .retryOnException(DynamoDbErrors::isRetryable)
 *     .build();
 * }</pre>
 */
public final class FullJitterBackoff implements IntervalFunction {

    private final long baseMillis;
    private final long maxMillis;
    private final LongUnaryOperator random;

    private FullJitterBackoff(long baseMillis, long maxMillis, LongUnaryOperator random) {
        this.baseMillis = baseMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    /**
     * Full-jitter backoff from {@code baseDelay} doubling up to {@code maxDelay}.
     *
     * @throws InvalidInputException if a delay is null or negative, or {@code maxDelay < baseDelay}
     */
    public static FullJitterBackoff of(Duration baseDelay, Duration maxDelay) {
        return of(baseDelay, maxDelay, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /** Like {@link #of(Duration, Duration)} with a chosen random source: {@code bound -> value in [0, bound]}. */
    static FullJitterBackoff of(Duration baseDelay, Duration maxDelay, LongUnaryOperator random) {
        Checks.notNegative("baseDelay", baseDelay);
        Checks.notNegative("maxDelay", maxDelay);
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw InvalidInputException.of("maxDelay", maxDelay, "be at least baseDelay " + baseDelay);
        }
        return new FullJitterBackoff(baseDelay.toMillis(), maxDelay.toMillis(), random);
    }

    /** The largest wait before retry {@code retryNumber} (1-based): {@code min(max, base * 2^(n-1))}. */
    public long ceilingMillis(int retryNumber) {
        long ceiling = baseMillis;
        for (int i = 1; i < retryNumber && ceiling < maxMillis; i++) {
            ceiling = ceiling > maxMillis / 2 ? maxMillis : ceiling * 2;
        }
        return Math.min(maxMillis, ceiling);
    }

    /** A random wait in {@code [0, ceilingMillis(retryNumber)]}, in milliseconds. */
    @Override
    public Long apply(Integer retryNumber) {
        long ceiling = ceilingMillis(retryNumber == null ? 1 : retryNumber);
        return ceiling <= 0 ? 0L : random.applyAsLong(ceiling);
    }

    public Duration baseDelay() {
        return Duration.ofMillis(baseMillis);
    }

    public Duration maxDelay() {
        return Duration.ofMillis(maxMillis);
    }

    @Override
    public String toString() {
        return "FullJitterBackoff[base=" + baseMillis + "ms, max=" + maxMillis + "ms]";
    }
}
