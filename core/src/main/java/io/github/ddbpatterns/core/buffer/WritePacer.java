package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.capacity.CapacityUnits;
import io.github.ddbpatterns.core.keys.ItemSize;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pace of a paced {@link WriteBuffer}: a Resilience4j {@link RateLimiter} of {@code R} permits, one per write
 * unit, per {@link #PERIOD} of one second, whose time is the buffer's clock. Each call reserves its units with
 * {@link RateLimiter#reservePermission(int)} and the buffer schedules the call after the wait it returns: no thread
 * blocks.
 *
 * <p>Why Resilience4j's limiter, not a token bucket of our own: its {@code AtomicRateLimiter} already handles
 * reservations larger than {@code limitForPeriod} — a call of 25 items of 400 KB costs 10,000 units — as a debt: the
 * permits available go negative, and the wait returned is the time to the start of the period at which the refills
 * ({@code R} per period) have paid back the debt and the call's own units. Every later reservation waits behind that
 * debt, so calls are released in the order they reserved. Unused permits are capped at {@code R}: an idle spell banks
 * one period's worth, no more. The timeout is effectively infinite (a reservation is never refused: the buffer bounds
 * what is reserved ahead, one call per call slot) and the clock injectable ({@code RateLimiter.of(name, config,
 * nanoTimeSupplier)}).
 *
 * <p>What that gives, with {@code R} units per second: the units sent by time {@code t} never exceed
 * {@code R * (1 + floor((t - built) / 1 s))}, {@code built} being when the buffer was built; in any span of
 * {@code T} seconds at most {@code R * (floor(T) + 2)} units go out while no call costs more than {@code R} (a bigger
 * call goes out whole once its units are covered), which a table holding two seconds of burst credit absorbs (a
 * provisioned table holds up to 300 s). A call reserving {@code U} units while calls that reserved before it and are
 * still waiting hold {@code D} units is released within {@code (D + U) / R} seconds plus one period. Thread-safe: the
 * limiter is lock-free, the statistics are synchronized.
 */
final class WritePacer {

    /** The limiter's refresh period: R permits become available at the start of each. */
    static final Duration PERIOD = Duration.ofSeconds(1);

    /** Never refuse a reservation: the buffer bounds what is reserved ahead (one call per call slot). */
    private static final Duration NO_TIMEOUT = Duration.ofNanos(Long.MAX_VALUE);

    private final long unitsPerSecond;
    private final RateLimiter limiter;
    private final Clock clock;
    /** The last time read, so the limiter's time never goes back when the clock does. */
    private final AtomicLong lastNanos = new AtomicLong(Long.MIN_VALUE);

    private long calls;
    private long writes;
    private long units;
    private long totalDelayNanos;
    private long maxDelayNanos;

    WritePacer(String name, long unitsPerSecond, Clock clock) {
        this.unitsPerSecond = unitsPerSecond;
        this.clock = clock;
        RateLimiterConfig config = RateLimiterConfig.custom()
                .limitForPeriod(Math.toIntExact(unitsPerSecond))
                .limitRefreshPeriod(PERIOD)
                .timeoutDuration(NO_TIMEOUT)
                .build();
        this.limiter = RateLimiter.of("ddb-patterns-write-buffer-" + name, config, this::nanoTime);
    }

    /** Write units of one write: a put one per started KB of its item, a delete one. */
    static long unitsOf(WriteOp write) {
        return CapacityUnits.writeUnits(write.item().map(ItemSize::of).orElse(0L));
    }

    /** Write units of a call. */
    static long unitsOf(Collection<WriteOp> writes) {
        long total = 0;
        for (WriteOp write : writes) {
            total += unitsOf(write);
        }
        return total;
    }

    /**
     * Reserves {@code units} permits.
     *
     * @return the nanoseconds to wait before sending them, on the buffer's clock (0: send now)
     */
    long reserve(long units) {
        // a call holds at most 25 items of at most 400 units: 10,000
        long wait = limiter.reservePermission(Math.toIntExact(units));
        return Math.max(0, wait); // never negative: the timeout is ~292 years
    }

    /** Counts a call sent with the pacing delays of its item writes. */
    synchronized void sent(long[] delayNanos, long callUnits) {
        calls++;
        writes += delayNanos.length;
        units += callUnits;
        for (long delay : delayNanos) {
            totalDelayNanos += delay;
            maxDelayNanos = Math.max(maxDelayNanos, delay);
        }
    }

    synchronized PacingStats stats() {
        return new PacingStats(
                unitsPerSecond,
                calls,
                writes,
                units,
                Duration.ofNanos(totalDelayNanos),
                Duration.ofNanos(maxDelayNanos));
    }

    long unitsPerSecond() {
        return unitsPerSecond;
    }

    /** The buffer's clock in nanoseconds, never going back (a clock set back holds the pace until it catches up). */
    private Long nanoTime() {
        Instant now = clock.instant();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return lastNanos.accumulateAndGet(nanos, Math::max);
    }
}
