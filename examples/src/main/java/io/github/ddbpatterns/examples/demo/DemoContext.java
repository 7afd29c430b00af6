package io.github.ddbpatterns.examples.demo;

import io.github.ddbpatterns.testing.DynamoDbLocal;
import java.io.PrintStream;

/**
 * What a scenario runs with: DynamoDB Local, where to print, and progress reporting.
 *
 * @param local DynamoDB Local
 * @param out where to print
 * @param terminal whether {@code out} is a terminal ({@code System.console() != null})
 */
public record DemoContext(DynamoDbLocal local, PrintStream out, boolean terminal) {

    /**
     * Progress of a step of {@code total} units of work; close it when the step ends.
     *
     * @param label what the step does
     * @param total the units of work (0: unknown)
     * @return the progress
     */
    public Progress progress(String label, long total) {
        return new Progress(out, label, total, terminal, System::nanoTime);
    }
}
