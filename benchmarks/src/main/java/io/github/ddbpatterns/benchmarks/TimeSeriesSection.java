package io.github.ddbpatterns.benchmarks;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.timeseries.RangeQuery;
import io.github.ddbpatterns.timeseries.TimeSeriesTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Time-series range reads of one entity with 50 events a day in day buckets, through the latency proxy: every event
 * of a D-day range with {@link TimeSeriesTable#query} (pages of up to 10,000; a page reads its first bucket alone,
 * then widens while buckets come back short, at most 8 buckets at once by default) and with
 * {@link TimeSeriesTable#stream} (8 buckets ahead from the start), against a hand-written loop of D sequential Query
 * calls (Enhanced sync client, one per day bucket) and against the raw async client firing the D bucket Queries at
 * once, no mapping, no merge (the floor). At 7 days also the Enhanced async client doing the floor's requests with
 * mapping.
 */
final class TimeSeriesSection {

    static final int[] DAYS = {1, 3, 7, 14, 30};
    static final int EVENTS_PER_DAY = 50;
    static final String LIBRARY = "library";
    static final String STREAM = "library_stream";
    static final String RAW = "raw_async";
    static final String ENHANCED = "enhanced_async";
    static final String LOOP = "hand_loop";

    private static final Figure.Group GROUP = Figure.Group.TIME_SERIES;
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final String ENTITY = "c-1";

    private final Suite suite;
    private final String table;
    private boolean warm;

    TimeSeriesSection(Suite suite) {
        this.suite = suite;
        this.table = suite.tables().create(SCHEMA);
        TimeSeriesTable<Event> keys = series(suite.local().clients().async());
        var direct = suite.local().clients().enhancedAsync().table(table, SCHEMA);
        List<WriteOp> writes = new ArrayList<>();
        for (int day = 0; day < 31; day++) {
            for (int i = 0; i < EVENTS_PER_DAY; i++) {
                Instant at = START.plus(Duration.ofDays(day)).plusMillis(86_400_000L / EVENTS_PER_DAY * i);
                writes.add(WriteOp.put(direct, keys.keyed(new Event(ENTITY, at, "d" + day + "-" + i))));
            }
        }
        suite.load(writes);
        suite.figures()
                .note(
                        GROUP,
                        "One entity, " + EVENTS_PER_DAY + " events of ~200 bytes a day, day buckets; every event of"
                                + " the range read. Median of interleaved rounds: at 7 days " + suite.size(21, 3)
                                + " at 10 ms and " + suite.size(15, 3) + " at 50 ms after 12 warm-up rounds at the"
                                + " first round trip and 5 at the next, " + suite.size(9, 2) + " for the other ranges"
                                + " (hand loop: 3 rounds when it takes over 0.5 s). Library = TimeSeriesTable.query with"
                                + " pages of up to 10,000 (defaults: window 8; a page reads its first bucket alone,"
                                + " then widens), stream = TimeSeriesTable.stream (8 buckets ahead at once); raw async = low-level DynamoDbAsyncClient, all D bucket Queries at"
                                + " once, no mapping, no merge (the floor); hand loop = D sequential Queries with"
                                + " the Enhanced sync client.");
    }

    private TimeSeriesTable<Event> series(DynamoDbAsyncClient client) {
        return TimeSeriesTable.builder(SCHEMA)
                .dynamoDbClient(client)
                .tableName(table)
                .entityId(e -> e.entity)
                .timestamp(e -> e.at)
                .eventId(e -> e.id)
                .build();
    }

    /** Measures every range at {@code roundTripMillis}. */
    void run(int roundTripMillis) throws Exception {
        try (BenchEnvironment env = BenchEnvironment.start(suite.local(), Duration.ofMillis(roundTripMillis))) {
            TimeSeriesTable<Event> series = series(env.patternsClient());
            // 7 days first, with the longest warm-up: every contender runs then
            measure(env, series, 7, roundTripMillis, suite.quick() ? 1 : warm ? 5 : 12);
            warm = true;
            for (int days : DAYS) {
                if (days == 7 || suite.quick() && days != 1) {
                    continue;
                }
                measure(env, series, days, roundTripMillis, suite.quick() ? 1 : 3);
            }
            Figures figures = suite.figures();
            String p = "timeseries.";
            figures.ratio(
                    GROUP,
                    p + "7d.rt" + roundTripMillis + ".vs_1d",
                    p + "7d.rt" + roundTripMillis + "." + LIBRARY,
                    p + "1d.rt" + roundTripMillis + "." + LIBRARY,
                    roundTripMillis,
                    "TimeSeriesTable 7-day query / 1-day query");
        }
    }

    private void measure(BenchEnvironment env, TimeSeriesTable<Event> series, int days, int rt, int warmups)
            throws Exception {
        boolean full = days == 7;
        DynamoDbAsyncClient async = env.clients().async();
        DynamoDbAsyncTable<Event> enhancedAsync = env.clients().enhancedAsync().table(table, SCHEMA);
        DynamoDbTable<Event> syncTable = env.clients().enhanced().table(table, SCHEMA);
        int expected = days * EVENTS_PER_DAY;
        Instant to = START.plus(Duration.ofDays(days));
        List<String> buckets = new ArrayList<>();
        for (int day = 0; day < days; day++) {
            buckets.add(ENTITY + "#" + series.bucketCodec().label(START.plus(Duration.ofDays(day))));
        }
        InterleavedRounds contenders = new InterleavedRounds();
        contenders.add(LIBRARY, () -> check(readAll(series, START, to), expected));
        contenders.add(STREAM, () -> {
            AtomicInteger n = new AtomicInteger();
            series.stream(RangeQuery.of(ENTITY, START, to))
                    .subscribe(e -> n.incrementAndGet())
                    .join();
            return check(n.get(), expected);
        });
        contenders.add(RAW, () -> {
            List<CompletableFuture<Integer>> queries = new ArrayList<>();
            for (String pk : buckets) {
                queries.add(rawBucket(async, pk, null, 0));
            }
            int n = 0;
            for (CompletableFuture<Integer> q : queries) {
                n += q.join();
            }
            return check(n, expected);
        });
        if (full) {
            contenders.add(ENHANCED, () -> {
                AtomicInteger n = new AtomicInteger();
                List<CompletableFuture<Void>> queries = new ArrayList<>();
                for (String pk : buckets) {
                    queries.add(enhancedAsync
                            .query(QueryEnhancedRequest.builder()
                                    .queryConditional(QueryConditional.keyEqualTo(
                                            Key.builder().partitionValue(pk).build()))
                                    .build())
                            .items()
                            .subscribe(e -> n.incrementAndGet()));
                }
                CompletableFuture.allOf(queries.toArray(CompletableFuture[]::new))
                        .join();
                return check(n.get(), expected);
            });
        }
        boolean slowLoop = (long) days * (rt + 5) > 500;
        java.util.concurrent.Callable<Integer> loop = () -> {
            int n = 0;
            for (String pk : buckets) {
                n += (int) syncTable
                        .query(QueryEnhancedRequest.builder()
                                .queryConditional(QueryConditional.keyEqualTo(
                                        Key.builder().partitionValue(pk).build()))
                                .build())
                        .items()
                        .stream()
                        .count();
            }
            return check(n, expected);
        };
        if (slowLoop) {
            contenders.add(LOOP, suite.size(3, 1), loop);
        } else {
            contenders.add(LOOP, loop);
        }
        int rounds = !full ? suite.size(9, 2) : rt > 20 ? suite.size(15, 3) : suite.size(21, 3);
        suite.progress("time series: %d days at %d ms, %d rounds", days, rt, rounds);
        List<Measurement> results = contenders.run(warmups, rounds);
        Figures figures = suite.figures();
        String prefix = "timeseries." + days + "d.rt" + rt + ".";
        for (Measurement m : results) {
            figures.add(GROUP, prefix + m.name(), m.medianMillis(), "ms", rt, label(m.name(), days));
        }
        figures.ratio(
                GROUP,
                prefix + "vs_raw",
                prefix + LIBRARY,
                prefix + RAW,
                rt,
                "TimeSeriesTable " + days + "-day query / raw async floor");
        figures.ratio(
                GROUP,
                prefix + "speedup_vs_loop",
                prefix + LOOP,
                prefix + LIBRARY,
                rt,
                "hand loop / TimeSeriesTable " + days + "-day query: times faster");
        figures.ratio(
                GROUP,
                prefix + "stream_vs_raw",
                prefix + STREAM,
                prefix + RAW,
                rt,
                "TimeSeriesTable.stream " + days + " days / raw async floor");
        figures.ratio(
                GROUP,
                prefix + "stream_speedup_vs_loop",
                prefix + LOOP,
                prefix + STREAM,
                rt,
                "hand loop / TimeSeriesTable.stream " + days + " days: times faster");
        if (full) {
            figures.ratio(
                    GROUP,
                    prefix + "enhanced_vs_raw",
                    prefix + ENHANCED,
                    prefix + RAW,
                    rt,
                    "Enhanced async, mapped, no merge / raw async floor");
        }
    }

    private CompletableFuture<Integer> rawBucket(
            DynamoDbAsyncClient async, String pk, Map<String, AttributeValue> start, int before) {
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)));
        if (start != null) {
            request.exclusiveStartKey(start);
        }
        return async.query(request.build())
                .thenCompose((QueryResponse r) ->
                        r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()
                                ? rawBucket(async, pk, r.lastEvaluatedKey(), before + r.count())
                                : CompletableFuture.completedFuture(before + r.count()));
    }

    private static String label(String contender, int days) {
        return switch (contender) {
            case LIBRARY -> "TimeSeriesTable.query, " + days + "-day range, every event";
            case STREAM -> "TimeSeriesTable.stream, " + days + "-day range";
            case RAW -> "raw async client, " + days + " bucket Queries at once, no mapping, no merge (floor)";
            case ENHANCED -> "Enhanced async client, " + days + " bucket Queries at once, mapped, no merge";
            case LOOP -> "hand-written loop of " + days + " sequential Queries (Enhanced sync)";
            default -> contender;
        };
    }

    private static int readAll(TimeSeriesTable<Event> series, Instant from, Instant to) {
        RangeQuery query = RangeQuery.of(ENTITY, from, to).limit(10_000);
        Page<Event> page = series.query(query).join();
        int n = page.size();
        while (page.hasMore()) {
            page = series.query(query.after(page)).join();
            n += page.size();
        }
        return n;
    }

    private static int check(int actual, int expected) {
        if (actual != expected) {
            throw new IllegalStateException("read " + actual + " events, expected " + expected);
        }
        return actual;
    }

    /** A telemetry event; the repository fills pk and sk. */
    static final class Event {
        String pk;
        String sk;
        String entity;
        Instant at;
        String id;
        String payload;

        Event() {}

        Event(String entity, Instant at, String id) {
            this.entity = entity;
            this.at = at;
            this.id = id;
            this.payload = "x".repeat(100);
        }
    }

    static final TableSchema<Event> SCHEMA = StaticTableSchema.builder(Event.class)
            .newItemSupplier(Event::new)
            .addAttribute(
                    String.class,
                    a -> a.name("pk")
                            .getter(e -> e.pk)
                            .setter((e, v) -> e.pk = v)
                            .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(
                    String.class,
                    a -> a.name("sk")
                            .getter(e -> e.sk)
                            .setter((e, v) -> e.sk = v)
                            .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(
                    String.class, a -> a.name("entity").getter(e -> e.entity).setter((e, v) -> e.entity = v))
            .addAttribute(Instant.class, a -> a.name("at").getter(e -> e.at).setter((e, v) -> e.at = v))
            .addAttribute(String.class, a -> a.name("id").getter(e -> e.id).setter((e, v) -> e.id = v))
            .addAttribute(
                    String.class, a -> a.name("payload").getter(e -> e.payload).setter((e, v) -> e.payload = v))
            .build();
}
