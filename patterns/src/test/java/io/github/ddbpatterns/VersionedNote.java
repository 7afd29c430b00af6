package io.github.ddbpatterns;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.annotations.DynamoDbVersionAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/** A note with a version attribute: every put is conditional on the version it was read with. */
@DynamoDbBean
public class VersionedNote {
    static final TableSchema<VersionedNote> SCHEMA = TableSchema.fromBean(VersionedNote.class);

    private String pk;
    private String owner;
    private String name;
    private String body;
    private Long version;

    public VersionedNote() {}

    public VersionedNote(String owner, String name, String body, Long version) {
        this.owner = owner;
        this.name = name;
        this.body = body;
        this.version = version;
    }

    @DynamoDbPartitionKey
    public String getPk() {
        return pk;
    }

    public void setPk(String pk) {
        this.pk = pk;
    }

    public String getOwner() {
        return owner;
    }

    public void setOwner(String owner) {
        this.owner = owner;
    }

    @DynamoDbSortKey
    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getBody() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }

    @DynamoDbVersionAttribute
    public Long getVersion() {
        return version;
    }

    public void setVersion(Long version) {
        this.version = version;
    }
}
