package io.github.ddbpatterns.core.resilience;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A table write throttled because one of the table's secondary indexes had no capacity left ("back-pressure"):
 * every table write is also a write to each index that holds the item, and DynamoDB refuses the table write when
 * an index cannot take its share. Found by {@link DynamoDbErrors#indexBackPressure(Throwable)}.
 *
 * <p>The index is named when the service said which ({@code ThrottlingReasons} with an index ARN as the resource,
 * sent by DynamoDB since 2025); older responses only say "one or more global secondary indexes", and then {@link
 * #indexName()} is empty.
 */
public final class IndexBackPressure {

    private final @Nullable String tableName;
    private final @Nullable String indexName;
    private final String reason;

    IndexBackPressure(@Nullable String tableName, @Nullable String indexName, String reason) {
        this.tableName = tableName;
        this.indexName = indexName;
        this.reason = reason;
    }

    /**
     * The table whose write was refused, when the service named it.
     *
     * @return the table name
     */
    public Optional<String> tableName() {
        return Optional.ofNullable(tableName);
    }

    /**
     * The index that had no capacity, when the service named it.
     *
     * @return the index name
     */
    public Optional<String> indexName() {
        return Optional.ofNullable(indexName);
    }

    /**
     * The throttling reason, e.g. {@code IndexWriteProvisionedThroughputExceeded}, or {@code
     * IndexWriteThroughputExceeded} when only the message told.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }

    /**
     * The index's name for meters and messages: its name, or {@code unnamed} when the service did not say.
     *
     * @return a tag value
     */
    public String indexTag() {
        return indexName == null ? "unnamed" : indexName;
    }

    @Override
    public String toString() {
        return "IndexBackPressure[" + (tableName == null ? "?" : tableName) + "/" + indexTag() + ": " + reason + "]";
    }
}
