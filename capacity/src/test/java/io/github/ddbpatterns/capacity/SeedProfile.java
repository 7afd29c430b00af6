package io.github.ddbpatterns.capacity;

import java.time.Duration;

/**
 * The seed: one day at 100 writes/s of 1 KB items, with two 2-minute flash sales at 10,000 writes/s
 * (10:00 and 20:00 UTC).
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
}
