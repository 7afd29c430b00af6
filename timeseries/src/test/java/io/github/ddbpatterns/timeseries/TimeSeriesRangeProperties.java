package io.github.ddbpatterns.timeseries;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.SortOrder;
import io.github.ddbpatterns.core.fanout.FanOut;
import io.github.ddbpatterns.core.keys.Bucket;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.TestTables;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;

/**
 * Range queries with random bounds, orders, limits, page sizes and windows against DynamoDB Local over HTTP:
 * every page is the exact next slice of the expected events, and cursor pages together return every event of
 * the range exactly once, in order. One shared table (jqwik does not run JUnit extensions): plain day buckets
 * for {@code company-*}, day buckets of 3 shards for {@code hot-*}, hour buckets for {@code hourly-*}.
 */
class TimeSeriesRangeProperties {

    static final List<String> PLAIN = List.of("company-1", "company-2", "company-3");
    static final List<String> SHARDED = List.of("hot-1", "hot-2");
    static final List<String> HOURLY = List.of("hourly-1");

    static TestTables tables;
    static SeriesData data;
    static DynamoDbEnhancedAsyncClient enhanced;
    static PatternsContext context;
    static String tableName;

    @BeforeContainer
    static void load() {
        DynamoDbLocal local = DynamoDbLocal.shared();
        tables = new TestTables(local, "TimeSeriesRangeProperties");
        tableName = tables.create(Reading.SCHEMA);
        enhanced = local.clients().enhancedAsync();
        context = PatternsContext.builder()
                .dynamoDbClient(local.clients().async())
                .build();
        List<String> all = new ArrayList<>(PLAIN);
        all.addAll(SHARDED);
        all.addAll(HOURLY);
        data = new SeriesData(all, 250, 20241120);
        data.load(
                series(1, Bucket.DAY, FanOut.ofDefaults(), 8),
                enhanced,
                local.clients().async(),
                tableName,
                PLAIN);
        data.load(
                series(3, Bucket.DAY, FanOut.ofDefaults(), 8),
                enhanced,
                local.clients().async(),
                tableName,
                SHARDED);
        data.load(
                series(1, Bucket.HOUR, FanOut.ofDefaults(), 8),
                enhanced,
                local.clients().async(),
                tableName,
                HOURLY);
    }

    @AfterContainer
    static void drop() {
        tables.close();
    }

    static TimeSeriesTable<Reading> series(int shards, Bucket bucket, FanOut fanOut, int window) {
        return TimeSeriesTable.builder(context, Reading.SCHEMA)
                .tableName(tableName)
                .entityId(Reading::getEntity)
                .timestamp(Reading::getAt)
                .eventId(Reading::getId)
                .bucket(bucket)
                .shards(shards)
                .fanOut(fanOut)
                .window(window)
                .build();
    }

    @Property(tries = 20)
    void query_randomRangesWithCursors_returnEveryEventExactlyOnceInOrder(
            @ForAll("entities") String entity,
            @ForAll("bounds") Instant a,
            @ForAll("bounds") Instant b,
            @ForAll SortOrder order,
            @ForAll @IntRange(min = 5, max = 300) int limit,
            @ForAll @IntRange(min = 5, max = 120) int pageSize,
            @ForAll @IntRange(min = 1, max = 10) int window) {
        Instant from = a.isBefore(b) ? a : b;
        Instant to = a.isBefore(b) ? b : a.plusNanos(1);
        int shards = entity.startsWith("hot-") ? 3 : 1;
        Bucket bucket = entity.startsWith("hourly-") ? Bucket.HOUR : Bucket.DAY;
        TimeSeriesTable<Reading> series =
                series(shards, bucket, FanOut.builder().pageSize(pageSize).build(), window);
        List<String> expected = data.expected(entity, from, to, order);
        RangeQuery base = RangeQuery.of(entity, from, to).limit(limit);
        RangeQuery query = order.isNewestFirst() ? base.newestFirst() : base;

        List<String> all = new ArrayList<>();
        Page<Reading> page = series.query(query).join();
        while (true) {
            int at = all.size();
            assertThat(page.items())
                    .extracting(Reading::getId)
                    .containsExactlyElementsOf(expected.subList(at, Math.min(expected.size(), at + limit)));
            all.addAll(page.items().stream().map(Reading::getId).toList());
            if (!page.hasMore()) {
                break;
            }
            page = series.query(query.after(page)).join();
        }

        assertThat(all).containsExactlyElementsOf(expected);
    }

    @Provide
    Arbitrary<String> entities() {
        // hourly ranges span hundreds of buckets: fewer of them keep the property fast
        return Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.of(PLAIN)),
                        Tuple.of(4, Arbitraries.of(SHARDED)),
                        Tuple.of(1, Arbitraries.of(HOURLY)))
                .map(String.class::cast);
    }

    @Provide
    Arbitrary<Instant> bounds() {
        long span = Duration.ofDays(SeriesData.DAYS + 4).toNanos();
        Arbitrary<Instant> anywhere = Arbitraries.longs()
                .between(0, span)
                .map(n -> SeriesData.START.minus(Duration.ofDays(2)).plusNanos(n));
        Arbitrary<Instant> onEvent = Arbitraries.of(data.timestamps);
        Arbitrary<Instant> midnight = Arbitraries.integers()
                .between(-1, SeriesData.DAYS + 1)
                .map(d -> SeriesData.START.plus(Duration.ofDays(d)));
        return Arbitraries.frequencyOf(Tuple.of(2, anywhere), Tuple.of(2, onEvent), Tuple.of(1, midnight));
    }
}
