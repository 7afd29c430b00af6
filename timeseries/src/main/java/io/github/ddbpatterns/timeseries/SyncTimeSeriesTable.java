package io.github.ddbpatterns.timeseries;

import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.internal.Blocking;
import io.github.ddbpatterns.core.table.SyncTableRepository;
import io.github.ddbpatterns.core.table.TableLayoutException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * The blocking twin of {@link TimeSeriesTable}: the same operations, waiting on the calling thread and
 * rethrowing the failure itself (the DynamoDB or ddb-patterns exception, not wrapped in a
 * {@link CompletionException}).
 *
 * <pre>{@code
 * SyncTimeSeriesTable<Reading> readings = asyncReadings.sync();
 * Reading stored = readings.put(reading);
 * Page<Reading> page = readings.query(RangeQuery.of("company-123", from, to));   // [from, to)
 * List<Reading> all = readings.queryAll(RangeQuery.of("company-123", from, to).limit(1000));
 * }</pre>
 *
 * @param <T> the mapped item type
 */
public final class SyncTimeSeriesTable<T> extends SyncTableRepository<TimeSeriesTable<T>> {

    SyncTimeSeriesTable(TimeSeriesTable<T> async) {
        super(async);
    }

    /**
     * Writes {@code item} with its keys filled; see {@link TimeSeriesTable#put(Object)} (through the write buffer,
     * when one is configured, this waits until the buffer persisted it).
     *
     * @param item the item
     * @return the item as stored (keys filled)
     * @throws InvalidInputException as {@link TimeSeriesTable#put(Object)}
     * @throws TableLayoutException if the table is missing or has other keys
     */
    public T put(T item) {
        return Blocking.await(async().put(item));
    }

    /**
     * Writes every item with its keys filled; see {@link TimeSeriesTable#putAll(Collection)}.
     *
     * @param items the items
     * @return one outcome per item, in input order
     * @throws InvalidInputException as {@link TimeSeriesTable#putAll(Collection)}
     * @throws TableLayoutException if the table is missing or has other keys
     */
    public BatchWriteResult putAll(Collection<T> items) {
        return Blocking.await(async().putAll(items));
    }

    /**
     * One page of {@code query}: events with timestamps in {@code [from, to)}; see
     * {@link TimeSeriesTable#query(RangeQuery)}.
     *
     * @param query the range, order, limit, filter and cursor
     * @return the page
     * @throws InvalidInputException as {@link TimeSeriesTable#query(RangeQuery)}
     * @throws InvalidCursorException if the cursor is malformed, altered or of another query
     * @throws TableLayoutException if the table is missing or has other keys
     */
    public Page<T> query(RangeQuery query) {
        return Blocking.await(async().query(query));
    }

    /**
     * Every event of {@code query} with timestamps in {@code [from, to)}, from its cursor on, read page by page
     * ({@code query.limit()} events a page, each next page with {@code query.after(page)}); holds them all in
     * memory (use the async {@link TimeSeriesTable#stream(RangeQuery)} for large ranges).
     *
     * @param query the range, order, page size, filter and cursor
     * @return the events, in the query's order
     * @throws InvalidInputException as {@link TimeSeriesTable#query(RangeQuery)}
     * @throws InvalidCursorException if the cursor is malformed, altered or of another query
     * @throws TableLayoutException if the table is missing or has other keys
     */
    public List<T> queryAll(RangeQuery query) {
        return allPages(query, this::query);
    }

    /**
     * The newest {@code n} events of {@code entity}; see {@link TimeSeriesTable#latest(String, int)}.
     *
     * @param entity the entity id
     * @param n how many events
     * @return the events, newest first
     * @throws InvalidInputException if {@code entity} is null or empty, or {@code n} is not positive
     * @throws TableLayoutException if the table is missing or has other keys
     */
    public List<T> latest(String entity, int n) {
        return Blocking.await(async().latest(entity, n));
    }
}
