package io.github.ddbpatterns.examples;

import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.core.capacity.CostEstimator;
import io.github.ddbpatterns.examples.readme.Preference;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * 500 users each change their preference 10 times within one flush window: the write buffer sends one write
 * per user, 25 per BatchWriteItem call, instead of 5,000 PutItems.
 */
final class CoalescingScenario implements Scenario {

    private static final TableSchema<Preference> SCHEMA = TableSchema.fromBean(Preference.class);
    private static final int USERS = 500;
    private static final int UPDATES = 10;

    @Override
    public String name() {
        return "coalescing";
    }

    @Override
    public String summary() {
        return "write-coalescing buffer: 10 updates per key in one window cost 1 write";
    }

    @Override
    public void run(DynamoDbLocal local, PrintStream out) {
        try (TestTables tables = new TestTables(local, "demo-prefs");
                ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .build()
                        .start()) {
            DynamoDbAsyncTable<Preference> prefs =
                    proxy.clients().enhancedAsync().table(tables.create(SCHEMA), SCHEMA);
            BatchWriter writer = BatchWriter.builder()
                    .dynamoDbClient(proxy.clients().async())
                    .build();
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            try (WriteBuffer buffer = WriteBuffer.builder()
                    .batchWriter(writer)
                    .maxPendingKeys(10_000)
                    .maxDelay(Duration.ofSeconds(30))
                    .build()) {
                for (int update = 1; update <= UPDATES; update++) {
                    for (int user = 0; user < USERS; user++) {
                        futures.add(buffer.put(prefs, new Preference("user-" + user, "theme-" + update, update)));
                    }
                }
            } // close() flushes
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();

            long calls = proxy.stats().requests("BatchWriteItem");
            Preference last = prefs.getItem(
                            Key.builder().partitionValue("user-7").build())
                    .join();
            CostEstimator cost = CostEstimator.builder().build();
            out.printf(
                    "  %,d updates accepted -> %,d BatchWriteItem calls carrying %,d item writes%n",
                    USERS * UPDATES, calls, USERS);
            out.printf(
                    "  naive PutItem per update: %,d requests; on-demand write cost for 1M users doing this: $%.2f naive vs $%.2f coalesced%n",
                    USERS * UPDATES,
                    cost.onDemandWriteCost(UPDATES * 1_000_000L, 100),
                    cost.onDemandWriteCost(1_000_000L, 100));
            out.printf("  user-7 now has %s (version %d)%n", last.getTheme(), last.getFontSize());
            if (calls > (USERS + 24) / 25 || last.getFontSize() != UPDATES) {
                throw new IllegalStateException(
                        "coalescing did not hold: " + calls + " calls, version " + last.getFontSize());
            }
        }
    }
}
