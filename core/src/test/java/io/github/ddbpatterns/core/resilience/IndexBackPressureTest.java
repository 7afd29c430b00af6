package io.github.ddbpatterns.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingReason;

class IndexBackPressureTest {

    static final String PROVISIONED_MESSAGE = "The level of configured provisioned throughput for one or more global"
            + " secondary indexes of the table was exceeded. Consider increasing your provisioning level for the"
            + " under-provisioned global secondary indexes with the UpdateTable API";
    static final String ON_DEMAND_MESSAGE = "Throughput exceeds the current capacity for one or more global secondary"
            + " indexes. DynamoDB is automatically scaling your index so please try again shortly.";

    @Test
    void indexBackPressure_whenTheServiceGivesAReasonWithTheIndexArn_namesTableAndIndex() {
        ProvisionedThroughputExceededException error = provisioned(
                PROVISIONED_MESSAGE,
                ThrottlingReason.builder()
                        .reason("IndexWriteProvisionedThroughputExceeded")
                        .resource("arn:aws:dynamodb:us-east-1:123456789012:table/orders/index/byTotal")
                        .build());

        IndexBackPressure found =
                DynamoDbErrors.indexBackPressure(new CompletionException(error)).orElseThrow();

        assertThat(found.tableName()).contains("orders");
        assertThat(found.indexName()).contains("byTotal");
        assertThat(found.reason()).isEqualTo("IndexWriteProvisionedThroughputExceeded");
        assertThat(DynamoDbErrors.classify(error)).isEqualTo(ErrorClass.THROTTLED);
    }

    @Test
    void indexBackPressure_whenOnlyTheMessageTells_findsItWithoutAName() {
        IndexBackPressure provisioned = DynamoDbErrors.indexBackPressure(provisioned(PROVISIONED_MESSAGE))
                .orElseThrow();
        IndexBackPressure onDemand = DynamoDbErrors.indexBackPressure(ThrottlingException.builder()
                        .statusCode(400)
                        .message(ON_DEMAND_MESSAGE)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ThrottlingException")
                                .errorMessage(ON_DEMAND_MESSAGE)
                                .build())
                        .build())
                .orElseThrow();

        assertThat(provisioned.indexName()).isEmpty();
        assertThat(provisioned.indexTag()).isEqualTo("unnamed");
        assertThat(onDemand.reason()).isEqualTo("IndexWriteThroughputExceeded");
    }

    @Test
    void indexBackPressure_whenTheTableItselfThrottled_isEmpty() {
        assertThat(DynamoDbErrors.indexBackPressure(Errors.throttle())).isEmpty();
        assertThat(DynamoDbErrors.indexBackPressure(provisioned(
                        "The level of configured provisioned throughput for the table was exceeded.",
                        ThrottlingReason.builder()
                                .reason("TableWriteProvisionedThroughputExceeded")
                                .resource("arn:aws:dynamodb:us-east-1:123456789012:table/orders")
                                .build())))
                .isEmpty();
        assertThat(DynamoDbErrors.indexBackPressure(Errors.dynamo(400, "ValidationException")))
                .isEmpty();
        assertThat(DynamoDbErrors.indexBackPressure(null)).isEmpty();
    }

    @Test
    void execute_whenAnIndexThrottlesAnAttempt_retriesItAndCountsTheThrottleOnTheIndex() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ResiliencePolicy policy = ResiliencePolicy.builder()
                .backoff(Duration.ofMillis(1), Duration.ofMillis(2))
                .meterRegistry(registry)
                .build();
        AtomicInteger attempts = new AtomicInteger();
        ProvisionedThroughputExceededException backPressure = provisioned(
                PROVISIONED_MESSAGE,
                ThrottlingReason.builder()
                        .reason("IndexWriteProvisionedThroughputExceeded")
                        .resource("arn:aws:dynamodb:us-east-1:123456789012:table/orders/index/byTotal")
                        .build());

        String result = policy.execute(
                        "PutItem",
                        () -> attempts.incrementAndGet() < 3
                                ? CompletableFuture.<String>failedFuture(backPressure)
                                : CompletableFuture.completedFuture("stored"))
                .join();

        assertThat(result).isEqualTo("stored");
        assertThat(registry.get("ddb.patterns.index.throttles")
                        .tags("operation", "PutItem", "index", "byTotal")
                        .counter()
                        .count())
                .isEqualTo(2.0);
    }

    private static ProvisionedThroughputExceededException provisioned(String message, ThrottlingReason... reasons) {
        return (ProvisionedThroughputExceededException) ProvisionedThroughputExceededException.builder()
                .statusCode(400)
                .message(message)
                .throttlingReasons(List.of(reasons))
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ProvisionedThroughputExceededException")
                        .errorMessage(message)
                        .build())
                .build();
    }
}
