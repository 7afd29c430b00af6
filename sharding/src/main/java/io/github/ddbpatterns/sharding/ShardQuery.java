package io.github.ddbpatterns.sharding;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;

/**
 * One read of a logical key across its shards: sort-key condition, filter, order, exact limit and cursor.
 * Immutable.
 *
 * <pre>{@code
 * ShardQuery newest50 = ShardQuery.builder().descending().limit(50).build();
 * Page<Event> page = events.query("user-42", newest50).join();
 * Page<Event> next = events.query("user-42", newest50.resume(page.cursor().orElseThrow())).join();
 * }</pre>
 */
public final class ShardQuery {

    /** Default {@link Builder#limit(int)}. */
    public static final int DEFAULT_LIMIT = 100;

    private final SortKeyCondition sortKey;
    private final @Nullable Expression filter;
    private final boolean descending;
    private final int limit;
    private final @Nullable String cursor;
    private final boolean consistentRead;

    private ShardQuery(Builder b) {
        this.sortKey = b.sortKey;
        this.filter = b.filter;
        this.descending = b.descending;
        this.limit = b.limit;
        this.cursor = b.cursor;
        this.consistentRead = b.consistentRead;
    }

    /** A builder: all items, ascending, limit {@value #DEFAULT_LIMIT}, eventually consistent. */
    public static Builder builder() {
        return new Builder();
    }

    /** All items ascending by sort key, {@value #DEFAULT_LIMIT} per page. */
    public static ShardQuery ofDefaults() {
        return builder().build();
    }

    /** A builder holding this query's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.sortKey = sortKey;
        b.filter = filter;
        b.descending = descending;
        b.limit = limit;
        b.cursor = cursor;
        b.consistentRead = consistentRead;
        return b;
    }

    /**
     * This query resumed after the page that returned {@code cursor}.
     *
     * @throws InvalidInputException if {@code cursor} is null or empty
     */
    public ShardQuery resume(String cursor) {
        return toBuilder().cursor(Checks.notEmpty("cursor", cursor)).build();
    }

    /** The sort-key condition. */
    public SortKeyCondition sortKey() {
        return sortKey;
    }

    /** The filter applied after the key condition, or null. */
    public @Nullable Expression filter() {
        return filter;
    }

    /** Whether items come largest sort key first. */
    public boolean descending() {
        return descending;
    }

    /** The exact number of items of a page (fewer only when fewer exist). */
    public int limit() {
        return limit;
    }

    /** The cursor to resume from, or null. */
    public @Nullable String cursor() {
        return cursor;
    }

    /** Whether shards are read with strongly consistent reads. */
    public boolean consistentRead() {
        return consistentRead;
    }

    @Override
    public String toString() {
        return "ShardQuery[" + sortKey + (filter == null ? "" : ", filter=" + filter.expression())
                + (descending ? ", descending" : ", ascending") + ", limit=" + limit
                + (cursor == null ? "" : ", resumed") + (consistentRead ? ", consistent" : "") + "]";
    }

    /** Builder of {@link ShardQuery}; every setter validates at once. */
    public static final class Builder {
        private SortKeyCondition sortKey = SortKeyCondition.all();
        private @Nullable Expression filter;
        private boolean descending;
        private int limit = DEFAULT_LIMIT;
        private @Nullable String cursor;
        private boolean consistentRead;

        private Builder() {}

        /**
         * The sort-key condition (default: all items).
         *
         * @throws InvalidInputException if null
         */
        public Builder sortKey(SortKeyCondition sortKey) {
            this.sortKey = Checks.notNull("sortKey", sortKey);
            return this;
        }

        /** A filter expression applied after the key condition; null for none. */
        public Builder filter(@Nullable Expression filter) {
            this.filter = filter;
            return this;
        }

        /** Smallest sort key first (the default). */
        public Builder ascending() {
            this.descending = false;
            return this;
        }

        /** Largest sort key first. */
        public Builder descending() {
            this.descending = true;
            return this;
        }

        /**
         * Exactly this many items per page (fewer only when fewer exist).
         *
         * @throws InvalidInputException if {@code limit} is not positive
         */
        public Builder limit(int limit) {
            this.limit = Checks.positive("limit", limit);
            return this;
        }

        /**
         * Resume after the page that returned {@code cursor}; null starts at the beginning. The cursor is
         * checked (signature, logical key, query) before any request is sent.
         *
         * @throws InvalidInputException if {@code cursor} is empty
         */
        public Builder cursor(@Nullable String cursor) {
            if (cursor != null) {
                Checks.notEmpty("cursor", cursor);
            }
            this.cursor = cursor;
            return this;
        }

        /** Strongly consistent reads of every shard (default false). */
        public Builder consistentRead(boolean consistentRead) {
            this.consistentRead = consistentRead;
            return this;
        }

        /** The query. */
        public ShardQuery build() {
            return new ShardQuery(this);
        }
    }
}
