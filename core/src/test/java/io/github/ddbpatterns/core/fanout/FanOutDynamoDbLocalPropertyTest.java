package io.github.ddbpatterns.core.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.TestTables;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;

/**
 * Ordered fan-out with random limits, page sizes and concurrency against DynamoDB Local over HTTP, on one
 * shared table of 20 shards x 12 items created once (jqwik does not run JUnit extensions, so the table is
 * managed here).
 */
class FanOutDynamoDbLocalPropertyTest {

    static TestTables tables;
    static ShardedData data;
    static DynamoDbAsyncTable<ShardItem> table;

    @BeforeContainer
    static void load() {
        DynamoDbLocal local = DynamoDbLocal.shared();
        tables = new TestTables(local, "FanOutDynamoDbLocalPropertyTest");
        data = new ShardedData(local.clients().enhanced(), tables.create(ShardItem.SCHEMA), 20, 12, 200, 99);
        table = local.clients().enhancedAsync().table(data.tableName, ShardItem.SCHEMA);
    }

    @AfterContainer
    static void drop() {
        tables.close();
    }

    @Property(tries = 20)
    void query_orderedWithCursors_returnsExactSlicesAndEveryItemOnce(
            @ForAll boolean descending,
            @ForAll @IntRange(min = 15, max = 150) int limit,
            @ForAll @IntRange(min = 4, max = 40) int pageSize,
            @ForAll @IntRange(min = 4, max = 24) int concurrency) {
        FanOut fanOut =
                FanOut.builder().pageSize(pageSize).concurrency(concurrency).build();
        MergeOrder<ShardItem> order =
                descending ? MergeOrder.descending(ShardItem.BY_SK) : MergeOrder.ascending(ShardItem.BY_SK);
        FanOutQuery<ShardItem> query = FanOutQuery.<ShardItem>builder()
                .scope("user")
                .order(order)
                .sources(data.sources(table, descending))
                .limit(limit)
                .build();
        List<ShardItem> expected = data.expected(descending);

        List<ShardItem> all = new ArrayList<>();
        Page<ShardItem> page = fanOut.query(query).join();
        while (true) {
            int from = all.size();
            assertThat(page.items())
                    .containsExactlyElementsOf(expected.subList(from, Math.min(expected.size(), from + limit)));
            all.addAll(page.items());
            if (!page.hasMore()) {
                break;
            }
            page = fanOut.query(query.toBuilder()
                            .cursor(page.cursor().orElseThrow())
                            .build())
                    .join();
        }

        assertThat(all).containsExactlyElementsOf(expected);
    }
}
