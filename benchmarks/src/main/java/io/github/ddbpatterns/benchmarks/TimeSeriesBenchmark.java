package io.github.ddbpatterns.benchmarks;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.timeseries.RangeQuery;
import io.github.ddbpatterns.timeseries.TimeSeriesTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;

/**
 * Time-series range reads through the latency proxy: a 1-day and a 7-day query with {@link TimeSeriesTable}
 * (day buckets read in parallel, the window widening from one bucket while buckets come back short), against a hand-written loop of 7 sequential Query
 * calls (one per day, each paginated) returning the same events; plus a year-long newest-first page.
 */
@Command(
        name = "timeseries",
        mixinStandardHelpOptions = true,
        description = "TimeSeriesTable 1-day vs 7-day range query vs a loop of 7 sequential Query calls.")
final class TimeSeriesBenchmark implements Callable<Integer> {

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    @Option(
            names = "--events-per-day",
            description = "Events per day bucket (default ${DEFAULT-VALUE}).",
            defaultValue = "50")
    int perDay;

    @Option(
            names = "--round-trip-ms",
            description = "Round trip added by the proxy (default ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int roundTripMillis;

    @Option(
            names = "--runs",
            description = "Measured runs per contender (default ${DEFAULT-VALUE}).",
            defaultValue = "21")
    int runs;

    @Option(
            names = "--warmups",
            description = "Unmeasured runs per contender (default ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int warmups;

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

    @Override
    public Integer call() throws Exception {
        try (BenchEnvironment env = BenchEnvironment.start(Duration.ofMillis(roundTripMillis))) {
            String table = env.tables().create(SCHEMA);
            TimeSeriesTable<Event> series = TimeSeriesTable.builder(SCHEMA)
                    .dynamoDbClient(env.patternsClient())
                    .tableName(table)
                    .entityId(e -> e.entity)
                    .timestamp(e -> e.at)
                    .eventId(e -> e.id)
                    .build();
            load(env, table, series);
            DynamoDbTable<Event> syncTable = env.clients().enhanced().table(table, SCHEMA);

            Instant dayEnd = START.plus(Duration.ofDays(1));
            Instant weekEnd = START.plus(Duration.ofDays(7));
            int limit = 10_000;
            ResultTable results = new ResultTable(
                    "time-series range reads, " + perDay + " events/day, " + roundTripMillis + " ms round trip");
            String oneDay = "TimeSeriesTable, 1-day query";
            InterleavedRounds contenders = new InterleavedRounds();
            contenders.add(oneDay, () -> expect(readAll(series, START, dayEnd, limit), perDay));
            contenders.add(
                    "TimeSeriesTable, 7-day query", () -> expect(readAll(series, START, weekEnd, limit), 7 * perDay));
            var asyncTable = env.clients().enhancedAsync().table(table, SCHEMA);
            contenders.add("raw async Query, 1 day bucket", () -> {
                String pk = "c-1#" + series.bucketCodec().label(START);
                List<Event> items = new ArrayList<>();
                asyncTable
                        .query(QueryEnhancedRequest.builder()
                                .queryConditional(QueryConditional.keyEqualTo(
                                        Key.builder().partitionValue(pk).build()))
                                .build())
                        .items()
                        .subscribe(items::add)
                        .get();
                return expect(items.size(), perDay);
            });
            contenders.add("raw async, 7 day buckets at once, no merge (floor)", () -> {
                List<CompletableFuture<Void>> queries = new ArrayList<>();
                AtomicInteger n = new AtomicInteger();
                for (int day = 0; day < 7; day++) {
                    String pk = "c-1#" + series.bucketCodec().label(START.plus(Duration.ofDays(day)));
                    queries.add(asyncTable
                            .query(QueryEnhancedRequest.builder()
                                    .queryConditional(QueryConditional.keyEqualTo(
                                            Key.builder().partitionValue(pk).build()))
                                    .build())
                            .items()
                            .subscribe(e -> n.incrementAndGet()));
                }
                CompletableFuture.allOf(queries.toArray(CompletableFuture[]::new))
                        .get();
                return expect(n.get(), 7 * perDay);
            });
            contenders.add("raw sync Query, 1 day bucket", () -> {
                String pk = "c-1#" + series.bucketCodec().label(START);
                return expect(
                        (int) syncTable
                                .query(QueryEnhancedRequest.builder()
                                        .queryConditional(QueryConditional.keyEqualTo(
                                                Key.builder().partitionValue(pk).build()))
                                        .build())
                                .items()
                                .stream()
                                .count(),
                        perDay);
            });
            contenders.add("hand-written loop, 7 sequential Query calls", () -> {
                int n = 0;
                for (int day = 0; day < 7; day++) {
                    String pk = "c-1#" + series.bucketCodec().label(START.plus(Duration.ofDays(day)));
                    n += (int) syncTable
                            .query(QueryEnhancedRequest.builder()
                                    .queryConditional(QueryConditional.keyEqualTo(
                                            Key.builder().partitionValue(pk).build()))
                                    .build())
                            .items()
                            .stream()
                            .count();
                }
                return expect(n, 7 * perDay);
            });
            contenders.add(
                    "TimeSeriesTable, 365-day query, newest 100",
                    () -> expect(
                            series.query(RangeQuery.of(
                                                    "c-1",
                                                    START.plus(Duration.ofDays(8 - 365)),
                                                    START.plus(Duration.ofDays(8)))
                                            .newestFirst()
                                            .limit(100))
                                    .get()
                                    .size(),
                            Math.min(100, 8 * perDay)));
            contenders.run(warmups, runs).forEach(results::add);
            results.print(System.out, oneDay);
        }
        return 0;
    }

    private void load(BenchEnvironment env, String table, TimeSeriesTable<Event> series) {
        List<WriteOp> writes = new ArrayList<>();
        var direct = env.directClients().enhancedAsync().table(table, SCHEMA);
        for (int day = 0; day < 8; day++) {
            for (int i = 0; i < perDay; i++) {
                Instant at = START.plus(Duration.ofDays(day)).plusMillis(86_400_000L / perDay * i);
                writes.add(WriteOp.put(direct, series.keyed(new Event("c-1", at, "d" + day + "-" + i))));
            }
        }
        if (!BatchWriter.builder()
                .dynamoDbClient(env.directClients().async())
                .maxConcurrentRequests(8)
                .build()
                .write(writes)
                .join()
                .allPersisted()) {
            throw new IllegalStateException("load failed");
        }
    }

    private static int readAll(TimeSeriesTable<Event> series, Instant from, Instant to, int limit) throws Exception {
        RangeQuery query = RangeQuery.of("c-1", from, to).limit(limit);
        Page<Event> page = series.query(query).get();
        int n = page.size();
        while (page.hasMore()) {
            page = series.query(query.after(page)).get();
            n += page.size();
        }
        return n;
    }

    private static int expect(int actual, int expected) {
        if (actual != expected) {
            throw new IllegalStateException("read " + actual + " events, expected " + expected);
        }
        return actual;
    }
}
