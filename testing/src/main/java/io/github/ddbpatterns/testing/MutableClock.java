package io.github.ddbpatterns.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that tests move by hand, so time-dependent behaviour (expiry, flush age, token buckets)
 * is tested without sleeping. Thread-safe; time never moves unless told to.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
 * clock.advance(Duration.ofMinutes(5));
 * }</pre>
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A clock standing at {@code start}, in UTC. */
    public static MutableClock at(Instant start) {
        return new MutableClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /** A clock standing at the current system time, truncated to milliseconds, in UTC. */
    public static MutableClock atSystemTime() {
        return at(Instant.ofEpochMilli(System.currentTimeMillis()));
    }

    /**
     * Moves the clock forward.
     *
     * @throws IllegalArgumentException if {@code amount} is negative (use {@link #set} to go back on purpose)
     */
    public MutableClock advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must not be negative, got: " + amount);
        }
        now.updateAndGet(t -> t.plus(amount));
        return this;
    }

    /** Sets the clock to {@code instant}, forward or back. */
    public MutableClock set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view of the same moving time in another zone. */
    @Override
    public Clock withZone(ZoneId otherZone) {
        return new MutableClock(now, Objects.requireNonNull(otherZone, "zone"));
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + ", " + zone + "]";
    }
}
