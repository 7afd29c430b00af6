package io.github.ddbpatterns.spring;

import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;

/**
 * Changes the DynamoDB async client the starter builds (when the application defines no
 * {@code DynamoDbAsyncClient} bean), after the {@code ddb.patterns.client.*} settings: add interceptors, a proxy,
 * other timeouts. Every bean of this type is applied, in {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * DdbPatternsClientCustomizer tracing(ExecutionInterceptor tracingInterceptor) {
 *     return builder -> builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()
 *             .addExecutionInterceptor(tracingInterceptor)
 *             .build());
 * }
 * }</pre>
 *
 * <p>The builder arrives configured for one SDK attempt per call ({@code SdkRetryAlignment}); keep that when you
 * replace its override configuration, or every request pays for a per-request override.
 */
@FunctionalInterface
public interface DdbPatternsClientCustomizer {

    /**
     * Changes the builder.
     *
     * @param builder the builder of the client the starter is about to build
     */
    void customize(DynamoDbAsyncClientBuilder builder);
}
