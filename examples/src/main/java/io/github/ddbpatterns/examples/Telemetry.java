package io.github.ddbpatterns.examples;

import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/** A telemetry event of a company; {@code pk} and {@code sk} are filled by the time-series repository. */
@DynamoDbBean
public class Telemetry {
    private String pk;
    private String sk;
    private String companyId;
    private Instant at;
    private String eventId;
    private Double value;

    public Telemetry() {}

    public Telemetry(String companyId, Instant at, String eventId, double value) {
        this.companyId = companyId;
        this.at = at;
        this.eventId = eventId;
        this.value = value;
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

    public String getCompanyId() {
        return companyId;
    }

    public void setCompanyId(String companyId) {
        this.companyId = companyId;
    }

    public Instant getAt() {
        return at;
    }

    public void setAt(Instant at) {
        this.at = at;
    }

    public String getEventId() {
        return eventId;
    }

    public void setEventId(String eventId) {
        this.eventId = eventId;
    }

    public Double getValue() {
        return value;
    }

    public void setValue(Double value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return pk + " | " + sk + " | value=" + value;
    }
}
