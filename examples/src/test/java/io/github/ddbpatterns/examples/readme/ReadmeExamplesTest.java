package io.github.ddbpatterns.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.capacity.SimulationReport;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.buffer.PacingStats;
import io.github.ddbpatterns.core.table.TableLayoutException;
import io.github.ddbpatterns.sharding.ShardLayout;
import io.github.ddbpatterns.sharding.ShardQuery;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.LocalClients;
import io.github.ddbpatterns.testing.TestTables;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Runs every README snippet against DynamoDB Local, as a user would: the snippets build their client with
 * {@code DynamoDbAsyncClient.builder()}, which finds DynamoDB Local through the SDK's standard system properties
 * ({@code aws.endpointUrl}, {@code aws.region}, {@code aws.accessKeyId}, {@code aws.secretAccessKey}).
 */
@DynamoDbLocalTest
class ReadmeExamplesTest {

    private static final Map<String, String> SDK_PROPERTIES = Map.of(
            "aws.endpointUrl",
            DynamoDbLocal.shared().endpoint().toString(),
            "aws.region",
            LocalClients.REGION.id(),
            "aws.accessKeyId",
            LocalClients.ACCESS_KEY,
            "aws.secretAccessKey",
            LocalClients.SECRET_KEY);

    @BeforeAll
    static void pointTheSdkAtDynamoDbLocal() {
        SDK_PROPERTIES.forEach(System::setProperty);
    }

    @AfterAll
    static void restoreTheSdkDefaults() {
        SDK_PROPERTIES.keySet().forEach(System::clearProperty);
    }

    @Test
    void quickStart_createsTheTableWritesAndReadsTheNewestEvents(DynamoDbClient sync) {
        try {
            Page<Event> newest = QuickStart.run();

            assertThat(newest.items()).extracting(Event::getAction).contains("click");
            assertThat(newest.items()).allMatch(e -> e.getPk().startsWith("user-42#shard-"));
        } finally {
            sync.deleteTable(b -> b.tableName("events"));
        }
    }

