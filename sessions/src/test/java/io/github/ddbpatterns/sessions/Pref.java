package io.github.ddbpatterns.sessions;

import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/** A user's preferences: the mapped item of the preference store tests. */
@DynamoDbBean
public class Pref {

    private String userId;
    private String theme;
    private Long counter;

    public Pref() {}

    public Pref(String userId, String theme, long counter) {
        this.userId = userId;
        this.theme = theme;
        this.counter = counter;
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

    public Long getCounter() {
        return counter;
    }

    public void setCounter(Long counter) {
        this.counter = counter;
    }

    @Override
    public String toString() {
        return "Pref[" + userId + ", " + theme + ", " + counter + "]";
    }
}
