package io.github.ddbpatterns.indexes;

import java.math.BigDecimal;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondarySortKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/**
 * An order. {@code highValueTotal} (the total of orders over 1,000) keys the sparse index {@value #HIGH_VALUE};
 * {@code totalBand} (the total in bands of 100) keys {@value #BY_BAND}. Both are written by {@link DerivedAttributes}.
 */
@DynamoDbBean
public class Order {
    static final String HIGH_VALUE = "byHighValue";
    static final String BY_BAND = "byTotalBand";
    static final TableSchema<Order> SCHEMA = TableSchema.fromBean(Order.class);

    private String customerId;
    private String orderId;
    private BigDecimal total;
    private BigDecimal highValueTotal;
    private BigDecimal totalBand;
    private String note;

    /** For the mapper. */
    public Order() {}

    Order(String customerId, String orderId, BigDecimal total) {
        this.customerId = customerId;
        this.orderId = orderId;
        this.total = total;
    }

    @DynamoDbPartitionKey
    @DynamoDbSecondaryPartitionKey(indexNames = {HIGH_VALUE, BY_BAND})
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

    @DynamoDbSecondarySortKey(indexNames = HIGH_VALUE)
    public BigDecimal getHighValueTotal() {
        return highValueTotal;
    }

    public void setHighValueTotal(BigDecimal highValueTotal) {
        this.highValueTotal = highValueTotal;
    }

    @DynamoDbSecondarySortKey(indexNames = BY_BAND)
    public BigDecimal getTotalBand() {
        return totalBand;
    }

    public void setTotalBand(BigDecimal totalBand) {
        this.totalBand = totalBand;
    }

    public String getNote() {
        return note;
    }

    public void setNote(String note) {
        this.note = note;
    }
}
