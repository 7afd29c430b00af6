package io.github.ddbpatterns.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.SortOrder;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.LocalClients;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;

/**
 * Requests over HTTP, counted by the proxy: a year of day buckets is read only as far as the limit needs, and
 * bad input fails before any request. Each table checks its table once (one DescribeTable) before its first
 * request, so requests are counted per operation.
 */
@DynamoDbLocalTest
class TimeSeriesRequestsTest {

    static final Instant YEAR_START = Instant.parse("2024-01-01T00:00:00Z");
    static final Instant YEAR_END = YEAR_START.plus(Duration.ofDays(365));
    static final int PER_DAY = 10;
    static final int WINDOW = 4;

    static ThrottlingProxy proxy;
    static TimeSeriesTable<Reading> series;
    static TimeSeriesTable<Reading> withoutEventId;

    @BeforeAll
    static void load(DynamoDbLocal local, TestTables tables, LocalClients clients) {
        String table = tables.create(Reading.SCHEMA);
        proxy = ThrottlingProxy.builder().target(local.endpoint()).build().start();
        PatternsContext context = PatternsContext.builder()
                .dynamoDbClient(proxy.clients().async())
                .build();
        series = TimeSeriesTable.builder(context, Reading.SCHEMA)
                .tableName(table)
                .entityId(Reading::getEntity)
                .timestamp(Reading::getAt)
                .eventId(Reading::getId)
                .window(WINDOW)
                .build();
        withoutEventId = TimeSeriesTable.builder(context, Reading.SCHEMA)
                .tableName(table)
                .entityId(Reading::getEntity)
                .timestamp(Reading::getAt)
                .build();
        DynamoDbAsyncTable<Reading> direct = clients.enhancedAsync().table(table, Reading.SCHEMA);
        List<WriteOp> writes = new ArrayList<>();
        for (int day = 0; day < 365; day++) {
            for (int i = 0; i < PER_DAY; i++) {
                Instant at = YEAR_START.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(97L * i));
                writes.add(WriteOp.put(direct, series.keyed(new Reading("c-1", at, "d" + day + "-" + i, i))));
            }
        }
        assertThat(BatchWriter.builder()
                        .dynamoDbClient(clients.async())
                        .maxConcurrentRequests(8)
                        .build()
                        .write(writes)
                        .join()
                        .allPersisted())
                .isTrue();
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
    void query_limit1000OverAYearOfDayBuckets_queriesOnlyTheBucketsItNeeds() {
        for (SortOrder order : SortOrder.values()) {
            proxy.stats().reset();
            RangeQuery year = RangeQuery.of("c-1", YEAR_START, YEAR_END).limit(1000);

            Page<Reading> page = series.query(order.isNewestFirst() ? year.newestFirst() : year)
                    .join();

            // 1,000 events = 100 full day buckets; at most WINDOW - 1 buckets beyond them were started
            assertThat(page.items()).hasSize(1000);
            assertThat(page.items().get(0).getId()).isEqualTo(order == SortOrder.OLDEST_FIRST ? "d0-0" : "d364-9");
            assertThat(proxy.stats().requests("Query"))
                    .as("Query requests, " + order)
                    .isBetween(100L, 100L + WINDOW - 1);
            // besides the Queries, at most the table check of the table's first request
            assertThat(proxy.stats().requests("DescribeTable")).isLessThanOrEqualTo(1);
            assertThat(proxy.stats().requestsByOperation().keySet()).isSubsetOf("Query", "DescribeTable");
        }
    }

    @Test
    void query_cursorPageOfALimit100YearQuery_continuesFromItsBucket() {
        RangeQuery query =
                RangeQuery.of("c-1", YEAR_START, YEAR_END).newestFirst().limit(100);
        Page<Reading> first = series.query(query).join();
        proxy.stats().reset();

        Page<Reading> second = series.query(query.after(first)).join();

        assertThat(second.items().get(0).getId()).isEqualTo("d354-9");
        assertThat(proxy.stats().requests("Query")).isBetween(10L, 10L + WINDOW);
        assertThat(proxy.stats().requestsByOperation()).containsOnlyKeys("Query");
    }

