package io.github.ddbpatterns.sharding;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.internal.Blocking;
import java.util.List;
import java.util.Optional;

/**
 * The blocking twin of a {@link ShardedTable}: the same operations, waiting for the result and rethrowing the
 * cause of a failure as is (SDK exceptions stay SDK exceptions). Obtain it with {@link ShardedTable#sync()}.
 *
 * <pre>{@code
 * SyncShardedTable<Event> events = ShardedTable.builder(schema)....build().sync();
 * Page<Event> page = events.query("user-42", ShardQuery.builder().limit(20).build());
 * }</pre>
 *
 * @param <T> the item type
 */
public final class SyncShardedTable<T> {

    private final ShardedTable<T> async;

    SyncShardedTable(ShardedTable<T> async) {
        this.async = async;
    }

    /** The asynchronous table behind this view. */
    public ShardedTable<T> async() {
        return async;
    }

    /**
     * See {@link ShardedTable#put(Object)}.
     *
     * @throws InvalidInputException as {@link ShardedTable#put(Object)}
     */
    public T put(T item) {
        return Blocking.await(async.put(item));
    }

    /**
     * See {@link ShardedTable#update(Object)}.
     *
     * @throws InvalidInputException as {@link ShardedTable#update(Object)}
     */
    public T update(T item) {
        return Blocking.await(async.update(item));
    }

    /**
     * See {@link ShardedTable#get(Object)}.
     *
     * @throws InvalidInputException as {@link ShardedTable#get(Object)}
     */
    public Optional<T> get(T keyItem) {
        return Blocking.await(async.get(keyItem));
    }

    /**
     * See {@link ShardedTable#delete(Object)}.
     *
     * @throws InvalidInputException as {@link ShardedTable#delete(Object)}
     */
    public Optional<T> delete(T keyItem) {
        return Blocking.await(async.delete(keyItem));
    }

    /**
     * See {@link ShardedTable#query(String, ShardQuery)}.
     *
     * @throws InvalidInputException as {@link ShardedTable#query(String, ShardQuery)}
     */
    public Page<T> query(String logicalKey, ShardQuery query) {
        return Blocking.await(async.query(logicalKey, query));
    }

    /**
     * Every item of {@code logicalKey} matching {@code query} (ignoring its limit), read page by page.
     *
     * @throws InvalidInputException as {@link ShardedTable#query(String, ShardQuery)}
     */
    public List<T> queryAll(String logicalKey, ShardQuery query) {
        List<T> all = new java.util.ArrayList<>();
        ShardQuery next = query;
        while (true) {
            Page<T> page = query(logicalKey, next);
            all.addAll(page.items());
            if (page.cursor().isEmpty()) {
                return all;
            }
            next = query.resume(page.cursor().get());
        }
    }
}
