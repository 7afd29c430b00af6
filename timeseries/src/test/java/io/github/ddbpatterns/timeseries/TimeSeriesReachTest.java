package io.github.ddbpatterns.timeseries;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.Latency;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A limit-1 page over 30 day buckets holding events on three days only, counted by the proxy (random latency per
 * request, so answers come back in any order): the buckets are read from one at a time, the reach grows only as
 * buckets come back empty, and no Query is still in flight when the page's future completes.
 */
@DynamoDbLocalTest
class TimeSeriesReachTest {

    static final Instant START = Instant.parse("2024-03-01T00:00:00Z");
    static final Instant END = START.plus(Duration.ofDays(30));
    /** The only days (0..29) with events, two each. */
    static final int[] DAYS = {2, 13, 29};

    static ThrottlingProxy proxy;
    static TimeSeriesTable<Reading> series;

    @BeforeAll
    static void load(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Reading.SCHEMA);
        proxy = ThrottlingProxy.builder()
                .target(local.endpoint())
                .writeCapacityPerPartition(1_000_000_000L)
                .readCapacityPerPartition(1_000_000_000L)
                .latency(Latency.uniform(Duration.ofMillis(1), Duration.ofMillis(25), 30))
                .build()
                .start();
        series = TimeSeriesTable.builder(
                        PatternsContext.builder()
                                .dynamoDbClient(proxy.clients().async())
                                .build(),
                        Reading.SCHEMA)
                .tableName(table)
                .entityId(Reading::getEntity)
                .timestamp(Reading::getAt)
                .eventId(Reading::getId)
                .build(); // the default window, 8 buckets
        List<Reading> readings = new ArrayList<>();
        for (int day : DAYS) {
            for (int i = 0; i < 2; i++) {
                Instant at = START.plus(Duration.ofDays(day)).plus(Duration.ofHours(5L + 7 * i));
                readings.add(new Reading("sparse", at, "d" + day + "-" + i, i));
            }
        }
        assertThat(series.putAll(readings).join().allPersisted()).isTrue();
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @BeforeEach
    void resetCounts() {
        proxy.stats().reset();
    }

    @Test
    void query_limit1NewestFirstWhenTheNewestBucketHasEvents_sendsOneQueryAndLeavesNoneInFlight() {
        Page<Reading> page = series.query(
                        RangeQuery.of("sparse", START, END).newestFirst().limit(1))
                .join();

        long queries = proxy.stats().requests("Query");
        long inFlight = proxy.stats().inFlight();
        System.out.println(
                "limit-1 newest-first page over 30 day buckets: Query=" + queries + ", inFlight=" + inFlight);
        assertThat(page.items()).extracting(Reading::getId).containsExactly("d29-1");
        assertThat(queries).as("Query requests").isEqualTo(1);
        assertThat(inFlight).as("requests in flight after the page completed").isZero();
    }

    @Test
    void query_limit1OldestFirstWhenTheThirdBucketHasTheFirstEvent_sendsAtMostFiveQueriesAndLeavesNoneInFlight() {
        Page<Reading> page =
                series.query(RangeQuery.of("sparse", START, END).limit(1)).join();

        long queries = proxy.stats().requests("Query");
        long inFlight = proxy.stats().inFlight();
        System.out.println(
                "limit-1 oldest-first page over 30 day buckets: Query=" + queries + ", inFlight=" + inFlight);
        assertThat(page.items()).extracting(Reading::getId).containsExactly("d2-0");
        // days 0, 1 and 2 are needed; the reach starts at one bucket and grows by one per empty bucket passed
        assertThat(queries).as("Query requests").isBetween(3L, 5L);
        assertThat(inFlight).as("requests in flight after the page completed").isZero();
    }

    @Test
    void query_limit1PagesOverSparseBuckets_returnEveryEventOnceAndLeaveNoneInFlight() {
        RangeQuery query = RangeQuery.of("sparse", START, END).limit(1);
        List<String> ids = new ArrayList<>();
        int pages = 0;
        while (true) {
            Page<Reading> page = series.query(query).join();
            pages++;
            assertThat(proxy.stats().inFlight())
                    .as("requests in flight after page " + pages)
                    .isZero();
            page.items().forEach(r -> ids.add(r.getId()));
            if (!page.hasMore()) {
                break;
            }
            query = query.after(page);
        }

        assertThat(ids).containsExactly("d2-0", "d2-1", "d13-0", "d13-1", "d29-0", "d29-1");
    }
}
