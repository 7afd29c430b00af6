package io.github.ddbpatterns;

import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/** A time-series reading: keys pk/sk filled by the repository, entity and timestamp from the caller. */
@DynamoDbBean
public class Reading {
    static final TableSchema<Reading> SCHEMA = TableSchema.fromBean(Reading.class);

    private String pk;
    private String sk;
    private String entity;
    private Instant at;
    private String body;

    public Reading() {}

    public Reading(String entity, Instant at, String body) {
        this.entity = entity;
        this.at = at;
        this.body = body;
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

    public String getBody() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }
}
