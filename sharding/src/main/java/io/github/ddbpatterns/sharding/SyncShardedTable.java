package io.github.ddbpatterns.sharding;

import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.internal.Blocking;
import io.github.ddbpatterns.core.table.SyncTableRepository;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The blocking twin of a {@link ShardedTable}: the same operations, waiting for the result and rethrowing the
 * cause of a failure as is (SDK exceptions stay SDK exceptions). Obtain it with {@link ShardedTable#sync()}.
 *
 * <pre>{@code
 * SyncShardedTable<Event> events = ShardedTable.builder(context, TableSchema.fromBean(Event.class))
 *         .tableName("events")
 *         .logicalKey(Event::getUserId)
 *         .shards(10)
 *         .build()
 *         .sync();
 * Page<Event> page = events.query("user-42", ShardQuery.all().limit(20));
 * List<Event> all = events.queryAll("user-42", ShardQuery.all());
 * }</pre>
 *
 * @param <T> the item type
 */
public final class SyncShardedTable<T> extends SyncTableRepository<ShardedTable<T>> {

    SyncShardedTable(ShardedTable<T> async) {
        super(async);
    }

    /**
     * See {@link ShardedTable#put(Object)}.
     *
     * @param item the item
     * @return the item as stored
     * @throws InvalidInputException as {@link ShardedTable#put(Object)}
     */
    public T put(T item) {
        return Blocking.await(async().put(item));
    }

    /**
     * See {@link ShardedTable#putAll(Collection)}.
     *
     * @param items the items
     * @return one outcome per item
     * @throws InvalidInputException as {@link ShardedTable#putAll(Collection)}
     */
    public BatchWriteResult putAll(Collection<T> items) {
        return Blocking.await(async().putAll(items));
    }

    /**
     * See {@link ShardedTable#update(Object)}.
     *
     * @param item the item with its new attributes
     * @return the item as stored after the update
     * @throws InvalidInputException as {@link ShardedTable#update(Object)}
     */
    public T update(T item) {
        return Blocking.await(async().update(item));
    }

    /**
     * See {@link ShardedTable#get(Object)}.
     *
     * @param keyItem an item carrying the logical key and the sort key
     * @return the item, or empty
     * @throws InvalidInputException as {@link ShardedTable#get(Object)}
     */
    public Optional<T> get(T keyItem) {
        return Blocking.await(async().get(keyItem));
    }

    /**
     * See {@link ShardedTable#delete(Object)}.
     *
     * @param keyItem an item carrying the logical key and the sort key
     * @return the deleted item, or empty
     * @throws InvalidInputException as {@link ShardedTable#delete(Object)}
     */
    public Optional<T> delete(T keyItem) {
        return Blocking.await(async().delete(keyItem));
    }

    /**
     * See {@link ShardedTable#query(String, ShardQuery)}.
     *
     * @param logicalKey the logical key
     * @param query the query
     * @return the page
     * @throws InvalidInputException as {@link ShardedTable#query(String, ShardQuery)}
     * @throws InvalidCursorException as {@link ShardedTable#query(String, ShardQuery)}
     */
    public Page<T> query(String logicalKey, ShardQuery query) {
        return Blocking.await(async().query(logicalKey, query));
    }

    /**
     * Every item of {@code logicalKey} matching {@code query} from its cursor on, read page by page
     * ({@code query.limit()} items a page, each next page with {@code query.after(page)}).
     *
     * @param logicalKey the logical key
     * @param query the query
     * @return the items, in the query's order
     * @throws InvalidInputException as {@link ShardedTable#query(String, ShardQuery)}
     * @throws InvalidCursorException as {@link ShardedTable#query(String, ShardQuery)}
     */
    public List<T> queryAll(String logicalKey, ShardQuery query) {
        return allPages(query, q -> query(logicalKey, q));
    }
}
