package io.github.ddbpatterns.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.LocalClients;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@DynamoDbLocalTest
class ShardedTableTest {

    private static ShardedTable.Builder<Event> builder(LocalClients clients, String table, int shards) {
        return ShardedTable.builder(Event.SCHEMA)
                .dynamoDbClient(clients.async())
                .tableName(table)
                .logicalKey(Event::getUserId)
                .shards(shards);
    }

    private static List<String> sks(List<Event> events) {
        return events.stream().map(Event::getSk).toList();
    }

    private static List<String> putEach(ShardedTable<Event> events, String user, int n) {
        List<CompletableFuture<Event>> writes = new ArrayList<>();
        List<String> sks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String sk = String.format("e-%04d", i);
            sks.add(sk);
            writes.add(events.put(new Event(user, sk, "p" + i)));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        return sks;
    }

    private static List<Event> events(String user, int n, String payload) {
        return IntStream.range(0, n)
                .mapToObj(i -> new Event(user, String.format("e-%04d", i), payload))
                .toList();
    }

    // ---------------------------------------------------------------- writes and queries

    @Test
    void put_whenRandomStrategy_spreadsItemsOverShardsAndQueryMergesThemInOrder(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        ShardedTable<Event> events = builder(local.clients(), table, 10)
                .strategy(ShardingStrategy.random())
                .build();
        List<String> expected = putEach(events, "user-42", 60);
        putEach(events, "user-7", 5);

        Page<Event> page = events.query("user-42", ShardQuery.all().limit(100)).join();

        assertThat(sks(page.items())).containsExactlyElementsOf(expected);
        assertThat(page.hasMore()).isFalse();
        Set<String> physical = new HashSet<>();
        page.items().forEach(e -> physical.add(e.getPk()));
        assertThat(physical).hasSizeGreaterThan(5).allMatch(pk -> pk.matches("user-42#shard-[0-9]"));
        long stored = local.syncClient().scan(b -> b.tableName(table)).count();
        assertThat(stored).isEqualTo(65);
    }

    @Test
    void put_whenDefaultStrategy_givesEveryShardOfTheKeyAnEqualShareOfItsWrites(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        ShardedTable<Event> events = builder(local.clients(), table, 7).build();

        putEach(events, "user-42", 70);
        putEach(events, "user-7", 14);

        Map<String, Long> perShard = new TreeMap<>();
        local.syncClient()
                .scanPaginator(b -> b.tableName(table))
                .items()
                .forEach(item -> perShard.merge(item.get("pk").s(), 1L, Long::sum));
        Map<String, Long> expected = new TreeMap<>();
        for (int shard = 0; shard < 7; shard++) {
            expected.put("user-42#shard-" + shard, 10L);
            expected.put("user-7#shard-" + shard, 2L);
        }
        assertThat(perShard).isEqualTo(expected);
    }

    @Test
    void put_whenBuiltFromAContext_returnsTheStoredItemWithItsPhysicalKey(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        PatternsContext context = PatternsContext.builder()
                .dynamoDbClient(local.clients().async())
                .build();
        ShardedTable<Event> events = ShardedTable.builder(context, Event.SCHEMA)
                .tableName(table)
                .logicalKey(Event::getUserId)
                .shards(4)
                .build();

        Event stored = events.put(new Event("user-42", "e-0001", "p")).join();

        assertThat(stored.getPk()).matches("user-42#shard-[0-3]");
        assertThat(events.get(Event.key("user-42", "e-0001")).join())
                .hasValueSatisfying(e -> assertThat(e.getPk()).isEqualTo(stored.getPk()));
    }

