package io.github.ddbpatterns.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.fanout.FanOut;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.TestTables;
import java.util.ArrayList;
import java.util.Collections;
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

/**
 * {@code query} returns exactly the items written, in sort-key order, with exact page sizes, and cursor pages
 * cover every item exactly once — for random shard counts, item counts, limits, fan-out page sizes and
 * directions, against DynamoDB Local over HTTP (one table for all tries, a fresh logical key per try; jqwik does
 * not run JUnit extensions, so the table is managed here).
 */
class ShardedQueryProperties {

    static TestTables tables;
    static String table;
    static final AtomicInteger TRY = new AtomicInteger();

    @BeforeContainer
    static void create() {
        tables = new TestTables(DynamoDbLocal.shared(), "ShardedQueryProperties");
        table = tables.create(Event.SCHEMA);
    }

    @AfterContainer
    static void drop() {
        tables.close();
    }

    @Property(tries = 25)
    void query_withCursors_returnsEveryWrittenItemOnceInOrderWithExactPages(
            @ForAll @IntRange(min = 1, max = 40) int shards,
            @ForAll @IntRange(min = 0, max = 70) int items,
            @ForAll @IntRange(min = 1, max = 30) int limit,
            @ForAll @IntRange(min = 1, max = 20) int pageSize,
            @ForAll boolean descending,
            @ForAll long seed) {
        String user = "user-" + TRY.incrementAndGet();
        ShardedTable<Event> events = ShardedTable.builder(Event.SCHEMA)
                .dynamoDbClient(DynamoDbLocal.shared().clients().async())
                .tableName(table)
                .logicalKey(Event::getUserId)
                .shards(shards)
                .fanOut(FanOut.builder().pageSize(pageSize).concurrency(32).build())
                .build();
        Random random = new Random(seed);
        TreeSet<String> sks = new TreeSet<>();
        while (sks.size() < items) {
            sks.add(Integer.toString(random.nextInt(1_000_000), 36));
        }
        List<CompletableFuture<Event>> writes = new ArrayList<>();
        sks.forEach(sk -> writes.add(events.put(new Event(user, sk, "p"))));
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        List<String> expected = new ArrayList<>(sks);
        if (descending) {
            Collections.reverse(expected);
        }
        ShardQuery query = (descending ? ShardQuery.all().newestFirst() : ShardQuery.all()).limit(limit);

        List<String> seen = new ArrayList<>();
        Page<Event> page = events.query(user, query).join();
        while (true) {
            int from = seen.size();
            assertThat(page.items())
                    .extracting(Event::getSk)
                    .containsExactlyElementsOf(expected.subList(from, Math.min(expected.size(), from + limit)));
            seen.addAll(page.items().stream().map(Event::getSk).toList());
            if (!page.hasMore()) {
                break;
            }
            page = events.query(user, query.after(page)).join();
        }

        assertThat(seen).containsExactlyElementsOf(expected);
    }
}
