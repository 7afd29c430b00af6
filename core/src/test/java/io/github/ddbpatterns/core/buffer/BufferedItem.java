package io.github.ddbpatterns.core.buffer;

import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/** A small mapped item for the buffer tests: an id and a version number that tells which write won. */
@DynamoDbBean
public class BufferedItem {

    private String id;
    private Integer version;

    public BufferedItem() {}

    public BufferedItem(String id, Integer version) {
        this.id = id;
        this.version = version;
    }

    @DynamoDbPartitionKey
    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public Integer getVersion() {
        return version;
    }

    public void setVersion(Integer version) {
        this.version = version;
    }
}
