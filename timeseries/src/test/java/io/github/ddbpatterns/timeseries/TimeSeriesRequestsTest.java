package io.github.ddbpatterns.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;

/**
 * Requests over HTTP, counted by the proxy: a year of day buckets is read only as far as the limit needs, and
 * bad input fails before any request.
 */
@DynamoDbLocalTest
class TimeSeriesRequestsTest {

    static final Instant YEAR_START = Instant.parse("2024-01-01T00:00:00Z");
    static final Instant YEAR_END = YEAR_START.plus(Duration.ofDays(365));
    static final int PER_DAY = 10;
    static final int WINDOW = 4;

    static ThrottlingProxy proxy;
    static TimeSeriesTable<Reading> series;

    @BeforeAll
    static void load(DynamoDbLocal local, TestTables tables, LocalClients clients) {
        String table = tables.create(Reading.SCHEMA);
        proxy = ThrottlingProxy.builder().target(local.endpoint()).build().start();
        series = TimeSeriesTable.builder(Reading.SCHEMA)
                .client(proxy.clients().enhancedAsync())
                .tableName(table)
                .entityId(Reading::getEntity)
                .timestamp(Reading::getAt)
                .eventId(Reading::getId)
                .window(WINDOW)
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
                        .client(clients.async())
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
        for (TimeOrder order : TimeOrder.values()) {
            proxy.stats().reset();

            Page<Reading> page = series.query(RangeQuery.builder()
                            .entity("c-1")
                            .from(YEAR_START)
                            .to(YEAR_END)
                            .order(order)
                            .limit(1000)
                            .build())
                    .join();

            // 1,000 events = 100 full day buckets; at most WINDOW - 1 buckets beyond them were started
            assertThat(page.items()).hasSize(1000);
            assertThat(page.items().get(0).getId()).isEqualTo(order == TimeOrder.OLDEST_FIRST ? "d0-0" : "d364-9");
            assertThat(proxy.stats().requests("Query"))
                    .as("Query requests, " + order)
                    .isBetween(100L, 100L + WINDOW - 1);
            assertThat(proxy.stats().requests()).isEqualTo(proxy.stats().requests("Query"));
        }
    }

    @Test
    void query_cursorPageOfALimit100YearQuery_continuesFromItsBucket() {
        RangeQuery query = RangeQuery.builder()
                .entity("c-1")
                .from(YEAR_START)
                .to(YEAR_END)
                .newestFirst()
                .limit(100)
                .build();
        Page<Reading> first = series.query(query).join();
        proxy.stats().reset();

        Page<Reading> second =
                series.query(query.withCursor(first.cursor().orElseThrow())).join();

        assertThat(second.items().get(0).getId()).isEqualTo("d354-9");
        assertThat(proxy.stats().requests("Query")).isBetween(10L, 10L + WINDOW);
    }

    @Test
    void query_whenInputInvalid_failsBeforeAnyRequest() {
        Page<Reading> page = series.query(RangeQuery.builder()
                        .entity("c-1")
                        .from(YEAR_START)
                        .to(YEAR_END)
                        .limit(5)
                        .build())
                .join();
        String cursor = page.cursor().orElseThrow();
        proxy.stats().reset();

        assertThatThrownBy(() -> RangeQuery.builder()
                        .entity("c-1")
                        .from(YEAR_END)
                        .to(YEAR_START)
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("to");
        assertThatThrownBy(() -> RangeQuery.builder()
                        .entity("c-1")
                        .from(YEAR_START)
                        .to(YEAR_START)
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("be after from");
        assertThatThrownBy(() -> series.query(RangeQuery.builder()
                        .entity("c-1")
                        .from(YEAR_START)
                        .to(YEAR_START.plus(Duration.ofDays(367)))
                        .build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("maxRange")
                .hasMessageContaining("366 days")
                .hasMessageContaining("367 days");
        assertThatThrownBy(() -> RangeQuery.builder().limit(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> RangeQuery.builder().limit(-3))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> RangeQuery.builder().entity(null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("entity");
        assertThatThrownBy(() -> RangeQuery.builder().entity(""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("entity");
        assertThatThrownBy(
                        () -> RangeQuery.builder().from(YEAR_START).to(YEAR_END).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("entity");
        assertThatThrownBy(() -> series.latest(null, 3))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("entity");
        assertThatThrownBy(() -> series.latest("c-1", 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("n");
        char flipped = cursor.charAt(10) == 'A' ? 'B' : 'A';
        String tampered = cursor.substring(0, 10) + flipped + cursor.substring(11);
        assertThatThrownBy(() -> series.query(RangeQuery.builder()
                        .entity("c-1")
                        .from(YEAR_START)
                        .to(YEAR_END)
                        .limit(5)
                        .cursor(tampered)
                        .build()))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> series.query(RangeQuery.builder()
                        .entity("c-2")
                        .from(YEAR_START)
                        .to(YEAR_END)
                        .limit(5)
                        .cursor(cursor)
                        .build()))
                .isInstanceOf(InvalidCursorException.class)
                .hasMessageContaining("another query");
        assertThatThrownBy(() -> series.query(RangeQuery.builder()
                        .entity("c-1")
                        .from(YEAR_START)
                        .to(YEAR_END)
                        .newestFirst()
                        .limit(5)
                        .cursor(cursor)
                        .build()))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> series.query(RangeQuery.builder()
                        .entity("c-1")
                        .from(Instant.parse("-0001-06-01T00:00:00Z"))
                        .to(Instant.parse("0000-01-01T00:00:00Z"))
                        .build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("from ");
        assertThatThrownBy(() -> series.query(null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("query");

        assertThat(proxy.stats().requests()).as("requests sent").isZero();
    }
}
