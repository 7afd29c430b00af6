package io.github.ddbpatterns.core.table;

import java.util.concurrent.CompletableFuture;

/**
 * A repository over one DynamoDB table that explains the table it needs: every ddb-patterns repository is one.
 *
 * <pre>{@code
 * System.out.println(sessions.tableLayout());                 // keys, indexes, TTL, stream
 * System.out.println(sessions.tableLayout().toCloudFormation());
 * sessions.createTable().join();                               // development and tests
 * sessions.verifyTable().join();                               // e.g. at start-up: fails if missing or different
 * }</pre>
 */
public interface TableRepository {

    /**
     * The table's name.
     *
     * @return the name
     */
    String tableName();

    /**
     * The layout this repository needs (keys and their types, indexes, TTL attribute, stream).
     *
     * @return the layout
     */
    TableLayout tableLayout();

    /**
     * Creates the table with {@link #tableLayout()} (on-demand billing), waits until it is active, enables TTL and
     * the stream it needs, then checks it. An existing table is left as it is and checked. For development and
     * tests: in production declare the table in your infrastructure code ({@link TableLayout#toCloudFormation()}).
     *
     * @return completes when the table is ready; exceptionally with {@link TableLayoutException} when an existing
     *     table has another layout, or with the service's error
     */
    CompletableFuture<Void> createTable();

    /**
     * Checks the table now (one DescribeTable). The repository does this by itself before its first request; call
     * it to fail at start-up instead.
     *
     * @return completes when the table serves this repository; exceptionally with {@link TableLayoutException} when
     *     it is missing or has another layout
     */
    CompletableFuture<Void> verifyTable();
}
