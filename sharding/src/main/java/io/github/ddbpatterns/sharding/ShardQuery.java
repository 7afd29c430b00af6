package io.github.ddbpatterns.sharding;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.PagedQuery;
import io.github.ddbpatterns.core.SortOrder;
import io.github.ddbpatterns.core.fanout.MergeOrder;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.internal.Paging;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;

/**
 * One read of a logical key across its shards: sort-key condition, filter, consistency, order, exact limit and
 * cursor. An immutable value: every method returns a changed copy, so one query serves every page.
 *
 * <pre>{@code
 * ShardQuery newest50 = ShardQuery.all().newestFirst().limit(50);
 * Page<Event> page = events.query("user-42", newest50).join();
 * Page<Event> next = events.query("user-42", newest50.after(page)).join();
 *
 * ShardQuery january = ShardQuery.where(
 *                 SortKeyCondition.between(AttributeValue.fromS("2026-01"), AttributeValue.fromS("2026-02")))
 *         .filter(Expression.builder().expression("attribute_exists(payload)").build())
 *         .consistentRead(true);
 * }</pre>
 *
 * <p>A cursor resumes only the query it was issued for: same table, logical key, condition, filter, consistency and
 * order (the limit may change between pages). It stays valid when the key's shard count changes, see
 * {@link ShardedTable#query(String, ShardQuery)}.
 */
public final class ShardQuery implements PagedQuery<ShardQuery> {

    private final SortKeyCondition sortKey;
    private final @Nullable Expression filter;
    private final boolean consistentRead;
    private final Paging paging;

    private ShardQuery(SortKeyCondition sortKey, @Nullable Expression filter, boolean consistentRead, Paging paging) {
        this.sortKey = sortKey;
        this.filter = filter;
        this.consistentRead = consistentRead;
        this.paging = paging;
    }

    /**
     * Every item of the logical key, oldest (smallest sort key) first, {@value PagedQuery#DEFAULT_LIMIT} per page,
     * eventually consistent, no filter.
     *
     * @return the query
     */
    public static ShardQuery all() {
        return new ShardQuery(SortKeyCondition.all(), null, false, Paging.DEFAULT);
    }

    /**
     * The items of the logical key whose sort key matches {@code condition}; otherwise as {@link #all()}.
     *
     * @param condition the sort-key condition
     * @return the query
     * @throws InvalidInputException if {@code condition} is null
     */
    public static ShardQuery where(SortKeyCondition condition) {
        return all().sortKey(condition);
    }

    /**
     * This query with another sort-key condition (the wither of {@link #where(SortKeyCondition)}, which Java does
     * not allow to share its name).
     *
     * @param condition the sort-key condition
     * @return the changed query
     * @throws InvalidInputException if {@code condition} is null
     */
    public ShardQuery sortKey(SortKeyCondition condition) {
        return new ShardQuery(Checks.notNull("sortKey", condition), filter, consistentRead, paging);
    }

    /**
     * This query with a filter applied after the key condition (DynamoDB still reads, and charges for, the
     * items it filters out; pages stay exact).
     *
     * @param filter the filter expression
     * @return the changed query
     * @throws InvalidInputException if {@code filter} is null
     */
    public ShardQuery filter(Expression filter) {
        return new ShardQuery(sortKey, Checks.notNull("filter", filter), consistentRead, paging);
    }

    /**
     * This query with strongly consistent (true) or eventually consistent (false, the default) reads of every
     * shard.
     *
     * @param consistentRead whether to read consistently
     * @return the changed query
     */
    public ShardQuery consistentRead(boolean consistentRead) {
        return new ShardQuery(sortKey, filter, consistentRead, paging);
    }

    @Override
    public ShardQuery newestFirst() {
        return new ShardQuery(sortKey, filter, consistentRead, paging.order(SortOrder.NEWEST_FIRST));
    }

    @Override
    public ShardQuery oldestFirst() {
        return new ShardQuery(sortKey, filter, consistentRead, paging.order(SortOrder.OLDEST_FIRST));
    }

    /**
     * {@inheritDoc}
     *
     * @throws InvalidInputException if {@code limit} is not between 1 and {@value PagedQuery#MAX_LIMIT}
     */
    @Override
    public ShardQuery limit(int limit) {
        return new ShardQuery(sortKey, filter, consistentRead, paging.limit(limit));
    }

    /**
     * {@inheritDoc} The cursor is checked (signature, table, logical key, query) before any request is sent.
     *
     * @throws InvalidInputException if {@code cursor} is null or empty
     */
    @Override
    public ShardQuery after(String cursor) {
        return new ShardQuery(sortKey, filter, consistentRead, paging.after(cursor));
    }

    /**
     * The sort-key condition.
     *
     * @return the condition ({@link SortKeyCondition#all()} by default)
     */
    public SortKeyCondition sortKey() {
        return sortKey;
    }

    /**
     * The filter applied after the key condition.
     *
     * @return the filter, or empty for none
     */
    public Optional<Expression> filter() {
        return Optional.ofNullable(filter);
    }

    /**
     * Whether shards are read with strongly consistent reads.
     *
     * @return true for strongly consistent reads (false by default)
     */
    public boolean consistentRead() {
        return consistentRead;
    }

    /**
     * The Enhanced Client request this query sends to one physical partition key (of the table, or of an index): its
     * sort-key condition, direction, consistency and filter; a fan-out adds each fetch's limit and start key.
     *
     * @param physicalKey the partition key value queried
     * @return the request
     */
    public QueryEnhancedRequest requestFor(String physicalKey) {
        QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                .queryConditional(sortKey.forPartition(physicalKey))
                .scanIndexForward(!order().isNewestFirst())
                .consistentRead(consistentRead);
        if (filter != null) {
            request.filterExpression(filter);
        }
        return request.build();
    }

    /**
     * How the pages of several physical keys merge for this query: by {@code sortKeyOrder} in the query's direction,
     * or unordered when the keys have no sort key.
     *
     * @param sortKeyOrder the items' sort-key order, or null when there is no sort key
     * @param <T> the item type
     * @return the merge order
     */
    public <T> MergeOrder<T> mergeOrder(@Nullable Comparator<T> sortKeyOrder) {
        if (sortKeyOrder == null) {
            return MergeOrder.unordered();
        }
        return order().isNewestFirst() ? MergeOrder.descending(sortKeyOrder) : MergeOrder.ascending(sortKeyOrder);
    }

    @Override
    public SortOrder order() {
        return paging.order();
    }

    @Override
    public int limit() {
        return paging.limit();
    }

    @Override
    public Optional<String> cursor() {
        return paging.cursorIfAny();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardQuery other
                && sortKey.equals(other.sortKey)
                && Objects.equals(filter, other.filter)
                && consistentRead == other.consistentRead
                && paging.equals(other.paging);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sortKey, filter, consistentRead, paging);
    }

    /** E.g. {@code ShardQuery[all, newest first, limit=50, resumed]} (never the cursor itself). */
    @Override
    public String toString() {
        return "ShardQuery[" + sortKey.description() + (filter == null ? "" : ", filter=" + filter.expression())
                + (consistentRead ? ", consistent" : "") + ", " + paging.describe() + "]";
    }
}
