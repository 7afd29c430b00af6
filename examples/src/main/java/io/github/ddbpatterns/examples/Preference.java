package io.github.ddbpatterns.examples;

import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/** A user preference: one small item per user, updated often. */
@DynamoDbBean
public class Preference {

    private String userId;
    private String theme;
    private long version;

    public Preference() {}

    public Preference(String userId, String theme, long version) {
        this.userId = userId;
        this.theme = theme;
        this.version = version;
    }

    @DynamoDbPartitionKey
    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getTheme() {
        return theme;
    }

    public void setTheme(String theme) {
        this.theme = theme;
    }

    public long getVersion() {
        return version;
    }

    public void setVersion(long version) {
        this.version = version;
    }
}
