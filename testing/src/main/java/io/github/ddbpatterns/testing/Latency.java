package io.github.ddbpatterns.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Extra round-trip time a {@link ThrottlingProxy} adds to every request, so that DynamoDB Local on loopback
 * answers about as slowly as the real service over a network.
 *
 * <p>The delay is applied with a scheduled task on the proxy's event loop, never by blocking a thread, so a
 * latency of 50 ms does not limit the proxy's throughput. Immutable and thread-safe.
 *
 * <pre>{@code
 * Latency.fixed(Duration.ofMillis(10));
 * Latency.uniform(Duration.ofMillis(5), Duration.ofMillis(15), 42L);
 * }</pre>
 */
public final class Latency {

    private static final Latency NONE = new Latency(0, 0, 0);

    private final long minNanos;
    private final long maxNanos;
    private final long seed;
    private final SplittableRandom random;

    private Latency(long minNanos, long maxNanos, long seed) {
        this.minNanos = minNanos;
        this.maxNanos = maxNanos;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** No added latency. */
    public static Latency none() {
        return NONE;
    }

    /**
     * The same delay for every request.
     *
     * @throws IllegalArgumentException if {@code latency} is null or negative
     */
    public static Latency fixed(Duration latency) {
        long nanos = checked("latency", latency);
        return nanos == 0 ? NONE : new Latency(nanos, nanos, 0);
    }

    /**
     * A delay drawn uniformly from {@code [min, max]} for each request, from a random sequence seeded with
     * {@code seed} (the sequence is reproducible; which request gets which delay depends on arrival order).
     *
     * @throws IllegalArgumentException if {@code min} or {@code max} is null or negative, or {@code max < min}
     */
    public static Latency uniform(Duration min, Duration max, long seed) {
        long minNanos = checked("min", min);
        long maxNanos = checked("max", max);
        if (maxNanos < minNanos) {
            throw new IllegalArgumentException("max must be >= min (" + min + "), got: " + max);
        }
        return new Latency(minNanos, maxNanos, seed);
    }

    private static long checked(String name, Duration value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got: " + value);
        }
        return value.toNanos();
    }

    /** The smallest delay this latency adds. */
    public Duration min() {
        return Duration.ofNanos(minNanos);
    }

    /** The largest delay this latency adds. */
    public Duration max() {
        return Duration.ofNanos(maxNanos);
    }

    /** The delay for the next request, in nanoseconds. Thread-safe. */
    public long nextNanos() {
        if (minNanos == maxNanos) {
            return minNanos;
        }
        synchronized (random) {
            return random.nextLong(minNanos, maxNanos + 1);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Latency other
                && other.minNanos == minNanos
                && other.maxNanos == maxNanos
                && other.seed == seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(minNanos, maxNanos, seed);
    }

    @Override
    public String toString() {
        if (minNanos == maxNanos) {
            return minNanos == 0 ? "Latency.none" : "Latency.fixed(" + min() + ")";
        }
        return "Latency.uniform(" + min() + ", " + max() + ", seed=" + seed + ")";
    }
}
