package io.github.ddbpatterns.core.internal;

import java.util.Optional;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * Makes the SDK send exactly one HTTP attempt per call, so that a {@code ResiliencePolicy} alone decides how many
 * attempts a call gets (the SDK's DynamoDB default is up to 9, which would multiply the policy's).
 *
 * <p>A client built with one attempt ({@code SdkRetryAlignment.configure}) needs nothing. Any other client gets a
 * per-request plugin that swaps its retry strategy for {@link AwsRetryStrategy#doNotRetry()} on that request only;
 * it costs some CPU per request (the SDK re-resolves the request's configuration), which is why an aligned client
 * is recommended.
 */
public final class SdkAttempts {

    private static final SdkPlugin ONE_ATTEMPT =
            config -> config.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));

    private SdkAttempts() {}

    /** Whether {@code client} is configured to make one attempt per call already. */
    public static boolean isSingleAttempt(SdkClient client) {
        ClientOverrideConfiguration config;
        try {
            config = client.serviceClientConfiguration().overrideConfiguration();
        } catch (UnsupportedOperationException e) {
            return false; // a hand-written client without configuration: force it per request
        }
        if (config == null) {
            return false;
        }
        Optional<RetryStrategy> strategy = config.retryStrategy();
        if (strategy.isPresent()) {
            return strategy.get().maxAttempts() == 1;
        }
        @SuppressWarnings("deprecation")
        Optional<RetryPolicy> policy = config.retryPolicy();
        return policy.isPresent()
                && policy.get().numRetries() != null
                && policy.get().numRetries() == 0;
    }

    /** {@code request} with a plugin that limits the SDK to one attempt for it; other overrides are kept. */
    @SuppressWarnings("unchecked")
    public static <R extends SdkRequest> R oneAttempt(R request) {
        if (!(request instanceof AwsRequest aws)) {
            return request;
        }
        AwsRequestOverrideConfiguration.Builder override = aws.overrideConfiguration()
                .map(AwsRequestOverrideConfiguration::toBuilder)
                .orElseGet(AwsRequestOverrideConfiguration::builder);
        return (R) aws.toBuilder()
                .overrideConfiguration(override.addPlugin(ONE_ATTEMPT).build())
                .build();
    }
}
