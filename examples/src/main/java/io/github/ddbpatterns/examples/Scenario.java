package io.github.ddbpatterns.examples;

import io.github.ddbpatterns.testing.DynamoDbLocal;
import java.io.PrintStream;

/** One self-contained demo scenario: sets up its tables, runs, prints what it shows, cleans up. */
interface Scenario {

    /** Short name used on the command line ({@code --scenario NAME}). */
    String name();

    /** One line saying what the scenario shows. */
    String summary();

    /**
     * Runs the scenario against {@code local}, printing to {@code out}.
     *
     * @throws Exception if the scenario fails; the demo then exits non-zero
     */
    void run(DynamoDbLocal local, PrintStream out) throws Exception;
}
