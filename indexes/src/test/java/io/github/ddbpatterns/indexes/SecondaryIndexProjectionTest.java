package io.github.ddbpatterns.indexes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.table.IndexLayout;
import io.github.ddbpatterns.core.table.KeyAttribute;
import io.github.ddbpatterns.core.table.TableLayout;
import io.github.ddbpatterns.core.table.TableLayoutException;
import io.github.ddbpatterns.sharding.ShardQuery;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * Indexes that do not project every attribute: a schema declaring a {@code KEYS_ONLY} index besides the one read,
 * and reads of such an index, against DynamoDB Local.
 */
@DynamoDbLocalTest
class SecondaryIndexProjectionTest {

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1_000);
    private static final DerivedAttribute HIGH_VALUE =
            DerivedAttribute.numberWhen("highValueTotal", "total", total -> total.compareTo(THOUSAND) > 0);
    private static final DerivedAttribute BAND = DerivedAttribute.band("totalBand", "total", BigDecimal.valueOf(500));

    /** Order.SCHEMA's table as the README recommends it: the banded index {@code KEYS_ONLY}, the sparse one ALL. */
    private static String createOrders(TestTables tables, DynamoDbClient direct) {
        String table = tables.uniqueName();
        direct.createTable(TableLayout.from(table, Order.SCHEMA)
                .globalSecondaryIndex(IndexLayout.of(
                                Order.BY_BAND, KeyAttribute.string("customerId"), KeyAttribute.number("totalBand"))
                        .withProjection(ProjectionType.KEYS_ONLY, List.of()))
                .build()
                .toCreateTableRequest());
        direct.waiter().waitUntilTableExists(b -> b.tableName(table));
        return table;
    }

    /** Three orders of c1 (one over 1,000), each with a note, written with both derived index keys. */
    private static void writeOrders(DynamoDbAsyncClient client, String table) {
        PatternsContext writing = PatternsContext.builder()
                .dynamoDbClient(client)
                .extensions(List.of(DerivedAttributes.onTable(table, HIGH_VALUE, BAND)))
                .build();
        DynamoDbAsyncTable<Order> orders = writing.enhancedClient().table(table, Order.SCHEMA);
        for (int total : new int[] {250, 1_750, 600}) {
            Order order = new Order("c1", "o-" + total, BigDecimal.valueOf(total));
            order.setNote("note of o-" + total);
            orders.putItem(order).join();
        }
    }

    @Test
    void query_whenTheSchemaAlsoDeclaresAKeysOnlyIndex_readsTheAllIndexItWasBuiltFor(
            TestTables tables, DynamoDbClient direct, DynamoDbAsyncClient client) {
        String table = createOrders(tables, direct);
        writeOrders(client, table);
        PatternsContext context =
                PatternsContext.builder().dynamoDbClient(client).build();
        SecondaryIndex<Order> highValue = SecondaryIndex.builder(context, Order.SCHEMA)
                .tableName(table)
                .indexName(Order.HIGH_VALUE)
                .build();

        Page<Order> page = highValue.query("c1", ShardQuery.all()).join();

        assertThat(page.items()).singleElement().satisfies(order -> {
            assertThat(order.getOrderId()).isEqualTo("o-1750");
            assertThat(order.getTotal()).isEqualByComparingTo("1750");
            assertThat(order.getNote()).isEqualTo("note of o-1750"); // ALL: the whole item
        });
    }

    @Test
    void query_whenTheIndexReadIsKeysOnlyAndNoProjectionIsDeclared_failsNamingTheIndexAndItsProjectionBeforeAnyQuery(
            DynamoDbLocal local, TestTables tables, DynamoDbClient direct, DynamoDbAsyncClient client) {
        String table = createOrders(tables, direct);
        writeOrders(client, table);
        try (ThrottlingProxy proxy =
                ThrottlingProxy.builder().target(local.endpoint()).build().start()) {
            PatternsContext context = PatternsContext.builder()
                    .dynamoDbClient(proxy.clients().async())
                    .build();
            SecondaryIndex<Order> band = SecondaryIndex.builder(context, Order.SCHEMA)
                    .tableName(table)
                    .indexName(Order.BY_BAND)
                    .build();

            Throwable refused =
                    catchThrowable(() -> band.query("c1", ShardQuery.all()).join());

            assertThat(refused).isInstanceOf(CompletionException.class);
            assertThat(refused.getCause())
                    .isInstanceOf(TableLayoutException.class)
                    .hasMessageContaining(Order.BY_BAND)
                    .hasMessageContaining("projection KEYS_ONLY")
                    .hasMessageContaining(
                            "expected " + Order.BY_BAND + ": customerId (S) + totalBand (N), projection ALL");
            assertThat(proxy.stats().requestsByOperation()).containsOnlyKeys("DescribeTable");
        }
    }

    @Test
    void query_whenKeysOnlyIsDeclared_returnsItemsHoldingTheTableAndIndexKeysOnly(
            TestTables tables, DynamoDbClient direct, DynamoDbAsyncClient client) {
        String table = createOrders(tables, direct);
        writeOrders(client, table);
        PatternsContext context =
                PatternsContext.builder().dynamoDbClient(client).build();
        SecondaryIndex<Order> band = SecondaryIndex.builder(context, Order.SCHEMA)
                .tableName(table)
                .indexName(Order.BY_BAND)
                .projection(ProjectionType.KEYS_ONLY, List.of())
                .build();

        List<Order> candidates = band.query("c1", ShardQuery.all()).join().items();

        assertThat(candidates)
                .extracting(
                        Order::getCustomerId,
                        Order::getOrderId,
                        o -> o.getTotalBand().intValueExact())
                .containsExactly(tuple("c1", "o-250", 0), tuple("c1", "o-600", 500), tuple("c1", "o-1750", 1_500));
        assertThat(candidates).allSatisfy(order -> {
            assertThat(order.getTotal()).isNull(); // not projected: left as the schema's new item has it
            assertThat(order.getNote()).isNull();
            assertThat(order.getHighValueTotal()).isNull();
        });
    }

    @Test
    void createTable_createsTheIndexReadWithItsDeclaredProjectionAndTheSchemasOtherIndexesWithAll(
            TestTables tables, DynamoDbClient direct, DynamoDbAsyncClient client) {
        String table = tables.uniqueName();
        PatternsContext context =
                PatternsContext.builder().dynamoDbClient(client).build();
        SecondaryIndex<Order> bandWithTotals = SecondaryIndex.builder(context, Order.SCHEMA)
                .tableName(table)
                .indexName(Order.BY_BAND)
                .projection(ProjectionType.INCLUDE, List.of("total"))
                .build();

        bandWithTotals.createTable().join();
        writeOrders(client, table);

        Map<String, Projection> projections = new TreeMap<>();
        direct.describeTable(b -> b.tableName(table))
                .table()
                .globalSecondaryIndexes()
                .forEach(index -> projections.put(index.indexName(), index.projection()));
        assertThat(projections)
                .isEqualTo(Map.of(
                        Order.BY_BAND,
                                Projection.builder()
                                        .projectionType(ProjectionType.INCLUDE)
                                        .nonKeyAttributes("total")
                                        .build(),
                        Order.HIGH_VALUE,
                                Projection.builder()
                                        .projectionType(ProjectionType.ALL)
                                        .build()));
        assertThat(bandWithTotals.query("c1", ShardQuery.all()).join().items())
                .extracting(Order::getOrderId, o -> o.getTotal().intValueExact(), Order::getNote)
                .containsExactly(tuple("o-250", 250, null), tuple("o-600", 600, null), tuple("o-1750", 1_750, null));
        // the other index of the schema, read whole, and a narrower declaration of this one are served too
        SecondaryIndex<Order> highValue = SecondaryIndex.builder(context, Order.SCHEMA)
                .tableName(table)
                .indexName(Order.HIGH_VALUE)
                .build();
        assertThat(highValue.query("c1", ShardQuery.all()).join().items())
                .extracting(Order::getNote)
                .containsExactly("note of o-1750");
        SecondaryIndex.builder(context, Order.SCHEMA)
                .tableName(table)
                .indexName(Order.BY_BAND)
                .projection(ProjectionType.KEYS_ONLY, List.of())
                .build()
                .verifyTable()
                .join();
        // a declaration wider than the table's index is refused, naming what it found
        Throwable wider = catchThrowable(() -> SecondaryIndex.builder(context, Order.SCHEMA)
                .tableName(table)
                .indexName(Order.BY_BAND)
                .projection(ProjectionType.INCLUDE, List.of("total", "note"))
                .build()
                .verifyTable()
                .join());
        assertThat(wider.getCause())
                .isInstanceOf(TableLayoutException.class)
                .hasMessageContaining("projection INCLUDE [total], expected " + Order.BY_BAND
                        + ": customerId (S) + totalBand (N), projection INCLUDE [total, note]");
    }

    @Test
    void projection_whenTheAttributesDoNotMatchIt_failsAtTheSetter(DynamoDbAsyncClient client) {
        PatternsContext context =
                PatternsContext.builder().dynamoDbClient(client).build();
        SecondaryIndex.Builder<Order> builder = SecondaryIndex.builder(context, Order.SCHEMA);

        assertThatThrownBy(() -> builder.projection(ProjectionType.INCLUDE, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nonKeyAttributes must be given exactly when the projection is INCLUDE");
        assertThatThrownBy(() -> builder.projection(ProjectionType.KEYS_ONLY, List.of("total")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nonKeyAttributes")
                .hasMessageContaining("total");
        assertThatThrownBy(() -> builder.projection(ProjectionType.INCLUDE, List.of("")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nonKeyAttributes[]");
        assertThatThrownBy(() -> builder.projection(null, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("projection");
    }
}
