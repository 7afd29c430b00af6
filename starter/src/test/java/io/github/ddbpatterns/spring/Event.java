package io.github.ddbpatterns.spring;

import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

@DynamoDbBean
public class Event {
    private String pk; // the physical key "user-42#shard-7": ShardedTable fills it
    private String userId; // the logical key: all of a user's events, whatever their shard
    private Long at; // the sort key: epoch milliseconds
    private String action;

    public Event() {}

    public Event(String userId, Instant at, String action) {
        this.userId = userId;
        this.at = at.toEpochMilli();
        this.action = action;
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
    public Long getAt() {
        return at;
    }

    public void setAt(Long at) {
        this.at = at;
    }

    public String getAction() {
        return action;
    }

    public void setAction(String action) {
        this.action = action;
    }
}
