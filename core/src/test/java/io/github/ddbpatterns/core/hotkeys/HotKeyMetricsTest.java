package io.github.ddbpatterns.core.hotkeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.testing.MutableClock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HotKeyMetricsTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void bindTo_whenDefaults_publishesRankGaugesWithoutKeyTags() {
        HotKeyTracker tracker =
                HotKeyTracker.builder().clock(clock).revealKeys(true).build();
        HotKeyMetrics.monitor(registry, tracker, Tags.of("table", "events"));
        tracker.recordWrite("alice", 300);
        tracker.recordWrite("bob", 100);

        assertThat(registry.get("ddb.patterns.hotkeys.rate")
                        .tags("access", "write", "rank", "1", "table", "events")
                        .gauge()
                        .value())
                .isEqualTo(300.0);
        assertThat(registry.get("ddb.patterns.hotkeys.rate")
                        .tags("access", "write", "rank", "2")
                        .gauge()
                        .value())
                .isEqualTo(100.0);
        assertThat(registry.get("ddb.patterns.hotkeys.rate")
                        .tags("access", "write", "rank", "3")
                        .gauge()
                        .value())
                .isZero();
        assertThat(registry.get("ddb.patterns.hotkeys.total.rate")
                        .tags("access", "write")
                        .gauge()
                        .value())
                .isEqualTo(400.0);
        assertThat(registry.get("ddb.patterns.hotkeys.rate")
                        .tags("access", "read")
                        .gauges())
                .hasSize(5);
        assertThat(registry.find("ddb.patterns.hotkeys.key.rate").meters()).isEmpty();
        assertNoRawKeys("alice", "bob");
    }

    @Test
    void refresh_whenHashedKeyTagsAsked_publishesHashedKeysOnlyAndDropsColdOnes() {
        HotKeyTracker tracker =
                HotKeyTracker.builder().clock(clock).revealKeys(true).build();
        HotKeyMetrics metrics =
                HotKeyMetrics.builder(tracker).topN(1).tagHashedKeys(true).build();
        metrics.bindTo(registry);
        tracker.recordWrite("alice", 300);
        metrics.refresh();
        String aliceHash = tracker.top(AccessType.WRITE, 1).get(0).keyHash();
        assertThat(registry.get("ddb.patterns.hotkeys.key.rate")
                        .tags("access", "write", "key", aliceHash)
                        .gauge()
                        .value())
                .isEqualTo(300.0);

        clock.advance(Duration.ofSeconds(20));
        tracker.recordWrite("bob", 50);
        metrics.refresh();
        String bobHash = tracker.top(AccessType.WRITE, 1).get(0).keyHash();
        assertThat(registry.find("ddb.patterns.hotkeys.key.rate")
                        .tag("key", aliceHash)
                        .gauge())
                .isNull();
        // 50 units averaged over the full 10 s window
        assertThat(registry.get("ddb.patterns.hotkeys.key.rate")
                        .tag("key", bobHash)
                        .gauge()
                        .value())
                .isEqualTo(5.0);
        assertNoRawKeys("alice", "bob");
    }

    private void assertNoRawKeys(String... keys) {
        for (Meter meter : registry.getMeters()) {
            for (Tag tag : meter.getId().getTags()) {
                assertThat(tag.getValue()).isNotIn((Object[]) keys);
            }
        }
    }
}
