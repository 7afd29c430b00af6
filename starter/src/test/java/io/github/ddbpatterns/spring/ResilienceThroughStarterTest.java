package io.github.ddbpatterns.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.core.internal.SdkAttempts;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * The {@code DdbPatterns} bean's requests are retried exactly {@code ddb.patterns.resilience.max-attempts} times in
 * all, through the testing proxy answering every PutItem with a throttle: with the client the starter builds, and
 * with an application client left with the SDK's default retries (9 attempts of its own).
 */
@DynamoDbLocalTest
class ResilienceThroughStarterTest {

    static final int ATTEMPTS = 3;
    static final TableSchema<Event> EVENTS = TableSchema.fromBean(Event.class);

    static ThrottlingProxy proxy;

    @BeforeAll
    static void start() {
        proxy = ThrottlingProxy.builder()
                .target(DynamoDbLocal.shared().endpoint())
                .writeCapacityPerPartition(1_000_000)
                .readCapacityPerPartition(1_000_000)
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @BeforeEach
    void noFaults() {
        proxy.reconfigure(b -> b.faults());
    }

    private static ApplicationContextRunner starter() {
        return Runners.starter(proxy.endpoint())
                .withPropertyValues(
                        "ddb.patterns.resilience.max-attempts=" + ATTEMPTS,
                        "ddb.patterns.resilience.base-backoff=1ms",
                        "ddb.patterns.resilience.max-backoff=10ms",
                        "ddb.patterns.cursor.secret=0123456789abcdef");
    }

    @Test
    void startersClient_throttledPut_sendsMaxAttemptsRequests(TestTables tables) {
        starter().run(context -> {
            assertThat(SdkAttempts.isSingleAttempt(context.getBean(DynamoDbAsyncClient.class)))
                    .isTrue();
            assertThrottledPutSendsMaxAttempts(context.getBean(DdbPatterns.class), tables.uniqueName());
        });
    }

    @Test
    void applicationClientWithSdkRetries_throttledPut_sendsMaxAttemptsRequests(TestTables tables) {
        DynamoDbAsyncClient sdkDefaults = proxy.clients().asyncBuilder().build(); // the SDK would make 9 attempts
        try {
            starter().withBean(DynamoDbAsyncClient.class, () -> sdkDefaults).run(context -> {
                assertThat(context.getBean(DynamoDbAsyncClient.class)).isSameAs(sdkDefaults);
                assertThat(SdkAttempts.isSingleAttempt(sdkDefaults)).isFalse();
                assertThrottledPutSendsMaxAttempts(context.getBean(DdbPatterns.class), tables.uniqueName());
            });
        } finally {
            sdkDefaults.close();
        }
    }

    private static void assertThrottledPutSendsMaxAttempts(DdbPatterns ddb, String tableName) {
        ShardedTable<Event> events = ddb.shardedTable(EVENTS)
                .tableName(tableName)
                .logicalKey(Event::getUserId)
                .shards(2)
                .build();
        events.createTable().join();
        try {
            events.put(new Event("user-1", Instant.parse("2026-01-01T00:00:00Z"), "warm-up"))
                    .join(); // the table check (DescribeTable) is done
            proxy.reconfigure(b -> b.faults(FaultPlan.throttle().onOperation("PutItem")));
            proxy.stats().reset();

            assertThatThrownBy(() -> events.put(new Event("user-1", Instant.parse("2026-01-01T00:00:01Z"), "click"))
                            .join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(ProvisionedThroughputExceededException.class);

            assertThat(proxy.stats().requests("PutItem")).isEqualTo(ATTEMPTS);
            assertThat(proxy.stats().throttled("PutItem")).isEqualTo(ATTEMPTS);
        } finally {
            proxy.reconfigure(b -> b.faults());
            DynamoDbLocal.shared().syncClient().deleteTable(b -> b.tableName(tableName));
        }
    }
}
