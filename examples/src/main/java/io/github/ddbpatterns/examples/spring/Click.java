package io.github.ddbpatterns.examples.spring;

import io.github.ddbpatterns.timeseries.SortKeyCodec;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/**
 * One click of a user: the item of the sharded clicks table. The sort key is the click's instant, fixed width, and
 * its id ({@code 2026-11-29T10:15:30.000000000Z#9f2c...}), so clicks sort by time and two clicks of one user at the
 * same instant are both kept (a number sort key of epoch milliseconds would let the second overwrite the first).
 */
@DynamoDbBean
public class Click {
    private @Nullable String pk; // "user-42#shard-7": the ShardedTable fills it
    private @Nullable String sk; // "<instant>#<id>"
    private @Nullable String userId; // the logical key
    private @Nullable String id;
    private @Nullable Instant at;
    private @Nullable String action;

    /** An empty click, for the Enhanced client. */
    public Click() {}

    /**
     * A click of {@code userId} at {@code at}.
     *
     * @param userId who clicked
     * @param id the click's id, unique for the user and instant
     * @param at when
     * @param action what was clicked
     */
    public Click(String userId, String id, Instant at, String action) {
        this.userId = userId;
        this.id = id;
        this.at = at;
        this.action = action;
        this.sk = SortKeyCodec.sortKey(at, id);
    }

    /** The physical key, {@code <userId>#shard-<n>}. */
    @DynamoDbPartitionKey
    public @Nullable String getPk() {
        return pk;
    }

    /** Sets the physical key. */
    public void setPk(@Nullable String pk) {
        this.pk = pk;
    }

    /** The sort key, {@code <instant>#<id>}. */
    @DynamoDbSortKey
    public @Nullable String getSk() {
        return sk;
    }

    /** Sets the sort key. */
    public void setSk(@Nullable String sk) {
        this.sk = sk;
    }

    /** Who clicked: the logical key. */
    public @Nullable String getUserId() {
        return userId;
    }

    /** Sets who clicked. */
    public void setUserId(@Nullable String userId) {
        this.userId = userId;
    }

    /** The click's id. */
    public @Nullable String getId() {
        return id;
    }

    /** Sets the click's id. */
    public void setId(@Nullable String id) {
        this.id = id;
    }

    /** When the click happened. */
    public @Nullable Instant getAt() {
        return at;
    }

    /** Sets when the click happened. */
    public void setAt(@Nullable Instant at) {
        this.at = at;
    }

    /** What was clicked. */
    public @Nullable String getAction() {
        return action;
    }

    /** Sets what was clicked. */
    public void setAction(@Nullable String action) {
        this.action = action;
    }
}
