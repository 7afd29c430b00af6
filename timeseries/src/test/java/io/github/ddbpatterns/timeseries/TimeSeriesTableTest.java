package io.github.ddbpatterns.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.SortOrder;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.core.keys.Bucket;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.LocalClients;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** {@link TimeSeriesTable} writes, keys, streams, latest, metrics and the sync twin against DynamoDB Local. */
@DynamoDbLocalTest
class TimeSeriesTableTest {

    static final Instant T = Instant.parse("2024-11-20T13:45:00.123456789Z");

    static TimeSeriesTable.Builder<Reading> builder(DynamoDbAsyncClient client, String table) {
        return TimeSeriesTable.builder(Reading.SCHEMA)
                .dynamoDbClient(client)
                .tableName(table)
                .entityId(Reading::getEntity)
                .timestamp(Reading::getAt);
    }

    static void putEach(TimeSeriesTable<Reading> series, Stream<Reading> readings) {
        CompletableFuture.allOf(readings.map(series::put).toArray(CompletableFuture[]::new))
                .join();
    }

    /** Every event of {@code entity} from a day before T to four days after, read page by page. */
    static List<Reading> all(TimeSeriesTable<Reading> series, String entity, SortOrder order) {
        RangeQuery query = RangeQuery.of(entity, T.minus(Duration.ofDays(1)), T.plus(Duration.ofDays(4)))
                .limit(7);
        return series.sync().queryAll(order.isNewestFirst() ? query.newestFirst() : query);
    }

    @Test
    void put_whenSameTimestampTwice_keepsBothEventsAndReturnsThemKeyed(TestTables tables, DynamoDbAsyncClient client) {
        TimeSeriesTable<Reading> series =
                builder(client, tables.create(Reading.SCHEMA)).build();

        Reading first = series.put(new Reading("c-1", T, null, 1)).join();
        series.put(new Reading("c-1", T, null, 2)).join();
        series.put(new Reading("c-1", T, null, 3)).join();

        List<Reading> stored = all(series, "c-1", SortOrder.OLDEST_FIRST);
        assertThat(stored).extracting(Reading::getValue).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(stored).allSatisfy(r -> {
            assertThat(r.getPk()).isEqualTo("c-1#2024-11-20");
            assertThat(r.getSk()).matches("2024-11-20T13:45:00\\.123456789Z#[0-9a-f]{16}");
        });
        assertThat(first.getValue()).isEqualTo(1);
        assertThat(stored).contains(first);
    }

