package io.github.ddbpatterns.examples;

import static io.github.ddbpatterns.examples.demo.Measures.millisSince;
import static io.github.ddbpatterns.examples.demo.Measures.speed;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.keys.Bucket;
import io.github.ddbpatterns.examples.demo.DemoContext;
import io.github.ddbpatterns.examples.demo.DemoScenario;
import io.github.ddbpatterns.examples.demo.DemoTarget;
import io.github.ddbpatterns.examples.demo.Plural;
import io.github.ddbpatterns.examples.demo.Progress;
import io.github.ddbpatterns.examples.demo.RequestStats;
import io.github.ddbpatterns.examples.demo.Row;
import io.github.ddbpatterns.examples.demo.ScenarioReport;
import io.github.ddbpatterns.examples.demo.Step;
import io.github.ddbpatterns.examples.demo.UnitEstimate;
import io.github.ddbpatterns.examples.readme.Reading;
import io.github.ddbpatterns.timeseries.RangeQuery;
import io.github.ddbpatterns.timeseries.TimeSeriesTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Classic problem 2, telemetry by time: the last hour of one company by a Scan with a filter reads the whole table;
 * a Query with a key condition on its day bucket reads that hour only. Follow-up ("7 days = 7 queries?"): one
 * {@link TimeSeriesTable} call against 7 hand-written sequential Queries, one per day, at 10 ms a round trip.
 */
final class TelemetryScenario implements DemoScenario {

    static final String NAME = "telemetry";
    static final TableSchema<Reading> SCHEMA = TableSchema.fromBean(Reading.class);
    /** Midnight: the last 7 days are exactly 7 day buckets. */
    static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");

