package io.github.ddbpatterns.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.fanout.FanOut;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A cursor followed across a raise of the key's shard count returns, in order and with exact pages, every item that
 * was there before and is not yet read and every item written afterwards ahead of the cursor, each once, and none
 * written behind it in the added shards — for random shard counts, items, limits, pages read before the raise,
 * directions and fan-out page sizes, against DynamoDB Local over HTTP (one table for all tries, a fresh logical key
 * per try). Items written after the raise go to random shards; to the shards read before the raise only ahead of the
 * cursor (an item written behind a cursor into a shard whose own position lags the cursor's last item is returned,
 * as core's per-shard positions do with or without a raise).
 */
class ShardedCursorReshardProperties {

    static final ShardKeyCodec CODEC = ShardKeyCodec.ofDefaults();
    static final Duration TTL = Duration.ofSeconds(10);
    static TestTables tables;
    static String table;
    static final AtomicInteger TRY = new AtomicInteger();

    @BeforeContainer
    static void create() {
        tables = new TestTables(DynamoDbLocal.shared(), "ShardedCursorReshardProperties");
        table = tables.create(Event.SCHEMA);
    }

    @AfterContainer
    static void drop() {
        tables.close();
    }

    @Property(tries = 25)
    void query_whenCursorIsFollowedAcrossARaise_returnsEveryItemAheadOnceInOrderWithExactPages(
            @ForAll @IntRange(min = 1, max = 4) int shardsBefore,
            @ForAll @IntRange(min = 1, max = 6) int shardsAdded,
            @ForAll @IntRange(min = 1, max = 20) int itemsBeyond,
            @ForAll @IntRange(min = 0, max = 25) int itemsAfter,
            @ForAll @IntRange(min = 1, max = 9) int limit,
            @ForAll @IntRange(min = 1, max = 3) int pagesBefore,
            @ForAll @IntRange(min = 1, max = 10) int pageSize,
            @ForAll boolean descending,
            @ForAll long seed) {
        String user = "user-" + TRY.incrementAndGet();
        MutableClock clock = MutableClock.at(Instant.parse("2026-06-01T00:00:00Z"));
        TableShardMap map = TableShardMap.builder()
                .dynamoDbClient(DynamoDbLocal.shared().clients().async())
                .clock(clock)
                .tableName(table)
                .partitionKey("pk")
                .sortKey("sk", AttributeValue.fromS("#shardmap"))
                .defaultShards(shardsBefore)
                .ttl(TTL)
                .build();
        ShardedTable<Event> events = ShardedTable.builder(Event.SCHEMA)
                .dynamoDbClient(DynamoDbLocal.shared().clients().async())
                .clock(clock)
                .tableName(table)
                .logicalKey(Event::getUserId)
                .shardMap(map)
                .fanOut(FanOut.builder().pageSize(pageSize).build())
                .build();
        DynamoDbAsyncTable<Event> raw =
                DynamoDbLocal.shared().clients().enhancedAsync().table(table, Event.SCHEMA);
        Random random = new Random(seed);
        int itemsBefore = limit * pagesBefore + itemsBeyond; // more than the pages read before the raise
        Comparator<String> order = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
        // sort keys of 6 digits: those written before end in 0, those written after do not (no equal sort keys)
        TreeSet<String> before = new TreeSet<>(order);
        while (before.size() < itemsBefore) {
            before.add(String.format("%06d", random.nextInt(100_000) * 10));
        }
        write(raw, user, before, () -> random.nextInt(shardsBefore));
        ShardQuery query = (descending ? ShardQuery.all().newestFirst() : ShardQuery.all()).limit(limit);

        List<String> read = new ArrayList<>();
        Page<Event> page = null;
        for (int i = 0; i < pagesBefore && (page == null || page.hasMore()); i++) {
            page = events.query(user, page == null ? query : query.after(page)).join();
            read.addAll(sks(page));
        }
        assertThat(page.hasMore()).isTrue();
        String position = read.get(read.size() - 1);
        int shardsAfter = shardsBefore + shardsAdded;
        map.reshard(user, shardsAfter).join();
        clock.advance(TTL.plusSeconds(1));
        TreeSet<String> after = new TreeSet<>(order);
        TreeSet<String> ahead = new TreeSet<>(order);
        while (after.size() < itemsAfter) {
            String sk = String.format("%06d", random.nextInt(100_000) * 10 + 1 + random.nextInt(9));
            boolean isAhead = order.compare(sk, position) > 0;
            int shard = isAhead ? random.nextInt(shardsAfter) : shardsBefore + random.nextInt(shardsAdded);
            if (after.add(sk)) {
                write(raw, user, List.of(sk), () -> shard);
                if (isAhead) {
                    ahead.add(sk);
                }
            }
        }
        TreeSet<String> expectedSet = new TreeSet<>(order);
        expectedSet.addAll(before);
        expectedSet.removeAll(read);
        expectedSet.addAll(ahead);
        List<String> expected = new ArrayList<>(expectedSet);

        List<String> rest = new ArrayList<>();
        while (page.hasMore()) {
            page = events.query(user, query.after(page)).join();
            int from = rest.size();
            assertThat(sks(page))
                    .containsExactlyElementsOf(expected.subList(from, Math.min(expected.size(), from + limit)));
            rest.addAll(sks(page));
        }

        assertThat(rest).containsExactlyElementsOf(expected);
    }

    private static void write(
            DynamoDbAsyncTable<Event> raw, String user, Iterable<String> sks, java.util.function.IntSupplier shard) {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (String sk : sks) {
            Event e = new Event(user, sk, "p");
            e.setPk(CODEC.encode(user, shard.getAsInt()));
            writes.add(raw.putItem(e));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    }

    private static List<String> sks(Page<Event> page) {
        return page.items().stream().map(Event::getSk).toList();
    }
}
