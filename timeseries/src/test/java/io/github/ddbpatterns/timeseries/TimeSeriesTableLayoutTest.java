package io.github.ddbpatterns.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.table.KeyAttribute;
import io.github.ddbpatterns.core.table.TableLayout;
import io.github.ddbpatterns.core.table.TableLayoutException;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** The table a time series needs: its layout, the check before the first request, creating and verifying it. */
@DynamoDbLocalTest
class TimeSeriesTableLayoutTest {

    /** Far in the future, so DynamoDB Local's TTL sweeper never deletes the events of these tests. */
    static final Instant T = Instant.parse("2099-01-01T10:00:00Z");

    /** Readings keyed by the partition key alone: a table of another layout. */
    static final TableSchema<Reading> PARTITION_KEY_ONLY = StaticTableSchema.builder(Reading.class)
            .newItemSupplier(Reading::new)
            .addAttribute(
                    String.class,
                    a -> a.name("pk")
                            .getter(Reading::getPk)
                            .setter(Reading::setPk)
                            .tags(StaticAttributeTags.primaryPartitionKey()))
            .build();

    static TimeSeriesTable.Builder<Reading> builder(DynamoDbAsyncClient client, String table) {
        return TimeSeriesTable.builder(Reading.SCHEMA)
                .dynamoDbClient(client)
                .tableName(table)
                .entityId(Reading::getEntity)
                .timestamp(Reading::getAt)
                .eventId(Reading::getId);
    }

    /** Every data operation, started; each returns a future of its completion. */
    static Map<String, Supplier<CompletableFuture<?>>> dataOperations(TimeSeriesTable<Reading> series) {
        RangeQuery hour = RangeQuery.of("c-1", T, T.plus(Duration.ofHours(1)));
        Map<String, Supplier<CompletableFuture<?>>> operations = new LinkedHashMap<>();
        operations.put("put", () -> series.put(new Reading("c-1", T, "e-1", 1)));
        operations.put("putAll", () -> series.putAll(List.of(new Reading("c-1", T, "e-2", 2))));
        operations.put("query", () -> series.query(hour));
        operations.put("stream", () -> series.stream(hour).subscribe(r -> {}));
        operations.put("latest", () -> series.latest("c-1", 3));
        return operations;
    }

    @Test
    void tableLayout_isStringPartitionAndSortKeysPlusTheTtlAttributeOfTheRetention(DynamoDbAsyncClient client) {
        TimeSeriesTable<Reading> plain = builder(client, "readings").build();
        TimeSeriesTable<Reading> expiring = builder(client, "readings")
                .retention("expiresAt", Duration.ofDays(30))
                .build();

        TableLayout keys = TableLayout.builder("readings")
                .partitionKey(KeyAttribute.string("pk"))
                .sortKey(KeyAttribute.string("sk"))
                .build();
        assertThat(plain.tableName()).isEqualTo("readings");
        assertThat(plain.tableLayout()).isEqualTo(keys);
        assertThat(expiring.tableLayout())
                .isEqualTo(keys.toBuilder().timeToLive("expiresAt").build());
    }

    @Test
    void everyDataOperation_whenTheTableIsMissing_failsNamingItBeforeAnyDataRequest(
            DynamoDbLocal local, TestTables tables) {
        String name = tables.uniqueName();
        try (ThrottlingProxy proxy = TestProxies.start(local)) {
            TimeSeriesTable<Reading> series =
                    builder(proxy.clients().async(), name).build();
            Map<String, Supplier<CompletableFuture<?>>> operations = dataOperations(series);

            operations.forEach(
                    (operation, start) -> assertThatThrownBy(() -> start.get().join(), operation)
                            .cause()
                            .isInstanceOf(TableLayoutException.class)
                            .hasMessageStartingWith("table '" + name + "' does not exist; TimeSeriesTable needs "
                                    + series.tableLayout()));
            assertThatThrownBy(() -> series.verifyTable().join()).cause().isInstanceOf(TableLayoutException.class);

            // a failed check is not remembered: each operation checked again, and none sent a data request
            assertThat(proxy.stats().requestsByOperation()).containsOnlyKeys("DescribeTable");
            assertThat(proxy.stats().requests("DescribeTable")).isEqualTo(operations.size() + 1);
        }
    }

