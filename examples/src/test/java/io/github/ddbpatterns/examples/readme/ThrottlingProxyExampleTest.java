package io.github.ddbpatterns.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.Latency;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The README's proxy example, run. */
@DynamoDbLocalTest
class ThrottlingProxyExampleTest {

    @Test
    void proxy_addsLatencyThrottlingAndFaults(TestTables tables) {
        String table = tables.create(OrdersTest.SCHEMA);
        // tag::proxy[]
        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                .target(DynamoDbLocal.shared().endpoint())
                .latency(Latency.fixed(Duration.ofMillis(10))) // added round trip, scheduled, never blocking
                .partitions(10)
                .writeCapacityPerPartition(100) // 10 partitions per table, 100 WCU/s each
                .faults(
                        FaultPlan.unprocessedItems(0.2).onOperation("BatchWriteItem"),
                        FaultPlan.internalServerError().withProbability(0.01, 42L),
                        FaultPlan.throttle().atRequests(3).onOperation("PutItem"))
                .clock(clock) // deterministic token buckets
                .build()
                .start()) {
            DynamoDbAsyncClient client = proxy.clients().async();
            // ... run the code under test ...
            // end::proxy[]
            client.putItem(b -> b.tableName(table).item(Map.of("orderId", AttributeValue.fromS("o-1"))))
                    .join();
            // tag::proxy[]
            assertThat(proxy.stats().throttled("PutItem")).isZero();
        }
        // end::proxy[]
    }
}
