package io.github.ddbpatterns.capacity;

import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/** A sensor reading: device, time, payload of any size. */
@DynamoDbBean
public class Reading {
    private String device;
    private long at;
    private String payload;

    /** For the mapper. */
    public Reading() {}

    Reading(String device, long at, String payload) {
        this.device = device;
        this.at = at;
        this.payload = payload;
    }

    @DynamoDbPartitionKey
    public String getDevice() {
        return device;
    }

    public void setDevice(String device) {
        this.device = device;
    }

    @DynamoDbSortKey
    public long getAt() {
        return at;
    }

    public void setAt(long at) {
        this.at = at;
    }

    public String getPayload() {
        return payload;
    }

    public void setPayload(String payload) {
        this.payload = payload;
    }
}
