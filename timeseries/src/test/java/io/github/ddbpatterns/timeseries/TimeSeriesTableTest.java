package io.github.ddbpatterns.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.core.keys.Bucket;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.LocalClients;
import io.github.ddbpatterns.testing.TestTables;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
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

    static TimeSeriesTable.Builder<Reading> builder(DynamoDbEnhancedAsyncClient client, String table) {
        return TimeSeriesTable.builder(Reading.SCHEMA)
                .client(client)
                .tableName(table)
                .entityId(Reading::getEntity)
                .timestamp(Reading::getAt);
    }

    static void putAll(TimeSeriesTable<Reading> series, Stream<Reading> readings) {
        CompletableFuture.allOf(readings.map(series::put).toArray(CompletableFuture[]::new))
                .join();
    }

    static List<Reading> all(TimeSeriesTable<Reading> series, String entity, TimeOrder order) {
        return series.sync().queryAll(entity, T.minus(Duration.ofDays(1)), T.plus(Duration.ofDays(4)), order);
    }

    @Test
    void put_whenSameTimestampTwice_keepsBothEvents(TestTables tables, DynamoDbEnhancedAsyncClient client) {
        TimeSeriesTable<Reading> series =
                builder(client, tables.create(Reading.SCHEMA)).build();

        series.put(new Reading("c-1", T, null, 1)).join();
        series.put(new Reading("c-1", T, null, 2)).join();
        series.put(new Reading("c-1", T, null, 3)).join();

        List<Reading> stored = all(series, "c-1", TimeOrder.OLDEST_FIRST);
        assertThat(stored).extracting(Reading::getValue).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(stored).allSatisfy(r -> {
            assertThat(r.getPk()).isEqualTo("c-1#2024-11-20");
            assertThat(r.getSk()).matches("2024-11-20T13:45:00\\.123456789Z#[0-9a-f]{16}");
        });
    }

    @Test
    void put_whenEventIdGiven_isIdempotentAndRereadItemKeepsItsKey(
            TestTables tables, DynamoDbEnhancedAsyncClient client) {
        String table = tables.create(Reading.SCHEMA);
        TimeSeriesTable<Reading> byId =
                builder(client, table).eventId(Reading::getId).build();
        TimeSeriesTable<Reading> random = builder(client, table).build();

        byId.put(new Reading("c-1", T, "evt-1", 1)).join();
        byId.put(new Reading("c-1", T, "evt-1", 2)).join();
        Reading read = all(random, "c-1", TimeOrder.OLDEST_FIRST).get(0);
        read.setValue(3);
        random.put(read).join();

        List<Reading> stored = all(random, "c-1", TimeOrder.OLDEST_FIRST);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).getSk()).isEqualTo("2024-11-20T13:45:00.123456789Z#evt-1");
        assertThat(stored.get(0).getValue()).isEqualTo(3);
    }

    @Test
    void put_withRetention_setsTtlEpochSecondsAfterTheTimestamp(TestTables tables, DynamoDbEnhancedAsyncClient client) {
        TimeSeriesTable<Reading> series = builder(client, tables.create(Reading.SCHEMA))
                .retention("expiresAt", Duration.ofDays(90))
                .build();

        series.put(new Reading("c-1", T, "e", 1)).join();

        assertThat(all(series, "c-1", TimeOrder.OLDEST_FIRST).get(0).getExpiresAt())
                .isEqualTo(T.plus(Duration.ofDays(90)).getEpochSecond());
    }

    @Test
    void put_throughWriteBuffer_persistsWhenFlushed(
            TestTables tables, DynamoDbEnhancedAsyncClient client, LocalClients clients) throws Exception {
        String table = tables.create(Reading.SCHEMA);
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        try (WriteBuffer buffer = WriteBuffer.builder()
                .batchWriter(BatchWriter.builder().client(clients.async()).build())
                .maxDelay(Duration.ofMillis(50))
                .build()) {
            TimeSeriesTable<Reading> series = builder(client, table)
                    .eventId(Reading::getId)
                    .writeBuffer(buffer)
                    .build();
            for (int i = 0; i < 60; i++) {
                writes.add(series.put(new Reading("c-1", T.plusSeconds(i * 3600L), "e" + i, i)));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        }

        TimeSeriesTable<Reading> series = builder(client, table).build();
        assertThat(all(series, "c-1", TimeOrder.OLDEST_FIRST))
                .extracting(Reading::getValue)
                .containsExactlyElementsOf(IntStream.range(0, 60).boxed().toList());
    }

    @Test
    void put_whenSharded_spreadsOneBucketOverShardKeys(TestTables tables, DynamoDbEnhancedAsyncClient client) {
        TimeSeriesTable<Reading> series = builder(client, tables.create(Reading.SCHEMA))
                .eventId(Reading::getId)
                .shards(4)
                .build();

        putAll(series, IntStream.range(0, 40).mapToObj(i -> new Reading("hot", T.plusMillis(i), "e" + i, i)));

        List<Reading> stored = all(series, "hot", TimeOrder.NEWEST_FIRST);
        assertThat(stored)
                .extracting(Reading::getValue)
                .containsExactlyElementsOf(
                        IntStream.range(0, 40).map(i -> 39 - i).boxed().toList());
        assertThat(stored).extracting(Reading::getPk).allMatch(pk -> pk.matches("hot#2024-11-20#shard-[0-3]"));
        assertThat(stored.stream().map(Reading::getPk).distinct().count()).isEqualTo(4);
    }

    @Test
    void query_withZoneAndHourBuckets_usesLocalLabelsAndStillOrdersAcrossBuckets(
            TestTables tables, DynamoDbEnhancedAsyncClient client) {
        TimeSeriesTable<Reading> series = builder(client, tables.create(Reading.SCHEMA))
                .eventId(Reading::getId)
                .bucket(Bucket.HOUR)
                .zone(ZoneId.of("Asia/Kolkata"))
                .build();
        putAll(
                series,
                IntStream.range(0, 10)
                        .mapToObj(i -> new Reading("c-1", T.plus(Duration.ofMinutes(20L * i)), "e" + i, i)));

        Page<Reading> page = series.query(RangeQuery.builder()
                        .entity("c-1")
                        .from(T.plusSeconds(1))
                        .to(T.plus(Duration.ofMinutes(181)))
                        .newestFirst()
                        .limit(100)
                        .build())
                .join();

        assertThat(page.items()).extracting(Reading::getValue).containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1);
        assertThat(page.hasMore()).isFalse();
        assertThat(page.items().get(8).getPk()).isEqualTo("c-1#2024-11-20T19"); // 13:45Z + 20 min = 19:35 IST
    }

    @Test
    void query_withFilter_returnsExactLimitOfMatchingEvents(TestTables tables, DynamoDbEnhancedAsyncClient client) {
        TimeSeriesTable<Reading> series = builder(client, tables.create(Reading.SCHEMA))
                .eventId(Reading::getId)
                .build();
        putAll(
                series,
                IntStream.range(0, 60).mapToObj(i -> new Reading("c-1", T.plus(Duration.ofHours(i)), "e" + i, i)));
        Expression even = Expression.builder()
                .expression("#v IN (:a, :b, :c, :d, :e, :f, :g)")
                .expressionNames(Map.of("#v", "value"))
                .expressionValues(Map.of(
                        ":a", n(0), ":b", n(10), ":c", n(20), ":d", n(30), ":e", n(40), ":f", n(50), ":g", n(59)))
                .build();

        Page<Reading> page = series.query(RangeQuery.builder()
                        .entity("c-1")
                        .from(T)
                        .to(T.plus(Duration.ofDays(3)))
                        .filter(even)
                        .limit(4)
                        .build())
                .join();
        Page<Reading> rest = series.query(RangeQuery.builder()
                        .entity("c-1")
                        .from(T)
                        .to(T.plus(Duration.ofDays(3)))
                        .filter(even)
                        .limit(4)
                        .cursor(page.cursor().orElseThrow())
                        .build())
                .join();

        assertThat(page.items()).extracting(Reading::getValue).containsExactly(0, 10, 20, 30);
        assertThat(rest.items()).extracting(Reading::getValue).containsExactly(40, 50, 59);
    }

    private static AttributeValue n(int value) {
        return AttributeValue.fromN(Integer.toString(value));
    }

    @Test
    void streamAll_readsEveryEventInOrderWithBackpressure(TestTables tables, DynamoDbEnhancedAsyncClient client) {
        TimeSeriesTable<Reading> series = builder(client, tables.create(Reading.SCHEMA))
                .eventId(Reading::getId)
                .build();
        putAll(
                series,
                IntStream.range(0, 50).mapToObj(i -> new Reading("c-1", T.plus(Duration.ofHours(7L * i)), "e" + i, i)));
        List<Integer> values = new ArrayList<>();

        series.streamAll("c-1", T, T.plus(Duration.ofDays(30)), TimeOrder.NEWEST_FIRST)
                .subscribe(r -> values.add(r.getValue()))
                .join();

        assertThat(values)
                .containsExactlyElementsOf(
                        IntStream.range(0, 50).map(i -> 49 - i).boxed().toList());
    }

    @Test
    void latest_returnsNewestEventsAtOrBeforeNow(TestTables tables, DynamoDbEnhancedAsyncClient client) {
        String table = tables.create(Reading.SCHEMA);
        Clock clock = Clock.fixed(T.plus(Duration.ofDays(3)), ZoneOffset.UTC);
        TimeSeriesTable<Reading> series = builder(client, table)
                .eventId(Reading::getId)
                .clock(clock)
                .maxRange(Duration.ofDays(20))
                .build();
        putAll(
                series,
                IntStream.range(0, 10)
                        .mapToObj(i -> new Reading("c-1", T.plus(Duration.ofHours(10L * i)), "e" + i, i)));

        // events 0..7 are at or before T+3d (event 7 at T+70h), 8 and 9 are in the future of the clock
        assertThat(series.latest("c-1", 3).join()).extracting(Reading::getValue).containsExactly(7, 6, 5);
        assertThat(series.sync().latest("c-1", 100)).hasSize(8);
        assertThat(series.latest("nobody", 3).join()).isEmpty();
    }

    @Test
    void query_recordsBucketsTouchedItemsAndCapacity(TestTables tables, DynamoDbEnhancedAsyncClient client) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        String table = tables.create(Reading.SCHEMA);
        TimeSeriesTable<Reading> series = builder(client, table)
                .eventId(Reading::getId)
                .window(2)
                .meterRegistry(registry)
                .build();
        putAll(
                series,
                IntStream.range(0, 20)
                        .mapToObj(i -> new Reading("c-1", T.plus(Duration.ofHours(12L * i)), "e" + i, i)));

        // 10 days of data, 2 events a day: limit 5 needs 3 days, the window of 2 may start a 4th
        series.query(RangeQuery.builder()
                        .entity("c-1")
                        .from(T.minus(Duration.ofDays(1)))
                        .to(T.plus(Duration.ofDays(20)))
                        .limit(5)
                        .build())
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
            DynamoDbEnhancedAsyncClient enhanced =
                    DynamoDbEnhancedAsyncClient.builder().dynamoDbClient(async).build();
            TimeSeriesTable<Reading> series = builder(enhanced, tables.create(Reading.SCHEMA))
                    .eventId(Reading::getId)
                    .build();
            putAll(
                    series,
                    IntStream.range(0, 96).mapToObj(i -> new Reading("c-1", T.plus(Duration.ofHours(i)), "e" + i, i)));
            sent.clear();

            // [2024-11-20T13:45, 2024-11-23T13:45): edge buckets 11-20 and 11-23, whole buckets 11-21 and 11-22
            page = series.query(RangeQuery.builder()
                            .entity("c-1")
                            .from(T)
                            .to(T.plus(Duration.ofDays(3)))
                            .limit(1000)
                            .build())
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
    void builder_whenSchemaOrSettingsInvalid_failsNamingTheField(DynamoDbEnhancedAsyncClient client) {
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
        assertThatThrownBy(() -> builder(client, "t").retention("ttl", Duration.ofDays(1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ttlAttribute");
        assertThatThrownBy(() -> builder(client, "t").shards(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shardCount");
        assertThatThrownBy(() -> TimeSeriesTable.builder(Reading.SCHEMA)
                        .client(client)
                        .tableName("t")
                        .entityId(Reading::getEntity)
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("timestamp");
    }
}