    @Test
    void put_whenEventIdGiven_isIdempotentAndRereadItemKeepsItsKey(TestTables tables, DynamoDbAsyncClient client) {
        String table = tables.create(Reading.SCHEMA);
        TimeSeriesTable<Reading> byId =
                builder(client, table).eventId(Reading::getId).build();
        TimeSeriesTable<Reading> random = builder(client, table).build();

        byId.put(new Reading("c-1", T, "evt-1", 1)).join();
        byId.put(new Reading("c-1", T, "evt-1", 2)).join();
        Reading read = all(random, "c-1", SortOrder.OLDEST_FIRST).get(0);
        read.setValue(3);
        random.put(read).join();

        List<Reading> stored = all(random, "c-1", SortOrder.OLDEST_FIRST);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).getSk()).isEqualTo("2024-11-20T13:45:00.123456789Z#evt-1");
        assertThat(stored.get(0).getValue()).isEqualTo(3);
    }

    @Test
    void put_withRetention_setsTtlEpochSecondsAfterTheTimestamp(TestTables tables, DynamoDbAsyncClient client) {
        TimeSeriesTable<Reading> series = builder(client, tables.create(Reading.SCHEMA))
                .retention("expiresAt", Duration.ofDays(90))
                .build();

        Reading stored = series.put(new Reading("c-1", T, "e", 1)).join();

        long expected = T.plus(Duration.ofDays(90)).getEpochSecond();
        assertThat(stored.getExpiresAt()).isEqualTo(expected);
        assertThat(all(series, "c-1", SortOrder.OLDEST_FIRST).get(0).getExpiresAt())
                .isEqualTo(expected);
        assertThat(series.tableLayout().timeToLiveAttribute()).contains("expiresAt");
    }

    @Test
    void put_throughWriteBuffer_completesOnlyWhenTheBufferPersistedIt(TestTables tables, DynamoDbAsyncClient client)
            throws Exception {
        String table = tables.create(Reading.SCHEMA);
        PatternsContext context =
                PatternsContext.builder().dynamoDbClient(client).build();
        List<CompletableFuture<Reading>> writes = new ArrayList<>();
        try (WriteBuffer buffer = context.writeBuffer()
                .maxDelay(Duration.ofHours(1))
                .maxPendingKeys(1_000)
                .build()) {
            TimeSeriesTable<Reading> series = TimeSeriesTable.builder(context, Reading.SCHEMA)
                    .tableName(table)
                    .entityId(Reading::getEntity)
                    .timestamp(Reading::getAt)
                    .eventId(Reading::getId)
                    .writeBuffer(buffer)
                    .build();
            // a first request passes the table check: from then on puts go straight into the buffer
            assertThat(series.query(RangeQuery.of("c-1", T, T.plusSeconds(1)))
                            .join()
                            .items())
                    .isEmpty();
            for (int i = 0; i < 60; i++) {
                writes.add(series.put(new Reading("c-1", T.plusSeconds(i * 3600L), "e" + i, i)));
            }
            assertThat(all(builder(client, table).build(), "c-1", SortOrder.OLDEST_FIRST))
                    .isEmpty();
            assertThat(writes).noneMatch(CompletableFuture::isDone);

            buffer.flush().join();

            assertThat(writes).allMatch(w -> w.isDone() && !w.isCompletedExceptionally());
            assertThat(writes.get(7).join().getSk()).isEqualTo("2024-11-20T20:45:00.123456789Z#e7");
        }

        assertThat(all(builder(client, table).build(), "c-1", SortOrder.OLDEST_FIRST))
                .extracting(Reading::getValue)
                .containsExactlyElementsOf(IntStream.range(0, 60).boxed().toList());
    }

    @Test
    void putAll_writesEveryItemKeyedInBatchesWithOneOutcomeEach(TestTables tables, DynamoDbAsyncClient client) {
        TimeSeriesTable<Reading> series = builder(client, tables.create(Reading.SCHEMA))
                .eventId(Reading::getId)
                .build();
        List<Reading> readings = IntStream.range(0, 60)
                .mapToObj(i -> new Reading("c-1", T.plus(Duration.ofHours(i)), "e" + i, i))
                .toList();

        BatchWriteResult result = series.putAll(readings).join();

        assertThat(result.allPersisted()).isTrue();
        assertThat(result.requests()).isEqualTo(3); // 25 + 25 + 10
        assertThat(result.outcomes())
                .extracting(o -> o.write().key().get("sk").s())
                .containsExactlyElementsOf(readings.stream()
                        .map(r -> SortKeyCodec.sortKey(r.getAt(), r.getId()))
                        .toList());
        assertThat(all(series, "c-1", SortOrder.OLDEST_FIRST))
                .extracting(Reading::getValue)
                .containsExactlyElementsOf(IntStream.range(0, 60).boxed().toList());
    }

    @Test
    void putAll_throughWriteBuffer_completesWhenFlushedWithOneOutcomeEach(TestTables tables, DynamoDbAsyncClient client)
            throws Exception {
        String table = tables.create(Reading.SCHEMA);
        PatternsContext context =
                PatternsContext.builder().dynamoDbClient(client).build();
        try (WriteBuffer buffer = context.writeBuffer()
                .maxDelay(Duration.ofHours(1))
                .maxPendingKeys(1_000)
                .build()) {
            TimeSeriesTable<Reading> series = TimeSeriesTable.builder(context, Reading.SCHEMA)
                    .tableName(table)
                    .entityId(Reading::getEntity)
                    .timestamp(Reading::getAt)
                    .eventId(Reading::getId)
                    .writeBuffer(buffer)
                    .build();
            // a first request passes the table check: from then on puts go straight into the buffer
            assertThat(series.query(RangeQuery.of("c-1", T, T.plusSeconds(1)))
                            .join()
                            .items())
                    .isEmpty();
            CompletableFuture<Reading> first = series.put(new Reading("c-1", T.minusSeconds(1), "first", -1));
            buffer.flush().join();
            assertThat(first).isCompletedWithValueMatching(r -> r.getSk().endsWith("#first"));

            CompletableFuture<BatchWriteResult> written = series.putAll(List.of(
                    new Reading("c-1", T, "a", 1),
                    new Reading("c-1", T.plusSeconds(1), "b", 2),
                    new Reading("c-1", T.plusSeconds(1), "b", 3))); // same event: coalesced, last wins
            assertThat(written).isNotDone();
            buffer.flush().join();

            BatchWriteResult result = written.join();
            assertThat(result.outcomes()).hasSize(3).allMatch(WriteOutcome::isPersisted);
            assertThat(all(series, "c-1", SortOrder.OLDEST_FIRST))
                    .extracting(Reading::getValue)
                    .containsExactly(-1, 1, 3);
        }
    }

    @Test
    void put_whenSharded_spreadsOneBucketOverShardKeys(TestTables tables, DynamoDbAsyncClient client) {
        TimeSeriesTable<Reading> series = builder(client, tables.create(Reading.SCHEMA))
                .eventId(Reading::getId)
                .shards(4)
                .build();

        putEach(series, IntStream.range(0, 40).mapToObj(i -> new Reading("hot", T.plusMillis(i), "e" + i, i)));

        List<Reading> stored = all(series, "hot", SortOrder.NEWEST_FIRST);
        assertThat(stored)
                .extracting(Reading::getValue)
                .containsExactlyElementsOf(
                        IntStream.range(0, 40).map(i -> 39 - i).boxed().toList());
        assertThat(stored).extracting(Reading::getPk).allMatch(pk -> pk.matches("hot#2024-11-20#shard-[0-3]"));
        assertThat(stored.stream().map(Reading::getPk).distinct().count()).isEqualTo(4);
        assertThat(series.shards()).isEqualTo(4);
    }

    @Test
    void query_withZoneAndHourBuckets_usesLocalLabelsAndStillOrdersAcrossBuckets(
            TestTables tables, DynamoDbAsyncClient client) {
        TimeSeriesTable<Reading> series = builder(client, tables.create(Reading.SCHEMA))
                .eventId(Reading::getId)
                .bucket(Bucket.HOUR)
                .zone(ZoneId.of("Asia/Kolkata"))
                .build();
        putEach(
                series,
                IntStream.range(0, 10)
                        .mapToObj(i -> new Reading("c-1", T.plus(Duration.ofMinutes(20L * i)), "e" + i, i)));

        Page<Reading> page = series.query(RangeQuery.of("c-1", T.plusSeconds(1), T.plus(Duration.ofMinutes(181)))
                        .newestFirst())
                .join();

        assertThat(page.items()).extracting(Reading::getValue).containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1);
        assertThat(page.hasMore()).isFalse();
        assertThat(page.items().get(8).getPk()).isEqualTo("c-1#2024-11-20T19"); // 13:45Z + 20 min = 19:35 IST
        assertThat(series.bucketCodec().bucket()).isEqualTo(Bucket.HOUR);
    }

    @Test
    void query_isHalfOpen_includesAnEventAtFromAndExcludesOneAtTo(TestTables tables, DynamoDbAsyncClient client) {
        TimeSeriesTable<Reading> series = builder(client, tables.create(Reading.SCHEMA))
                .eventId(Reading::getId)
                .build();
        putEach(
                series,
                Stream.of(
                        new Reading("c-1", T.minusNanos(1), "before", 0),
                        new Reading("c-1", T, "at-from", 1),
                        new Reading("c-1", T.plusSeconds(60).minusNanos(1), "last", 2),
                        new Reading("c-1", T.plusSeconds(60), "at-to", 3)));

        Page<Reading> page =
                series.query(RangeQuery.of("c-1", T, T.plusSeconds(60))).join();

        assertThat(page.items()).extracting(Reading::getId).containsExactly("at-from", "last");
    }

    @Test
    void query_withFilter_returnsExactLimitOfMatchingEvents(TestTables tables, DynamoDbAsyncClient client) {
        TimeSeriesTable<Reading> series = builder(client, tables.create(Reading.SCHEMA))
                .eventId(Reading::getId)
                .build();
        putEach(
                series,
                IntStream.range(0, 60).mapToObj(i -> new Reading("c-1", T.plus(Duration.ofHours(i)), "e" + i, i)));
        Expression some = Expression.builder()
                .expression("#v IN (:a, :b, :c, :d, :e, :f, :g)")
                .expressionNames(Map.of("#v", "value"))
                .expressionValues(Map.of(
                        ":a", n(0), ":b", n(10), ":c", n(20), ":d", n(30), ":e", n(40), ":f", n(50), ":g", n(59)))
                .build();
        RangeQuery query =
                RangeQuery.of("c-1", T, T.plus(Duration.ofDays(3))).filter(some).limit(4);

        Page<Reading> page = series.query(query).join();
        Page<Reading> rest = series.query(query.after(page)).join();

        assertThat(page.items()).extracting(Reading::getValue).containsExactly(0, 10, 20, 30);
        assertThat(rest.items()).extracting(Reading::getValue).containsExactly(40, 50, 59);
        assertThat(rest.hasMore()).isFalse();
    }

    private static AttributeValue n(int value) {
        return AttributeValue.fromN(Integer.toString(value));
    }

    @Test
    void stream_readsEveryEventInOrderIgnoringTheLimit(TestTables tables, DynamoDbAsyncClient client) {
        TimeSeriesTable<Reading> series = builder(client, tables.create(Reading.SCHEMA))
                .eventId(Reading::getId)
                .build();
        putEach(
                series,
                IntStream.range(0, 50).mapToObj(i -> new Reading("c-1", T.plus(Duration.ofHours(7L * i)), "e" + i, i)));
        List<Integer> values = new ArrayList<>();

        series.stream(RangeQuery.of("c-1", T, T.plus(Duration.ofDays(30)))
                        .newestFirst()
                        .limit(5))
                .subscribe(r -> values.add(r.getValue()))
                .join();

        assertThat(values)
                .containsExactlyElementsOf(
                        IntStream.range(0, 50).map(i -> 49 - i).boxed().toList());
    }

    @Test
    void stream_afterAPage_readsEveryEventAfterIt(TestTables tables, DynamoDbAsyncClient client) {
        TimeSeriesTable<Reading> series = builder(client, tables.create(Reading.SCHEMA))
                .eventId(Reading::getId)
                .build();
        putEach(
                series,
                IntStream.range(0, 30).mapToObj(i -> new Reading("c-1", T.plus(Duration.ofHours(5L * i)), "e" + i, i)));
        RangeQuery query = RangeQuery.of("c-1", T, T.plus(Duration.ofDays(30))).limit(12);
        Page<Reading> first = series.query(query).join();
        List<Integer> values = new ArrayList<>();

        series.stream(query.after(first))
                .subscribe(r -> values.add(r.getValue()))
                .join();

        assertThat(first.items()).extracting(Reading::getValue).containsExactlyElementsOf(range(0, 12));
        assertThat(values).containsExactlyElementsOf(range(12, 30));
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    @Test
    void latest_returnsNewestEventsAtOrBeforeTheContextClock(TestTables tables, DynamoDbAsyncClient client) {
        String table = tables.create(Reading.SCHEMA);
        MutableClock clock = MutableClock.at(T.plus(Duration.ofDays(3)));
        TimeSeriesTable<Reading> series = builder(client, table)
                .eventId(Reading::getId)
                .clock(clock)
                .maxRange(Duration.ofDays(20))
                .build();
        putEach(
                series,
                IntStream.range(0, 10)
                        .mapToObj(i -> new Reading("c-1", T.plus(Duration.ofHours(10L * i)), "e" + i, i)));

        // events 0..7 are at or before T+3d (event 7 at T+70h), 8 and 9 are in the future of the clock
        assertThat(series.latest("c-1", 3).join()).extracting(Reading::getValue).containsExactly(7, 6, 5);
        assertThat(series.sync().latest("c-1", 100)).hasSize(8);
        assertThat(series.latest("nobody", 3).join()).isEmpty();

        clock.advance(Duration.ofHours(20)); // T+92h: event 9 (T+90h) is now in the past

        assertThat(series.latest("c-1", 2).join()).extracting(Reading::getValue).containsExactly(9, 8);
    }

    @Test
    void sync_putPutAllQueryAndQueryAll_waitAndReturnTheResults(TestTables tables, DynamoDbAsyncClient client) {
        TimeSeriesTable<Reading> async = builder(client, tables.create(Reading.SCHEMA))
                .eventId(Reading::getId)
                .build();
        SyncTimeSeriesTable<Reading> series = async.sync();

        Reading stored = series.put(new Reading("c-1", T, "e0", 0));
        BatchWriteResult result = series.putAll(IntStream.range(1, 30)
                .mapToObj(i -> new Reading("c-1", T.plus(Duration.ofHours(i)), "e" + i, i))
                .toList());
        RangeQuery query = RangeQuery.of("c-1", T, T.plus(Duration.ofDays(2))).limit(8);

        assertThat(stored.getSk()).isEqualTo(SortKeyCodec.sortKey(T, "e0"));
        assertThat(result.allPersisted()).isTrue();
        assertThat(series.query(query).items()).extracting(Reading::getValue).containsExactlyElementsOf(range(0, 8));
        assertThat(series.queryAll(query)).extracting(Reading::getValue).containsExactlyElementsOf(range(0, 30));
        assertThat(series.queryAll(query.newestFirst()))
                .extracting(Reading::getValue)
                .containsExactlyElementsOf(
                        IntStream.range(0, 30).map(i -> 29 - i).boxed().toList());
        assertThat(series.async()).isSameAs(async);
    }

    @Test
    void query_recordsBucketsTouchedItemsAndCapacity(TestTables tables, DynamoDbAsyncClient client) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        String table = tables.create(Reading.SCHEMA);
        TimeSeriesTable<Reading> series = builder(client, table)
                .eventId(Reading::getId)
                .window(2)
                .meterRegistry(registry)
                .build();
        putEach(
                series,
                IntStream.range(0, 20)
                        .mapToObj(i -> new Reading("c-1", T.plus(Duration.ofHours(12L * i)), "e" + i, i)));

        // 10 days of data, 2 events a day: limit 5 needs 3 days, the window of 2 may start a 4th
        series.query(RangeQuery.of("c-1", T.minus(Duration.ofDays(1)), T.plus(Duration.ofDays(20)))
                        .limit(5))
                .join();

        assertThat(registry.get("ddb.patterns.timeseries.buckets.spanned")
                        .summary()
                        .max())
                .isEqualTo(22);
        assertThat(registry.get("ddb.patterns.timeseries.buckets.touched")
                        .summary()
                        .max())
                .isBetween(4.0, 5.0);
        assertThat(registry.get("ddb.patterns.timeseries.items.returned")
                        .counter()
                        .count())
                .isEqualTo(5);
        assertThat(registry.get("ddb.patterns.timeseries.items.read").counter().count())
                .isBetween(5.0, 8.0);
        assertThat(registry.get("ddb.patterns.timeseries.consumed.read.units")
                        .counter()
                        .count())
                .isPositive();
        assertThat(registry.get("ddb.patterns.timeseries.queries")
                        .tag("result", "success")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("ddb.patterns.timeseries.writes")
                        .tag("result", "success")
                        .counter()
                        .count())
                .isEqualTo(20);
    }

    @Test
    void query_overFourDays_usesBetweenOnEdgeBucketsAndWholePartitionsBetweenWithoutFilters(
            TestTables tables, LocalClients clients) {
        List<QueryRequest> sent = new CopyOnWriteArrayList<>();
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof QueryRequest query) {
                    sent.add(query);
                }
            }
        };
        Page<Reading> page;
        try (DynamoDbAsyncClient async = clients.asyncBuilder()
                .overrideConfiguration(c -> c.addExecutionInterceptor(capture))
                .build()) {
            TimeSeriesTable<Reading> series = builder(async, tables.create(Reading.SCHEMA))
                    .eventId(Reading::getId)
                    .build();
            putEach(
                    series,
                    IntStream.range(0, 96).mapToObj(i -> new Reading("c-1", T.plus(Duration.ofHours(i)), "e" + i, i)));
            sent.clear();

            // [2024-11-20T13:45, 2024-11-23T13:45): edge buckets 11-20 and 11-23, whole buckets 11-21 and 11-22
            page = series.query(
                            RangeQuery.of("c-1", T, T.plus(Duration.ofDays(3))).limit(1000))
                    .join();
        }

        assertThat(page.items())
                .extracting(Reading::getValue)
                .containsExactlyElementsOf(IntStream.range(0, 72).boxed().toList());
        assertThat(sent)
                .hasSize(4)
                .allSatisfy(q -> assertThat(q.filterExpression()).isNull());
        Map<String, String> conditionByBucket = new TreeMap<>();
        for (QueryRequest q : sent) {
            String pk = q.expressionAttributeValues().values().stream()
                    .map(AttributeValue::s)
                    .filter(v -> v != null && v.startsWith("c-1#"))
                    .findFirst()
                    .orElseThrow();
            conditionByBucket.put(pk, q.keyConditionExpression().contains("BETWEEN") ? "between" : "whole");
        }
        assertThat(conditionByBucket)
                .containsExactly(
                        Map.entry("c-1#2024-11-20", "between"),
                        Map.entry("c-1#2024-11-21", "whole"),
                        Map.entry("c-1#2024-11-22", "whole"),
                        Map.entry("c-1#2024-11-23", "between"));
    }

    @Test
    void builder_whenSchemaOrSettingsInvalid_failsNamingTheField(DynamoDbAsyncClient client) {
        TableSchema<Reading> numericSort = StaticTableSchema.builder(Reading.class)
                .newItemSupplier(Reading::new)
                .addAttribute(
                        String.class,
                        a -> a.name("pk")
                                .getter(Reading::getPk)
                                .setter(Reading::setPk)
                                .tags(StaticAttributeTags.primaryPartitionKey()))
                .addAttribute(
                        Integer.class,
                        a -> a.name("sk")
                                .getter(Reading::getValue)
                                .setter(Reading::setValue)
                                .tags(StaticAttributeTags.primarySortKey()))
                .build();

        assertThatThrownBy(() -> TimeSeriesTable.builder(numericSort))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("schema");
        assertThatThrownBy(() -> TimeSeriesTable.builder(null, Reading.SCHEMA))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("context");
        assertThatThrownBy(() -> builder(client, "t").retention("ttl", Duration.ofDays(1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ttlAttribute");
        assertThatThrownBy(() -> builder(client, "t").shards(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shardCount");
        assertThatThrownBy(() -> TimeSeriesTable.builder(Reading.SCHEMA)
                        .dynamoDbClient(client)
                        .tableName("readings")
                        .entityId(Reading::getEntity)
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("timestamp");
        assertThatThrownBy(() -> TimeSeriesTable.builder(Reading.SCHEMA)
                        .tableName("readings")
                        .entityId(Reading::getEntity)
                        .timestamp(Reading::getAt)
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dynamoDbClient");
    }
}
