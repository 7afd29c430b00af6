package io.github.ddbpatterns.indexes;

import java.math.BigDecimal;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondarySortKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/**
 * A user's interaction with an item and its score. The table answers "items of a user"; the LSI {@value #BY_USER}
 * sorts them by score; the GSI {@value #BY_ITEM} ("users of an item", by score) is keyed on {@code itemShard} (the
 * item id, sharded for hot items) and {@code itemScoreKey}. The three index attributes are derived on every write.
 */
@DynamoDbBean
public class Interaction {
    static final String BY_USER = "byUserScore";
    static final String BY_ITEM = "byItemScore";
    static final TableSchema<Interaction> SCHEMA = TableSchema.fromBean(Interaction.class);

    private String userId;
    private String itemId;
    private BigDecimal score;
    private String userScoreKey;
    private String itemShard;
    private String itemScoreKey;

    /** For the mapper. */
    public Interaction() {}

    Interaction(String userId, String itemId, BigDecimal score) {
        this.userId = userId;
        this.itemId = itemId;
        this.score = score;
    }

    @DynamoDbPartitionKey
    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    @DynamoDbSortKey
    public String getItemId() {
        return itemId;
    }

    public void setItemId(String itemId) {
        this.itemId = itemId;
    }

    public BigDecimal getScore() {
        return score;
    }

    public void setScore(BigDecimal score) {
        this.score = score;
    }

    @DynamoDbSecondarySortKey(indexNames = BY_USER)
    public String getUserScoreKey() {
        return userScoreKey;
    }

    public void setUserScoreKey(String userScoreKey) {
        this.userScoreKey = userScoreKey;
    }

    @DynamoDbSecondaryPartitionKey(indexNames = BY_ITEM)
    public String getItemShard() {
        return itemShard;
    }

    public void setItemShard(String itemShard) {
        this.itemShard = itemShard;
    }

    @DynamoDbSecondarySortKey(indexNames = BY_ITEM)
    public String getItemScoreKey() {
        return itemScoreKey;
    }

    public void setItemScoreKey(String itemScoreKey) {
        this.itemScoreKey = itemScoreKey;
    }
}
