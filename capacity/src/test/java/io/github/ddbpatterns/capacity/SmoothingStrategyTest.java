package io.github.ddbpatterns.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmoothingStrategyTest {

    private static final CapacitySimulator NO_BURST = CapacitySimulator.of(
            ServiceRules.builder().burstWindow(Duration.ZERO).build());

    @Test
    void simulate_whenBurstAboveCapacity_queuesAndDrainsWithoutThrottling() {
        // 3,000 writes in 10 s against 100 WCU: sent at 100/s for 30 s; the writes of arrival second a leave in
        // seconds 3a..3a+2, so the delay of a write sent in second s is s - floor(s / 3)
        TrafficProfile profile = Profiles.writes(10, 300, 50, 0);

        StrategyResult result = NO_BURST.simulate(profile, Strategy.smoothed(100, 1));

        QueueStats queue = result.queue().orElseThrow();
        assertThat(result.throttledRequests()).isZero();
        assertThat(result.failedRequests()).isZero();
        assertThat(queue.maxDepth()).isEqualTo(2_000);
        assertThat(queue.p50DelaySeconds()).isEqualTo(10); // the 1,500th write is sent in second 14
        assertThat(queue.p99DelaySeconds()).isEqualTo(20);
        assertThat(queue.maxDelaySeconds()).isEqualTo(20);
        assertThat(result.queueDepthAt(9)).isEqualTo(2_000);
        assertThat(result.queueDepthAt(29)).isZero();
        assertThat(result.writeCapacityAt(0)).isEqualTo(100);
    }

    @Test
    void simulate_whenQueueTooSmall_rejectsWritesAndCountsThemAsFailed() {
        TrafficProfile profile = Profiles.writes(10, 300, 50, 0);

        StrategyResult result =
                NO_BURST.simulate(profile, Strategy.smoothed(100, 1).maxQueuedWrites(500));

        // each second 300 arrive and 100 leave: the queue is full (500) from second 2, so 200 a second are
        // rejected from then on, and 400 remain after each second's sending
        QueueStats queue = result.queue().orElseThrow();
        assertThat(queue.maxDepth()).isEqualTo(400);
        assertThat(queue.rejectedWrites()).isEqualTo(8 * 200);
        assertThat(queue.pendingAtEnd()).isZero();
        assertThat(result.failedRequests()).isEqualTo(8 * 200);
    }

    @Test
    void simulate_whenProfileEndsWithWritesQueued_reportsThemPending() {
        TrafficProfile profile = Profiles.writes(10, 300);

        StrategyResult result = NO_BURST.simulate(profile, Strategy.smoothed(100, 1));

        assertThat(result.queue().orElseThrow().pendingAtEnd()).isEqualTo(2_000);
        assertThat(result.failedRequests()).isEqualTo(2_000);
    }

    @Test
    void simulate_whenPaceAboveCapacity_tableRefusalsStayQueued() {
        TrafficProfile profile = Profiles.writes(10, 300, 50, 0);

        StrategyResult result =
                NO_BURST.simulate(profile, Strategy.smoothed(100, 1).pace(150));

        assertThat(result.throttledWrites()).isGreaterThan(0); // the table refused what exceeded 100 WCU
        assertThat(result.failedRequests()).isZero(); // but every write was written in the end
        assertThat(result.queue().orElseThrow().maxDelaySeconds()).isEqualTo(20);
    }
}
