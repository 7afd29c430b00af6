package io.github.ddbpatterns.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyTest {

    @Test
    void uniform_withSameSeed_drawsTheSameDelaysWithinBounds() {
        Latency a = Latency.uniform(Duration.ofMillis(5), Duration.ofMillis(15), 9L);
        Latency b = Latency.uniform(Duration.ofMillis(5), Duration.ofMillis(15), 9L);
        List<Long> first = new ArrayList<>();
        List<Long> second = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            first.add(a.nextNanos());
            second.add(b.nextNanos());
        }
        assertThat(first)
                .isEqualTo(second)
                .allSatisfy(n -> assertThat(n).isBetween(5_000_000L, 15_000_000L))
                .doesNotHaveDuplicates();
    }

    @Test
    void fixedAndNone_alwaysTheSameDelay() {
        assertThat(Latency.fixed(Duration.ofMillis(10)).nextNanos()).isEqualTo(10_000_000L);
        assertThat(Latency.none().nextNanos()).isZero();
        assertThat(Latency.fixed(Duration.ZERO)).isEqualTo(Latency.none());
    }
}
