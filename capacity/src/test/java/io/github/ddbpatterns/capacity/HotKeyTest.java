package io.github.ddbpatterns.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.ddbpatterns.core.InvalidInputException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-partition view: a key named in the profile is limited to what one partition serves (1,000 WCU, 3,000 RCU a
 * second) whatever the table has.
 */
class HotKeyTest {

    private static final double ONE_HOUR_OVER = 3_600 * 500.0; // 30 % of 5,000 = 1,500 WCU, 500 over the partition

    /** One hour at 5,000 writes/s of 1 KB. */
    private static ProfileGenerator fiveThousandWrites() {
        return TrafficProfile.generator().duration(Duration.ofHours(1)).baselineWrites(5_000);
    }

    private static List<Strategy> strategies() {
        return List.of(
                Strategy.onDemand(),
                Strategy.onDemand().prewarmed(10_000, 12_000),
                Strategy.provisioned(5_000, 1),
                Strategy.autoScaling(5_000, 40_000),
                Strategy.scheduled(5_000, 1, List.of(ScheduledAction.at(0, 10_000, 1))),
                Strategy.smoothed(5_000, 1));
    }

    @Test
    void simulate_whenThirtyPercentOf5000WritesGoToOneKey_everyStrategyThrottlesTheKeyAbove1000Wcu() {
        TrafficProfile profile = fiveThousandWrites().keyShares(0.3).build();

        SimulationReport report = CapacitySimulator.ofDefaults().simulate(profile, strategies());

        System.out.print(report.table());
        assertThat(report.results()).allSatisfy(r -> {
            assertThat(r.partitionThrottledRequests()).as(r.name()).isCloseTo(ONE_HOUR_OVER, within(1e-3));
            assertThat(r.throttledRequests()).as(r.name()).isGreaterThanOrEqualTo(r.partitionThrottledRequests());
            assertThat(r.failedRequests()).as(r.name()).isPositive();
        });
        // a table with room for all of it refuses only the hot key's excess
        assertThat(report.result("on-demand (pre-warmed 10,000 WRU/s)").throttledRequests())
                .isCloseTo(ONE_HOUR_OVER, within(1e-3));
        assertThat(report.result("provisioned 5,000 WCU / 1 RCU").throttledRequests())
                .isCloseTo(ONE_HOUR_OVER, within(1e-3));
        // the table still bills what it served: on-demand 4,500 of the 5,000 units each second
        assertThat(report.result("on-demand (pre-warmed 10,000 WRU/s)").cost())
                .isCloseTo(3_600 * 4_500 * 0.625 / 1e6, within(1e-9));
    }

    @Test
    void recommend_whenAHotKeyThrottlesEverywhere_saysSoAndPointsAtWriteSharding() {
        TrafficProfile profile = fiveThousandWrites().keyShares(0.3).build();

        Recommendation recommendation =
                CapacitySimulator.ofDefaults().simulate(profile, strategies()).recommend();

        assertThat(recommendation.choice()).isEmpty();
        assertThat(recommendation.reason())
                .startsWith("No strategy throttles nothing, because a hot key throttles whatever the table has: its"
                        + " hottest partition key takes 30 % of the traffic, 1,500 write units/s at the peak, while"
                        + " one partition serves at most 1,000 WCU and 3,000 RCU a second in either capacity mode, so"
                        + " at least 1,800,000 requests are refused under every strategy; spread that key over"
                        + " several partition keys with write sharding (ShardedTable) and plan again; the one losing"
                        + " fewest is provisioned 5,000 WCU / 1 RCU with 1,800,000 requests");
        System.out.println(recommendation.reason());
    }

    @Test
    void simulate_whenTheSameTrafficIsSpreadEvenly_theTableAloneDecides() {
        SimulationReport report =
                CapacitySimulator.ofDefaults().simulate(fiveThousandWrites().build(), strategies());

        assertThat(report.results())
                .allSatisfy(r -> assertThat(r.partitionThrottledRequests()).isZero());
        assertThat(report.result("on-demand (pre-warmed 10,000 WRU/s)").throttledRequests())
                .isZero();
        assertThat(report.result("provisioned 5,000 WCU / 1 RCU").throttledRequests())
                .isZero();
        assertThat(report.table()).doesNotContain("by hot key");
    }

