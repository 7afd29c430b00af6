package io.github.ddbpatterns.timeseries;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;

/**
 * One range read of a time series: the events of {@code entity} with timestamps in the half-open range
 * {@code [from, to)}, in {@link TimeOrder}, at most {@code limit} of them, optionally filtered, optionally
 * resumed from a cursor. Immutable.
 *
 * <pre>{@code
 * RangeQuery lastWeek = RangeQuery.builder()
 *         .entity("company-123")
 *         .from(now.minus(Duration.ofDays(7))).to(now)
 *         .order(TimeOrder.NEWEST_FIRST)
 *         .limit(100)
 *         .build();
 * Page<Reading> page = readings.query(lastWeek).join();
 * Page<Reading> next = readings.query(lastWeek.withCursor(page.cursor().orElseThrow())).join();
 * }</pre>
 *
 * <p>A cursor resumes only the query it was issued for: same entity, range, order and filter (the limit may
 * change between pages).
 */
public final class RangeQuery {

    /** Default {@link Builder#limit(int)}. */
    public static final int DEFAULT_LIMIT = 100;

    private final String entity;
    private final Instant from;
    private final Instant to;
    private final TimeOrder order;
    private final int limit;
    private final @Nullable Expression filter;
    private final @Nullable String cursor;

    private RangeQuery(Builder builder) {
        this.entity = Checks.notEmpty("entity", builder.entity);
        this.from = Checks.notNull("from", builder.from);
        this.to = Checks.notNull("to", builder.to);
        if (!from.isBefore(to)) {
            throw InvalidInputException.of("to", to, "be after from " + from);
        }
        this.order = builder.order;
        this.limit = builder.limit;
        this.filter = builder.filter;
        this.cursor = builder.cursor;
    }

    /** A builder; entity, from and to are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this query's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.entity = entity;
        b.from = from;
        b.to = to;
        b.order = order;
        b.limit = limit;
        b.filter = filter;
        b.cursor = cursor;
        return b;
    }

    /**
     * This query resumed from {@code cursor} (a page's cursor).
     *
     * @throws InvalidInputException if {@code cursor} is null or empty
     */
    public RangeQuery withCursor(String cursor) {
        return toBuilder().cursor(Checks.notEmpty("cursor", cursor)).build();
    }

    /** The entity id, e.g. {@code company-123}. */
    public String entity() {
        return entity;
    }

    /** The first instant of the range (inclusive). */
    public Instant from() {
        return from;
    }

    /** The end of the range (exclusive). */
    public Instant to() {
        return to;
    }

    /** The order of the results. */
    public TimeOrder order() {
        return order;
    }

    /** The exact number of events wanted (fewer only when fewer exist). */
    public int limit() {
        return limit;
    }

    /** A filter applied by DynamoDB after the key condition, or null. */
    public @Nullable Expression filter() {
        return filter;
    }

    /** The cursor to resume from, or null. */
    public @Nullable String cursor() {
        return cursor;
    }

    @Override
    public String toString() {
        return "RangeQuery[from=" + from + ", to=" + to + ", order=" + order + ", limit=" + limit + ", filter="
                + (filter != null) + ", cursor=" + (cursor != null) + "]";
    }

    /** Builder of {@link RangeQuery}; every setter validates at once. */
    public static final class Builder {
        private @Nullable String entity;
        private @Nullable Instant from;
        private @Nullable Instant to;
        private TimeOrder order = TimeOrder.OLDEST_FIRST;
        private int limit = DEFAULT_LIMIT;
        private @Nullable Expression filter;
        private @Nullable String cursor;

        private Builder() {}

        /**
         * The entity whose events are read.
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder entity(String entity) {
            this.entity = Checks.notEmpty("entity", entity);
            return this;
        }

        /**
         * The first instant of the range (inclusive).
         *
         * @throws InvalidInputException if null
         */
        public Builder from(Instant from) {
            this.from = Checks.notNull("from", from);
            return this;
        }

        /**
         * The end of the range (exclusive).
         *
         * @throws InvalidInputException if null
         */
        public Builder to(Instant to) {
            this.to = Checks.notNull("to", to);
            return this;
        }

        /**
         * The order of the results, oldest first by default.
         *
         * @throws InvalidInputException if null
         */
        public Builder order(TimeOrder order) {
            this.order = Checks.notNull("order", order);
            return this;
        }

        /** Shorthand for {@code order(TimeOrder.NEWEST_FIRST)}. */
        public Builder newestFirst() {
            return order(TimeOrder.NEWEST_FIRST);
        }

        /** Shorthand for {@code order(TimeOrder.OLDEST_FIRST)}. */
        public Builder oldestFirst() {
            return order(TimeOrder.OLDEST_FIRST);
        }

        /**
         * The exact number of events wanted, {@value #DEFAULT_LIMIT} by default.
         *
         * @throws InvalidInputException if not positive
         */
        public Builder limit(int limit) {
            this.limit = Checks.positive("limit", limit);
            return this;
        }

        /** A DynamoDB filter expression applied after the key condition (it costs the reads it discards). */
        public Builder filter(@Nullable Expression filter) {
            this.filter = filter;
            return this;
        }

        /** The cursor of a previous page of this same query, or null to start at the beginning. */
        public Builder cursor(@Nullable String cursor) {
            if (cursor != null) {
                Checks.notEmpty("cursor", cursor);
            }
            this.cursor = cursor;
            return this;
        }

        /**
         * The query.
         *
         * @throws InvalidInputException if entity, from or to is missing, or {@code from} is not before {@code to}
         */
        public RangeQuery build() {
            return new RangeQuery(this);
        }
    }
}
