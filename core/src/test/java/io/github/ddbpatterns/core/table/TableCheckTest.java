package io.github.ddbpatterns.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.batch.Row;
import io.github.ddbpatterns.core.internal.TableCheck;
import io.github.ddbpatterns.core.testsupport.ProxiedDynamoDb;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.TestTables;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** The check every repository runs before its first request, against DynamoDB Local through the proxy. */
@DynamoDbLocalTest
class TableCheckTest {

    private static TableLayout tickets(String name) {
        return TableLayout.from(name, TableSchema.fromBean(Ticket.class))
                .timeToLive("expiresAt")
                .build();
    }

    @Test
    void ensure_whenTheTableIsMissing_failsNamingItAndTheLayoutBeforeAnyDataRequest(TestTables tables) {
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start()) {
            TableLayout expected = tickets(tables.uniqueName());
            TableCheck check = TableCheck.of(context(db), expected, "SessionStore");

            CompletableFuture<String> read = check.then(() -> CompletableFuture.completedFuture("read"));

            assertThatThrownBy(read::join)
                    .cause()
                    .isInstanceOf(TableLayoutException.class)
                    .hasMessageStartingWith(
                            "table '" + expected.tableName() + "' does not exist; SessionStore needs " + expected)
                    .hasMessageContaining("createTable()");
            assertThat(db.proxy().stats().requestsByOperation()).containsOnlyKeys("DescribeTable");
        }
    }

    @Test
    void ensure_whenTheKeySchemaDiffers_failsNamingFoundAndExpected(TestTables tables) {
        String name = tables.create(TableSchema.fromBean(Row.class));
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start()) {
            TableCheck check = TableCheck.of(context(db), tickets(name), "SessionStore");

            assertThatThrownBy(() -> check.ensure().join())
                    .cause()
                    .isInstanceOf(TableLayoutException.class)
                    .hasMessageContaining("does not have the layout SessionStore needs: partition key is pk (S),"
                            + " expected id (S)")
                    .hasMessageContaining("Found table '" + name + "': partition key pk (S), sort key sk (S)")
                    .hasMessageContaining("Expected table '" + name + "': partition key id (S)")
                    .satisfies(
                            e -> assertThat(((TableLayoutException) e).found()).isPresent());
        }
    }

    @Test
    void ensure_whenPassed_isRememberedAndSendsOneDescribeTable(TestTables tables) {
        String name = tables.create(TableSchema.fromBean(Ticket.class));
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start()) {
            TableCheck check = TableCheck.of(context(db), tickets(name), "SessionStore");

            check.ensure().join();
            check.ensure().join();
            check.then(() -> CompletableFuture.completedFuture(null)).join();

            assertThat(db.proxy().stats().requests("DescribeTable")).isEqualTo(1);
        }
    }

    @Test
    void verify_whenPassed_letsTheFirstRequestGoWithoutAnotherDescribeTable(TestTables tables) {
        String name = tables.create(TableSchema.fromBean(Ticket.class));
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start()) {
            TableCheck check = TableCheck.of(context(db), tickets(name), "SessionStore");

            check.verify().join();
            check.then(() -> CompletableFuture.completedFuture(null)).join();

            assertThat(db.proxy().stats().requests("DescribeTable")).isEqualTo(1);
        }
    }

    @Test
    void thenPublish_whenTheTableIsMissing_signalsSubscribeThenTheLayoutError(TestTables tables) {
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start()) {
            TableCheck check = TableCheck.of(context(db), tickets(tables.uniqueName()), "SessionStore");
            List<String> signals = new CopyOnWriteArrayList<>();

            CompletableFuture<Void> done = check.thenPublish(
                            SdkPublisher.<String>adapt(subscriber -> signals.add("subscribed to the data")))
                    .subscribe(item -> signals.add("item"));

            assertThatThrownBy(done::join).cause().isInstanceOf(TableLayoutException.class);
            assertThat(signals).isEmpty();
        }
    }

    @Test
    void ensure_whenChecksAreOff_sendsNothing(TestTables tables) {
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start()) {
            PatternsContext context = context(db).toBuilder().checkTables(false).build();

            TableCheck.of(context, tickets(tables.uniqueName()), "SessionStore")
                    .ensure()
                    .join();

            assertThat(db.proxy().stats().requests()).isZero();
        }
    }

    @Test
    void create_makesTheTableWithIndexesAndTtl_andAFailedCheckIsRetriedAfterwards(
            TestTables tables, DynamoDbClient sync) {
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start()) {
            TableLayout expected = tickets(tables.uniqueName());
            TableCheck check = TableCheck.of(context(db), expected, "SessionStore");
            assertThatThrownBy(() -> check.ensure().join()).cause().isInstanceOf(TableLayoutException.class);

            try {
                check.create().join();
                check.create().join(); // exists: left as it is

                check.ensure().join();
                TableDescription table = sync.describeTable(b -> b.tableName(expected.tableName()))
                        .table();
                assertThat(expected.differencesFrom(TableLayout.of(table))).isEmpty();
                assertThat(sync.describeTimeToLive(b -> b.tableName(expected.tableName()))
                                .timeToLiveDescription()
                                .timeToLiveStatus())
                        .isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);
            } finally {
                sync.deleteTable(b -> b.tableName(expected.tableName()));
            }
        }
    }

    @Test
    void create_newTable_sendsCreateOneDescribeAndTheTtlUpdate(TestTables tables, DynamoDbClient sync) {
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start()) {
            TableLayout expected = tickets(tables.uniqueName());
            try {
                TableCheck.of(context(db), expected, "SessionStore").create().join();

                assertThat(db.proxy().stats().requestsByOperation())
                        .containsOnly(
                                Map.entry("CreateTable", 1L),
                                Map.entry("DescribeTable", 1L),
                                Map.entry("UpdateTimeToLive", 1L));
            } finally {
                sync.deleteTable(b -> b.tableName(expected.tableName()));
            }
        }
    }

    @Test
    void create_onAnExistingTableOfAnotherLayout_failsAndLeavesItUntouched(TestTables tables, DynamoDbClient sync) {
        String name = tables.create(TableSchema.fromBean(Row.class));
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start()) {
            TableCheck check = TableCheck.of(context(db), tickets(name), "SessionStore");

            assertThatThrownBy(() -> check.create().join())
                    .cause()
                    .isInstanceOf(TableLayoutException.class)
                    .hasMessageContaining("partition key is pk (S), expected id (S)");
            assertThat(sync.describeTimeToLive(b -> b.tableName(name))
                            .timeToLiveDescription()
                            .timeToLiveStatus())
                    .isEqualTo(TimeToLiveStatus.DISABLED);
            assertThat(db.proxy().stats().requests("UpdateTimeToLive")).isZero();
        }
    }

    private static PatternsContext context(ProxiedDynamoDb db) {
        return PatternsContext.builder().dynamoDbClient(db.client()).build();
    }
}
