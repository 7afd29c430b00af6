package io.github.ddbpatterns.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacitySimulatorTest {

    private static final TrafficProfile PROFILE = Profiles.writes(600, 100, 120, 1_000);

    @Test
    void simulate_whenRunTwice_givesTheSameResult() {
        List<Strategy> strategies =
                List.of(Strategy.onDemand(), Strategy.autoScaling(10, 1_000), Strategy.smoothed(200, 1));

        SimulationReport first = CapacitySimulator.ofDefaults().simulate(PROFILE, strategies);
        SimulationReport second = CapacitySimulator.ofDefaults().simulate(PROFILE, strategies);

        assertThat(second.table()).isEqualTo(first.table());
        for (int i = 0; i < strategies.size(); i++) {
            assertThat(second.results().get(i).scalingEvents())
                    .isEqualTo(first.results().get(i).scalingEvents());
            assertThat(second.results().get(i).throttleWindows())
                    .isEqualTo(first.results().get(i).throttleWindows());
        }
    }

    @Test
    void table_whenThrottled_showsCostsThrottlingAndItsFirstTime() {
        SimulationReport report = CapacitySimulator.ofDefaults()
                .simulate(PROFILE, List.of(Strategy.provisioned(100, 1), Strategy.smoothed(1_000, 1)));

        String[] lines = report.table().split("\n");

        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("strategy").contains("cost/day", "cost/month", "throttled", "first at");
        // 100 WCU: the 900 writes/s above capacity come from burst for 33 s, then throttle from 00:10:33
        assertThat(lines[1]).startsWith("provisioned 100 WCU / 1 RCU").contains("00:10:33");
        assertThat(lines[2]).startsWith("smoothed at 1,000 WCU").endsWith("0/0/0");
    }

    @Test
    void table_whenTheSmoothingQueueOverflows_showsTheRejectedWritesAsLost_notOnlyZeroThrottled() {
        // 10,000 writes/s for 120 s into 1,000 WCU: 1,080,000 writes queue up, 80,000 more than the queue holds
        TrafficProfile sale = Profiles.writes(120, 10_000, 1_200, 0);
        SimulationReport report = CapacitySimulator.ofDefaults()
                .simulate(sale, List.of(Strategy.provisioned(10_000, 1), Strategy.smoothed(1_000, 1)));
        StrategyResult smoothed = report.results().get(1);

        assertThat(smoothed.throttledRequests()).isZero();
        assertThat(smoothed.failedRequests()).isPositive();
        String[] lines = report.table().split("\n");
        assertThat(lines[0]).contains("throttled", "lost");
        assertThat(lines[1]).startsWith("provisioned 10,000 WCU");
        assertThat(lines[2])
                .startsWith("smoothed at 1,000 WCU")
                .contains(String.format(java.util.Locale.ROOT, "%,.0f", smoothed.failedRequests()));
    }

    @Test
    void result_whenNameUnknown_failsListingTheNames() {
        SimulationReport report = CapacitySimulator.ofDefaults().simulate(PROFILE, List.of(Strategy.onDemand()));

        assertThatThrownBy(() -> report.result("reserved"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("name must be one of [on-demand (new table)], got: 'reserved'");
    }

    @Test
    void simulate_whenNoStrategy_failsNamingTheField() {
        assertThatThrownBy(() -> CapacitySimulator.ofDefaults().simulate(PROFILE, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("strategies must hold at least one strategy, got: []");
    }
}
