package io.github.ddbpatterns.testing.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.testing.FaultPlan;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {

    @Test
    void pick_whenFractionOfCountIsWhole_picksExactlyThatMany() {
        FaultInjector.PlanState state =
                new FaultInjector.PlanState(FaultPlan.unprocessedItems(0.3).withSeed(1));
        for (int i = 0; i < 100; i++) {
            assertThat(state.pick(10).cardinality()).isEqualTo(3);
        }
    }

    @Test
    void pick_whenOneItemLeft_picksItOnlySometimes_soResendsConverge() {
        FaultInjector.PlanState state =
                new FaultInjector.PlanState(FaultPlan.unprocessedItems(0.3).withSeed(1));
        int picked = 0;
        for (int i = 0; i < 1_000; i++) {
            picked += state.pick(1).cardinality();
        }
        // seeded, so deterministic; the old "at least one" rule picked it 1,000 times out of 1,000
        assertThat(picked).isBetween(200, 400);
    }

    @Test
    void pick_whenFractionIsOne_picksEverything() {
        FaultInjector.PlanState state = new FaultInjector.PlanState(FaultPlan.unprocessedItems(1.0));
        assertThat(state.pick(25).cardinality()).isEqualTo(25);
    }
}
