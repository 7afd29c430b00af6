package io.github.ddbpatterns.timeseries;

import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/** A telemetry reading: keys filled by the repository, entity + timestamp + event id from the caller. */
@DynamoDbBean
public class Reading {
    public static final TableSchema<Reading> SCHEMA = TableSchema.fromBean(Reading.class);

    private String pk;
    private String sk;
    private String entity;
    private Instant at;
    private String id;
    private Integer value;
    private Long expiresAt;

    public Reading() {}

    public Reading(String entity, Instant at, String id, int value) {
        this.entity = entity;
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

    public String getEntity() {
        return entity;
    }

    public void setEntity(String entity) {
        this.entity = entity;
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

    public Integer getValue() {
        return value;
    }

    public void setValue(Integer value) {
        this.value = value;
    }

    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reading r
                && Objects.equals(pk, r.pk)
                && Objects.equals(sk, r.sk)
                && Objects.equals(entity, r.entity)
                && Objects.equals(at, r.at)
                && Objects.equals(id, r.id)
                && Objects.equals(value, r.value)
                && Objects.equals(expiresAt, r.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pk, sk);
    }

    @Override
    public String toString() {
        return "Reading[" + entity + " " + at + " " + id + "]";
    }
}
