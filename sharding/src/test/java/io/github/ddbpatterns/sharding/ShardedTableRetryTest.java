package io.github.ddbpatterns.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.fanout.FanOut;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * Every request of a {@link ShardedTable} is retried by the context's policy exactly once: a throttled request
 * costs the policy's {@code maxAttempts} requests at the proxy, not more, although the client keeps the SDK's
 * default retry strategy (9 attempts, which would otherwise multiply).
 */
@DynamoDbLocalTest
class ShardedTableRetryTest {

    private static final int ATTEMPTS = 3;

    private static ResiliencePolicy fastPolicy() {
        return ResiliencePolicy.builder()
                .maxAttempts(ATTEMPTS)
                .backoff(Duration.ofMillis(2), Duration.ofMillis(50))
                .build();
    }

    private static ThrottlingProxy proxy(DynamoDbLocal local, FaultPlan fault) {
        return ThrottlingProxy.builder()
                .target(local.endpoint())
                .faults(fault)
                .build()
                .start();
    }

    private static ShardedTable.Builder<Event> builder(DynamoDbAsyncClient client, String table, int shards) {
        return ShardedTable.builder(Event.SCHEMA)
                .dynamoDbClient(client)
                .resilience(fastPolicy())
                .tableName(table)
                .logicalKey(Event::getUserId)
                .shards(shards);
    }

    @Test
    void put_whenEveryPutItemIsThrottled_sendsExactlyThePolicyAttempts(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        try (ThrottlingProxy proxy = proxy(local, FaultPlan.throttle().onOperation("PutItem"));
                DynamoDbAsyncClient sdkDefaults = proxy.clients().asyncBuilder().build()) {
            ShardedTable<Event> events = builder(sdkDefaults, table, 10).build();

            assertThatThrownBy(() ->
                            events.put(new Event("user-42", "e-0001", "p")).join())
                    .cause()
                    .isInstanceOf(ProvisionedThroughputExceededException.class);

            assertThat(proxy.stats().requests("PutItem")).isEqualTo(ATTEMPTS);
            assertThat(proxy.stats().throttled("PutItem")).isEqualTo(ATTEMPTS);
            assertThat(events.throttledKeys(5)).hasSize(1);
        }
    }

    @Test
    void query_whenEveryQueryIsThrottled_sendsThePolicyAttemptsForThePageOfOneShard(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        try (ThrottlingProxy proxy = proxy(local, FaultPlan.throttle().onOperation("Query"));
                DynamoDbAsyncClient sdkDefaults = proxy.clients().asyncBuilder().build()) {
            // one shard at a time: the first shard's page fails after its attempts and ends the read
            ShardedTable<Event> events = builder(sdkDefaults, table, 4)
                    .fanOut(FanOut.builder().concurrency(1).build())
                    .build();

            assertThatThrownBy(() -> events.query("user-42", ShardQuery.all()).join())
                    .cause()
                    .isInstanceOf(ProvisionedThroughputExceededException.class);

            assertThat(proxy.stats().requests("Query")).isEqualTo(ATTEMPTS);
        }
    }

    @Test
    void query_whenTwoShardPagesAreThrottledOnce_retriesEachAndReturnsEveryItem(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        try (ThrottlingProxy proxy =
                        proxy(local, FaultPlan.throttle().atRequests(1, 2).onOperation("Query"));
                DynamoDbAsyncClient sdkDefaults = proxy.clients().asyncBuilder().build()) {
            ShardedTable<Event> events = builder(sdkDefaults, table, 3).build();
            IntStream.range(0, 5)
                    .forEach(
                            i -> events.put(new Event("user-42", "e-" + i, "p")).join());

            assertThat(events.query("user-42", ShardQuery.all()).join().items())
                    .extracting(Event::getSk)
                    .containsExactly("e-0", "e-1", "e-2", "e-3", "e-4");

            // three shards, one page each, two of them sent twice
            assertThat(proxy.stats().requests("Query")).isEqualTo(5);
            assertThat(proxy.stats().throttled("Query")).isEqualTo(2);
        }
    }
}
