package io.github.ddbpatterns.core.resilience;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * Builds SDK clients that make one attempt per call, so that a {@link ResiliencePolicy} alone decides how many
 * requests a call sends.
 *
 * <p>The SDK's DynamoDB client retries by itself, up to 9 attempts by default (you can see it in the header
 * {@code amz-sdk-request: attempt=1; max=9}). Wrapped in a policy of 8 attempts that would make up to 72 requests
 * per call, with two uncoordinated backoffs, and the policy's metrics and adaptive limiter would never see the
 * throttles the SDK absorbed. ddb-patterns never lets that happen: every component sends its requests through a
 * {@linkplain ResiliencePolicy#decorate decorated client} that asks the SDK for one attempt per policy attempt. A
 * client built here needs nothing more per request; any other client gets a per-request override, which costs some
 * CPU on every request. So this is the recommended way to build the client you give to ddb-patterns:
 *
 * <pre>{@code
 * DynamoDbAsyncClient client = SdkRetryAlignment.configure(DynamoDbAsyncClient.builder()).build();
 * PatternsContext context = PatternsContext.builder().dynamoDbClient(client).build();   // 8 attempts in total
 * }</pre>
 *
 * <p>The rest of the builder's override configuration (interceptors, timeouts, ...) is kept. If you prefer to
 * keep a couple of fast SDK retries for connection errors in your own calls, use
 * {@link #configure(SdkClientBuilder, int)}; ddb-patterns' requests still make one SDK attempt each.
 */
public final class SdkRetryAlignment {

    private SdkRetryAlignment() {}

    /**
     * Sets the SDK retry strategy of {@code builder} to {@link AwsRetryStrategy#doNotRetry()} (one attempt).
     *
     * @throws InvalidInputException if {@code builder} is null
     */
    public static <B extends SdkClientBuilder<B, ?>> B configure(B builder) {
        return withStrategy(Checks.notNull("builder", builder), AwsRetryStrategy.doNotRetry());
    }

    /**
     * Sets the SDK's standard retry strategy with {@code sdkMaxAttempts} attempts.
     *
     * @throws InvalidInputException if {@code builder} is null or {@code sdkMaxAttempts} is not in [1, 10]
     */
    public static <B extends SdkClientBuilder<B, ?>> B configure(B builder, int sdkMaxAttempts) {
        Checks.notNull("builder", builder);
        Checks.inRange("sdkMaxAttempts", sdkMaxAttempts, 1, 10);
        RetryStrategy strategy = sdkMaxAttempts == 1
                ? AwsRetryStrategy.doNotRetry()
                : AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(sdkMaxAttempts)
                        .build();
        return withStrategy(builder, strategy);
    }

    private static <B extends SdkClientBuilder<B, ?>> B withStrategy(B builder, RetryStrategy strategy) {
        ClientOverrideConfiguration current = builder.overrideConfiguration();
        ClientOverrideConfiguration.Builder updated =
                current == null ? ClientOverrideConfiguration.builder() : current.toBuilder();
        return builder.overrideConfiguration(updated.retryStrategy(strategy).build());
    }
}
