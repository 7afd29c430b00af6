package io.github.ddbpatterns.core.table;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.PagedQuery;
import io.github.ddbpatterns.core.internal.Blocking;
import io.github.ddbpatterns.core.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What every blocking twin of a repository shares (the {@code sync()} views): the asynchronous repository behind it
 * and its table methods, waiting on the calling thread and rethrowing a failure's cause as it is (a
 * {@link TableLayoutException}, an SDK exception), not wrapped in a {@code CompletionException}.
 *
 * @param <R> the asynchronous repository
 */
public abstract class SyncTableRepository<R extends TableRepository> {

    private final R async;

    /**
     * The blocking view of {@code async}.
     *
     * @param async the repository
     * @throws io.github.ddbpatterns.core.InvalidInputException if {@code async} is null
     */
    protected SyncTableRepository(R async) {
        this.async = Checks.notNull("async", async);
    }

    /**
     * The asynchronous repository behind this view.
     *
     * @return the repository
     */
    public R async() {
        return async;
    }

    /**
     * Every item of {@code query}: its pages, read one after the other with {@code query.after(page)}, held in
     * memory (stream with the async repository for large reads).
     *
     * @param query the first page's query
     * @param page reads one page, blocking
     * @param <T> the items
     * @param <Q> the query
     * @return the items of every page, in order
     */
    protected static <T, Q extends PagedQuery<Q>> List<T> allPages(Q query, Function<Q, Page<T>> page) {
        List<T> all = new ArrayList<>();
        Page<T> current = page.apply(query);
        all.addAll(current.items());
        while (current.hasMore()) {
            current = page.apply(query.after(current));
            all.addAll(current.items());
        }
        return all;
    }

    /**
     * See {@link TableRepository#tableName()}.
     *
     * @return the table's name
     */
    public String tableName() {
        return async.tableName();
    }

    /**
     * See {@link TableRepository#tableLayout()}.
     *
     * @return the layout the repository needs
     */
    public TableLayout tableLayout() {
        return async.tableLayout();
    }

    /**
     * See {@link TableRepository#createTable()}; waits until the table is ready.
     *
     * @throws TableLayoutException if an existing table has another layout
     */
    public void createTable() {
        Blocking.await(async.createTable());
    }

    /**
     * See {@link TableRepository#verifyTable()}.
     *
     * @throws TableLayoutException if the table is missing or has another layout
     */
    public void verifyTable() {
        Blocking.await(async.verifyTable());
    }
}
