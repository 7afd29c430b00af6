package io.github.ddbpatterns.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

class ResiliencePolicyTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private ResiliencePolicy.Builder fast() {
        return ResiliencePolicy.builder()
                .backoff(Duration.ofMillis(1), Duration.ofMillis(4))
                .meterRegistry(registry);
    }

    /** Fails with {@code error} for the first {@code failures} calls, then returns "ok". */
    private static Supplier<CompletableFuture<String>> failing(
            int failures, RuntimeException error, AtomicInteger calls) {
        return () -> calls.incrementAndGet() <= failures
                ? CompletableFuture.failedFuture(error)
                : CompletableFuture.completedFuture("ok");
    }

    @Test
    void execute_whenThrottledTwice_retriesWithBackoffAndSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        ResiliencePolicy policy = fast().maxAttempts(5).build();

        String result =
                policy.execute("PutItem", failing(2, Errors.throttle(), calls)).join();

        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(3);
        assertThat(registry.get("ddb.patterns.resilience.retries")
                        .tag("operation", "PutItem")
                        .tag("result", "success")
                        .counter()
                        .count())
                .isEqualTo(2.0);
        assertThat(registry.get("ddb.patterns.resilience.throttles")
                        .tag("operation", "PutItem")
                        .tag("result", "success")
                        .counter()
                        .count())
                .isEqualTo(2.0);
    }

    @Test
    void execute_whenAlwaysThrottled_stopsAtMaxAttemptsWithTheThrottle() {
        AtomicInteger calls = new AtomicInteger();
        ResiliencePolicy policy = fast().maxAttempts(4).build();

        CompletableFuture<String> result = policy.execute("PutItem", failing(100, Errors.throttle(), calls));

        assertThatThrownBy(result::join)
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(ProvisionedThroughputExceededException.class);
        assertThat(calls).hasValue(4);
        assertThat(registry.get("ddb.patterns.resilience.calls")
                        .tag("result", "throttled")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void execute_whenServerErrorThenSuccess_retries() {
        AtomicInteger calls = new AtomicInteger();
        String result = fast().build()
                .execute(failing(1, Errors.dynamo(500, "InternalServerError"), calls))
                .join();
        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(2);
    }

    @Test
    void execute_whenNotRetryable_failsAfterOneAttempt() {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> result =
                fast().build().execute(failing(1, Errors.dynamo(400, "ValidationException"), calls));
        assertThatThrownBy(result::join).hasMessageContaining("ValidationException");
        assertThat(calls).hasValue(1);
    }

    @Test
    void execute_whenSupplierThrowsSynchronously_failsTheFutureAndRetries() {
        AtomicInteger calls = new AtomicInteger();
        String result = fast().build()
                .execute(() -> {
                    if (calls.incrementAndGet() == 1) {
                        throw Errors.throttle();
                    }
                    return CompletableFuture.completedFuture("ok");
                })
                .join();
        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(2);
    }

    @Test
    void execute_withUserRetry_usesItsConfiguration() {
        Retry retry = Retry.of("mine", ResiliencePolicy.retryConfig(2, Duration.ZERO, Duration.ZERO));
        ResiliencePolicy policy = ResiliencePolicy.builder().retry(retry).build();
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() ->
                        policy.execute(failing(5, Errors.throttle(), calls)).join())
                .hasCauseInstanceOf(ProvisionedThroughputExceededException.class);
        assertThat(calls).hasValue(2);
        assertThat(policy.maxAttempts()).isEqualTo(2);
        assertThat(policy.retry()).isSameAs(retry);
        assertThat(policy.toBuilder().build().retry()).isSameAs(retry);
    }

    @Test
    void execute_withCircuitBreaker_opensOnServerErrorsButNotOnThrottles() {
        CircuitBreaker breaker = CircuitBreaker.of(
                "ddb",
                CircuitBreakerConfig.from(ResiliencePolicy.circuitBreakerConfig())
                        .slidingWindowSize(4)
                        .minimumNumberOfCalls(4)
                        .build());
        ResiliencePolicy policy = fast().maxAttempts(1).circuitBreaker(breaker).build();
        AtomicInteger calls = new AtomicInteger();

        for (int i = 0; i < 6; i++) {
            policy.execute(failing(100, Errors.throttle(), calls))
                    .exceptionally(e -> null)
                    .join();
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);

        for (int i = 0; i < 4; i++) {
            policy.execute(failing(100, Errors.dynamo(500, "InternalServerError"), calls))
                    .exceptionally(e -> null)
                    .join();
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        int before = calls.get();
        assertThatThrownBy(() ->
                        policy.execute(failing(0, Errors.throttle(), calls)).join())
                .hasCauseInstanceOf(CallNotPermittedException.class);
        assertThat(calls).hasValue(before);
    }

    @Test
    void execute_withAdaptiveRateLimiter_lowersLimitOnThrottlesAndRecoversOnSuccess() {
        RateLimiter limiter = RateLimiter.of(
                "ddb",
                RateLimiterConfig.custom()
                        .limitForPeriod(100)
                        .limitRefreshPeriod(Duration.ofMillis(50))
                        .timeoutDuration(Duration.ofSeconds(5))
                        .build());
        ResiliencePolicy policy = fast().maxAttempts(5).rateLimiter(limiter).build();
        AdaptiveRateLimiter adaptive = policy.rateLimiter().orElseThrow();
        AtomicInteger calls = new AtomicInteger();

        policy.execute(failing(1, Errors.throttle(), calls)).join();
        assertThat(adaptive.currentLimit()).isLessThan(100);

        for (int i = 0; i < 20; i++) {
            policy.execute(() -> CompletableFuture.completedFuture("ok")).join();
        }
        assertThat(adaptive.currentLimit()).isEqualTo(100);
        assertThat(limiter.getRateLimiterConfig().getLimitForPeriod()).isEqualTo(100);
    }

    @Test
    void execute_whileWaitingToRetry_returnsAPendingFutureInsteadOfBlocking() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            Retry slow = Retry.of(
                    "slow",
                    RetryConfig.custom()
                            .maxAttempts(2)
                            .intervalFunction(IntervalFunction.of(Duration.ofMinutes(10)))
                            .retryOnException(DynamoDbErrors::isRetryable)
                            .build());
            ResiliencePolicy policy =
                    ResiliencePolicy.builder().retry(slow).scheduler(scheduler).build();
            AtomicInteger calls = new AtomicInteger();

            CompletableFuture<String> result = policy.execute(failing(1, Errors.throttle(), calls));

            assertThat(calls).hasValue(1);
            assertThat(result).isNotDone();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void backoff_isWithinTheFullJitterCeiling() {
        ResiliencePolicy policy = ResiliencePolicy.builder()
                .backoff(Duration.ofMillis(10), Duration.ofMillis(30))
                .build();
        for (int retry = 1; retry <= 5; retry++) {
            assertThat(policy.backoff(retry))
                    .isBetween(Duration.ZERO, Duration.ofMillis(Math.min(30, 10L << (retry - 1))));
        }
    }

    @Test
    void builder_whenInvalid_throwsNamingTheField() {
        assertThatThrownBy(() -> ResiliencePolicy.builder().maxAttempts(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> ResiliencePolicy.builder().retry(null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("retry");
        assertThatThrownBy(() -> ResiliencePolicy.ofDefaults().execute("", CompletableFuture::new))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("operation");
    }

    @Test
    void ofDefaults_hasDocumentedSettings() {
        ResiliencePolicy policy = ResiliencePolicy.ofDefaults();
        assertThat(policy.maxAttempts()).isEqualTo(ResiliencePolicy.DEFAULT_MAX_ATTEMPTS);
        assertThat(policy.baseDelay()).isEqualTo(ResiliencePolicy.DEFAULT_BASE_DELAY);
        assertThat(policy.circuitBreaker()).isEmpty();
        assertThat(policy.rateLimiter()).isEmpty();
        assertThat(policy.toBuilder().maxAttempts(3).build().maxAttempts()).isEqualTo(3);
    }
}