    @Test
    void query_whenInputInvalid_failsBeforeAnyRequest() {
        RangeQuery firstFive = RangeQuery.of("c-1", YEAR_START, YEAR_END).limit(5);
        Page<Reading> page = series.query(firstFive).join();
        String cursor = page.cursor().orElseThrow();
        proxy.stats().reset();

        assertThatThrownBy(() -> RangeQuery.of("c-1", YEAR_END, YEAR_START))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("to ");
        assertThatThrownBy(() -> RangeQuery.of("c-1", YEAR_START, YEAR_START))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("be after from");
        assertThatThrownBy(() -> series.query(RangeQuery.of("c-1", YEAR_START, YEAR_START.plus(Duration.ofDays(367)))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("maxRange")
                .hasMessageContaining("366 days")
                .hasMessageContaining("367 days");
        assertThatThrownBy(() -> firstFive.limit(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> firstFive.limit(-3))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> RangeQuery.of(null, YEAR_START, YEAR_END))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("entity");
        assertThatThrownBy(() -> RangeQuery.of("", YEAR_START, YEAR_END))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("entity");
        assertThatThrownBy(() -> RangeQuery.of("c-1", null, YEAR_END))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("from ");
        assertThatThrownBy(() -> series.latest(null, 3))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("entity");
        assertThatThrownBy(() -> series.latest("c-1", 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("n");
        char flipped = cursor.charAt(10) == 'A' ? 'B' : 'A';
        String tampered = cursor.substring(0, 10) + flipped + cursor.substring(11);
        assertThatThrownBy(() -> series.query(firstFive.after(tampered))).isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> series.stream(firstFive.after(tampered))).isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> series.query(
                        RangeQuery.of("c-2", YEAR_START, YEAR_END).limit(5).after(cursor)))
                .isInstanceOf(InvalidCursorException.class)
                .hasMessageContaining("another query");
        assertThatThrownBy(() -> series.query(firstFive.newestFirst().after(cursor)))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> series.query(RangeQuery.of(
                        "c-1", Instant.parse("-0001-06-01T00:00:00Z"), Instant.parse("0000-01-01T00:00:00Z"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("from ");
        assertThatThrownBy(() -> series.query(null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("query");
        assertThatThrownBy(() -> series.stream(null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("query");

        assertThat(proxy.stats().requests()).as("requests sent").isZero();
    }

    @Test
    void put_whenItemOrKeyTooLarge_failsBeforeAnyRequest() {
        series.query(RangeQuery.of("c-1", YEAR_START, YEAR_START.plusSeconds(1)))
                .join(); // the table check is done
        proxy.stats().reset();
        Reading oversize = new Reading("c-1", YEAR_START, "x".repeat(410_000), 1);
        Reading longEntity = new Reading("e".repeat(3_000), YEAR_START, "e-1", 1);
        Reading fine = new Reading("c-1", YEAR_START, "fine", 1);

        assertThatThrownBy(() -> withoutEventId.put(oversize))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("item ")
                .hasMessageContaining("409600 bytes");
        assertThatThrownBy(() -> series.put(longEntity))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("partition key attribute 'pk'")
                .hasMessageContaining("2048 bytes");
        assertThatThrownBy(() -> withoutEventId.putAll(List.of(fine, oversize)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("item ");
        assertThatThrownBy(() -> series.putAll(Arrays.asList(fine, null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("items[1] ");
        assertThatThrownBy(() -> series.put(new Reading("c-1", YEAR_START, "e".repeat(257), 1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("tieBreaker ");

        assertThat(proxy.stats().requests()).as("requests sent").isZero();
    }
}
