package io.github.ddbpatterns.examples.readme;

import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.core.table.TableLayoutException;
import io.github.ddbpatterns.sessions.SessionStore;
import java.util.concurrent.CompletionException;

/** The README's "tables that explain themselves" section. */
public final class TablesExample {

    private TablesExample() {}

    /**
     * Prints a store's layout and CloudFormation, and shows the error a missing table gives.
     *
     * @param ddb the entry point
     * @return the error of the store pointed at a missing table
     */
    public static TableLayoutException run(DdbPatterns ddb) {
        // tag::tables[]
        SessionStore sessions = ddb.sessions().tableName("sessions").build();
        System.out.println(sessions.tableLayout()); // what it needs, in one line
        System.out.println(sessions.tableLayout().toCloudFormation()); // or toTerraform()

        SessionStore misconfigured = ddb.sessions().tableName("sesions").build(); // a typo
        try {
            misconfigured.get("a-session-id").join(); // DescribeTable once, then no data request at all
        } catch (CompletionException e) {
            TableLayoutException wrong = (TableLayoutException) e.getCause();
            System.out.println(wrong.getMessage()); // table 'sesions' does not exist; SessionStore needs ...
            // end::tables[]
            return wrong;
            // tag::tables[]
        }
        // end::tables[]
        throw new IllegalStateException("a store over a missing table answered");
    }
}
