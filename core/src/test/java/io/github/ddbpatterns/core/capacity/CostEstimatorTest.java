package io.github.ddbpatterns.core.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.ddbpatterns.core.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CostEstimatorTest {

    private final CostEstimator cost = CostEstimator.ofDefaults();

    @Test
    void onDemandWriteCost_whenCoalescingTenUpdatesPerSecond_isTenTimesCheaper() {
        long seconds = Duration.ofDays(30).toSeconds();
        assertThat(cost.onDemandWriteCost(10 * seconds, 1024)).isCloseTo(16.2, within(1e-9));
        assertThat(cost.onDemandWriteCost(seconds, 1024)).isCloseTo(1.62, within(1e-9));
        assertThat(cost.onDemandWriteCost(1_000_000, 2048)).isCloseTo(1.25, within(1e-12)); // 2 WRU each
    }

    @Test
    void onDemandCost_whenCustomPrices_usesThem() {
        CostEstimator custom = cost.toBuilder()
                .onDemandWritePricePerMillion(1.0)
                .onDemandReadPricePerMillion(0.2)
                .build();
        assertThat(custom.onDemandCost(2_000_000, 5_000_000)).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void provisionedCost_whenHundredWcuForADay_isHoursTimesPrice() {
        assertThat(cost.provisionedCost(100, 300, Duration.ofDays(1)))
                .isCloseTo(24 * (100 * 0.00065 + 300 * 0.00013), within(1e-12));
        assertThat(cost.provisionedCostForRate(80, 0, 0.8, Duration.ofHours(1)))
                .isCloseTo(100 * 0.00065, within(1e-12));
    }

    @Test
    void builder_whenNegativePrice_failsNamingField() {
        assertThatThrownBy(() -> CostEstimator.builder().onDemandWritePricePerMillion(-1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("onDemandWritePricePerMillion must be a finite number >= 0");
        assertThatThrownBy(() -> cost.provisionedCostForRate(1, 1, 0, Duration.ofHours(1)))
                .hasMessageStartingWith("targetUtilisation must be in (0, 1]");
        assertThatThrownBy(() -> cost.onDemandCost(Double.NaN, 0)).hasMessageStartingWith("writeRequestUnits must");
    }
}
