package io.github.ddbpatterns.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed: 100 writes/s of 1 KB all day, two 2-minute flash sales at 10,000 writes/s (10:00 and 20:00
 * UTC), every strategy on it.
 */
class SeedProfileTest {

    private static final double WRITES_PER_DAY = 100.0 * 86_400 + 2 * 120 * 9_900; // 11,016,000
    private static SimulationReport report;

    @BeforeAll
    static void simulate() {
        ProfileGenerator generator = SeedProfile.generator();
        List<Strategy> strategies = SeedProfile.strategies(generator);
        report = CapacitySimulator.ofDefaults().simulate(generator.build(), strategies);
        System.out.print(report.table());
        System.out.println(report.recommend().reason());
    }

    @Test
    void onDemand_whenNewTable_throttlesAboveWarmThroughputThenAboveTwiceThePeak() {
        StrategyResult result = report.result("on-demand (new table)");

        // first sale: 4,000 WRU/s warm throughput; second sale: 2 x the 4,000 served at 10:00
        assertThat(result.throttleWindows())
                .containsExactly(
                        new ThrottleWindow(SeedProfile.SALE_1, SeedProfile.SALE_1 + 120, 120 * 6_000.0),
                        new ThrottleWindow(SeedProfile.SALE_2, SeedProfile.SALE_2 + 120, 120 * 2_000.0));
        assertThat(result.costPerDay()).isCloseTo((WRITES_PER_DAY - 960_000) * 0.625 / 1e6, within(1e-9));
    }

    @Test
    void onDemand_whenPrewarmed_costsEveryWriteUnitAndThrottlesNothing() {
        StrategyResult result = report.result("on-demand (pre-warmed 10,000 WRU/s)");

        assertThat(result.throttledRequests()).isZero();
        assertThat(result.costPerDay()).isCloseTo(6.885, within(1e-9));
        assertThat(result.costPerMonth()).isCloseTo(6.885 * 730 / 24, within(1e-9));
    }

    @Test
    void provisionedForPeak_costs10000WcuAllDayAndThrottlesNothing() {
        StrategyResult result = report.result("provisioned for peak 10,000 WCU");

        assertThat(result.throttledRequests()).isZero();
        assertThat(result.costPerDay()).isCloseTo(10_000 * 24 * 0.00065 + 24 * 0.00013, within(1e-9));
    }

    @Test
    void autoScaling_isCheapestButThrottlesInTheFirstMinutesOfEachSale() {
        StrategyResult result = report.result("auto-scaling 100-40,000 WCU");

        assertThat(result.throttledWrites()).isGreaterThan(0);
        assertThat(result.throttleWindows()).hasSize(2);
        assertThat(result.throttleWindows().get(0).startSecond())
                .isBetween(SeedProfile.SALE_1, SeedProfile.SALE_1 + 60);
        assertThat(result.throttleWindows().get(1).endSecond()).isLessThanOrEqualTo(SeedProfile.SALE_2 + 120);
        assertThat(report.results())
                .allSatisfy(other -> assertThat(result.costPerDay()).isLessThanOrEqualTo(other.costPerDay()));
    }

    @Test
    void scheduled_whenRaisedFiveMinutesBeforeEachSale_throttlesNothingForLessThanOnDemand() {
        StrategyResult result = report.result("scheduled 10,000 WCU 5 min before each sale");

        assertThat(result.throttledRequests()).isZero();
        // 143 WCU except 840 s at 10,000 (from 2 min after the increase to 2 min after the decrease), 1 RCU
        double wcuHours = (143.0 * (86_400 - 840) + 10_000.0 * 840) / 3600;
        assertThat(result.costPerDay()).isCloseTo(wcuHours * 0.00065 + 24 * 0.00013, within(1e-9));
        assertThat(result.costPerDay())
                .isLessThan(report.result("on-demand (pre-warmed 10,000 WRU/s)").costPerDay());
    }

    @Test
    void scheduled_whenEachHourBilledAtItsPeak_costsFourHoursAt10000AndOnDemandBecomesCheapest() {
        ProfileGenerator generator = SeedProfile.generator();
        SimulationReport hourly = CapacitySimulator.of(ServiceRules.builder()
                        .provisionedBilling(ProvisionedBilling.HOURLY_PEAK)
                        .build())
                .simulate(generator.build(), SeedProfile.strategies(generator));

        // 10,000 WCU is in force in hours 9, 10, 19 and 20 (each increase lands before the hour of its sale)
        StrategyResult scheduled = hourly.result("scheduled 10,000 WCU 5 min before each sale");
        assertThat(scheduled.costPerDay()).isCloseTo((4 * 10_000 + 20 * 143) * 0.00065 + 24 * 0.00013, within(1e-9));
        // a fixed capacity costs the same either way
        assertThat(hourly.result("provisioned for peak 10,000 WCU").costPerDay())
                .isCloseTo(report.result("provisioned for peak 10,000 WCU").costPerDay(), within(1e-9));
        assertThat(hourly.recommend().choice())
                .map(StrategyResult::name)
                .hasValue("on-demand (pre-warmed 10,000 WRU/s)");
        System.out.println("hourly-peak billing: " + hourly.recommend().reason());
    }

    @Test
    void smoothing_whenQueueHoldsASale_losesNothingAndReportsTheDelay() {
        StrategyResult result = report.result("smoothed at 1,000 WCU");

        QueueStats queue = result.queue().orElseThrow();
        assertThat(result.failedRequests()).isZero();
        assertThat(result.throttledRequests()).isZero();
        // a sale queues 10,000 - 1,000 writes a second for 120 s
        assertThat(queue.maxDepth()).isEqualTo(120 * 9_000.0);
        // drained at 1,000 - 100 a second afterwards: 1,200 s
        assertThat(queue.maxDelaySeconds()).isBetween(1_000, 1_320);
        assertThat(queue.p99DelaySeconds()).isLessThanOrEqualTo(queue.maxDelaySeconds());
    }

    @Test
    void recommend_choosesScheduledScalingAndSaysWhyAutoScalingThrottles() {
        Recommendation recommendation = report.recommend();

        assertThat(recommendation.choice())
                .map(StrategyResult::name)
                .hasValue("scheduled 10,000 WCU 5 min before each sale");
        assertThat(recommendation.reason())
                .startsWith(
                        "scheduled 10,000 WCU 5 min before each sale is the cheapest strategy that throttles nothing")
                .contains("auto-scaling 100-40,000 WCU is cheaper")
                .contains("at least 240 s to add capacity");
    }
}
