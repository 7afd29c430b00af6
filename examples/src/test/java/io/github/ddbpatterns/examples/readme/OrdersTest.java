package io.github.ddbpatterns.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.TestTables;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

@DynamoDbLocalTest // one DynamoDB Local per test JVM, stopped after the run
class OrdersTest {
    static final TableSchema<Order> SCHEMA = TableSchema.fromBean(Order.class);

    @Test
    void put_thenGet_returnsTheItem(TestTables tables, DynamoDbEnhancedAsyncClient client) {
        DynamoDbAsyncTable<Order> orders = client.table(tables.create(SCHEMA), SCHEMA); // unique name, indexes;
        orders.putItem(new Order("o-1", 42)).join(); //                                    deleted after the test

        assertThat(orders.getItem(new Order("o-1", null)).join().getTotal()).isEqualTo(42);
    }
}
