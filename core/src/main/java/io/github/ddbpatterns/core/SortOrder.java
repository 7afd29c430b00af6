package io.github.ddbpatterns.core;

/**
 * The order of a paginated read, by sort key: the same two words in every repository.
 *
 * <p>Sort keys of sharded and time-series tables are usually times, hence the names: {@link #OLDEST_FIRST} is
 * ascending sort-key order ({@code ScanIndexForward = true}), {@link #NEWEST_FIRST} descending. Strings compare by
 * their UTF-8 bytes and numbers numerically, as DynamoDB orders them.
 */
public enum SortOrder {
    /** Smallest sort key first (ascending). */
    OLDEST_FIRST,
    /** Largest sort key first (descending). */
    NEWEST_FIRST;

    /**
     * Whether this is {@link #NEWEST_FIRST}.
     *
     * @return true when items come largest sort key first
     */
    public boolean isNewestFirst() {
        return this == NEWEST_FIRST;
    }
}
