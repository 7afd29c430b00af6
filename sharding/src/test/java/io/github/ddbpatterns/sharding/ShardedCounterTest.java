package io.github.ddbpatterns.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.TestTables;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@DynamoDbLocalTest
class ShardedCounterTest {

    @Test
    void read_afterConcurrentIncrements_isTheirSumSpreadOverShards(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        ShardedCounter counter = ShardedCounter.builder()
                .client(local.clients().async())
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

        assertThat(counter.read("views").join()).isEqualTo(100 * -1 + 200 * 2);
        assertThat(counter.read("never").join()).isZero();
        assertThat(local.syncClient().scan(b -> b.tableName(table)).count()).isBetween(15, 20);
    }

    @Test
    void read_whenShardCountChangedWithHistory_countsOldAndNewShards(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        TableShardMap shardMap = TableShardMap.builder()
                .client(local.clients().async())
                .tableName(table)
                .partitionKey("pk")
                .sortKey("sk", AttributeValue.fromS("#map"))
                .defaultShards(30)
                .build();
        ShardedCounter counter = ShardedCounter.builder()
                .client(local.clients().async())
                .tableName(table)
                .partitionKey("pk")
                .sortKey("sk", AttributeValue.fromS("#count"))
                .shardMap(shardMap)
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

        assertThat(counter.read("c").join()).isEqualTo(60);
        assertThatThrownBy(() -> counter.increment("", 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ShardedCounter.builder().shards(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shardCount");
    }
}
