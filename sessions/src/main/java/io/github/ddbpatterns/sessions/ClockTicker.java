package io.github.ddbpatterns.sessions;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A Caffeine {@link Ticker} driven by a {@link Clock}: nanoseconds since the ticker was made, so a test clock moves
 * cache expiry exactly as it moves the store's own expiry checks.
 */
final class ClockTicker implements Ticker {

    private final Clock clock;
    private final Instant origin;

    ClockTicker(Clock clock) {
        this.clock = clock;
        this.origin = clock.instant();
    }

    @Override
    public long read() {
        return Duration.between(origin, clock.instant()).toNanos();
    }
}
