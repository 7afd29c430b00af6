package io.github.ddbpatterns.examples.readme;

import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.buffer.PacingStats;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/** The README's core section: BatchWriter and the write-coalescing buffer. */
public final class BatchingExample {

    private BatchingExample() {}

    /**
     * Writes 1,000 preferences in batches, then 10 updates of one key through a buffer.
     *
     * @param ddb the entry point
     * @param tableName an existing table keyed by {@code userId} (S)
     * @return the batch result
     */
    public static BatchWriteResult run(DdbPatterns ddb, String tableName) {
        // tag::batch[]
        DynamoDbAsyncTable<Preference> prefs =
                ddb.enhancedClient().table(tableName, TableSchema.fromBean(Preference.class));
        List<WriteOp> writes = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            writes.add(WriteOp.put(prefs, new Preference("user-" + i, "dark", 14)));
        }
        BatchWriter writer = ddb.batchWriter().maxConcurrentRequests(8).build();
        BatchWriteResult result = writer.write(writes).join(); // 40 calls of 25, UnprocessedItems resent
        result.failed().forEach(f -> System.err.println("gave up on " + f.write() + ": " + f.cause()));
        // end::batch[]
        // tag::buffer[]
        try (WriteBuffer buffer =
                ddb.writeBuffer().maxDelay(Duration.ofMillis(100)).build()) {
            for (int size = 10; size < 20; size++) {
                buffer.put(prefs, new Preference("user-7", "dark", size)); // 10 updates of one item...
            }
        } // ...cost one write: close() persists everything pending
        // end::buffer[]
        return result;
    }

    /**
     * Writes a burst of 2,000 preferences through a buffer paced at 500 write units a second.
     *
     * @param ddb the entry point
     * @param tableName an existing table keyed by {@code userId} (S)
     * @return what the pacing did
     */
    public static PacingStats paced(DdbPatterns ddb, String tableName) {
        DynamoDbAsyncTable<Preference> prefs =
                ddb.enhancedClient().table(tableName, TableSchema.fromBean(Preference.class));
        // tag::pacing[]
        WriteBuffer buffer = ddb.writeBuffer()
                .writeUnitsPerSecond(500) // the table's provisioned WCU: a burst is spread, not throttled
                .capacity(20_000) // the backlog pacing may hold
                .closeTimeout(Duration.ofMinutes(1)) // time to send what is held, at 500 units a second
                .build();
        try (buffer) {
            for (int i = 0; i < 2_000; i++) {
                buffer.put(prefs, new Preference("user-" + i, "dark", 12));
            }
        } // sent at 500 units a second: about 4 s for these 2,000 writes of 1 unit
        buffer.pacingStats().ifPresent(s -> System.out.println("longest pacing delay " + s.maxDelay()));
        // end::pacing[]
        return buffer.pacingStats().orElseThrow();
    }
}
