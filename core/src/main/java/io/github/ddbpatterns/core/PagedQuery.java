package io.github.ddbpatterns.core;

import java.util.Optional;

/**
 * The contract every paginated read of ddb-patterns shares: an order, an exact limit, and a cursor to resume from.
 * Queries are immutable: each method returns a changed copy, so one query value serves every page.
 *
 * <pre>{@code
 * ShardQuery newest = ShardQuery.all().newestFirst().limit(50);
 * Page<Event> page = events.query("user-42", newest).join();
 * while (page.hasMore()) {
 *     page = events.query("user-42", newest.after(page)).join();   // same query, next page
 * }
 * }</pre>
 *
 * <p>A cursor resumes only the query it was issued for: same key or entity, range, condition, filter and order (the
 * limit may change between pages). It is checked before any request is sent; see {@link InvalidCursorException}.
 *
 * @param <Q> the query type
 */
public interface PagedQuery<Q extends PagedQuery<Q>> {

    /** Default {@link #limit()}: items per page. */
    int DEFAULT_LIMIT = 100;

    /**
     * The largest {@link #limit()}: a page is held in memory whole, so a bigger one is refused; read more with
     * {@code stream}, which holds one page of each source at a time.
     */
    int MAX_LIMIT = 10_000;

    /**
     * The order of the results.
     *
     * @return the order ({@link SortOrder#OLDEST_FIRST} by default)
     */
    SortOrder order();

    /**
     * The exact number of items of a page (fewer only when fewer exist).
     *
     * @return the limit ({@value #DEFAULT_LIMIT} by default)
     */
    int limit();

    /**
     * The cursor this query resumes from.
     *
     * @return the cursor, or empty for the first page
     */
    Optional<String> cursor();

    /**
     * This query, largest sort key first.
     *
     * @return the changed query
     */
    Q newestFirst();

    /**
     * This query, smallest sort key first (the default).
     *
     * @return the changed query
     */
    Q oldestFirst();

    /**
     * This query with {@code limit} items per page.
     *
     * @param limit the exact number of items per page
     * @return the changed query
     * @throws InvalidInputException if {@code limit} is not between 1 and {@value #MAX_LIMIT}
     */
    Q limit(int limit);

    /**
     * This query resumed right after the page that returned {@code cursor} (a cursor string a client sent back).
     *
     * @param cursor a page's cursor
     * @return the changed query
     * @throws InvalidInputException if {@code cursor} is null or empty
     */
    Q after(String cursor);

    /**
     * This query resumed right after {@code page}.
     *
     * @param page a page this query (or a previous page of it) returned
     * @return the changed query
     * @throws InvalidInputException if {@code page} is null or the last page (it has no cursor: nothing follows)
     */
    default Q after(Page<?> page) {
        if (page == null) {
            throw InvalidInputException.of("page", null, "not be null");
        }
        return after(page.cursor()
                .orElseThrow(() -> InvalidInputException.of(
                        "page", page, "have a cursor (it is the last page: nothing follows it)")));
    }
}