    @Test
    void query_whenNewestFirstWithLimitAndCursor_pagesCoverEveryItemOnceInOrder(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        ShardedTable<Event> events = builder(local.clients(), table, 8).build();
        List<String> expected = new ArrayList<>(putEach(events, "user-42", 45));
        Collections.reverse(expected);
        ShardQuery query = ShardQuery.all().newestFirst().limit(10);

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        Page<Event> page = events.query("user-42", query).join();
        sizes.add(page.size());
        seen.addAll(sks(page.items()));
        while (page.hasMore()) {
            page = events.query("user-42", query.after(page)).join();
            sizes.add(page.size());
            seen.addAll(sks(page.items()));
        }

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(sizes.subList(0, 4)).containsOnly(10);
    }

    @Test
    void query_whenSortKeyConditionAndFilter_returnsOnlyMatchingItems(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        ShardedTable<Event> events = builder(local.clients(), table, 5).build();
        putEach(events, "user-42", 30);
        Expression notP15 = Expression.builder()
                .expression("payload <> :p")
                .putExpressionValue(":p", AttributeValue.fromS("p15"))
                .build();
        ShardQuery query = ShardQuery.where(
                        SortKeyCondition.between(AttributeValue.fromS("e-0010"), AttributeValue.fromS("e-0019")))
                .filter(notP15)
                .consistentRead(true)
                .limit(5);

        Page<Event> page = events.query("user-42", query).join();
        Page<Event> rest = events.query("user-42", query.after(page)).join();

        assertThat(sks(page.items())).containsExactly("e-0010", "e-0011", "e-0012", "e-0013", "e-0014");
        assertThat(sks(rest.items())).containsExactly("e-0016", "e-0017", "e-0018", "e-0019");
    }

    @Test
    void stream_whenManyItems_emitsAllInOrderIgnoringTheLimit(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        ShardedTable<Event> events = builder(local.clients(), table, 6).build();
        List<String> expected = putEach(events, "user-42", 40);

        List<Event> streamed = Collections.synchronizedList(new ArrayList<>());
        events.stream("user-42", ShardQuery.all().limit(3))
                .subscribe(streamed::add)
                .join();

        assertThat(sks(streamed)).containsExactlyElementsOf(expected);
    }

    @Test
    void stream_whenResumedAfterAPage_emitsTheRestOnly(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        ShardedTable<Event> events = builder(local.clients(), table, 6).build();
        List<String> expected = putEach(events, "user-42", 20);
        ShardQuery query = ShardQuery.all().limit(8);
        Page<Event> first = events.query("user-42", query).join();

        List<Event> streamed = Collections.synchronizedList(new ArrayList<>());
        events.stream("user-42", query.after(first)).subscribe(streamed::add).join();

        assertThat(sks(streamed)).containsExactlyElementsOf(expected.subList(8, 20));
    }

    @Test
    void put_whenItemReadBackIsPutAgain_overwritesItInPlace(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        ShardedTable<Event> events = builder(local.clients(), table, 50).build();
        putEach(events, "user-42", 10);
        Event read = events.query("user-42", ShardQuery.all().limit(1))
                .join()
                .items()
                .get(0);

        read.setPayload("changed");
        Event stored = events.put(read).join();

        assertThat(stored.getPk()).isEqualTo(read.getPk());
        List<Event> all = events.query("user-42", ShardQuery.all()).join().items();
        assertThat(all).hasSize(10);
        assertThat(all.get(0).getPayload()).isEqualTo("changed");
    }

    @Test
    void putAll_withoutBuffer_sendsBatchWriteItemsAndReportsEveryItemPersisted(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        try (ThrottlingProxy proxy =
                ThrottlingProxy.builder().target(local.endpoint()).build().start()) {
            ShardedTable<Event> events = builder(proxy.clients(), table, 10).build();
            events.verifyTable().join();
            proxy.stats().reset();

            BatchWriteResult result = events.putAll(events("user-42", 30, "p")).join();

            assertThat(result.outcomes()).hasSize(30);
            assertThat(result.allPersisted()).isTrue();
            assertThat(result.requests()).isEqualTo(2);
            assertThat(proxy.stats().requests("BatchWriteItem")).isEqualTo(2);
            assertThat(proxy.stats().requests("PutItem")).isZero();
            assertThat(result.outcomes().get(7).write().attributes().get("sk").s())
                    .isEqualTo("e-0007");
            assertThat(events.query("user-42", ShardQuery.all()).join().items())
                    .extracting(Event::getPk)
                    .hasSize(30)
                    .allMatch(pk -> pk.matches("user-42#shard-[0-9]"));
        }
    }

