package io.github.ddbpatterns.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

@DynamoDbLocalTest
class TableShardMapTest {

    private static TableShardMap map(DynamoDbLocal local, String table, Duration ttl) {
        return map(local, table, ttl, Clock.systemUTC());
    }

    private static TableShardMap map(DynamoDbLocal local, String table, Duration ttl, Clock clock) {
        return TableShardMap.builder()
                .dynamoDbClient(local.clients().async())
                .clock(clock)
                .tableName(table)
                .partitionKey("pk")
                .sortKey("sk", AttributeValue.fromS("#shardmap"))
                .defaultShards(2)
                .ttl(ttl)
                .build();
    }

    private static ShardedTable<Event> events(DynamoDbLocal local, String table, ShardMap shardMap) {
        return ShardedTable.builder(Event.SCHEMA)
                .dynamoDbClient(local.clients().async())
                .tableName(table)
                .logicalKey(Event::getUserId)
                .shardMap(shardMap)
                .build();
    }

    @Test
    void reshard_whenAnotherInstanceCachedTheOldLayout_writersWaitUntilEveryReaderCoversTheNewShards(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        TableShardMap mapA = map(local, table, Duration.ofSeconds(10), clock);
        TableShardMap mapB = map(local, table, Duration.ofSeconds(10), clock);
        ShardedTable<Event> a = events(local, table, mapA);
        ShardedTable<Event> b = events(local, table, mapB);
        for (int i = 0; i < 20; i++) {
            a.put(new Event("hot", String.format("a-%02d", i), "p")).join(); // a caches 2 shards for 10 s
        }

        ShardLayout resharded = mapB.reshard("hot", 50).join();
        for (int i = 0; i < 30; i++) {
            b.put(new Event("hot", String.format("b-%02d", i), "p")).join();
        }

        // b reads the 50 shards at once, but writes to the 2 that a's cached layout still covers
        assertThat(resharded).isEqualTo(new ShardLayout(50, List.of(2)));
        assertThat(mapB.layout("hot").join()).isEqualTo(new ShardLayout(2, List.of(50)));
        assertThat(mapA.layout("hot").join()).isEqualTo(ShardLayout.of(2));
        assertThat(a.query("hot", ShardQuery.all()).join().items()).hasSize(50);
        assertThat(b.query("hot", ShardQuery.all()).join().items()).hasSize(50);

        clock.advance(mapB.raiseDelay()); // a's cache has expired: every reader covers the 50 shards
        for (int i = 30; i < 60; i++) {
            b.put(new Event("hot", String.format("b-%02d", i), "p")).join();
        }

        assertThat(mapA.layout("hot").join()).isEqualTo(resharded);
        assertThat(mapB.layout("hot").join()).isEqualTo(resharded);
        assertThat(mapB.layout("cold").join()).isEqualTo(ShardLayout.of(2));
        assertThat(a.query("hot", ShardQuery.all()).join().items()).hasSize(80);
        assertThat(b.query("hot", ShardQuery.all()).join().items())
                .hasSize(80)
                .extracting(Event::getPk)
                .anyMatch(pk -> !pk.matches("hot#shard-[01]"));

        ShardLayout retired = mapA.retire("hot").join();

        assertThat(retired).isEqualTo(ShardLayout.of(50));
        assertThat(mapA.layout("hot").join()).isEqualTo(ShardLayout.of(50));
    }

    @Test
    void layout_whenTheReadOfAnOldLayoutIsSlow_expiresOneTtlAfterTheReadWasSent(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        TableShardMap raiser = map(local, table, Duration.ofSeconds(10), clock);
        AtomicReference<CompletableFuture<GetItemResponse>> read = new AtomicReference<>();
        CompletableFuture<Void> answer = new CompletableFuture<>();
        DynamoDbAsyncClient slow = new DynamoDbAsyncClient() {
            @Override
            public String serviceName() {
                return "dynamodb";
            }

            @Override
            public void close() {}

            @Override
            public CompletableFuture<GetItemResponse> getItem(GetItemRequest request) {
                read.set(local.clients().async().getItem(request));
                return read.get().thenCompose(response -> answer.thenApply(v -> response));
            }
        };
        TableShardMap slowReader = TableShardMap.builder()
                .dynamoDbClient(slow)
                .clock(clock)
                .tableName(table)
                .partitionKey("pk")
                .sortKey("sk", AttributeValue.fromS("#shardmap"))
                .defaultShards(2)
                .ttl(Duration.ofSeconds(10))
                .build();

        CompletableFuture<ShardLayout> slowRead = slowReader.layout("hot"); // sent at 0 s
        read.get().join(); // DynamoDB has answered the old layout; the answer is held back
        clock.advance(Duration.ofMillis(500));
        raiser.reshard("hot", 50).join(); // at 0.5 s: writers use 50 shards from 11.5 s
        clock.advance(Duration.ofMillis(2_500));
        answer.complete(null); // the old layout arrives at 3 s

        assertThat(slowRead.join()).isEqualTo(ShardLayout.of(2));
        clock.advance(Duration.ofSeconds(7)); // 10 s: one TTL after the read was sent, before writers move
        assertThat(slowReader.layout("hot").join().readWidth()).isEqualTo(50);
    }

