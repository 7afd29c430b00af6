package io.github.ddbpatterns.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Provisioned capacity and the 300 s burst rule. */
class ProvisionedStrategyTest {

    private static final CapacitySimulator SIMULATOR = CapacitySimulator.ofDefaults();

    @Test
    void simulate_whenIdleTable_burstServesTwiceTheCapacityFor300Seconds() {
        // 100 WCU, idle for 10 minutes (300 s x 100 saved), then 200 writes/s: the extra 100/s is served from
        // burst for 300 s, then throttled
        TrafficProfile profile = Profiles.writes(600, 0, 600, 200);

        StrategyResult result = SIMULATOR.simulate(profile, Strategy.provisioned(100, 1));

        assertThat(result.throttleWindows()).containsExactly(new ThrottleWindow(900, 1_200, 300 * 100.0));
        assertThat(result.throttledAt(899)).isZero();
        assertThat(result.throttledAt(900)).isEqualTo(100);
        assertThat(result.throttledAt(1_199)).isEqualTo(100);
    }

    @Test
    void simulate_whenIdleLongerThan300Seconds_savesNoMoreThan300SecondsOfCapacity() {
        // drain the burst, then idle for 150 s, 300 s or 1,000 s before the next overload
        double afterHalf = throttledAfterIdle(150);
        double afterFull = throttledAfterIdle(300);
        double afterLong = throttledAfterIdle(1_000);

        assertThat(afterHalf).isEqualTo((600 - 150) * 100.0);
        assertThat(afterFull).isEqualTo((600 - 300) * 100.0);
        assertThat(afterLong).isEqualTo(afterFull);
    }

    @Test
    void simulate_whenBurstDisabled_throttlesAtOnce() {
        CapacitySimulator noBurst = CapacitySimulator.of(
                ServiceRules.builder().burstWindow(Duration.ZERO).build());

        StrategyResult result = noBurst.simulate(Profiles.writes(600, 0, 10, 200), Strategy.provisioned(100, 1));

        assertThat(result.throttleWindows()).containsExactly(new ThrottleWindow(600, 610, 10 * 100.0));
    }

    @Test
    void simulate_whenProvisionedForADay_costsCapacityHoursAtTheListPrice() {
        StrategyResult result = SIMULATOR.simulate(Profiles.writes(86_400, 100), Strategy.provisioned(10_000, 1_000));

        // 10,000 x 24 x 0.00065 + 1,000 x 24 x 0.00013
        assertThat(result.costPerDay()).isCloseTo(156.0 + 3.12, within(1e-6));
        assertThat(result.costPerMonth()).isCloseTo((156.0 + 3.12) * 730 / 24, within(1e-6));
    }

    private static double throttledAfterIdle(int idleSeconds) {
        TrafficProfile profile = Profiles.writes(600, 200, idleSeconds, 0, 600, 200);
        StrategyResult result = SIMULATOR.simulate(profile, Strategy.provisioned(100, 1));
        return result.throttleWindows().get(1).throttledRequests();
    }
}