    @Test
    void putAll_whenCalculatedShardMovedWithNewCount_deletesTheCopiesUnderTheOldCount(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        ShardedTable<Event> before = builder(local.clients(), table, 7)
                .strategy(ShardingStrategy.calculated(Event::getSk))
                .build();
        assertThat(before.putAll(events("user-42", 20, "old")).join().allPersisted())
                .isTrue();
        ShardLayout grown = ShardLayout.of(7).withCurrent(13);
        ShardedTable<Event> after = ShardedTable.builder(Event.SCHEMA)
                .dynamoDbClient(local.clients().async())
                .tableName(table)
                .logicalKey(Event::getUserId)
                .strategy(ShardingStrategy.calculated(Event::getSk))
                .shardMap(key -> CompletableFuture.completedFuture(grown))
                .build();

        BatchWriteResult result = after.putAll(events("user-42", 20, "new")).join();

        assertThat(result.allPersisted()).isTrue();
        assertThat(local.syncClient().scan(b -> b.tableName(table)).count()).isEqualTo(20);
        assertThat(after.query("user-42", ShardQuery.all()).join().items())
                .hasSize(20)
                .allMatch(e -> e.getPayload().equals("new"));
    }

    @Test
    void putAll_whenEmpty_sendsNothing(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        try (ThrottlingProxy proxy =
                ThrottlingProxy.builder().target(local.endpoint()).build().start()) {
            ShardedTable<Event> events = builder(proxy.clients(), table, 10).build();

            BatchWriteResult result = events.putAll(List.of()).join();

            assertThat(result.outcomes()).isEmpty();
            assertThat(proxy.stats().requests()).isZero();
        }
    }

    // ---------------------------------------------------------------- point reads

    @Test
    void get_whenShardIsCalculated_sendsOneGetItem(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        try (ThrottlingProxy proxy =
                ThrottlingProxy.builder().target(local.endpoint()).build().start()) {
            ShardedTable<Event> events = builder(proxy.clients(), table, 100)
                    .strategy(ShardingStrategy.calculated(Event::getSk))
                    .build();
            putEach(events, "user-42", 20);
            proxy.stats().reset();

            Optional<Event> found = events.get(Event.key("user-42", "e-0007")).join();
            Optional<Event> missing = events.get(Event.key("user-42", "e-9999")).join();

            assertThat(found).hasValueSatisfying(e -> assertThat(e.getPayload()).isEqualTo("p7"));
            assertThat(missing).isEmpty();
            assertThat(proxy.stats().requests()).isEqualTo(2);
            assertThat(proxy.stats().requests("GetItem")).isEqualTo(2);
        }
    }

    @Test
    void get_whenShardIsRandomAndUnknown_readsAllShardsWithBatchGetItem(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        try (ThrottlingProxy proxy =
                ThrottlingProxy.builder().target(local.endpoint()).build().start()) {
            ShardedTable<Event> events = builder(proxy.clients(), table, 150).build();
            putEach(events, "user-42", 20);
            proxy.stats().reset();

            Optional<Event> found = events.get(Event.key("user-42", "e-0011")).join();

            assertThat(found).hasValueSatisfying(e -> assertThat(e.getPayload()).isEqualTo("p11"));
            assertThat(proxy.stats().requests("BatchGetItem")).isEqualTo(2); // 150 keys: 100 + 50
            assertThat(proxy.stats().requests("GetItem")).isZero();
        }
    }

