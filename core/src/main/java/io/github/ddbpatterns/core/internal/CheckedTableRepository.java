package io.github.ddbpatterns.core.internal;

import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.table.TableLayout;
import io.github.ddbpatterns.core.table.TableRepository;
import java.util.concurrent.CompletableFuture;

/**
 * The part every repository implementation shares: its {@link TableCheck}, and the {@link TableRepository} methods
 * answered from it (name, layout, create, verify). Implementations wrap their data requests in
 * {@code check.then(...)}.
 */
public abstract class CheckedTableRepository implements TableRepository {

    /** The check of the repository's table, run before its first data request. */
    protected final TableCheck check;

    /**
     * A repository over a table of {@code layout}.
     *
     * @param context the repository's shared settings
     * @param layout the table it needs
     * @param component its name for messages, e.g. {@code ShardedTable}
     */
    protected CheckedTableRepository(PatternsContext context, TableLayout layout, String component) {
        this.check = TableCheck.of(context, layout, component);
    }

    @Override
    public String tableName() {
        return check.expected().tableName();
    }

    @Override
    public TableLayout tableLayout() {
        return check.expected();
    }

    @Override
    public CompletableFuture<Void> createTable() {
        return check.create();
    }

    @Override
    public CompletableFuture<Void> verifyTable() {
        return check.verify();
    }
}
