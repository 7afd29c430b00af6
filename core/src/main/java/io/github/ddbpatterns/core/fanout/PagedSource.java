package io.github.ddbpatterns.core.fanout;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One paginated read that a {@link FanOut} merges with others: typically a DynamoDB Query of one partition
 * (one shard, one time bucket). {@link QuerySource} implements it over the Enhanced async client; implement it
 * directly to wrap another client, add retries, or count requests in tests.
 *
 * @param <T> the item type
 */
public interface PagedSource<T> {

    /**
     * What this source reads, as a stable string: table, index, key condition (including its partition key
     * value), filter, direction, projection. A cursor is bound to the fingerprints of all its sources (they are
     * hashed, never stored), so a cursor cannot be replayed against another partition or another query.
     */
    String fingerprint();

    /**
     * Fetches one page of at most {@code limit} items, starting after {@code exclusiveStartKey} (from the start
     * when null). Must not block; failures complete the future exceptionally.
     *
     * @param exclusiveStartKey the position to continue after, or null to start at the beginning
     * @param limit the maximum number of items to evaluate, at least 1
     */
    CompletableFuture<SourcePage<T>> fetch(@Nullable Map<String, AttributeValue> exclusiveStartKey, int limit);

    /**
     * The key of {@code item} usable as an exclusive start key of this source: the table's primary key, plus
     * the index key for an index query.
     *
     * @throws IllegalStateException if the item lacks a key attribute (for example projected away)
     */
    Map<String, AttributeValue> keyOf(T item);
}
