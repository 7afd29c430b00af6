package io.github.ddbpatterns.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.capacity.CostEstimator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServiceRulesTest {

    @Test
    void ofDefaults_holdsTheFiguresAwsDocuments() {
        ServiceRules rules = ServiceRules.ofDefaults();

        assertThat(rules.prices().onDemandWritePricePerMillion()).isEqualTo(0.625);
        assertThat(rules.prices().onDemandReadPricePerMillion()).isEqualTo(0.125);
        assertThat(rules.prices().provisionedWcuHourPrice()).isEqualTo(0.00065);
        assertThat(rules.prices().provisionedRcuHourPrice()).isEqualTo(0.00013);
        assertThat(rules.onDemandPeakMultiplier()).isEqualTo(2.0);
        assertThat(rules.onDemandPeakWindow()).isEqualTo(Duration.ofMinutes(30));
        assertThat(rules.onDemandWarmWriteUnits()).isEqualTo(4_000);
        assertThat(rules.onDemandWarmReadUnits()).isEqualTo(12_000);
        assertThat(rules.onDemandTableMaxWriteUnits()).isEqualTo(40_000);
        assertThat(rules.onDemandTableMaxReadUnits()).isEqualTo(40_000);
        assertThat(rules.burstWindow()).isEqualTo(Duration.ofSeconds(300));
        assertThat(rules.partitionMaxWriteUnits()).isEqualTo(1_000);
        assertThat(rules.partitionMaxReadUnits()).isEqualTo(3_000);
        assertThat(rules.minTargetUtilisation()).isEqualTo(0.20);
        assertThat(rules.maxTargetUtilisation()).isEqualTo(0.90);
        assertThat(rules.defaultTargetUtilisation()).isEqualTo(0.70);
        assertThat(rules.scaleOutDatapoints()).isEqualTo(2);
        assertThat(rules.scaleInDatapoints()).isEqualTo(15);
        assertThat(rules.scaleInMargin()).isEqualTo(0.20);
        assertThat(rules.scalingUpdateLag()).isEqualTo(Duration.ofMinutes(2));
        assertThat(rules.freeDecreasesPerDay()).isEqualTo(4);
        assertThat(rules.decreaseInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(rules.hoursPerMonth()).isEqualTo(730);
        assertThat(rules.provisionedBilling()).isEqualTo(ProvisionedBilling.PER_SECOND);
    }

    @Test
    void toBuilder_whenOneFigureChanged_keepsTheOthers() {
        ServiceRules changed = ServiceRules.ofDefaults().toBuilder()
                .scalingUpdateLag(Duration.ofMinutes(5))
                .prices(CostEstimator.builder()
                        .onDemandWritePricePerMillion(1.25)
                        .build())
                .build();

        assertThat(changed.scalingUpdateLag()).isEqualTo(Duration.ofMinutes(5));
        assertThat(changed.prices().onDemandWritePricePerMillion()).isEqualTo(1.25);
        assertThat(changed.scaleInDatapoints()).isEqualTo(15);
        assertThat(changed.burstWindow()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void checkTargetUtilisation_whenOutside20To90Percent_failsNamingFieldAndValue() {
        ServiceRules rules = ServiceRules.ofDefaults();

        assertThat(rules.checkTargetUtilisation("targetUtilisation", 0.2)).isEqualTo(0.2);
        assertThatThrownBy(() -> rules.checkTargetUtilisation("targetUtilisation", 0.95))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("targetUtilisation must be between 0.2 and 0.9, got: 0.95");
        assertThatThrownBy(() -> Strategy.autoScaling(100, 1_000).targetUtilisation(0.1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("targetUtilisation must be between 0.2 and 0.9, got: 0.1");
    }

    @Test
    void builder_whenBadFigure_failsNamingFieldAndValue() {
        assertThatThrownBy(() -> ServiceRules.builder().targetUtilisationRange(0.9, 0.2))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("minTargetUtilisation must not exceed maxTargetUtilisation 0.2, got: 0.9");
        assertThatThrownBy(() -> ServiceRules.builder().onDemandPeakMultiplier(0.5))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("onDemandPeakMultiplier must be a finite number >= 1, got: 0.5");
        assertThatThrownBy(() -> ServiceRules.builder().burstWindow(Duration.ofMillis(1500)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("burstWindow must be whole seconds, got: PT1.5S");
        assertThatThrownBy(() ->
                        ServiceRules.builder().targetUtilisationRange(0.5, 0.6).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("defaultTargetUtilisation must be between 0.5 and 0.6, got: 0.7");
    }

    @Test
    void strategies_whenMinAboveMaxOrCapacityNotPositive_failNamingFieldAndValue() {
        assertThatThrownBy(() -> Strategy.autoScaling(1_000, 100))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("maxWcu must be at least the minimum 1000.0, got: 100.0");
        assertThatThrownBy(() -> Strategy.provisioned(0, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("wcu must be a finite number of units > 0, got: 0.0");
        assertThatThrownBy(() -> Strategy.smoothed(100, 1).maxQueuedWrites(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("maxQueuedWrites must be positive, got: 0");
    }

    @Test
    void simulate_whenTargetOutsideCustomRange_failsNamingFieldAndValue() {
        CapacitySimulator strict = CapacitySimulator.of(
                ServiceRules.builder().targetUtilisationRange(0.5, 0.8).build());
        TrafficProfile profile = TrafficProfile.builder(60).build();

        assertThatThrownBy(() ->
                        strict.simulate(profile, Strategy.autoScaling(1, 10).targetUtilisation(0.3)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("targetUtilisation must be between 0.5 and 0.8, got: 0.3");
    }
}