    static final int COMPANIES = 5;
    static final int DAYS = 8;
    static final Duration EVERY = Duration.ofMinutes(5);
    static final Duration ROUND_TRIP = Duration.ofMillis(10);
    private static final String COMPANY = "company-1";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "the last hour of one company: Scan + filter reads the table, a Query reads the hour";
    }

    @Override
    public UnitEstimate endpointUnits() {
        // the readings are written once; the Scan reads the whole table (about 100 bytes an item); the rest is small
        long readings = Duration.ofDays(DAYS).dividedBy(EVERY) * COMPANIES;
        return new UnitEstimate(readings, readings * 100 / 4096.0 + 100, 1);
    }

    @Override
    public ScenarioReport run(DemoContext context) {
        ScenarioReport report = new ScenarioReport(name(), summary());
        try (DemoTarget target = context.target(NAME, b -> b)) {
            String table = target.tables().create(SCHEMA);
            long written = load(context, target.directAsync(), table);
            report.note(String.format(
                    "table: %s of %d companies, one every %d minutes for %d days, in day buckets (%s#2026-11-23)",
                    Plural.of(written, "reading"), COMPANIES, EVERY.toMinutes(), DAYS, COMPANY));
            RequestStats stats = target.stats();
            DynamoDbAsyncClient client = target.async();
            Instant hourAgo = NOW.minus(Duration.ofHours(1));

            // 1. the problem: Scan + filter
            stats.reset();
            long t0 = System.nanoTime();
            long scanned = 0;
            List<Reading> scanFound = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                ScanResponse page = client.scan(b -> b.tableName(table)
                                .filterExpression("companyId = :c AND #at >= :from AND #at < :to")
                                .expressionAttributeNames(Map.of("#at", "at"))
                                .expressionAttributeValues(Map.of(
                                        ":c", AttributeValue.fromS(COMPANY),
                                        ":from", AttributeValue.fromS(hourAgo.toString()),
                                        ":to", AttributeValue.fromS(NOW.toString())))
                                .exclusiveStartKey(from))
                        .join();
                scanned += page.scannedCount();
                page.items().forEach(i -> scanFound.add(SCHEMA.mapToItem(i)));
                start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            long scanMillis = millisSince(t0);
            double scanUnits = stats.readUnits(table);
            report.add(Row.of(Step.PROBLEM, "Scan, filter companyId and time, " + Plural.of(scanned, "item") + " read")
                    .requests(stats.requests("Scan"))
                    .units(scanUnits)
                    .items(scanFound.size())
                    .millis(scanMillis));

            // 2. the fix: a Query with a key condition on the bucket
            TimeSeriesTable<Reading> telemetry = TimeSeriesTable.builder(SCHEMA)
                    .dynamoDbClient(client)
                    .tableName(table)
                    .entityId(Reading::getCompanyId)
                    .timestamp(Reading::getAt)
                    .eventId(Reading::getId)
                    .bucket(Bucket.DAY)
                    .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                    .build();
            telemetry.verifyTable().join();
            stats.reset();
            t0 = System.nanoTime();
            List<Reading> hour = readAll(telemetry, RangeQuery.of(COMPANY, hourAgo, NOW));
            long queryMillis = millisSince(t0);
            double queryUnits = stats.readUnits(table);
            report.add(Row.of(Step.FIX, "TimeSeriesTable.query: Query on " + COMPANY + "#2026-11-23, key condition")
                    .requests(stats.requests("Query"))
                    .units(queryUnits)
                    .items(hour.size())
                    .wrong(differing(scanFound, hour))
                    .millis(queryMillis));
            hour.stream().limit(3).forEach(r -> report.note("  " + row(r)));

            // 3. the follow-up: 7 days, at a real round trip
            target.proxy().ifPresent(proxy -> proxy.reconfigure(b -> b.latency(ROUND_TRIP)));
            report.followUp("7 days = 7 queries? ("
                    + (target.simulated()
                            ? ROUND_TRIP.toMillis() + " ms a round trip)"
                            : "the endpoint's round trip)"));
            Instant weekAgo = NOW.minus(Duration.ofDays(7));
            stats.reset();
            t0 = System.nanoTime();
            List<Reading> handWritten = new ArrayList<>();
            try (Progress progress = context.progress("querying day", 7)) {
                for (int day = 0; day < 7; day++) {
                    String bucket = COMPANY + "#"
                            + LocalDate.ofInstant(weekAgo, ZoneOffset.UTC).plusDays(day);
                    Map<String, AttributeValue> from = null;
                    do {
                        Map<String, AttributeValue> startKey = from;
                        QueryResponse page = client.query(b -> b.tableName(table)
                                        .keyConditionExpression("pk = :pk")
                                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(bucket)))
                                        .exclusiveStartKey(startKey))
                                .join();
                        page.items().forEach(i -> handWritten.add(SCHEMA.mapToItem(i)));
                        from = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
                    } while (from != null);
                    progress.update(day + 1);
                }
            }
            handWritten.sort(Comparator.comparing(Reading::getAt));
            long loopMillis = millisSince(t0);
            report.add(Row.of(Step.FOLLOW_UP, "hand-written loop: 7 Queries, one per day, one after the other")
                    .requests(stats.requests("Query"))
                    .units(stats.readUnits(table))
                    .items(handWritten.size())
                    .millis(loopMillis));
            stats.reset();
            t0 = System.nanoTime();
            List<Reading> week =
                    readAll(telemetry, RangeQuery.of(COMPANY, weekAgo, NOW).limit(10_000));
            long weekMillis = millisSince(t0);
            report.add(Row.of(Step.FOLLOW_UP, "TimeSeriesTable.query: one call, 7 buckets read in parallel")
                    .requests(stats.requests("Query"))
                    .units(stats.readUnits(table))
                    .items(week.size())
                    .wrong(differing(handWritten, week))
                    .millis(weekMillis));
            report.headline(
                    String.format("%,.1f read units", scanUnits),
                    String.format("%,.1f read units", queryUnits),
                    String.format(
                            "%.0fx fewer units; 7 days %s",
                            scanUnits / Math.max(0.5, queryUnits), speed(loopMillis, weekMillis)));
        }
        return report;
    }

    private static long load(DemoContext context, DynamoDbAsyncClient direct, String table) {
        TimeSeriesTable<Reading> writer = TimeSeriesTable.builder(SCHEMA)
                .dynamoDbClient(direct)
                .tableName(table)
                .entityId(Reading::getCompanyId)
                .timestamp(Reading::getAt)
                .eventId(Reading::getId)
                .bucket(Bucket.DAY)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build();
        long perCompany = Duration.ofDays(DAYS).dividedBy(EVERY);
        long total = perCompany * COMPANIES;
        long written = 0;
        try (Progress progress = context.progress("writing readings", total)) {
            for (int c = 1; c <= COMPANIES; c++) {
                List<Reading> batch = new ArrayList<>();
                for (long i = 1; i <= perCompany; i++) {
                    Instant at = NOW.minus(EVERY.multipliedBy(i));
                    batch.add(new Reading("company-" + c, at, "r" + c + "-" + i, 20 + (i % 50) / 10.0));
                }
                var result = writer.putAll(batch).join();
                if (!result.allPersisted()) {
                    throw new IllegalStateException("loading the telemetry table failed: " + result);
                }
                written += batch.size();
                progress.update(written);
            }
        }
        return written;
    }

    private static List<Reading> readAll(TimeSeriesTable<Reading> table, RangeQuery query) {
        List<Reading> all = new ArrayList<>();
        Page<Reading> page = table.query(query).join();
        all.addAll(page.items());
        while (page.hasMore()) {
            page = table.query(query.after(page)).join();
            all.addAll(page.items());
        }
        return all;
    }

    /** Items of one list missing from the other, by id, both ways. */
    private static long differing(List<Reading> a, List<Reading> b) {
        var ids = a.stream().map(Reading::getId).collect(java.util.stream.Collectors.toSet());
        var others = b.stream().map(Reading::getId).collect(java.util.stream.Collectors.toSet());
        return a.stream().filter(r -> !others.contains(r.getId())).count()
                + b.stream().filter(r -> !ids.contains(r.getId())).count();
    }

    private static String row(Reading r) {
        return String.format("%-10s %-22s %-8s %5.1f", r.getCompanyId(), r.getAt(), r.getId(), r.getValue());
    }
}
