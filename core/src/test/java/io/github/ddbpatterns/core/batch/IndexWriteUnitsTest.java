package io.github.ddbpatterns.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.capacity.WriteCostModel;
import io.github.ddbpatterns.core.table.TableLayout;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.TestTables;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@DynamoDbLocalTest
class IndexWriteUnitsTest {

    private static final TableSchema<Order> SCHEMA = TableSchema.fromBean(Order.class);

    @Test
    void write_whenTheTableHasASparseIndex_metersTheUnitsEachIndexConsumedAsTheModelPredicts(
            TestTables tables, DynamoDbAsyncClient client) {
        String table = tables.create(SCHEMA);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WriteCostModel model = WriteCostModel.of(TableLayout.from(table, SCHEMA).build());
        List<WriteOp> writes = new ArrayList<>();
        long predicted = 0;
        for (int i = 0; i < 100; i++) {
            Map<String, AttributeValue> item = order("o-" + i, i % 10 == 0 ? 1_500 : 0);
            writes.add(WriteOp.put(
                    table, Map.of("customerId", item.get("customerId"), "orderId", item.get("orderId")), item));
            predicted += model.cost(null, item).index(Order.HIGH_VALUE).units();
        }

        BatchWriteResult result = BatchWriter.builder()
                .dynamoDbClient(client)
                .meterRegistry(registry)
                .build()
                .write(writes)
                .join();

        assertThat(result.allPersisted()).isTrue();
        assertThat(predicted).isEqualTo(10); // only the 10 orders over 1,000 enter the sparse index
        assertThat(registry.find("ddb.patterns.index.write.units")
                        .tags("table", table, "index", Order.HIGH_VALUE)
                        .counter()
                        .count())
                .isEqualTo(predicted);
    }

    private static Map<String, AttributeValue> order(String orderId, int highValueTotal) {
        return highValueTotal == 0
                ? Map.of("customerId", AttributeValue.fromS("c1"), "orderId", AttributeValue.fromS(orderId))
                : Map.of(
                        "customerId", AttributeValue.fromS("c1"),
                        "orderId", AttributeValue.fromS(orderId),
                        "highValueTotal", AttributeValue.fromN(Integer.toString(highValueTotal)));
    }

    /** An order; only orders over 1,000 carry {@code highValueTotal}, the key of a sparse index. */
    @DynamoDbBean
    public static class Order {
        static final String HIGH_VALUE = "byHighValue";
        private String customerId;
        private String orderId;
        private Integer highValueTotal;

        @DynamoDbPartitionKey
        public String getCustomerId() {
            return customerId;
        }

        public void setCustomerId(String customerId) {
            this.customerId = customerId;
        }

        @DynamoDbSortKey
        public String getOrderId() {
            return orderId;
        }

        public void setOrderId(String orderId) {
            this.orderId = orderId;
        }

        @DynamoDbSecondaryPartitionKey(indexNames = HIGH_VALUE)
        public Integer getHighValueTotal() {
            return highValueTotal;
        }

        public void setHighValueTotal(Integer highValueTotal) {
            this.highValueTotal = highValueTotal;
        }
    }
}
