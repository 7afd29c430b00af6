package io.github.ddbpatterns.timeseries;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.PatternsContext;
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
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;

/** A week of full day buckets (one reading every 5 minutes) read in one call costs one Query per day. */
@DynamoDbLocalTest
class TimeSeriesFullBucketsTest {

    static final Instant WEEK_START = Instant.parse("2024-03-04T00:00:00Z");
    static final int PER_DAY = 288;

    @Test
    void query_aWeekOf288EventsADay_sendsOneQueryPerDayBucket(
            DynamoDbLocal local, TestTables tables, LocalClients clients) {
        String table = tables.create(Reading.SCHEMA);
        try (ThrottlingProxy proxy =
                ThrottlingProxy.builder().target(local.endpoint()).build().start()) {
            PatternsContext context = PatternsContext.builder()
                    .dynamoDbClient(proxy.clients().async())
                    .build();
            TimeSeriesTable<Reading> series = TimeSeriesTable.builder(context, Reading.SCHEMA)
                    .tableName(table)
                    .entityId(Reading::getEntity)
                    .timestamp(Reading::getAt)
                    .eventId(Reading::getId)
                    .build();
            DynamoDbAsyncTable<Reading> direct = clients.enhancedAsync().table(table, Reading.SCHEMA);
            List<WriteOp> writes = new ArrayList<>();
            for (int i = 0; i < 7 * PER_DAY; i++) {
                Instant at = WEEK_START.plus(Duration.ofMinutes(5L * i));
                writes.add(WriteOp.put(direct, series.keyed(new Reading("c-1", at, "r" + i, i))));
            }
            assertThat(BatchWriter.builder()
                            .dynamoDbClient(clients.async())
                            .build()
                            .write(writes)
                            .join()
                            .allPersisted())
                    .isTrue();
            series.query(RangeQuery.of("c-1", WEEK_START, WEEK_START.plusSeconds(60))
                            .limit(1))
                    .join(); // the table check, before counting
            proxy.stats().reset();

            Page<Reading> week = series.query(RangeQuery.of("c-1", WEEK_START, WEEK_START.plus(Duration.ofDays(7)))
                            .limit(7 * PER_DAY))
                    .join();

            assertThat(week.items()).hasSize(7 * PER_DAY);
            assertThat(proxy.stats().requests("Query")).isEqualTo(7);
        }
    }
}
