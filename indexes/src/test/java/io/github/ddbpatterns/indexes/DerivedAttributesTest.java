package io.github.ddbpatterns.indexes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.TestTables;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.extensions.VersionedRecordExtension;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@DynamoDbLocalTest
class DerivedAttributesTest {

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1_000);
    private static final DerivedAttribute HIGH_VALUE =
            DerivedAttribute.numberWhen("highValueTotal", "total", total -> total.compareTo(THOUSAND) > 0);
    private static final DerivedAttribute BAND = DerivedAttribute.band("totalBand", "total", BigDecimal.valueOf(100));

    @Test
    void everyWritePath_keepsTheSparseIndexExactlyTheOrdersOverAThousand(
            TestTables tables, DynamoDbAsyncClient client) {
        String tableName = tables.create(Order.SCHEMA);
        PatternsContext context = PatternsContext.builder()
                .dynamoDbClient(client)
                .extensions(List.of(
                        VersionedRecordExtension.builder().build(),
                        DerivedAttributes.onTable(tableName, HIGH_VALUE, BAND)))
                .build();
        DynamoDbAsyncTable<Order> orders = context.enhancedClient().table(tableName, Order.SCHEMA);
        Map<String, BigDecimal> totals = new HashMap<>();

        // the Enhanced client's put
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Order order = order("direct-" + i, i * 50, totals);
            puts.add(orders.putItem(order));
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).join();
        // ddb-patterns' BatchWriter
        List<WriteOp> batch = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            batch.add(WriteOp.put(orders, order("batch-" + i, i * 70, totals)));
        }
        assertThat(BatchWriter.builder(context).build().write(batch).join().allPersisted())
                .isTrue();
        // ddb-patterns' write buffer
        try (WriteBuffer buffer =
                WriteBuffer.builder(context).maxDelay(Duration.ofMillis(10)).build()) {
            for (int i = 0; i < 30; i++) {
                buffer.put(orders, order("buffered-" + i, i * 90, totals));
            }
        }
        // updates: whole-item (nulls removed) and partial (ignoreNulls), into and out of the index
        orders.updateItem(order("direct-1", 5_000, totals)).join(); // 50 -> 5,000: enters
        orders.updateItem(order("direct-29", 10, totals)).join(); // 1,450 -> 10: leaves
        Order partial = new Order("c1", "batch-2", BigDecimal.valueOf(2_222));
        totals.put("batch-2", partial.getTotal());
        orders.updateItem(UpdateItemEnhancedRequest.builder(Order.class)
                        .item(partial)
                        .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
                        .build())
                .join(); // 140 -> 2,222: enters
        Order noteOnly = new Order("c1", "batch-29", null);
        noteOnly.setNote("gift");
        orders.updateItem(UpdateItemEnhancedRequest.builder(Order.class)
                        .item(noteOnly)
                        .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
                        .build())
                .join(); // total untouched (2,030): stays

        Set<String> expected = new TreeSet<>();
        totals.forEach((id, total) -> {
            if (total.compareTo(THOUSAND) > 0) {
                expected.add(id);
            }
        });
        Set<String> inIndex = new TreeSet<>();
        orders.index(Order.HIGH_VALUE)
                .query(QueryConditional.keyEqualTo(
                        Key.builder().partitionValue("c1").build()))
                .subscribe(page -> page.items().forEach(o -> inIndex.add(o.getOrderId())))
                .join();

        assertThat(expected)
                .hasSize(43)
                .contains("direct-1", "batch-2", "batch-29")
                .doesNotContain("direct-29");
        assertThat(inIndex).isEqualTo(expected);
        Order stored = orders.getItem(
                        Key.builder().partitionValue("c1").sortValue("batch-29").build())
                .join();
        assertThat(stored.getHighValueTotal()).isEqualByComparingTo("2030");
        assertThat(stored.getTotalBand()).isEqualByComparingTo("2000");
        assertThat(stored.getNote()).isEqualTo("gift");
        Order lowered = orders.getItem(Key.builder()
                        .partitionValue("c1")
                        .sortValue("direct-29")
                        .build())
                .join();
        assertThat(lowered.getHighValueTotal()).isNull();
        assertThat(lowered.getTotalBand()).isEqualByComparingTo("0");
    }

    @Test
    void beforeWrite_whenAnotherTable_leavesTheItemAlone(TestTables tables, DynamoDbAsyncClient client) {
        String ordersTable = tables.create(Order.SCHEMA);
        String otherTable = tables.create(Order.SCHEMA);
        PatternsContext context = PatternsContext.builder()
                .dynamoDbClient(client)
                .extensions(List.of(DerivedAttributes.onTable(ordersTable, HIGH_VALUE)))
                .build();
        DynamoDbAsyncTable<Order> other = context.enhancedClient().table(otherTable, Order.SCHEMA);

        other.putItem(new Order("c1", "o1", BigDecimal.valueOf(5_000))).join();

        Map<String, AttributeValue> raw = client.getItem(r -> r.tableName(otherTable)
                        .key(Map.of("customerId", AttributeValue.fromS("c1"), "orderId", AttributeValue.fromS("o1"))))
                .join()
                .item();
        assertThat(raw).doesNotContainKey("highValueTotal");
    }

    @Test
    void factories_whenBadInput_failNamingTheField() {
        assertThatThrownBy(() -> DerivedAttribute.band("b", "total", BigDecimal.ZERO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("band");
        assertThatThrownBy(() -> DerivedAttribute.of("total", Set.of("total"), item -> java.util.Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sources");
        assertThatThrownBy(() -> DerivedAttributes.onTable("orders", HIGH_VALUE, HIGH_VALUE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("attributes[1]")
                .hasMessageContaining("highValueTotal");
        assertThatThrownBy(() -> DerivedAttributes.onTable("", HIGH_VALUE)).hasMessageContaining("tableName");
    }

    private static Order order(String orderId, int total, Map<String, BigDecimal> totals) {
        totals.put(orderId, BigDecimal.valueOf(total));
        return new Order("c1", orderId, BigDecimal.valueOf(total));
    }
}
