package io.github.ddbpatterns.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class SessionNearCacheProperties {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Property(tries = 300)
    void get_returnsTheSessionExactlyWhileNowIsBeforeItsExpiry(
            @ForAll @LongRange(min = 1, max = 90_000) long ttlSeconds,
            @ForAll @LongRange(min = 0, max = 999_999_999) long startNanos,
            @ForAll @LongRange(min = -2_000_000_000L, max = 2_000_000_000L) long offsetFromExpiryNanos) {
        MutableClock clock = MutableClock.at(T0.plusNanos(startNanos));
        SessionNearCache cache = new SessionNearCache(100, Duration.ofDays(36_500), clock);
        Session session = Session.builder()
                .id("s")
                .owner("o")
                .attributes(Map.of())
                .createdAt(clock.instant())
                .expiresAt(clock.instant().plusSeconds(ttlSeconds))
                .build();
        cache.written(session);

        Instant probe = session.expiresAt().plusNanos(offsetFromExpiryNanos);
        if (probe.isBefore(clock.instant())) {
            probe = clock.instant();
        }
        clock.set(probe);

        boolean live = probe.isBefore(session.expiresAt());
        assertThat(cache.get("s") != null).isEqualTo(live);
        assertThat(session.isExpiredAt(probe)).isEqualTo(!live);
    }
}
