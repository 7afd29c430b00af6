/**
 * Throttling-aware resilience for DynamoDB calls, built on Resilience4j.
 *
 * <p>Entry point: {@link io.github.ddbpatterns.core.resilience.ResiliencePolicy} ({@code ofDefaults()} or
 * {@code builder()}), which decorates an asynchronous call with a {@code Retry} (exponential backoff, full
 * jitter, only throttles and server errors, see {@link io.github.ddbpatterns.core.resilience.DynamoDbErrors}),
 * an optional {@code CircuitBreaker} and an optional
 * {@link io.github.ddbpatterns.core.resilience.AdaptiveRateLimiter}. Configure the SDK client with
 * {@link io.github.ddbpatterns.core.resilience.SdkRetryAlignment} so that the SDK's own retries and the
 * policy's do not multiply.
 */
@NullMarked
package io.github.ddbpatterns.core.resilience;

import org.jspecify.annotations.NullMarked;
