package io.github.ddbpatterns.examples;

import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/** A sensor reading: the item type the demo scenarios write and read. */
@DynamoDbBean
public class Reading {

    private String sensorId;
    private String timestamp;
    private double celsius;

    public Reading() {}

    public Reading(String sensorId, String timestamp, double celsius) {
        this.sensorId = sensorId;
        this.timestamp = timestamp;
        this.celsius = celsius;
    }

    @DynamoDbPartitionKey
    public String getSensorId() {
        return sensorId;
    }

    public void setSensorId(String sensorId) {
        this.sensorId = sensorId;
    }

    @DynamoDbSortKey
    public String getTimestamp() {
        return timestamp;
    }

    public void setTimestamp(String timestamp) {
        this.timestamp = timestamp;
    }

    public double getCelsius() {
        return celsius;
    }

    public void setCelsius(double celsius) {
        this.celsius = celsius;
    }

    @Override
    public String toString() {
        return sensorId + " @ " + timestamp + " = " + celsius + " °C";
    }
}
