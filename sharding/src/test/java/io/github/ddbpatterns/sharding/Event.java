package io.github.ddbpatterns.sharding;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/** A test item: physical key {@code pk} (set by the table), logical key {@code userId}, sort key {@code sk}. */
@DynamoDbBean
public class Event {
    public static final TableSchema<Event> SCHEMA = TableSchema.fromBean(Event.class);

    private String pk;
    private String userId;
    private String sk;
    private String payload;

    public Event() {}

    public Event(String userId, String sk, String payload) {
        this.userId = userId;
        this.sk = sk;
        this.payload = payload;
    }

    /** A key item: logical key and sort key only. */
    public static Event key(String userId, String sk) {
        return new Event(userId, sk, null);
    }

    @DynamoDbPartitionKey
    public String getPk() {
        return pk;
    }

    public void setPk(String pk) {
        this.pk = pk;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
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

    @Override
    public String toString() {
        return "Event[" + pk + ", " + sk + "]";
    }
}
