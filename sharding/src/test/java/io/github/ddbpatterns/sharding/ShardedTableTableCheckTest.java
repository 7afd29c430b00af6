package io.github.ddbpatterns.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.table.TableLayout;
import io.github.ddbpatterns.core.table.TableLayoutException;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A {@link ShardedTable} checks its table before its first data request: a missing table or one with another key
 * schema fails with a {@link TableLayoutException} naming the table, what was found and what was expected, and
 * nothing but DescribeTable reaches DynamoDB; {@code createTable()} makes a table that passes the check.
 */
@DynamoDbLocalTest
class ShardedTableTableCheckTest {

    private static ShardedTable<Event> events(ThrottlingProxy proxy, String table) {
        return ShardedTable.builder(Event.SCHEMA)
                .dynamoDbClient(proxy.clients().async())
                .tableName(table)
                .logicalKey(Event::getUserId)
                .shards(8)
                .build();
    }

    @Test
    void tableLayout_whenBuilt_isTheSchemasKeysAndSendsNothing(DynamoDbLocal local, TestTables tables) {
        String name = tables.uniqueName();
        try (ThrottlingProxy proxy =
                ThrottlingProxy.builder().target(local.endpoint()).build().start()) {
            ShardedTable<Event> events = events(proxy, name);

            assertThat(events.tableName()).isEqualTo(name);
            assertThat(events.tableLayout()).hasToString("table '" + name + "': partition key pk (S), sort key sk (S)");
            assertThat(proxy.stats().requests()).isZero();
        }
    }

    @Test
    void put_whenTheTableIsMissing_failsNamingTheTableBeforeAnyDataRequest(DynamoDbLocal local, TestTables tables) {
        String name = tables.uniqueName();
        try (ThrottlingProxy proxy =
                ThrottlingProxy.builder().target(local.endpoint()).build().start()) {
            ShardedTable<Event> events = events(proxy, name);

            assertThatThrownBy(
                            () -> events.put(new Event("user-42", "e-1", "p")).join())
                    .cause()
                    .isInstanceOf(TableLayoutException.class)
                    .hasMessageStartingWith(
                            "table '" + name + "' does not exist; ShardedTable needs " + events.tableLayout());
            assertThatThrownBy(() -> events.query("user-42", ShardQuery.all()).join())
                    .cause()
                    .isInstanceOf(TableLayoutException.class);
            List<Throwable> streamed = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> stream =
                    events.stream("user-42", ShardQuery.all()).subscribe(e -> {});
            stream.handle((v, e) -> streamed.add(e)).join();
            assertThat(streamed).singleElement().isInstanceOf(TableLayoutException.class);

            assertThat(proxy.stats().requestsByOperation()).containsOnlyKeys("DescribeTable");
        }
    }

    @Test
    void get_whenTheKeySchemaDiffers_failsNamingFoundAndExpectedBeforeAnyDataRequest(
            DynamoDbLocal local, TestTables tables) {
        String name = tables.create(IdOnly.SCHEMA);
        try (ThrottlingProxy proxy =
                ThrottlingProxy.builder().target(local.endpoint()).build().start()) {
            ShardedTable<Event> events = events(proxy, name);

            assertThatThrownBy(() -> events.get(Event.key("user-42", "e-1")).join())
                    .cause()
                    .isInstanceOf(TableLayoutException.class)
                    .hasMessageContaining("table '" + name + "' does not have the layout ShardedTable needs")
                    .hasMessageContaining("partition key is id (S), expected pk (S)")
                    .hasMessageContaining("Found table '" + name + "': partition key id (S)")
                    .hasMessageContaining("Expected " + events.tableLayout());
            assertThatThrownBy(() -> events.putAll(List.of(new Event("user-42", "e-1", "p")))
                            .join())
                    .cause()
                    .isInstanceOf(TableLayoutException.class);

            assertThat(proxy.stats().requestsByOperation()).containsOnlyKeys("DescribeTable");
        }
    }

    @Test
    void createTable_makesATableThatPassesVerifyTableAndServesTheRepository(DynamoDbLocal local, TestTables tables) {
        String name = tables.uniqueName();
        try (ThrottlingProxy proxy =
                ThrottlingProxy.builder().target(local.endpoint()).build().start()) {
            ShardedTable<Event> events = events(proxy, name);
            try {
                events.createTable().join();
                events.verifyTable().join();

                List<CompletableFuture<Event>> puts = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    puts.add(events.put(new Event("user-42", String.format("e-%02d", i), "p")));
                }
                CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).join();

                assertThat(events.query("user-42", ShardQuery.all()).join().items())
                        .hasSize(12);
                assertThat(TableLayout.of(local.syncClient()
                                        .describeTable(b -> b.tableName(name))
                                        .table())
                                .differencesFrom(events.tableLayout()))
                        .isEmpty();
            } finally {
                local.syncClient().deleteTable(b -> b.tableName(name));
            }
        }
    }
}
