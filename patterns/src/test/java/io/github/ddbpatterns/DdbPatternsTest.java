package io.github.ddbpatterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.fanout.FanOut;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.core.table.TableLayoutException;
import io.github.ddbpatterns.sessions.Session;
import io.github.ddbpatterns.sessions.SessionStore;
import io.github.ddbpatterns.sharding.ShardQuery;
import io.github.ddbpatterns.sharding.ShardedCounter;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * Every pattern created from one {@link DdbPatterns} sends its requests through the one policy, exactly once: with
 * the proxy answering every request of an operation with a throttle (or a 500), the proxy sees exactly the policy's
 * {@code maxAttempts} requests — not the SDK's 9 per attempt, although the client keeps the SDK's default retries.
 */
@DynamoDbLocalTest
class DdbPatternsTest {

    static final int ATTEMPTS = 3;
    static final TableSchema<Item> ITEMS = TableSchema.fromBean(Item.class);

    static ThrottlingProxy proxy;
    static DynamoDbAsyncClient sdkDefaults;
    static MutableClock clock;
    static DdbPatterns ddb;

    @BeforeAll
    static void start() {
        proxy = ThrottlingProxy.builder()
                .target(DynamoDbLocal.shared().endpoint())
                .writeCapacityPerPartition(1_000_000)
                .readCapacityPerPartition(1_000_000)
                .build()
                .start();
        sdkDefaults = proxy.clients().asyncBuilder().build(); // NOT aligned: the SDK would make 9 attempts
        clock = MutableClock.at(Instant.parse("2026-06-01T00:00:00Z"));
        ddb = DdbPatterns.builder()
                .dynamoDbClient(sdkDefaults)
                .resilience(ResiliencePolicy.builder()
                        .maxAttempts(ATTEMPTS)
                        .backoff(Duration.ofMillis(2), Duration.ofMillis(20))
                        .build())
                .clock(clock)
                .build();
    }

    @AfterAll
    static void stop() {
        sdkDefaults.close();
        proxy.close();
    }

    @BeforeEach
    void noFaults() {
        proxy.reconfigure(b -> b.faults());
    }

    /** From now on every request of {@code operation} is answered with {@code fault}; the counts start at 0. */
    private static void failEvery(String operation, FaultPlan fault) {
        proxy.reconfigure(b -> b.faults(fault.onOperation(operation)));
        proxy.stats().reset();
    }

    private ShardedTable<Item> items(TestTables tables) {
        return items(tables, ddb.fanOut().concurrency(4).build());
    }

    private ShardedTable<Item> items(TestTables tables, FanOut fanOut) {
        ShardedTable<Item> table = ddb.shardedTable(ITEMS)
                .tableName(tables.uniqueName())
                .logicalKey(Item::getOwner)
                .shards(4)
                .fanOut(fanOut)
                .build();
        table.createTable().join();
        return table;
    }

