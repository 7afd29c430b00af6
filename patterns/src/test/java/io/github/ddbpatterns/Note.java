package io.github.ddbpatterns;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/** A sharded note with a free-size body: physical key pk, logical key owner, sort key name. */
@DynamoDbBean
public class Note {
    static final TableSchema<Note> SCHEMA = TableSchema.fromBean(Note.class);

    private String pk;
    private String owner;
    private String name;
    private String body;

    public Note() {}

    public Note(String owner, String name, String body) {
        this.owner = owner;
        this.name = name;
        this.body = body;
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
}
