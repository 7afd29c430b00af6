package io.github.ddbpatterns.sharding;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/** A test item with another key schema than {@link Event}: partition key {@code id} only. */
@DynamoDbBean
public class IdOnly {
    public static final TableSchema<IdOnly> SCHEMA = TableSchema.fromBean(IdOnly.class);

    private String id;

    @DynamoDbPartitionKey
    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }
}