    @Test
    void shardedPut_whenThrottled_sendsMaxAttemptsRequests(TestTables tables) {
        ShardedTable<Item> items = items(tables);
        try {
            failEvery("PutItem", FaultPlan.throttle());

            assertThatThrownBy(() -> items.put(new Item("user-1", "a")).join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(ProvisionedThroughputExceededException.class);

            assertThat(proxy.stats().requests("PutItem")).isEqualTo(ATTEMPTS);
        } finally {
            deleteTable(items.tableName());
        }
    }

    @Test
    void fanOutPage_whenThrottled_sendsMaxAttemptsRequests(TestTables tables) {
        // one shard at a time, so that the first shard's page is the one that fails the read
        ShardedTable<Item> items = items(tables, ddb.fanOut().concurrency(1).build());
        try {
            items.put(new Item("user-1", "a")).join();
            failEvery("Query", FaultPlan.throttle());

            assertThatThrownBy(() ->
                            items.query("user-1", ShardQuery.all().limit(10)).join())
                    .cause()
                    .isInstanceOf(ProvisionedThroughputExceededException.class);

            assertThat(proxy.stats().requests("Query")).isEqualTo(ATTEMPTS);
        } finally {
            deleteTable(items.tableName());
        }
    }

    @Test
    void fanOutPage_whenOneShardFailsTwice_isRetriedAndComplete(TestTables tables) {
        ShardedTable<Item> items = items(tables);
        try {
            for (int i = 0; i < 20; i++) {
                items.put(new Item("user-1", "i" + i)).join();
            }
            failEvery("Query", FaultPlan.internalServerError().atRequests(1, 2));

            assertThat(items.query("user-1", ShardQuery.all().limit(100)).join().items())
                    .hasSize(20);

            // 4 shards, two of the requests failed once each (or one shard twice): 2 retries, whatever the order
            assertThat(proxy.stats().requests("Query")).isEqualTo(4 + 2);
        } finally {
            deleteTable(items.tableName());
        }
    }

    @Test
    void counterIncrement_whenThrottled_sendsMaxAttemptsRequests(TestTables tables) {
        ShardedCounter views = ddb.shardedCounter()
                .tableName(tables.uniqueName())
                .partitionKey("pk")
                .shards(8)
                .build();
        views.createTable().join();
        try {
            failEvery("UpdateItem", FaultPlan.throttle());

            assertThatThrownBy(() -> views.increment("home", 1).join())
                    .cause()
                    .isInstanceOf(ProvisionedThroughputExceededException.class);

            assertThat(proxy.stats().requests("UpdateItem")).isEqualTo(ATTEMPTS);
        } finally {
            deleteTable(views.tableName());
        }
    }

    @Test
    void sessionTouch_whenItsRenewalIsThrottled_sendsMaxAttemptsRequests(TestTables tables) {
        SessionStore sessions = ddb.sessions()
                .tableName(tables.uniqueName())
                .timeToLive(Duration.ofHours(24))
                .build();
        sessions.createTable().join();
        try {
            Session session = sessions.create("user-1", Map.of()).join();
            clock.advance(Duration.ofHours(13)); // less than half the lifetime left: touch renews it
            failEvery("PutItem", FaultPlan.throttle());

            assertThatThrownBy(() -> sessions.touch(session.id()).join())
                    .cause()
                    .isInstanceOf(ProvisionedThroughputExceededException.class);

            assertThat(proxy.stats().requests("PutItem")).isEqualTo(ATTEMPTS);
        } finally {
            deleteTable(sessions.tableName());
        }
    }

    @Test
    void sessionGet_whenEveryReadFailsWith500_sendsMaxAttemptsRequests(TestTables tables) {
        SessionStore sessions =
                ddb.sessions().tableName(tables.uniqueName()).nearCacheSize(0).build();
        sessions.createTable().join();
        try {
            failEvery("GetItem", FaultPlan.internalServerError());

            assertThatThrownBy(() -> sessions.get("some-session").join())
                    .cause()
                    .isInstanceOf(InternalServerErrorException.class);

            assertThat(proxy.stats().requests("GetItem")).isEqualTo(ATTEMPTS);
        } finally {
            deleteTable(sessions.tableName());
        }
    }

    @Test
    void aComponentBuilderOverridingTheResilience_changesThatComponentOnly(TestTables tables) {
        ShardedTable<Item> shared = items(tables);
        ShardedTable<Item> patient = ddb.shardedTable(ITEMS)
                .tableName(shared.tableName())
                .logicalKey(Item::getOwner)
                .shards(4)
                .resilience(ResiliencePolicy.builder()
                        .maxAttempts(5)
                        .backoff(Duration.ofMillis(2), Duration.ofMillis(20))
                        .build())
                .build();
        try {
            patient.verifyTable().join();
            failEvery("PutItem", FaultPlan.throttle());
            assertThatThrownBy(() -> shared.put(new Item("user-1", "a")).join()).cause();
            long sharedRequests = proxy.stats().requests("PutItem");
            assertThatThrownBy(() -> patient.put(new Item("user-1", "b")).join())
                    .cause();

            assertThat(sharedRequests).isEqualTo(ATTEMPTS);
            assertThat(proxy.stats().requests("PutItem") - sharedRequests).isEqualTo(5);
            assertThat(ddb.context().resilience().maxAttempts()).isEqualTo(ATTEMPTS);
        } finally {
            deleteTable(shared.tableName());
        }
    }

    @Test
    void aPatternOnAMissingTable_failsOnFirstUseBeforeAnyDataRequest(TestTables tables) {
        ShardedTable<Item> items = ddb.shardedTable(ITEMS)
                .tableName(tables.uniqueName())
                .logicalKey(Item::getOwner)
                .shards(4)
                .build();
        proxy.stats().reset();

        assertThatThrownBy(() -> items.put(new Item("user-1", "a")).join())
                .cause()
                .isInstanceOf(TableLayoutException.class)
                .hasMessageContaining("table '" + items.tableName() + "' does not exist; ShardedTable needs");
        assertThat(proxy.stats().requestsByOperation()).containsOnlyKeys("DescribeTable");
    }

    @Test
    void builders_startWithTheSharedSettingsAndOverrideLocally() {
        PatternsContext context = ddb.context();

        assertThat(context.resilience().maxAttempts()).isEqualTo(ATTEMPTS);
        assertThat(context.clock()).isSameAs(clock);
        assertThat(DdbPatterns.of(context).context()).isSameAs(context);
        assertThat(ddb.toBuilder().build().context()).isSameAs(context);
        assertThat(ddb.toBuilder().checkTables(false).build().context().checkTables())
                .isFalse();
        assertThatThrownBy(() -> DdbPatterns.builder().build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dynamoDbClient must be set");
    }

    private static void deleteTable(String name) {
        proxy.reconfigure(b -> b.faults());
        DynamoDbLocal.shared().syncClient().deleteTable(b -> b.tableName(name));
    }
}
