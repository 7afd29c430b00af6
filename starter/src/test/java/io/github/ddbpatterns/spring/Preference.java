package io.github.ddbpatterns.spring;

import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/** A user's display preferences: small, updated often, read a lot. */
@DynamoDbBean
public class Preference {
    private String userId;
    private String theme;
    private Integer fontSize;

    public Preference() {}

    public Preference(String userId, String theme, Integer fontSize) {
        this.userId = userId;
        this.theme = theme;
        this.fontSize = fontSize;
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

    public Integer getFontSize() {
        return fontSize;
    }

    public void setFontSize(Integer fontSize) {
        this.fontSize = fontSize;
    }
}
