package io.github.ddbpatterns;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/** A user's setting for the preference store: key userId, a free-size value. */
@DynamoDbBean
public class Setting {
    static final TableSchema<Setting> SCHEMA = TableSchema.fromBean(Setting.class);

    private String userId;
    private String value;

    public Setting() {}

    public Setting(String userId, String value) {
        this.userId = userId;
        this.value = value;
    }

    @DynamoDbPartitionKey
    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }
}
