package io.github.ddbpatterns.core.fanout;

import java.util.Comparator;
import java.util.Objects;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondarySortKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/** A sharded item: partition {@code user#shard-N}, numeric sort key, and a GSI by category and rank. */
@DynamoDbBean
public class ShardItem {
    public static final String BY_CATEGORY = "by-category";
    public static final TableSchema<ShardItem> SCHEMA = TableSchema.fromBean(ShardItem.class);
    public static final Comparator<ShardItem> BY_SK = Comparator.comparingInt(ShardItem::getSk);
    public static final Comparator<ShardItem> BY_RANK = Comparator.comparingInt(ShardItem::getRank);

    private String pk;
    private Integer sk;
    private String category;
    private Integer rank;
    private String payload;

    public ShardItem() {}

    public ShardItem(String pk, int sk, String category, int rank) {
        this.pk = pk;
        this.sk = sk;
        this.category = category;
        this.rank = rank;
        this.payload = "p-" + pk + "-" + sk;
    }

    @DynamoDbPartitionKey
    public String getPk() {
        return pk;
    }

    public void setPk(String pk) {
        this.pk = pk;
    }

    @DynamoDbSortKey
    public Integer getSk() {
        return sk;
    }

    public void setSk(Integer sk) {
        this.sk = sk;
    }

    @DynamoDbSecondaryPartitionKey(indexNames = BY_CATEGORY)
    public String getCategory() {
        return category;
    }

    public void setCategory(String category) {
        this.category = category;
    }

    @DynamoDbSecondarySortKey(indexNames = BY_CATEGORY)
    public Integer getRank() {
        return rank;
    }

    public void setRank(Integer rank) {
        this.rank = rank;
    }

    public String getPayload() {
        return payload;
    }

    public void setPayload(String payload) {
        this.payload = payload;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardItem other
                && Objects.equals(pk, other.pk)
                && Objects.equals(sk, other.sk)
                && Objects.equals(category, other.category)
                && Objects.equals(rank, other.rank)
                && Objects.equals(payload, other.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pk, sk);
    }

    @Override
    public String toString() {
        return pk + "/" + sk + "/" + category + "/" + rank;
    }
}
