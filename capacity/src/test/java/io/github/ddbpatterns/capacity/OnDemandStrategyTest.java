package io.github.ddbpatterns.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The on-demand rules: 2x the previous peak at once, more within 30 minutes may throttle, warm throughput. */
class OnDemandStrategyTest {

    /** A table whose warm throughput is low, so that the previous peak decides. */
    private static final CapacitySimulator SMALL_WARM = CapacitySimulator.of(
            ServiceRules.builder().onDemandWarmThroughput(100, 100).build());

    @Test
    void simulate_whenTrafficDoublesAnEstablishedPeak_servesItAtOnce() {
        // 40 minutes at 100/s make 100 the previous peak; then 200/s = 2x
        TrafficProfile profile = Profiles.writes(2_400, 100, 600, 200);

        StrategyResult result = SMALL_WARM.simulate(profile, Strategy.onDemand());

        assertThat(result.throttledRequests()).isZero();
        assertThat(result.writeCapacityAt(2_400)).isEqualTo(200);
    }

    @Test
    void simulate_whenTrafficTriplesThePeak_throttlesAboveTwiceItFor30Minutes() {
        // 100/s is the previous peak; 300/s is served up to 200/s until the 200/s served has been the peak
        // for 30 minutes, then up to 400/s
        TrafficProfile profile = Profiles.writes(2_400, 100, 3_600, 300);

        StrategyResult result = SMALL_WARM.simulate(profile, Strategy.onDemand());

        assertThat(result.throttleWindows()).containsExactly(new ThrottleWindow(2_400, 4_200, 1_800 * 100.0));
        assertThat(result.writeCapacityAt(4_199)).isEqualTo(200);
        assertThat(result.writeCapacityAt(4_200)).isEqualTo(400);
    }

    @Test
    void simulate_whenNewTable_servesItsWarmThroughputAtOnceAndNoMore() {
        TrafficProfile atWarm = Profiles.writes(60, 4_000);
        TrafficProfile aboveWarm = Profiles.writes(60, 5_000);

        CapacitySimulator simulator = CapacitySimulator.ofDefaults();

        assertThat(simulator.simulate(atWarm, Strategy.onDemand()).throttledRequests())
                .isZero();
        assertThat(simulator.simulate(aboveWarm, Strategy.onDemand()).throttledWrites())
                .isEqualTo(60 * 1_000.0);
        assertThat(simulator
                        .simulate(aboveWarm, Strategy.onDemand().prewarmed(5_000, 12_000))
                        .throttledRequests())
                .isZero();
    }

    @Test
    void simulate_whenSomeRequestsThrottled_billsOnlyTheUnitsServed() {
        // 1,000,000 writes of 1 KB at 0.625 per million; the 60,000 refused above warm throughput are not billed
        TrafficProfile profile = Profiles.writes(200, 5_000);

        StrategyResult result = CapacitySimulator.ofDefaults().simulate(profile, Strategy.onDemand());

        assertThat(result.throttledWrites()).isEqualTo(200_000);
        assertThat(result.cost()).isCloseTo(800_000 * 0.625 / 1e6, within(1e-9));
    }

    @Test
    void simulate_whenTableQuotaReached_throttlesAboveIt() {
        TrafficProfile profile = Profiles.writes(10, 50_000);

        StrategyResult result = CapacitySimulator.ofDefaults()
                .simulate(profile, Strategy.onDemand().prewarmed(100_000, 100_000));

        assertThat(result.throttledWrites()).isEqualTo(10 * 10_000.0);
    }
}
