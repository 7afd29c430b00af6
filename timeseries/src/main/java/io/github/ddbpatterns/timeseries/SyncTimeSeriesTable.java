package io.github.ddbpatterns.timeseries;

import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.internal.Blocking;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * The blocking twin of {@link TimeSeriesTable}: the same operations, waiting on the calling thread and
 * rethrowing the DynamoDB error itself (not wrapped in a {@link CompletionException}).
 *
 * <pre>{@code
 * SyncTimeSeriesTable<Reading> readings = asyncReadings.sync();
 * readings.put(reading);
 * Page<Reading> page = readings.query(RangeQuery.builder().entity("company-123").from(from).to(to).build());
 * }</pre>
 *
 * @param <T> the mapped item type
 */
public final class SyncTimeSeriesTable<T> {

    private final TimeSeriesTable<T> async;

    SyncTimeSeriesTable(TimeSeriesTable<T> async) {
        this.async = async;
    }

    /** The asynchronous table behind this view. */
    public TimeSeriesTable<T> async() {
        return async;
    }

    /**
     * Writes {@code item}; see {@link TimeSeriesTable#put(Object)}.
     *
     * @throws InvalidInputException as {@link TimeSeriesTable#keyed(Object)}
     */
    public void put(T item) {
        Blocking.await(async.put(item));
    }

    /**
     * One page of {@code query}; see {@link TimeSeriesTable#query(RangeQuery)}.
     *
     * @throws InvalidInputException as {@link TimeSeriesTable#query(RangeQuery)}
     * @throws InvalidCursorException if the cursor is malformed, altered or of another query
     */
    public Page<T> query(RangeQuery query) {
        return Blocking.await(async.query(query));
    }

    /**
     * Every event of {@code entity} in {@code [from, to)}, in {@code order}, read page by page; holds them all
     * in memory (use the async {@link TimeSeriesTable#streamAll} for large ranges).
     *
     * @throws InvalidInputException as {@link TimeSeriesTable#streamAll}
     */
    public List<T> queryAll(String entity, Instant from, Instant to, TimeOrder order) {
        List<T> all = new ArrayList<>();
        RangeQuery query = RangeQuery.builder()
                .entity(entity)
                .from(from)
                .to(to)
                .order(order)
                .limit(1000)
                .build();
        Page<T> page = query(query);
        all.addAll(page.items());
        while (page.hasMore()) {
            page = query(query.withCursor(page.cursor().orElseThrow()));
            all.addAll(page.items());
        }
        return all;
    }

    /**
     * The newest {@code n} events of {@code entity}; see {@link TimeSeriesTable#latest(String, int)}.
     *
     * @throws InvalidInputException if {@code entity} is null or empty, or {@code n} is not positive
     */
    public List<T> latest(String entity, int n) {
        return Blocking.await(async.latest(entity, n));
    }
}
