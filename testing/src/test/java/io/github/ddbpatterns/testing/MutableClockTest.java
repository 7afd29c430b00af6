package io.github.ddbpatterns.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void advance_movesOnlyWhenTold() {
        MutableClock clock = MutableClock.at(START);
        assertThat(clock.instant()).isEqualTo(START);
        clock.advance(Duration.ofSeconds(90));
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(90));
        assertThat(clock.millis()).isEqualTo(START.plusSeconds(90).toEpochMilli());
    }

    @Test
    void advance_whenNegative_failsNamingTheAmount() {
        assertThatThrownBy(() -> MutableClock.at(START).advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-1S");
    }

    @Test
    void withZone_sharesTheSameMovingTime() {
        MutableClock clock = MutableClock.at(START);
        var paris = clock.withZone(ZoneId.of("Europe/Paris"));
        clock.set(START.plusSeconds(5));
        assertThat(paris.instant()).isEqualTo(START.plusSeconds(5));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }
}
