package io.github.ddbpatterns.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import java.time.Duration;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FullJitterBackoffTest {

    @Test
    void apply_whenRandomReturnsItsBound_isExponentialUpToTheCap() {
        FullJitterBackoff backoff =
                FullJitterBackoff.of(Duration.ofMillis(50), Duration.ofMillis(1000), bound -> bound);
        assertThat(IntStream.rangeClosed(1, 7).mapToObj(backoff::apply))
                .containsExactly(50L, 100L, 200L, 400L, 800L, 1000L, 1000L);
    }

    @Test
    void apply_whenRandomReturnsZero_waitsNothing() {
        FullJitterBackoff backoff = FullJitterBackoff.of(Duration.ofMillis(50), Duration.ofMillis(1000), b -> 0);
        assertThat(backoff.apply(5)).isZero();
    }

    @Property(tries = 300)
    void apply_always_isBetweenZeroAndTheCeiling(
            @ForAll @IntRange(min = 1, max = 200) int retry,
            @ForAll @IntRange(min = 0, max = 10_000) int baseMillis,
            @ForAll @IntRange(min = 0, max = 100_000) int extra) {
        FullJitterBackoff backoff =
                FullJitterBackoff.of(Duration.ofMillis(baseMillis), Duration.ofMillis((long) baseMillis + extra));
        long wait = backoff.apply(retry);
        assertThat(wait).isBetween(0L, backoff.ceilingMillis(retry));
        assertThat(backoff.ceilingMillis(retry)).isLessThanOrEqualTo((long) baseMillis + extra);
        assertThat(backoff.ceilingMillis(retry + 1)).isGreaterThanOrEqualTo(backoff.ceilingMillis(retry));
    }

    @Test
    void of_whenMaxBelowBase_throwsNamingMaxDelay() {
        assertThatThrownBy(() -> FullJitterBackoff.of(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("maxDelay");
    }
}
