package io.github.ddbpatterns.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduledStrategyTest {

    @Test
    void simulate_whenIncreaseIssuedOneLagBeforeTheSpike_throttlesNothing() {
        // 600 s at 10 writes/s, 120 s at 1,000/s, then 10/s; burst disabled so only the schedule can help
        CapacitySimulator noBurst = CapacitySimulator.of(
                ServiceRules.builder().burstWindow(Duration.ZERO).build());
        TrafficProfile profile = Profiles.writes(600, 10, 120, 1_000, 600, 10);
        List<ScheduledAction> onTime = List.of(ScheduledAction.at(480, 1_000, 1), ScheduledAction.at(720, 20, 1));
        List<ScheduledAction> late = List.of(ScheduledAction.at(540, 1_000, 1), ScheduledAction.at(720, 20, 1));

        StrategyResult ready = noBurst.simulate(profile, Strategy.scheduled(20, 1, onTime));
        StrategyResult lagging = noBurst.simulate(profile, Strategy.scheduled(20, 1, late));

        assertThat(ready.throttledRequests()).isZero();
        assertThat(ready.writeCapacityAt(600)).isEqualTo(1_000);
        assertThat(ready.writeCapacityAt(840)).isEqualTo(20);
        // issued 60 s before the spike with a 120 s update: the first 60 s of the spike run at 20 WCU
        assertThat(lagging.throttleWindows()).containsExactly(new ThrottleWindow(600, 660, 60 * 980.0));
    }

    @Test
    void simulate_whenDecreaseQuotaSpent_decreaseWaitsForTheInterval() {
        CapacitySimulator oneAnHour = CapacitySimulator.of(ServiceRules.builder()
                .decreaseQuota(0, Duration.ofHours(1))
                .scalingUpdateLag(Duration.ZERO)
                .build());
        List<ScheduledAction> actions =
                List.of(ScheduledAction.at(0, 50, 1), ScheduledAction.at(60, 200, 1), ScheduledAction.at(120, 50, 1));

        StrategyResult result = oneAnHour.simulate(Profiles.writes(7_200, 10), Strategy.scheduled(100, 1, actions));

        assertThat(result.scalingEvents())
                .extracting(ScalingEvent::decidedSecond, ScalingEvent::to)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, 50.0),
                        org.assertj.core.groups.Tuple.tuple(60, 200.0),
                        org.assertj.core.groups.Tuple.tuple(3_600, 50.0));
        assertThat(result.writeCapacityAt(3_599)).isEqualTo(200);
    }

    @Test
    void aroundSpikes_whenRepeatingSpike_schedulesEachOccurrence() {
        Spike daily = new Spike(10_000, 120, 36_000, 86_400);

        ScheduledStrategy strategy = ScheduledStrategy.aroundSpikes(143, 10_000, 1, List.of(daily), 300, 2 * 86_400);

        assertThat(strategy.actions())
                .containsExactly(
                        ScheduledAction.at(35_700, 10_000, 1),
                        ScheduledAction.at(36_120, 143, 1),
                        ScheduledAction.at(122_100, 10_000, 1),
                        ScheduledAction.at(122_520, 143, 1));
    }
}
