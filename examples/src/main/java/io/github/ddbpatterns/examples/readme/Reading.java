package io.github.ddbpatterns.examples.readme;

import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/** A telemetry reading of a company: the time series' item. */
@DynamoDbBean
public class Reading {
    private String pk; // "company-123#2026-01-01": TimeSeriesTable fills it
    private String sk; // "2026-01-01T13:45:00.000000000Z#r-1": TimeSeriesTable fills it
    private String companyId;
    private Instant at;
    private String id;
    private Double value;
    private Long expiresAt; // TTL, epoch seconds: TimeSeriesTable fills it from the retention

    public Reading() {}

    public Reading(String companyId, Instant at, String id, double value) {
        this.companyId = companyId;
        this.at = at;
        this.id = id;
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

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public Double getValue() {
        return value;
    }

    public void setValue(Double value) {
        this.value = value;
    }

    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }

    @Override
    public String toString() {
        return pk + " | " + sk + " | value=" + value;
    }
}
