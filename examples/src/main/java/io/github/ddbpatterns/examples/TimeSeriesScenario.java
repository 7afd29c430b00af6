package io.github.ddbpatterns.examples;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.keys.Bucket;
import io.github.ddbpatterns.examples.readme.Reading;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalMode;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.timeseries.RangeQuery;
import io.github.ddbpatterns.timeseries.TimeSeriesTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * Telemetry readings of two companies over 30 days in day buckets ({@code company-1#2026-11-20}): a 7-day query is one
 * call, paged with a cursor, newest first; same-timestamp events are both kept; bad input fails before any
 * request.
 */
final class TimeSeriesScenario implements Scenario {

    static final TableSchema<Reading> SCHEMA = TableSchema.fromBean(Reading.class);
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @Override
    public String name() {
        return "timeseries";
    }

    @Override
    public String summary() {
        return "entity#day buckets: a 7-day range as one query, paged newest first, plus latest(n)";
    }

    @Override
    public void run(DynamoDbLocal local, PrintStream out) {
        if (local.mode() == DynamoDbLocalMode.EMBEDDED) {
            out.printf("  skipped: the async client needs an HTTP endpoint (run with --mode SERVER)%n");
            return;
        }
        try (TestTables tables = new TestTables(local, "demo-telemetry")) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            TimeSeriesTable<Reading> telemetry = TimeSeriesTable.builder(SCHEMA)
                    .dynamoDbClient(local.clients().async())
                    .tableName(tables.create(SCHEMA))
                    .entityId(Reading::getCompanyId)
                    .timestamp(Reading::getAt)
                    .eventId(Reading::getId)
                    .bucket(Bucket.DAY)
                    .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                    .meterRegistry(registry)
                    .build();

            List<CompletableFuture<Reading>> writes = new ArrayList<>();
            int id = 0;
            for (String company : List.of("company-1", "company-2")) {
                for (int hour = 0; hour < 30 * 24; hour += 5) {
                    Instant at = NOW.minus(Duration.ofHours(hour));
                    writes.add(telemetry.put(new Reading(company, at, "e" + id++, hour / 10.0)));
                }
            }
            // two events at the very same instant: both are kept (the event id breaks the tie)
            writes.add(telemetry.put(new Reading("company-1", NOW, "dup-a", 1)));
            writes.add(telemetry.put(new Reading("company-1", NOW, "dup-b", 2)));
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
            out.printf("  wrote %d events for 2 companies over 30 days%n", writes.size());

            RangeQuery lastWeek = RangeQuery.of("company-1", NOW.minus(Duration.ofDays(7)), NOW.plusSeconds(1))
                    .newestFirst()
                    .limit(20);
            int pages = 0;
            int events = 0;
            Page<Reading> page = telemetry.query(lastWeek).join();
            out.printf(
                    "  7-day query, newest first, page 1: first %s%n",
                    page.items().get(0));
            while (true) {
                pages++;
                events += page.size();
                if (!page.hasMore()) {
                    break;
                }
                page = telemetry.query(lastWeek.after(page)).join();
            }
            out.printf(
                    "  7-day query: %d events in %d pages of 20 (one call per page, 8 day buckets)%n", events, pages);
            out.printf(
                    "  buckets touched per page: max %.0f of %.0f spanned%n",
                    registry.get("ddb.patterns.timeseries.buckets.touched")
                            .summary()
                            .max(),
                    registry.get("ddb.patterns.timeseries.buckets.spanned")
                            .summary()
                            .max());

            List<Reading> latest = telemetry.latest("company-1", 3).join();
            out.printf("  latest(company-1, 3):%n");
            latest.forEach(t -> out.printf("        %s%n", t));

            try {
                telemetry.query(RangeQuery.of("company-1", NOW.minus(Duration.ofDays(400)), NOW));
                throw new IllegalStateException("a 400-day range was accepted");
            } catch (InvalidInputException expected) {
                out.printf("  400-day range rejected before any request: %s%n", expected.getMessage());
            }
            // 7 days + 1 s at one event per 5 hours, plus the two duplicates at NOW
            if (events != 7 * 24 / 5 + 1 + 2 || latest.size() != 3) {
                throw new IllegalStateException("unexpected results: " + events + " events, latest " + latest);
            }
        }
    }
}
