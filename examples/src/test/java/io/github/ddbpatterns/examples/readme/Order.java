package io.github.ddbpatterns.examples.readme;

import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/** The README testing kit's item. */
@DynamoDbBean
public class Order {
    private String orderId;
    private Integer total;

    public Order() {}

    public Order(String orderId, Integer total) {
        this.orderId = orderId;
        this.total = total;
    }

    @DynamoDbPartitionKey
    public String getOrderId() {
        return orderId;
    }

    public void setOrderId(String orderId) {
        this.orderId = orderId;
    }

    public Integer getTotal() {
        return total;
    }

    public void setTotal(Integer total) {
        this.total = total;
    }
}
