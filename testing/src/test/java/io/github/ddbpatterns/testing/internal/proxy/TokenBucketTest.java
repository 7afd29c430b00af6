package io.github.ddbpatterns.testing.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void bucket_whenDrained_refillsContinuouslyUpToCapacity() {
        TokenBucket bucket = new TokenBucket(100, 100, 0);
        assertThat(bucket.canTake(100)).isTrue();
        bucket.take(100);
        assertThat(bucket.canTake(1)).isFalse();

        bucket.refill(10_000_000L); // 10 ms -> 1 unit
        assertThat(bucket.canTake(1)).isTrue();
        assertThat(bucket.canTake(2)).isFalse();

        bucket.refill(10_000_000_000L); // 10 s -> capped at 100
        assertThat(bucket.balance()).isEqualTo(100.0);
        assertThat(bucket.canTake(500))
                .as("oversize request admitted on a full bucket")
                .isTrue();
    }
}