    @Test
    void simulate_whenTheHotKeyStaysUnderThePartitionLimit_throttlesNothing() {
        TrafficProfile profile = fiveThousandWrites().keyShares(0.2).build(); // 1,000 WCU: exactly the limit

        StrategyResult result = CapacitySimulator.ofDefaults().simulate(profile, Strategy.provisioned(5_000, 1));

        assertThat(result.throttledRequests()).isZero();
    }

    @Test
    void simulate_whenSeveralHotKeysAndReads_limitsEachKeyToItsPartition() {
        // 10,000 reads/s of 4 KB, eventually consistent: 5,000 RCU; keys of 70 % (3,500 RCU) and 20 % (1,000)
        TrafficProfile profile = TrafficProfile.generator()
                .duration(Duration.ofSeconds(10))
                .baselineReads(10_000)
                .baselineWrites(3_000)
                .keyShares(0.2, 0.7)
                .build();

        StrategyResult result = CapacitySimulator.ofDefaults()
                .simulate(profile, Strategy.onDemand().prewarmed(40_000, 40_000));

        // reads: 3,500 - 3,000 = 500 RCU over = 1,000 reads; writes: 2,100 - 1,000 = 1,100 WCU over = 1,100 writes
        assertThat(profile.keyShares()).containsExactly(0.7, 0.2);
        assertThat(result.throttledReads()).isCloseTo(10 * 1_000.0, within(1e-6));
        assertThat(result.throttledWrites()).isCloseTo(10 * 1_100.0, within(1e-6));
        assertThat(result.partitionThrottledRequests()).isCloseTo(10 * 2_100.0, within(1e-6));
    }

    @Test
    void simulate_whenRulesRaiseThePartitionLimit_theHotKeyFits() {
        CapacitySimulator simulator = CapacitySimulator.of(
                ServiceRules.builder().partitionMax(2_000, 6_000).build());

        StrategyResult result =
                simulator.simulate(fiveThousandWrites().keyShares(0.3).build(), Strategy.provisioned(5_000, 1));

        assertThat(result.throttledRequests()).isZero();
    }

    @Test
    void table_whenAHotKeyThrottled_showsHowManyRequestsItsPartitionRefused() {
        SimulationReport report = CapacitySimulator.ofDefaults()
                .simulate(fiveThousandWrites().keyShares(0.3).build(), List.of(Strategy.provisioned(10_000, 1)));

        assertThat(report.table().lines().toList())
                .containsExactly(
                        "strategy                                     cost/day     cost/month      throttled     by hot"
                                + " key  windows   first at queue delay p50/p99/max s",
                        "provisioned 10,000 WCU / 1 RCU                 156.00        4745.09      1,800,000     "
                                + " 1,800,000        1   00:00:00 -");
    }

    @Test
    void withKeyShares_whenShareOutOfRangeOrTooMany_failsNamingFieldAndValue() {
        TrafficProfile profile = fiveThousandWrites().build();

        assertThatThrownBy(() -> profile.withKeyShares(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("keyShares must be fractions in (0, 1] (0.3: 30 % to one key), got: 0.0");
        assertThatThrownBy(() -> profile.withKeyShares(1.5))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("keyShares must be fractions in (0, 1] (0.3: 30 % to one key), got: 1.5");
        assertThatThrownBy(() -> profile.withKeyShares(0.6, 0.5))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("keyShares must add up to at most 1, got: '[0.6, 0.5]'");
        assertThatThrownBy(() -> profile.withKeyShares(new double[101]))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("keyShares must name at most 100 keys, got: '101 shares'");
    }

    @Test
    void parse_whenHotKeyOrKeyShares_setsTheShares() {
        assertThat(ProfileGenerator.parse("duration=1h,writes=10,hotKey=0.3")
                        .build()
                        .keyShares())
                .containsExactly(0.3);
        assertThat(ProfileGenerator.parse("duration=1h,writes=10,keyShares=0.1/0.3")
                        .build()
                        .keyShares())
                .containsExactly(0.3, 0.1);
        assertThatThrownBy(() -> ProfileGenerator.parse("hotKey=30"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("hotKey must be a share of the traffic in (0, 1], e.g. 0.3, got: '30'");
    }
}