    @Test
    void stream_subscribedAgainAfterTheTableWasCreated_checksAgainAndReads(DynamoDbLocal local, TestTables tables) {
        String name = tables.uniqueName();
        try (ThrottlingProxy proxy = TestProxies.start(local)) {
            TimeSeriesTable<Reading> series =
                    builder(proxy.clients().async(), name).build();
            var stream = series.stream(RangeQuery.of("c-1", T, T.plus(Duration.ofHours(1))));
            assertThatThrownBy(() -> stream.subscribe(r -> {}).join()).cause().isInstanceOf(TableLayoutException.class);
            try {
                series.createTable().join();
                series.put(new Reading("c-1", T, "e-1", 1)).join();

                List<Reading> read = new ArrayList<>();
                stream.subscribe(read::add).join(); // the same publisher, a new subscription

                assertThat(read).extracting(Reading::getId).containsExactly("e-1");
            } finally {
                local.syncClient().deleteTable(b -> b.tableName(name));
            }
        }
    }

    @Test
    void everyDataOperation_whenTheKeySchemaDiffers_failsNamingFoundAndExpectedBeforeAnyDataRequest(
            DynamoDbLocal local, TestTables tables) {
        String name = tables.create(PARTITION_KEY_ONLY);
        try (ThrottlingProxy proxy = TestProxies.start(local)) {
            TimeSeriesTable<Reading> series =
                    builder(proxy.clients().async(), name).build();
            Map<String, Supplier<CompletableFuture<?>>> operations = dataOperations(series);

            operations.forEach((operation, start) -> assertThatThrownBy(
                            () -> start.get().join(), operation)
                    .cause()
                    .isInstanceOf(TableLayoutException.class)
                    .hasMessageContaining("table '" + name + "' does not have the layout TimeSeriesTable needs: "
                            + "sort key is absent, expected sk (S)")
                    .hasMessageContaining("Found table '" + name + "': partition key pk (S).")
                    .hasMessageContaining("Expected " + series.tableLayout())
                    .satisfies(
                            e -> assertThat(((TableLayoutException) e).found()).isPresent()));

            assertThat(proxy.stats().requestsByOperation()).containsOnlyKeys("DescribeTable");
        }
    }

    @Test
    void put_whenTableChecksAreOff_sendsNoDescribeTableAndFailsWithTheServiceError(
            DynamoDbLocal local, TestTables tables) {
        try (ThrottlingProxy proxy = TestProxies.start(local)) {
            TimeSeriesTable<Reading> series = builder(proxy.clients().async(), tables.uniqueName())
                    .checkTables(false)
                    .build();

            assertThatThrownBy(() -> series.put(new Reading("c-1", T, "e-1", 1)).join())
                    .cause()
                    .isInstanceOf(ResourceNotFoundException.class);

            assertThat(proxy.stats().requestsByOperation()).containsOnlyKeys("PutItem");
        }
    }

    @Test
    void createTable_withRetention_makesATableWithTtlThatPassesVerifyAndServesTheSeries(
            TestTables tables, DynamoDbAsyncClient client, DynamoDbClient sync) {
        String name = tables.uniqueName();
        TimeSeriesTable<Reading> series = builder(client, name)
                .retention("expiresAt", Duration.ofDays(30))
                .build();
        try {
            series.createTable().join();
            series.createTable().join(); // exists: left as it is, checked again

            series.verifyTable().join();
            assertThat(TableLayout.of(sync.describeTable(b -> b.tableName(name)).table())
                            .differencesFrom(series.tableLayout()))
                    .isEmpty();
            TimeToLiveDescription ttl =
                    sync.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription();
            assertThat(ttl.timeToLiveStatus()).isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);
            assertThat(ttl.attributeName()).isEqualTo("expiresAt");

            List<Reading> stored = new ArrayList<>();
            stored.add(series.put(new Reading("c-1", T, "e-1", 1)).join());
            assertThat(series.query(RangeQuery.of("c-1", T, T.plusSeconds(1)))
                            .join()
                            .items())
                    .containsExactlyElementsOf(stored);
            assertThat(stored.get(0).getExpiresAt())
                    .isEqualTo(T.plus(Duration.ofDays(30)).getEpochSecond());
        } finally {
            sync.deleteTable(b -> b.tableName(name));
        }
    }
}
