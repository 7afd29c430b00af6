package io.github.ddbpatterns.timeseries;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.PagedQuery;
import io.github.ddbpatterns.core.SortOrder;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.internal.Paging;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;

/**
 * One range read of a time series: the events of {@code entity} with timestamps in the half-open range
 * {@code [from, to)} ({@code from} included, {@code to} excluded), oldest or newest first, {@code limit} of them per
 * page, optionally filtered, optionally resumed after a previous page. Immutable: every method returns a changed
 * copy, so one value serves every page.
 *
 * <pre>{@code
 * RangeQuery lastWeek = RangeQuery.of("company-123", now.minus(Duration.ofDays(7)), now)
 *         .newestFirst()
 *         .limit(100);
 * Page<Reading> page = readings.query(lastWeek).join();
 * if (page.hasMore()) {
 *     Page<Reading> next = readings.query(lastWeek.after(page)).join();
 * }
 * }</pre>
 *
 * <p>A cursor resumes only the query it was issued for: same entity, range, order and filter (the limit may change
 * between pages).
 */
public final class RangeQuery implements PagedQuery<RangeQuery> {

    private final String entity;
    private final Instant from;
    private final Instant to;
    private final @Nullable Expression filter;
    private final Paging paging;

    private RangeQuery(String entity, Instant from, Instant to, @Nullable Expression filter, Paging paging) {
        this.entity = entity;
        this.from = from;
        this.to = to;
        this.filter = filter;
        this.paging = paging;
    }

    /**
     * The events of {@code entity} with timestamps in the half-open range {@code [from, to)}: at or after
     * {@code from} and strictly before {@code to}; oldest first, {@value PagedQuery#DEFAULT_LIMIT} per page, no
     * filter.
     *
     * @param entity the entity whose events are read, e.g. {@code company-123}
     * @param from the first instant of the range (inclusive)
     * @param to the end of the range (exclusive)
     * @return the query
     * @throws InvalidInputException if {@code entity} is null or empty, {@code from} or {@code to} is null, or
     *     {@code from} is not before {@code to}
     */
    public static RangeQuery of(String entity, Instant from, Instant to) {
        Checks.notEmpty("entity", entity);
        Checks.notNull("from", from);
        Checks.notNull("to", to);
        if (!from.isBefore(to)) {
            throw InvalidInputException.of("to", to, "be after from " + from + " (the range [from, to) is half-open)");
        }
        return new RangeQuery(entity, from, to, null, Paging.DEFAULT);
    }

    /**
     * This query with a DynamoDB filter expression applied after the key condition. A filter costs the reads it
     * discards; pages still hold exactly {@link #limit()} matching events (fewer only at the end).
     *
     * @param filter the filter
     * @return the changed query
     * @throws InvalidInputException if {@code filter} is null
     */
    public RangeQuery filter(Expression filter) {
        return new RangeQuery(entity, from, to, Checks.notNull("filter", filter), paging);
    }

    /**
     * This query, newest event first (descending timestamp, then descending tie-breaker).
     *
     * @return the changed query
     */
    @Override
    public RangeQuery newestFirst() {
        return new RangeQuery(entity, from, to, filter, paging.order(SortOrder.NEWEST_FIRST));
    }

    /**
     * This query, oldest event first (ascending timestamp, then ascending tie-breaker; the default).
     *
     * @return the changed query
     */
    @Override
    public RangeQuery oldestFirst() {
        return new RangeQuery(entity, from, to, filter, paging.order(SortOrder.OLDEST_FIRST));
    }

    /**
     * This query with exactly {@code limit} events per page (fewer only when the range holds fewer).
     *
     * @param limit the page size
     * @return the changed query
     * @throws InvalidInputException if {@code limit} is not between 1 and {@value PagedQuery#MAX_LIMIT}
     */
    @Override
    public RangeQuery limit(int limit) {
        return new RangeQuery(entity, from, to, filter, paging.limit(limit));
    }

    /**
     * This query resumed right after the page that returned {@code cursor}.
     *
     * @param cursor a page's cursor
     * @return the changed query
     * @throws InvalidInputException if {@code cursor} is null or empty
     */
    @Override
    public RangeQuery after(String cursor) {
        return new RangeQuery(entity, from, to, filter, paging.after(cursor));
    }

    /**
     * The entity id.
     *
     * @return e.g. {@code company-123}
     */
    public String entity() {
        return entity;
    }

    /**
     * The first instant of the range, included.
     *
     * @return {@code from} of {@code [from, to)}
     */
    public Instant from() {
        return from;
    }

    /**
     * The end of the range, excluded.
     *
     * @return {@code to} of {@code [from, to)}
     */
    public Instant to() {
        return to;
    }

    /**
     * The filter applied by DynamoDB after the key condition.
     *
     * @return the filter, or empty
     */
    public Optional<Expression> filter() {
        return Optional.ofNullable(filter);
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
    public boolean equals(Object other) {
        return other instanceof RangeQuery q
                && entity.equals(q.entity)
                && from.equals(q.from)
                && to.equals(q.to)
                && Objects.equals(filter, q.filter)
                && paging.equals(q.paging);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entity, from, to, filter, paging);
    }

    /** Describes the range, order, limit and whether a filter or cursor is set; never the entity nor the cursor. */
    @Override
    public String toString() {
        return "RangeQuery[[" + from + ", " + to + "), " + paging.describe() + (filter == null ? "" : ", filtered")
                + "]";
    }
}
