package io.github.ddbpatterns;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.annotations.DynamoDbVersionAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;

/** A {@link Note} with a version attribute: every put is conditional on the version it was read with. */
@DynamoDbBean
public class VersionedNote extends Note {
    static final TableSchema<VersionedNote> SCHEMA = TableSchema.fromBean(VersionedNote.class);

    private Long version;

    public VersionedNote() {}

    public VersionedNote(String owner, String name, String body, Long version) {
        super(owner, name, body);
        this.version = version;
    }

    @DynamoDbVersionAttribute
    public Long getVersion() {
        return version;
    }

    public void setVersion(Long version) {
        this.version = version;
    }
}
