package io.github.ddbpatterns.benchmarks;

import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.TestTables;
import java.io.PrintStream;
import java.util.List;

/**
 * What every benchmark of one run shares: one DynamoDB Local (server mode), its tables, the figures collected, the
 * output and whether the run is a quick smoke run (small sizes, few rounds; its numbers mean nothing).
 *
 * @param local DynamoDB Local, started once for the whole run
 * @param tables tables created straight on DynamoDB Local, deleted at the end of the run
 * @param figures where figures go
 * @param out progress output
 * @param quick whether to run small sizes and few rounds
 */
record Suite(DynamoDbLocal local, TestTables tables, Figures figures, PrintStream out, boolean quick) {

    /** Prints a progress line (prefixed {@code #}, so RESULT lines stay easy to pick out). */
    void progress(String format, Object... args) {
        out.println("# " + String.format(java.util.Locale.ROOT, format, args));
        out.flush();
    }

    /** {@code full} in a measured run, {@code small} in a quick run. */
    int size(int full, int small) {
        return quick ? small : full;
    }

    /** Writes {@code writes} straight to DynamoDB Local (no proxy), failing when one is not persisted. */
    void load(List<WriteOp> writes) {
        BatchWriter writer = BatchWriter.builder()
                .dynamoDbClient(local.clients().async())
                .maxConcurrentRequests(8)
                .build();
        if (!writer.write(writes).join().allPersisted()) {
            throw new IllegalStateException("loading " + writes.size() + " items failed");
        }
    }
}
