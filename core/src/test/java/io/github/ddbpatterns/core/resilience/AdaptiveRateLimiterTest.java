package io.github.ddbpatterns.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdaptiveRateLimiterTest {

    private final AtomicLong nanos = new AtomicLong();

    private RateLimiter limiter(int limit) {
        return RateLimiter.of(
                "test",
                RateLimiterConfig.custom()
                        .limitForPeriod(limit)
                        .limitRefreshPeriod(Duration.ofSeconds(1))
                        .timeoutDuration(Duration.ofSeconds(5))
                        .build());
    }

    @Test
    void onThrottle_lowersTheUnderlyingLimitMultiplicatively_oncePerPeriod() {
        RateLimiter rateLimiter = limiter(100);
        AdaptiveRateLimiter adaptive = AdaptiveRateLimiter.of(rateLimiter, 5, 10, 0.5, nanos::get);

        adaptive.onThrottle();
        adaptive.onThrottle(); // same burst, same period: no second cut
        assertThat(adaptive.currentLimit()).isEqualTo(50);
        assertThat(rateLimiter.getRateLimiterConfig().getLimitForPeriod()).isEqualTo(50);

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        adaptive.onThrottle();
        assertThat(adaptive.currentLimit()).isEqualTo(25);
    }

    @Test
    void onThrottle_neverGoesBelowMinLimit() {
        AdaptiveRateLimiter adaptive = AdaptiveRateLimiter.of(limiter(100), 20, 10, 0.5, nanos::get);
        for (int i = 0; i < 10; i++) {
            adaptive.onThrottle();
            nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        }
        assertThat(adaptive.currentLimit()).isEqualTo(20);
    }

    @Test
    void onSuccess_afterThrottles_recoversAdditivelyUpToTheConfiguredLimit() {
        RateLimiter rateLimiter = limiter(100);
        AdaptiveRateLimiter adaptive = AdaptiveRateLimiter.of(rateLimiter, 1, 10, 0.5, nanos::get);
        adaptive.onThrottle();
        assertThat(adaptive.currentLimit()).isEqualTo(50);

        adaptive.onSuccess();
        assertThat(adaptive.currentLimit()).isEqualTo(60);
        for (int i = 0; i < 20; i++) {
            adaptive.onSuccess();
        }
        assertThat(adaptive.currentLimit()).isEqualTo(100);
        assertThat(rateLimiter.getRateLimiterConfig().getLimitForPeriod()).isEqualTo(100);
    }

    @Test
    void of_whenDefaults_stepsByOneTwentiethAndHalves() {
        AdaptiveRateLimiter adaptive = AdaptiveRateLimiter.of(limiter(200));
        adaptive.onThrottle();
        assertThat(adaptive.currentLimit()).isEqualTo(100);
        adaptive.onSuccess();
        assertThat(adaptive.currentLimit()).isEqualTo(110);
        assertThat(adaptive.maxLimit()).isEqualTo(200);
    }

    @Test
    void of_whenMinLimitAboveLimit_throwsNamingMinLimit() {
        assertThatThrownBy(() -> AdaptiveRateLimiter.of(limiter(10), 11, 1, 0.5))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("minLimit");
        assertThatThrownBy(() -> AdaptiveRateLimiter.of(limiter(10), 1, 1, 1.0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("decreaseFactor");
    }
}
