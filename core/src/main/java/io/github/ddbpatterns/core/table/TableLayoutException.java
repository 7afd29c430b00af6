package io.github.ddbpatterns.core.table;

import io.github.ddbpatterns.core.DdbPatternsException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A repository's table is missing, or its keys, indexes or stream are not the ones the repository needs. Raised
 * before any data request (the repository checks its table once, with DescribeTable, before its first request);
 * the message names the table, what was found and what was expected, and how to create the table.
 */
public class TableLayoutException extends DdbPatternsException {

    private static final long serialVersionUID = 1L;

    private final String tableName;
    private final transient TableLayout expected;
    private final transient @Nullable TableLayout found;
    private final List<String> differences;

    private TableLayoutException(
            String message,
            TableLayout expected,
            @Nullable TableLayout found,
            List<String> differences,
            @Nullable Throwable cause) {
        super(message, cause);
        this.tableName = expected.tableName();
        this.expected = expected;
        this.found = found;
        this.differences = List.copyOf(differences);
    }

    /**
     * The table does not exist.
     *
     * @param component who needs the table, e.g. {@code ShardedTable}
     * @param expected the layout it needs
     * @param cause DynamoDB's ResourceNotFoundException
     * @return the exception
     */
    public static TableLayoutException missing(String component, TableLayout expected, Throwable cause) {
        return new TableLayoutException(
                "table '" + expected.tableName() + "' does not exist; " + component + " needs " + expected
                        + ". Create it with createTable() (development, tests) or from"
                        + " tableLayout().toCloudFormation() / toTerraform()",
                expected,
                null,
                List.of("table does not exist"),
                cause);
    }

    /**
     * The table exists with another layout.
     *
     * @param component who needs the table, e.g. {@code SessionStore}
     * @param expected the layout it needs
     * @param found the layout found
     * @param differences what differs, one sentence each (see {@link TableLayout#differencesFrom})
     * @return the exception
     */
    public static TableLayoutException mismatch(
            String component, TableLayout expected, TableLayout found, List<String> differences) {
        return new TableLayoutException(
                "table '" + expected.tableName() + "' does not have the layout " + component + " needs: "
                        + String.join("; ", differences) + ". Found " + found + ". Expected " + expected,
                expected,
                found,
                differences,
                null);
    }

    /**
     * The table concerned.
     *
     * @return its name
     */
    public String tableName() {
        return tableName;
    }

    /**
     * The layout the repository needs.
     *
     * @return the expected layout
     */
    public TableLayout expected() {
        return expected;
    }

    /**
     * The layout found.
     *
     * @return the layout, or empty when the table does not exist
     */
    public Optional<TableLayout> found() {
        return Optional.ofNullable(found);
    }

    /**
     * What differs, one sentence each.
     *
     * @return the differences
     */
    public List<String> differences() {
        return differences;
    }
}
