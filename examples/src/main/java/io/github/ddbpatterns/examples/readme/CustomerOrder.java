package io.github.ddbpatterns.examples.readme;

import java.math.BigDecimal;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondarySortKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/** An order; {@code highValueTotal} is set only on orders over 1,000 and keys the sparse index byHighValue. */
@DynamoDbBean
public class CustomerOrder {
    public static final TableSchema<CustomerOrder> SCHEMA = TableSchema.fromBean(CustomerOrder.class);

    private String customerId;
    private String orderId;
    private BigDecimal total;
    private BigDecimal highValueTotal;

    public CustomerOrder() {}

    public CustomerOrder(String customerId, String orderId, BigDecimal total) {
        this.customerId = customerId;
        this.orderId = orderId;
        this.total = total;
    }

    @DynamoDbPartitionKey
    @DynamoDbSecondaryPartitionKey(indexNames = "byHighValue")
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

    public BigDecimal getTotal() {
        return total;
    }

    public void setTotal(BigDecimal total) {
        this.total = total;
    }

    @DynamoDbSecondarySortKey(indexNames = "byHighValue")
    public BigDecimal getHighValueTotal() {
        return highValueTotal;
    }

    public void setHighValueTotal(BigDecimal highValueTotal) {
        this.highValueTotal = highValueTotal;
    }
}
