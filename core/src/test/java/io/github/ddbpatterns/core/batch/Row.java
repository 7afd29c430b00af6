package io.github.ddbpatterns.core.batch;

import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/** A test item: partition key {@code pk}, sort key {@code sk}, a payload. */
@DynamoDbBean
public class Row {

    private String pk;
    private String sk;
    private String payload;

    public Row() {}

    public Row(String pk, String sk, String payload) {
        this.pk = pk;
        this.sk = sk;
        this.payload = payload;
    }

    @DynamoDbPartitionKey
    public String getPk() {
        return pk;
    }

    public void setPk(String pk) {
        this.pk = pk;
    }

    @DynamoDbSortKey
    public String getSk() {
        return sk;
    }

    public void setSk(String sk) {
        this.sk = sk;
    }

    public String getPayload() {
        return payload;
    }

    public void setPayload(String payload) {
        this.payload = payload;
    }
}
