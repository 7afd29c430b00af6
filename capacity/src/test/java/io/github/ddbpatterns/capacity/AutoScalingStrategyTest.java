package io.github.ddbpatterns.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Target tracking: the 2-minute scale-out alarm, the update lag, 15-minute scale-in, 4 + 1/hour decreases. */
class AutoScalingStrategyTest {

    private static final CapacitySimulator SIMULATOR = CapacitySimulator.ofDefaults();

    @Test
    void simulate_whenAboveTargetForTwoMinutes_scalesOutOneUpdateLagLater() {
        // 100 WCU at 70 %: 60 writes/s for 10 minutes (60 %), then 90 writes/s (90 %)
        TrafficProfile profile = Profiles.writes(600, 60, 1_200, 90);

        StrategyResult result = SIMULATOR.simulate(profile, Strategy.autoScaling(100, 1_000));

        // datapoints of minutes 10 and 11 breach; decided at the end of minute 11 (second 719),
        // in force 120 s later; new capacity = 90 / 0.7 rounded up
        assertThat(result.scalingEvents())
                .containsExactly(new ScalingEvent(719, 840, ScalingEvent.Dimension.WRITE, 100, 129));
        assertThat(result.writeCapacityAt(839)).isEqualTo(100);
        assertThat(result.writeCapacityAt(840)).isEqualTo(129);
        assertThat(result.throttledRequests()).isZero();
    }

    @Test
    void simulate_whenAboveTargetForOneMinuteOnly_doesNotScaleOut() {
        TrafficProfile profile = Profiles.writes(600, 60, 60, 90, 1_200, 60);

        StrategyResult result = SIMULATOR.simulate(profile, Strategy.autoScaling(100, 1_000));

        assertThat(result.scalingEvents()).isEmpty();
    }

    @Test
    void simulate_whenLagLonger_newCapacityArrivesLater() {
        CapacitySimulator slow = CapacitySimulator.of(
                ServiceRules.builder().scalingUpdateLag(Duration.ofMinutes(10)).build());

        StrategyResult result = slow.simulate(Profiles.writes(600, 60, 1_200, 90), Strategy.autoScaling(100, 1_000));

        assertThat(result.scalingEvents().get(0).effectiveSecond()).isEqualTo(719 + 1 + 600);
    }

    @Test
    void simulate_whenBelowTargetMinus20For15Minutes_scalesIn() {
        // 140 writes/s scales 100 -> 200 WCU (decided at 119, in force at 240); from 600 s, 20 writes/s is
        // 10 % < 50 %: the 15th low datapoint is minute 24, decided at its last second, 1,499
        TrafficProfile profile = Profiles.writes(600, 140, 1_800, 20);

        StrategyResult result = SIMULATOR.simulate(profile, Strategy.autoScaling(100, 1_000));

        assertThat(result.scalingEvents())
                .containsExactly(
                        new ScalingEvent(119, 240, ScalingEvent.Dimension.WRITE, 100, 200),
                        new ScalingEvent(1_499, 1_620, ScalingEvent.Dimension.WRITE, 200, 100));
    }

    @Test
    void simulate_whenBelowTargetFor14MinutesOnly_doesNotScaleIn() {
        TrafficProfile profile = Profiles.writes(600, 140, 14 * 60, 20, 1_200, 140);

        StrategyResult result = SIMULATOR.simulate(profile, Strategy.autoScaling(100, 1_000));

        assertThat(result.scalingEvents()).noneMatch(ScalingEvent::decrease);
    }

    @Test
    void simulate_whenDecreasesWantedAllDay_allowsFourThenOnePerHourAndResetsAtUtcMidnight() {
        // one datapoint triggers either way and updates are instant, so that only the decrease quota limits:
        // writes alternate every 5 minutes between 1,000/s and 10/s for two days
        CapacitySimulator eager = CapacitySimulator.of(ServiceRules.builder()
                .scaleOutDatapoints(1)
                .scaleInDatapoints(1)
                .scalingUpdateLag(Duration.ZERO)
                .burstWindow(Duration.ZERO)
                .build());
        double[] steps = new double[2 * 2 * 288];
        for (int i = 0; i < 2 * 288; i++) {
            steps[2 * i] = 300;
            steps[2 * i + 1] = i % 2 == 0 ? 1_000 : 10;
        }

        StrategyResult result = eager.simulate(Profiles.writes(steps), Strategy.autoScaling(10, 10_000));

        List<Integer> decreases = result.scalingEvents().stream()
                .filter(ScalingEvent::decrease)
                .map(ScalingEvent::decidedSecond)
                .toList();
        List<Integer> dayOne = decreases.stream().filter(s -> s < 86_400).toList();
        List<Integer> dayTwo = decreases.stream().filter(s -> s >= 86_400).toList();
        assertThat(dayOne).hasSize(27).startsWith(359, 959, 1_559, 2_159, 2_159 + 3_600);
        for (int i = 4; i < dayOne.size(); i++) {
            assertThat(dayOne.get(i) - dayOne.get(i - 1))
                    .as("gap before decrease %d", i + 1)
                    .isGreaterThanOrEqualTo(3_600);
        }
        // a new UTC day: four decreases at once again
        assertThat(dayTwo).hasSize(27).startsWith(86_759, 87_359, 87_959, 88_559);
    }

    @Test
    void simulate_whenSeedFlashSales_throttlesOnlyInTheFirstMinutesOfEachSale() {
        StrategyResult result = SIMULATOR.simulate(SeedProfile.generator().build(), Strategy.autoScaling(100, 40_000));

        assertThat(result.throttledWrites()).isGreaterThan(0);
        assertThat(result.throttleWindows()).hasSize(2);
        for (ThrottleWindow window : result.throttleWindows()) {
            int sale = window.startSecond() < SeedProfile.SALE_2 ? SeedProfile.SALE_1 : SeedProfile.SALE_2;
            assertThat(window.startSecond()).isBetween(sale, sale + 60);
            assertThat(window.endSecond()).isLessThanOrEqualTo(sale + SeedProfile.SALE_SECONDS);
        }
        System.out.printf(
                "seed auto-scaling: %.2f/day, %,.0f writes throttled in %s, %d scaling events%n",
                result.costPerDay(),
                result.throttledWrites(),
                result.throttleWindows(),
                result.scalingEvents().size());
    }
}
