package io.github.ddbpatterns.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * Every request of a time series runs through the context's policy exactly once: with a client left at the SDK's
 * defaults (up to 9 attempts per call), a policy of 3 attempts sends exactly 3 requests, counted by the proxy.
 */
@DynamoDbLocalTest
class TimeSeriesResilienceTest {

    static final Instant T = Instant.parse("2024-11-20T13:45:00Z");
    static final int ATTEMPTS = 3;

    static TimeSeriesTable<Reading> series(DynamoDbAsyncClient client, String table) {
        return TimeSeriesTable.builder(Reading.SCHEMA)
                .dynamoDbClient(client)
                .resilience(TestProxies.fastPolicy(ATTEMPTS))
                .tableName(table)
                .entityId(Reading::getEntity)
                .timestamp(Reading::getAt)
                .eventId(Reading::getId)
                .build();
    }

    @Test
    void put_whenEveryPutItemIsThrottled_sendsThePolicysAttemptsNotSdkTimesPolicy(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Reading.SCHEMA);
        try (ThrottlingProxy proxy =
                        TestProxies.start(local, FaultPlan.throttle().onOperation("PutItem"));
                DynamoDbAsyncClient sdkDefaults = proxy.clients().asyncBuilder().build()) {
            TimeSeriesTable<Reading> series = series(sdkDefaults, table);

            assertThatThrownBy(() -> series.put(new Reading("c-1", T, "e-1", 1)).join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(ProvisionedThroughputExceededException.class);
            assertThatThrownBy(() -> series.sync().put(new Reading("c-1", T, "e-2", 2)))
                    .isInstanceOf(ProvisionedThroughputExceededException.class);

            // the SDK's default strategy alone would make up to 9 attempts per policy attempt: 27 per put
            assertThat(proxy.stats().requests("PutItem")).isEqualTo(2 * ATTEMPTS);
            assertThat(proxy.stats().throttled("PutItem")).isEqualTo(2 * ATTEMPTS);
            assertThat(proxy.stats().requests("DescribeTable")).isEqualTo(1);
        }
    }

    @Test
    void query_whenEveryRangePageIsThrottled_sendsThePolicysAttemptsAndFails(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Reading.SCHEMA);
        try (ThrottlingProxy proxy =
                        TestProxies.start(local, FaultPlan.throttle().onOperation("Query"));
                DynamoDbAsyncClient sdkDefaults = proxy.clients().asyncBuilder().build()) {
            TimeSeriesTable<Reading> series = series(sdkDefaults, table);
            series.put(new Reading("c-1", T, "e-1", 1)).join();

            // one day bucket: one Query per attempt
            assertThatThrownBy(() -> series.query(RangeQuery.of("c-1", T, T.plus(Duration.ofHours(1))))
                            .join())
                    .cause()
                    .isInstanceOf(ProvisionedThroughputExceededException.class);

            assertThat(proxy.stats().requests("Query")).isEqualTo(ATTEMPTS);
            assertThat(proxy.stats().forwarded("Query")).isZero();
        }
    }

    @Test
    void query_whenARangePageIsThrottledTwice_returnsThePageFromTheThirdRequest(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Reading.SCHEMA);
        try (ThrottlingProxy proxy = TestProxies.start(
                        local, FaultPlan.throttle().atRequests(1, 2).onOperation("Query"));
                DynamoDbAsyncClient sdkDefaults = proxy.clients().asyncBuilder().build()) {
            TimeSeriesTable<Reading> series = series(sdkDefaults, table);
            series.put(new Reading("c-1", T, "e-1", 1)).join();
            series.put(new Reading("c-1", T.plusSeconds(1), "e-2", 2)).join();

            Page<Reading> page = series.query(RangeQuery.of("c-1", T, T.plus(Duration.ofHours(1))))
                    .join();

            assertThat(page.items()).extracting(Reading::getId).containsExactly("e-1", "e-2");
            assertThat(proxy.stats().requests("Query")).isEqualTo(ATTEMPTS);
            assertThat(proxy.stats().forwarded("Query")).isEqualTo(1);
        }
    }

    @Test
    void putAll_whenEveryBatchIsThrottled_reportsEachItemFailedAfterThePolicysAttempts(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Reading.SCHEMA);
        try (ThrottlingProxy proxy =
                        TestProxies.start(local, FaultPlan.throttle().onOperation("BatchWriteItem"));
                DynamoDbAsyncClient sdkDefaults = proxy.clients().asyncBuilder().build()) {
            TimeSeriesTable<Reading> series = series(sdkDefaults, table);

            BatchWriteResult result = series.putAll(
                            List.of(new Reading("c-1", T, "e-1", 1), new Reading("c-1", T.plusSeconds(1), "e-2", 2)))
                    .join();

            assertThat(result.outcomes()).hasSize(2).noneMatch(o -> o.isPersisted());
            assertThat(result.failed())
                    .allSatisfy(f -> assertThat(f.cause()).isInstanceOf(ProvisionedThroughputExceededException.class));
            assertThat(proxy.stats().requests("BatchWriteItem")).isEqualTo(ATTEMPTS);
        }
    }
}