    @Test
    void delete_whenRandomStrategy_findsAndDeletesTheItem(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        ShardedTable<Event> events = builder(local.clients(), table, 10).build();
        putEach(events, "user-42", 10);

        Optional<Event> deleted = events.delete(Event.key("user-42", "e-0003")).join();
        Optional<Event> again = events.delete(Event.key("user-42", "e-0003")).join();

        assertThat(deleted).hasValueSatisfying(e -> assertThat(e.getPayload()).isEqualTo("p3"));
        assertThat(again).isEmpty();
        assertThat(sks(events.query("user-42", ShardQuery.all()).join().items()))
                .hasSize(9)
                .doesNotContain("e-0003");
    }

    @Test
    void update_whenItemReadFirst_updatesInPlaceAndWithoutPhysicalKeyIsRefused(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        ShardedTable<Event> events = builder(local.clients(), table, 10).build();
        putEach(events, "user-42", 3);
        Event read = events.get(Event.key("user-42", "e-0001")).join().orElseThrow();
        read.setPayload("updated");

        Event updated = events.update(read).join();

        assertThat(updated.getPayload()).isEqualTo("updated");
        assertThat(updated.getPk()).isEqualTo(read.getPk());
        assertThat(events.get(Event.key("user-42", "e-0001")).join())
                .hasValueSatisfying(e -> assertThat(e.getPayload()).isEqualTo("updated"));
        assertThatThrownBy(() -> events.update(new Event("user-42", "e-0001", "x")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pk");
    }

    // ---------------------------------------------------------------- shard counts per key and changes

    @Test
    void shards_whenOverriddenForHotKey_onlyThatKeyIsSpread(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        ShardedTable<Event> events =
                builder(local.clients(), table, 1).shards("hot", 20).build();
        putEach(events, "hot", 40);
        putEach(events, "cold", 10);

        assertThat(events.layout("hot").join().readWidth()).isEqualTo(20);
        Set<String> coldKeys = new HashSet<>();
        events.query("cold", ShardQuery.all()).join().items().forEach(e -> coldKeys.add(e.getPk()));
        assertThat(coldKeys).containsExactly("cold#shard-0");
        assertThat(events.query("hot", ShardQuery.all()).join().items()).hasSize(40);
    }

    @Test
    void query_whenShardCountChangedWithHistory_readsOldAndNewShards(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        ShardedTable<Event> before = builder(local.clients(), table, 20).build();
        List<String> old = putEach(before, "user-42", 30);
        ShardLayout shrunk = ShardLayout.of(20).withCurrent(4);
        ShardedTable<Event> after = ShardedTable.builder(Event.SCHEMA)
                .dynamoDbClient(local.clients().async())
                .tableName(table)
                .logicalKey(Event::getUserId)
                .shardMap(key -> CompletableFuture.completedFuture(shrunk))
                .build();
        after.put(new Event("user-42", "f-0000", "new")).join();

        List<Event> all = after.query("user-42", ShardQuery.all()).join().items();
        List<String> expected = new ArrayList<>(old);
        expected.add("f-0000");

        assertThat(sks(all)).containsExactlyElementsOf(expected);
        assertThat(all.get(30).getPk()).matches("user-42#shard-[0-3]");
    }

    @Test
    void put_whenCalculatedShardMovesWithNewCount_leavesOneCopyReadableByGet(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        ShardedTable<Event> before = builder(local.clients(), table, 7)
                .strategy(ShardingStrategy.calculated(Event::getSk))
                .build();
        putEach(before, "user-42", 20);
        ShardLayout grown = ShardLayout.of(7).withCurrent(13);
        ShardedTable<Event> after = ShardedTable.builder(Event.SCHEMA)
                .dynamoDbClient(local.clients().async())
                .tableName(table)
                .logicalKey(Event::getUserId)
                .strategy(ShardingStrategy.calculated(Event::getSk))
                .shardMap(key -> CompletableFuture.completedFuture(grown))
                .build();

        putEach(after, "user-42", 10); // rewrites e-0000..e-0009 under 13 shards

        assertThat(local.syncClient().scan(b -> b.tableName(table)).count()).isEqualTo(20);
        assertThat(after.query("user-42", ShardQuery.all()).join().items()).hasSize(20);
        for (String sk : List.of("e-0001", "e-0015")) {
            assertThat(after.get(Event.key("user-42", sk)).join()).isPresent();
        }
    }

    // ---------------------------------------------------------------- validation

    @Test
    void badInput_failsWithClearErrorBeforeAnyRequest(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        try (ThrottlingProxy proxy =
                ThrottlingProxy.builder().target(local.endpoint()).build().start()) {
            ShardedTable<Event> events = builder(proxy.clients(), table, 10).build();
            putEach(events, "user-42", 12);
            String cursor = events.query("user-42", ShardQuery.all().limit(5))
                    .join()
                    .cursor()
                    .orElseThrow();
            proxy.stats().reset();

            assertThatThrownBy(() -> events.query(null, ShardQuery.all()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("logicalKey");
            assertThatThrownBy(() -> events.query("", ShardQuery.all()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("logicalKey");
            assertThatThrownBy(() -> events.query(TableShardMap.KEY_PREFIX + "user-42", ShardQuery.all()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("reserved");
            assertThatThrownBy(() -> events.put(new Event("", "e", "p")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("logicalKey");
            assertThatThrownBy(() -> events.get(Event.key(null, "e")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("logicalKey");
            assertThatThrownBy(() -> ShardQuery.all().limit(0))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("limit");
            assertThatThrownBy(() -> builder(proxy.clients(), table, 0))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("shardCount");
            assertThatThrownBy(() -> builder(proxy.clients(), table, 1001))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("shardCount");
            assertThatThrownBy(() -> builder(proxy.clients(), table, 10).shards("hot", 5000))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("shardCount");
            String tampered = cursor.substring(0, cursor.length() - 2) + (cursor.endsWith("A") ? "BB" : "AA");
            assertThatThrownBy(() ->
                            events.query("user-42", ShardQuery.all().limit(5).after(tampered)))
                    .isInstanceOf(InvalidCursorException.class);
            assertThatThrownBy(() ->
                            events.query("user-7", ShardQuery.all().limit(5).after(cursor)))
                    .isInstanceOf(InvalidCursorException.class);
            assertThatThrownBy(() -> events.query(
                            "user-42", ShardQuery.all().newestFirst().limit(5).after(cursor)))
                    .isInstanceOf(InvalidCursorException.class);
            assertThatThrownBy(() -> events.stream("user-7", ShardQuery.all().after(cursor)))
                    .isInstanceOf(InvalidCursorException.class);

            assertThat(proxy.stats().requests()).isZero();
        }
    }

    @Test
    void put_whenItemIsTooLargeOrAKeyIsEmpty_failsBeforeAnyRequest(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        try (ThrottlingProxy proxy =
                ThrottlingProxy.builder().target(local.endpoint()).build().start()) {
            ShardedTable<Event> events = builder(proxy.clients(), table, 10).build();
            Event huge = new Event("user-42", "e-0001", "x".repeat(410_000));
            Event noSortKey = new Event("user-42", "", "p");

            assertThatThrownBy(() -> events.put(huge))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("400 KB");
            assertThatThrownBy(() -> events.putAll(List.of(new Event("user-42", "e-0002", "p"), huge)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("400 KB");
            assertThatThrownBy(() -> events.update(huge))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("400 KB");
            assertThatThrownBy(() -> events.put(noSortKey))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("sort key attribute 'sk'");
            assertThatThrownBy(() -> events.get(noSortKey))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("sort key attribute 'sk'");
            assertThatThrownBy(() -> events.put(new Event("u".repeat(2045), "e-0001", "p")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("partition key attribute 'pk'");
            assertThatThrownBy(() -> events.putAll(null))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("items");

            assertThat(proxy.stats().requests()).isZero();
        }
    }

    @Test
    void build_whenStandaloneWithoutClient_failsNamingDynamoDbClient() {
        assertThatThrownBy(() -> ShardedTable.builder(Event.SCHEMA)
                        .tableName("events")
                        .logicalKey(Event::getUserId)
                        .shards(4)
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dynamoDbClient");
        assertThatThrownBy(() -> ShardedTable.builder(Event.SCHEMA)
                        .dynamoDbClient(DynamoDbLocal.shared().clients().async())
                        .tableName("x")
                        .logicalKey(Event::getUserId)
                        .shards(4)
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tableName");
    }

    // ---------------------------------------------------------------- cache and metrics

    @Test
    void query_whenCached_secondReadSendsNoRequestUntilOwnWriteInvalidates(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        try (ThrottlingProxy proxy =
                ThrottlingProxy.builder().target(local.endpoint()).build().start()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            ShardedTable<Event> events = builder(proxy.clients(), table, 10)
                    .cache(Duration.ofMinutes(1), 100)
                    .meterRegistry(registry)
                    .build();
            putEach(events, "user-42", 5);
            ShardQuery query = ShardQuery.all().limit(10);

            events.query("user-42", query).join();
            long afterFirst = proxy.stats().requests("Query");
            Page<Event> cached =
                    events.query("user-42", ShardQuery.all().limit(10)).join();
            long afterSecond = proxy.stats().requests("Query");
            events.put(new Event("user-42", "e-9999", "new")).join();
            Page<Event> fresh = events.query("user-42", query).join();

            assertThat(afterFirst).isEqualTo(10);
            assertThat(afterSecond).isEqualTo(afterFirst);
            assertThat(cached.items()).hasSize(5);
            assertThat(fresh.items()).hasSize(6);
            assertThat(registry.get("ddb.patterns.sharding.cache")
                            .tag("result", "hit")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
            assertThat(registry.get("ddb.patterns.sharding.cache")
                            .tag("result", "miss")
                            .counter()
                            .count())
                    .isEqualTo(2.0);
            assertThat(registry.get("ddb.patterns.sharding.writes")
                            .tag("result", "success")
                            .counter()
                            .count())
                    .isEqualTo(6.0);
            assertThat(registry.get("ddb.patterns.fanout.width")
                            .tag("order", "sorted")
                            .summary()
                            .totalAmount())
                    .isEqualTo(20.0);
            assertThat(registry.get("ddb.patterns.fanout.source.latency").timers())
                    .isNotEmpty();
            assertThat(registry.get("ddb.patterns.sharding.fanout.width")
                            .summary()
                            .count())
                    .isEqualTo(2);
        }
    }

    @Test
    void sync_whenUsed_behavesLikeAsync(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        SyncShardedTable<Event> events =
                builder(local.clients(), table, 4).build().sync();
        IntStream.range(0, 20).forEach(i -> events.put(new Event("u", String.format("s-%02d", i), "p")));
        BatchWriteResult more = events.putAll(List.of(
                new Event("u", "s-20", "p"),
                new Event("u", "s-21", "p"),
                new Event("u", "s-22", "p"),
                new Event("u", "s-23", "p"),
                new Event("u", "s-24", "p")));

        List<Event> all = events.queryAll("u", ShardQuery.all().limit(7));

        assertThat(more.allPersisted()).isTrue();
        assertThat(all).hasSize(25);
        assertThat(events.query("u", ShardQuery.all().limit(7)).items()).hasSize(7);
        assertThat(events.get(Event.key("u", "s-03"))).isPresent();
        Event read = events.get(Event.key("u", "s-04")).orElseThrow();
        read.setPayload("q");
        assertThat(events.update(read).getPayload()).isEqualTo("q");
        assertThat(events.delete(Event.key("u", "s-03"))).isPresent();
        assertThat(events.get(Event.key("u", "s-03"))).isEmpty();
        assertThatThrownBy(() -> events.query("", ShardQuery.all())).isInstanceOf(InvalidInputException.class);
    }
}