    @Test
    void sharedSetup_givesEveryPatternTheSameSettings() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DdbPatterns ddb =
                SharedSetup.build("a secret of 32 bytes, shared....".getBytes(StandardCharsets.UTF_8), registry);
        try {
            assertThat(ddb.context().resilience().maxAttempts()).isEqualTo(6);
            assertThat(ddb.context().meterRegistry()).isSameAs(registry);
        } finally {
            ddb.context().undecoratedClient().close();
        }
    }

    @Test
    void batching_writesAThousandItemsAndCoalescesTenUpdates(TestTables tables, DynamoDbAsyncClient client) {
        String table = tables.create(TableSchema.fromBean(Preference.class));

        BatchWriteResult result = BatchingExample.run(ddb(client), table);

        assertThat(result.allPersisted()).isTrue();
        assertThat(result.requests()).isEqualTo(40);
        Preference last = ddb(client)
                .enhancedClient()
                .table(table, TableSchema.fromBean(Preference.class))
                .getItem(new Preference("user-7", null, null))
                .join();
        assertThat(last.getFontSize()).isEqualTo(19);
    }

    @Test
    void pacing_sendsTheBurstAtFiveHundredUnitsASecond(TestTables tables, DynamoDbAsyncClient client) {
        String table = tables.create(TableSchema.fromBean(Preference.class));
        DdbPatterns ddb = DdbPatterns.builder().dynamoDbClient(client).build();

        PacingStats stats = BatchingExample.paced(ddb, table);

        assertThat(stats.writes()).isEqualTo(2_000);
        assertThat(stats.units()).isEqualTo(2_000);
        assertThat(stats.maxDelay()).isPositive(); // 2,000 units at 500 a second cannot all go at once
        assertThat(client.scan(r -> r.tableName(table)).join().count()).isEqualTo(2_000);
    }

    @Test
    void indexes_theSparseIndexHoldsOnlyTheOrdersOverAThousand(TestTables tables) {
        String table = tables.create(CustomerOrder.SCHEMA);

        Page<CustomerOrder> biggest = IndexesExample.run(table, ddb -> {
            var orders = ddb.enhancedClient().table(table, CustomerOrder.SCHEMA);
            for (int i = 0; i < 100; i++) {
                orders.putItem(new CustomerOrder("customer-1", "o-" + i, BigDecimal.valueOf(i * 25)))
                        .join(); // 41 of them over 1,000
            }
        });

        assertThat(biggest.items())
                .extracting(o -> o.getTotal().intValue())
                .containsExactly(2475, 2450, 2425, 2400, 2375, 2350, 2325, 2300, 2275, 2250);
        assertThat(biggest.hasMore()).isTrue();
    }

    @Test
    void capacity_recordsWhatTheApplicationConsumedAndComparesStrategiesForIt(TestTables tables) {
        String table = tables.create(TableSchema.fromBean(Preference.class));

        SimulationReport report = CapacityExample.run(table, dynamoDb -> {
            List<CompletableFuture<?>> puts = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                String user = "user-" + i;
                puts.add(dynamoDb.putItem(r -> r.tableName(table)
                        .item(Map.of("userId", AttributeValue.fromS(user), "theme", AttributeValue.fromS("dark")))));
            }
            CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).join();
        });

        assertThat(report.results()).hasSize(3);
        // about 100 of the 1,000 puts were sampled, each 1 unit counted 10 times, at 0.625 USD per million
        double recordedWriteUnits = report.results().get(0).cost() / 0.625e-6;
        assertThat(recordedWriteUnits).isBetween(500.0, 1_500.0);
        assertThat(report.recommend().reason()).isNotBlank();
    }

    @Test
    void sharding_readsEveryEventOfTheHotUserOnceNewestFirst(TestTables tables, DynamoDbAsyncClient client) {
        List<Event> all = ShardingExample.run(ddb(client), tables.uniqueName(), tables.uniqueName());

        assertThat(all).hasSize(120);
        assertThat(all).isSortedAccordingTo(Comparator.comparing(Event::getAt).reversed());
        assertThat(all).extracting(Event::getAt).doesNotHaveDuplicates();
    }

    @Test
    void adaptiveSharding_keepsAColdUserOnOneShardReadWithOneQuery(TestTables tables, DynamoDbAsyncClient client) {
        ShardedTable<Event> events = ShardingExample.adaptive(ddb(client), tables.uniqueName());

        assertThat(events.layout("user-7").join()).isEqualTo(ShardLayout.of(1));
        assertThat(events.query("user-7", ShardQuery.all().limit(100)).join().items())
                .hasSize(20)
                .extracting(Event::getPk)
                .containsOnly("user-7#shard-0");
    }

    @Test
    void timeSeries_readsTheLastSevenDaysNewestFirst(TestTables tables, DynamoDbAsyncClient client) {
        // readings near the real time: the example keeps them 90 days (TTL), and DynamoDB Local deletes expired items
        // within seconds, so readings of a fixed past date would vanish while the test reads them
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);

        List<Reading> week = TimeSeriesExample.run(ddb(client), tables.uniqueName(), now);

        assertThat(week).hasSize(7 * 24); // [now - 7 days, now): the hourly readings 1..168 hours before now
        assertThat(week.get(0).getAt()).isEqualTo(now.minus(Duration.ofHours(1)));
        assertThat(week)
                .isSortedAccordingTo(Comparator.comparing(Reading::getAt).reversed());
    }

    @Test
    void sessions_andPreferences_work(TestTables tables, DynamoDbAsyncClient client) {
        Preference mine = SessionsExample.run(ddb(client), tables.uniqueName(), tables.uniqueName());

        assertThat(mine.getTheme()).isEqualTo("dark");
    }

    @Test
    void tables_printWhatTheReadmeShows_andAMissingTableFailsNamingTheTableAndTheLayout(DynamoDbAsyncClient client)
            throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TableLayoutException error;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            error = TablesExample.run(ddb(client));
        } finally {
            System.setOut(console);
        }

        String readme =
                Files.readString(Path.of("").toAbsolutePath().getParent().resolve("README.md"));
        assertThat(readme).contains("```\n" + printed.toString(StandardCharsets.UTF_8) + "```");
        assertThat(error.tableName()).isEqualTo("sesions");
        assertThat(error.getMessage())
                .startsWith("table 'sesions' does not exist; SessionStore needs table 'sesions': partition key id (S);"
                        + " GSI by-owner: owner (S), projection ALL; TTL on expiresAt");
    }

    private static DdbPatterns ddb(DynamoDbAsyncClient client) {
        return DdbPatterns.builder().dynamoDbClient(client).build();
    }
}
