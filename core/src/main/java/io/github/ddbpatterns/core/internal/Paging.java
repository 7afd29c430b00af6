package io.github.ddbpatterns.core.internal;

import io.github.ddbpatterns.core.PagedQuery;
import io.github.ddbpatterns.core.SortOrder;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The order, limit and cursor of a {@link PagedQuery}, held by composition in every query class so the three are
 * checked and copied in one place.
 *
 * @param order the order
 * @param limit the exact page size, positive
 * @param cursor the cursor to resume from, or null
 */
public record Paging(SortOrder order, int limit, @Nullable String cursor) {

    /** The first page, oldest first, {@value PagedQuery#DEFAULT_LIMIT} items. */
    public static final Paging DEFAULT = new Paging(SortOrder.OLDEST_FIRST, PagedQuery.DEFAULT_LIMIT, null);

    /**
     * Checks the values.
     *
     * @throws io.github.ddbpatterns.core.InvalidInputException if order is null, the limit not between 1 and
     *     {@link PagedQuery#MAX_LIMIT} or the cursor empty
     */
    public Paging {
        Checks.notNull("order", order);
        Checks.inRange("limit", limit, 1, PagedQuery.MAX_LIMIT);
        if (cursor != null) {
            Checks.notEmpty("cursor", cursor);
        }
    }

    /**
     * With another order; the cursor is kept (a cursor of another order is refused when used).
     *
     * @param newOrder the order
     * @return the changed paging
     */
    public Paging order(SortOrder newOrder) {
        return new Paging(newOrder, limit, cursor);
    }

    /**
     * With another limit.
     *
     * @param newLimit the limit
     * @return the changed paging
     */
    public Paging limit(int newLimit) {
        return new Paging(order, newLimit, cursor);
    }

    /**
     * Resumed after {@code newCursor}.
     *
     * @param newCursor a page's cursor
     * @return the changed paging
     */
    public Paging after(String newCursor) {
        return new Paging(order, limit, Checks.notEmpty("cursor", newCursor));
    }

    /**
     * The cursor.
     *
     * @return the cursor, or empty
     */
    public Optional<String> cursorIfAny() {
        return Optional.ofNullable(cursor);
    }

    /**
     * A short description for a query's {@code toString()} (never the cursor itself).
     *
     * @return e.g. {@code newest first, limit=50, resumed}
     */
    public String describe() {
        return (order.isNewestFirst() ? "newest first" : "oldest first") + ", limit=" + limit
                + (cursor == null ? "" : ", resumed");
    }
}