    @Test
    void layout_whenChangedTwiceWithinTheRaiseDelay_writersUseTheNarrowestCountAnyReaderMayHold(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        TableShardMap map = map(local, table, Duration.ofSeconds(10), clock);
        map.reshard("k", 8).join(); // 2 -> 8

        clock.advance(Duration.ofSeconds(5));
        map.reshard("k", 4).join(); // 8 -> 4, while readers may still hold 2

        assertThat(map.layout("k").join()).isEqualTo(new ShardLayout(2, List.of(4, 8)));
        clock.advance(Duration.ofSeconds(6)); // 11 s after the first change: no reader holds 2 any more
        assertThat(map.layout("k").join()).isEqualTo(new ShardLayout(4, List.of(8, 2)));
        map.retire("k").join();
        assertThat(map.layout("k").join()).isEqualTo(new ShardLayout(4, List.of(8, 2)).retired());
    }

    @Test
    void reshard_whenShrinking_readsStillCoverTheWiderOldCount(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        TableShardMap map = TableShardMap.builder(PatternsContext.builder()
                        .dynamoDbClient(local.clients().async())
                        .build())
                .tableName(table)
                .partitionKey("pk")
                .sortKey("sk", AttributeValue.fromS("#shardmap"))
                .build();
        map.reshard("k", 40).join();
        map.retire("k").join();
        ShardedTable<Event> events = events(local, table, map);
        for (int i = 0; i < 40; i++) {
            events.put(new Event("k", String.format("x-%02d", i), "p")).join();
        }

        map.reshard("k", 4).join();

        assertThat(map.layout("k").join().readWidth()).isEqualTo(40);
        assertThat(events.query("k", ShardQuery.all()).join().items()).hasSize(40);
    }

    @Test
    void reshard_whenInstancesReportedWindowSums_keepsTheSumsAndRecordsEachVersion(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        TableShardMap map = map(local, table, Duration.ofSeconds(10));
        map.report("k", 7, 100, 0).join();

        map.reshard("k", 4).join();
        map.reshard("k", 8).join();
        KeyLoad load = map.report("k", 7, 50, 2).join();

        assertThat(load.units()).isEqualTo(150);
        assertThat(load.throttles()).isEqualTo(2);
        assertThat(load.version()).isEqualTo(2);
        assertThat(load.layout()).isEqualTo(new ShardLayout(8, List.of(4, 2)));
        assertThat(map.history("k").join())
                .extracting(LayoutChange::version, c -> c.layout().current())
                .containsExactly(tuple(1L, 4), tuple(2L, 8));
        assertThat(map.report("k", 8, 10, 0).join().previousUnits()).isEqualTo(150);
        assertThat(map.history("never-changed").join()).isEmpty();
    }

    @Test
    void reshard_whenExpectedVersionIsStale_failsWithConflictAndKeepsTheOtherLayout(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        TableShardMap first = map(local, table, Duration.ofSeconds(10));
        TableShardMap second = map(local, table, Duration.ofSeconds(10));
        first.reshard("k", 4, 0).join();

        assertThatThrownBy(() -> second.reshard("k", 6, 0).join()).hasCauseInstanceOf(ShardMapConflictException.class);
        assertThat(second.layout("k").join().readWidth()).isEqualTo(4);
        assertThat(second.history("k").join().get(0).layout()).isEqualTo(new ShardLayout(4, List.of(2)));
        assertThat(second.history("k").join()).hasSize(1);
    }

    @Test
    void build_whenStandaloneWithoutClient_failsNamingDynamoDbClient() {
        assertThatThrownBy(() -> TableShardMap.builder()
                        .tableName("events")
                        .partitionKey("pk")
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dynamoDbClient");
    }
}
