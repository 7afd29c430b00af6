package io.github.ddbpatterns.capacity;

import java.time.Duration;
import java.util.List;

/**
 * The seed: one day at 100 writes/s of 1 KB items, with two 2-minute flash sales at 10,000 writes/s
 * (10:00 and 20:00 UTC), and the strategies compared on it.
 */
final class SeedProfile {

    static final int SALE_1 = 36_000;
    static final int SALE_2 = 72_000;
    static final int SALE_SECONDS = 120;

    private SeedProfile() {}

    static ProfileGenerator generator() {
        return TrafficProfile.generator()
                .baselineWrites(100)
                .writeKb(1)
                .writeSpike(10_000, Duration.ofSeconds(SALE_SECONDS), SALE_1)
                .writeSpike(10_000, Duration.ofSeconds(SALE_SECONDS), SALE_2);
    }

    static List<Strategy> strategies(ProfileGenerator generator) {
        return List.of(
                Strategy.onDemand(),
                Strategy.onDemand().prewarmed(10_000, 12_000),
                Strategy.provisioned(10_000, 1).named("provisioned for peak 10,000 WCU"),
                Strategy.autoScaling(100, 40_000),
                ScheduledStrategy.aroundSpikes(143, 10_000, 1, generator.writeSpikes(), 300, 86_400)
                        .named("scheduled 10,000 WCU 5 min before each sale"),
                Strategy.smoothed(1_000, 1).maxQueuedWrites(2_000_000));
    }
}
