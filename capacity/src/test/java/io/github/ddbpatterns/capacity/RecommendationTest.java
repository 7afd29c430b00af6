package io.github.ddbpatterns.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecommendationTest {

    // 10 minutes at 100 writes/s, then 2 minutes at 1,000/s
    private static final TrafficProfile PROFILE = Profiles.writes(600, 100, 120, 1_000);

    @Test
    void recommend_whenCheapestThrottlesNothing_saysItIsTheCheapest() {
        SimulationReport report = CapacitySimulator.ofDefaults()
                .simulate(PROFILE, List.of(Strategy.onDemand(), Strategy.provisioned(1_000, 1)));

        Recommendation recommendation = report.recommend();

        assertThat(recommendation.choice()).map(StrategyResult::name).hasValue("on-demand (new table)");
        assertThat(recommendation.reason())
                .startsWith("on-demand (new table) is the cheapest strategy and throttles nothing:");
    }

    @Test
    void recommend_whenBudgetAllowsSomeThrottling_choosesTheCheaperThrottlingStrategy() {
        SimulationReport report = CapacitySimulator.ofDefaults()
                .simulate(PROFILE, List.of(Strategy.provisioned(1_000, 1), Strategy.provisioned(100, 1)));
        double throttledAt100 = report.result("provisioned 100 WCU / 1 RCU").throttledRequests();

        assertThat(throttledAt100).isGreaterThan(0);
        assertThat(report.recommend().choice()).map(StrategyResult::name).hasValue("provisioned 1,000 WCU / 1 RCU");
        assertThat(report.recommend(throttledAt100).choice())
                .map(StrategyResult::name)
                .hasValue("provisioned 100 WCU / 1 RCU");
        assertThat(report.recommend().reason())
                .contains("provisioned 100 WCU / 1 RCU is cheaper")
                .contains("after the 300 s of burst are spent");
    }

    @Test
    void recommend_whenEveryStrategyThrottles_namesTheOneLosingFewest() {
        SimulationReport report = CapacitySimulator.ofDefaults()
                .simulate(PROFILE, List.of(Strategy.provisioned(50, 1), Strategy.provisioned(100, 1)));

        Recommendation recommendation = report.recommend();

        assertThat(recommendation.choice()).isEmpty();
        assertThat(recommendation.reason())
                .startsWith("No strategy throttles nothing; the one losing fewest is provisioned 100 WCU / 1 RCU");
    }

    @Test
    void recommend_whenBudgetNegative_failsNamingFieldAndValue() {
        SimulationReport report = CapacitySimulator.ofDefaults().simulate(PROFILE, List.of(Strategy.onDemand()));

        assertThatThrownBy(() -> report.recommend(-1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("maxFailedRequests must be a finite number >= 0, got: -1.0");
    }
}
