package io.github.ddbpatterns.core.batch;

import java.math.BigDecimal;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/** A test item with a number partition key {@code id} and a payload. */
@DynamoDbBean
public class NumberKeyRow {

    private BigDecimal id;
    private String payload;

    public NumberKeyRow() {}

    @DynamoDbPartitionKey
    public BigDecimal getId() {
        return id;
    }

    public void setId(BigDecimal id) {
        this.id = id;
    }

    public String getPayload() {
        return payload;
    }

    public void setPayload(String payload) {
        this.payload = payload;
    }
}
