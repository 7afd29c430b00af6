package io.github.ddbpatterns.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.core.table.TableLayout;
import io.github.ddbpatterns.core.table.TableLayoutException;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

@DynamoDbLocalTest
class ShardedCounterTest {

    private static ShardedCounter.Builder counter(DynamoDbAsyncClient client, String table) {
        return ShardedCounter.builder()
                .dynamoDbClient(client)
                .tableName(table)
                .partitionKey("pk")
                .sortKey("sk", AttributeValue.fromS("#count"));
    }

    @Test
    void get_afterConcurrentIncrements_isTheirSumSpreadOverShards(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        PatternsContext context = PatternsContext.builder()
                .dynamoDbClient(local.clients().async())
                .build();
        ShardedCounter counter = ShardedCounter.builder(context)
                .tableName(table)
                .partitionKey("pk")
                .sortKey("sk", AttributeValue.fromS("#count"))
                .shards(20)
                .build();

        List<CompletableFuture<Void>> increments = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            increments.add(counter.increment("views", i % 3 == 0 ? -1 : 2));
        }
        CompletableFuture.allOf(increments.toArray(CompletableFuture[]::new)).join();

        assertThat(counter.get("views").join()).isEqualTo(100 * -1 + 200 * 2);
        assertThat(counter.get("never").join()).isZero();
        assertThat(local.syncClient().scan(b -> b.tableName(table)).count()).isBetween(15, 20);
    }

    @Test
    void get_whenShardCountChangedWithHistory_countsOldAndNewShards(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        PatternsContext context = PatternsContext.builder()
                .dynamoDbClient(local.clients().async())
                .build();
        TableShardMap shardMap = TableShardMap.builder(context)
                .tableName(table)
                .partitionKey("pk")
                .sortKey("sk", AttributeValue.fromS("#map"))
                .defaultShards(30)
                .build();
        ShardedCounter counter = ShardedCounter.builder(context)
                .tableName(table)
                .partitionKey("pk")
                .sortKey("sk", AttributeValue.fromS("#count"))
                .shardMap(shardMap)
                .consistentRead(true)
                .build();
        List<CompletableFuture<Void>> before = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            before.add(counter.increment("c", 1));
        }
        CompletableFuture.allOf(before.toArray(CompletableFuture[]::new)).join();

        shardMap.reshard("c", 3).join();
        List<CompletableFuture<Void>> after = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            after.add(counter.increment("c", 1));
        }
        CompletableFuture.allOf(after.toArray(CompletableFuture[]::new)).join();

        assertThat(counter.get("c").join()).isEqualTo(60);
    }

    @Test
    void increment_whenBadInput_failsBeforeAnyRequest(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        try (ThrottlingProxy proxy =
                ThrottlingProxy.builder().target(local.endpoint()).build().start()) {
            ShardedCounter counter =
                    counter(proxy.clients().async(), table).shards(4).build();

            assertThatThrownBy(() -> counter.increment("", 1))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("name");
            assertThatThrownBy(() -> counter.get("n".repeat(2045)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("partition key attribute 'pk'");
            assertThatThrownBy(() -> ShardedCounter.builder().shards(0))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("shardCount");
            assertThatThrownBy(() -> ShardedCounter.builder().sortKey("sk", AttributeValue.fromS("")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("sort key attribute 'sk'");
            assertThatThrownBy(() -> ShardedCounter.builder()
                            .tableName(table)
                            .partitionKey("pk")
                            .shards(2)
                            .build())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("dynamoDbClient");
            assertThat(proxy.stats().requests()).isZero();
        }
    }

    @Test
    void increment_whenEveryUpdateItemIsThrottled_sendsExactlyThePolicyAttempts(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .faults(FaultPlan.throttle().onOperation("UpdateItem"))
                        .build()
                        .start();
                DynamoDbAsyncClient sdkDefaults = proxy.clients().asyncBuilder().build()) {
            ShardedCounter counter = counter(sdkDefaults, table)
                    .shards(4)
                    .resilience(ResiliencePolicy.builder()
                            .maxAttempts(3)
                            .backoff(Duration.ofMillis(2), Duration.ofMillis(50))
                            .build())
                    .build();

            assertThatThrownBy(() -> counter.increment("views", 1).join())
                    .cause()
                    .isInstanceOf(ProvisionedThroughputExceededException.class);

            assertThat(proxy.stats().requests("UpdateItem")).isEqualTo(3);
        }
    }

    @Test
    void increment_whenTheTableIsMissingOrHasAnotherSortKeyType_failsBeforeAnyDataRequest(
            DynamoDbLocal local, TestTables tables) {
        String missing = tables.uniqueName();
        String stringSortKey = tables.create(Event.SCHEMA);
        try (ThrottlingProxy proxy =
                ThrottlingProxy.builder().target(local.endpoint()).build().start()) {
            ShardedCounter onMissing =
                    counter(proxy.clients().async(), missing).shards(4).build();
            ShardedCounter numberSortKey = ShardedCounter.builder()
                    .dynamoDbClient(proxy.clients().async())
                    .tableName(stringSortKey)
                    .partitionKey("pk")
                    .sortKey("sk", AttributeValue.fromN("0"))
                    .shards(4)
                    .build();

            assertThatThrownBy(() -> onMissing.increment("views", 1).join())
                    .cause()
                    .isInstanceOf(TableLayoutException.class)
                    .hasMessageStartingWith(
                            "table '" + missing + "' does not exist; ShardedCounter needs " + onMissing.tableLayout());
            assertThatThrownBy(() -> numberSortKey.get("views").join())
                    .cause()
                    .isInstanceOf(TableLayoutException.class)
                    .hasMessageContaining("sort key is sk (S), expected sk (N)")
                    .hasMessageContaining("Found table '" + stringSortKey + "': partition key pk (S), sort key sk (S)")
                    .hasMessageContaining("Expected " + numberSortKey.tableLayout());

            assertThat(proxy.stats().requestsByOperation()).containsOnlyKeys("DescribeTable");
        }
    }

    @Test
    void createTable_makesATableThatPassesVerifyTableAndCounts(DynamoDbLocal local, TestTables tables) {
        String name = tables.uniqueName();
        ShardedCounter counter = ShardedCounter.builder()
                .dynamoDbClient(local.clients().async())
                .tableName(name)
                .partitionKey("id")
                .shards(5)
                .build();
        try {
            counter.createTable().join();
            counter.verifyTable().join();
            counter.increment("clicks", 3).join();
            counter.increment("clicks", 4).join();

            assertThat(counter.tableLayout()).hasToString("table '" + name + "': partition key id (S)");
            assertThat(counter.get("clicks").join()).isEqualTo(7);
            assertThat(TableLayout.of(local.syncClient()
                                    .describeTable(b -> b.tableName(name))
                                    .table())
                            .differencesFrom(counter.tableLayout()))
                    .isEmpty();
        } finally {
            local.syncClient().deleteTable(b -> b.tableName(name));
        }
    }

    @Test
    void sync_whenUsed_behavesLikeAsync(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        SyncShardedCounter counter =
                counter(local.clients().async(), table).shards(3).build().sync();

        counter.increment("likes", 5);
        counter.increment("likes", -2);

        assertThat(counter.get("likes")).isEqualTo(3);
        assertThat(counter.async().get("likes").join()).isEqualTo(3);
        assertThatThrownBy(() -> counter.get("")).isInstanceOf(InvalidInputException.class);
    }
}
