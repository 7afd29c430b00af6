package io.github.ddbpatterns.examples;

import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.WriteBatch;

/**
 * 3,000 readings written while the proxy returns 30 % of every batch as UnprocessedItems: the Enhanced
 * client's batchWriteItem (which does not resend them) loses about a third; {@link BatchWriter} loses none.
 */
final class BatchWriteScenario implements Scenario {

    private static final TableSchema<Reading> SCHEMA = TableSchema.fromBean(Reading.class);
    private static final int ITEMS = 3_000;

    @Override
    public String name() {
        return "batch-write";
    }

    @Override
    public String summary() {
        return "BatchWriteItem with 30 % UnprocessedItems: naive loop vs BatchWriter";
    }

    @Override
    public void run(DynamoDbLocal local, PrintStream out) {
        try (TestTables tables = new TestTables(local, "demo-batch");
                ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .writeCapacityPerPartition(1_000_000) // isolate the fault: no throttling here
                        .faults(FaultPlan.unprocessedItems(0.3)
                                .onOperation("BatchWriteItem")
                                .withSeed(7))
                        .build()
                        .start()) {
            DynamoDbEnhancedAsyncClient enhanced = proxy.clients().enhancedAsync();

            DynamoDbAsyncTable<Reading> naiveTable = enhanced.table(tables.create(SCHEMA), SCHEMA);
            int dropped = 0;
            for (List<Reading> chunk : chunks(readings(), 25)) {
                WriteBatch.Builder<Reading> batch =
                        WriteBatch.builder(Reading.class).mappedTableResource(naiveTable);
                chunk.forEach(batch::addPutItem);
                software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteResult result = enhanced.batchWriteItem(
                                BatchWriteItemEnhancedRequest.builder()
                                        .writeBatches(batch.build())
                                        .build())
                        .join();
                dropped += result.unprocessedPutItemsForTable(naiveTable).size();
            }
            long naiveStored = count(local, naiveTable.tableName());
            out.printf(
                    "  Enhanced batchWriteItem loop: %,d written, %,d stored, %,d silently dropped as UnprocessedItems%n",
                    ITEMS, naiveStored, dropped);

            DynamoDbAsyncTable<Reading> table = enhanced.table(tables.create(SCHEMA), SCHEMA);
            BatchWriter writer = BatchWriter.builder()
                    .dynamoDbClient(proxy.clients().async())
                    .resilience(ResiliencePolicy.builder().maxAttempts(20).build())
                    .build();
            List<WriteOp> ops = new ArrayList<>();
            readings().forEach(r -> ops.add(WriteOp.put(table, r)));
            io.github.ddbpatterns.core.batch.BatchWriteResult result =
                    writer.write(ops).join();
            long stored = count(local, table.tableName());
            out.printf(
                    "  BatchWriter:                  %,d written, %,d stored, %d failed, %,d BatchWriteItem calls (%,d resends of unprocessed items)%n",
                    ITEMS, stored, result.failed().size(), result.requests(), result.requests() - ITEMS / 25);
            if (stored != ITEMS || !result.allPersisted()) {
                throw new IllegalStateException("BatchWriter lost writes: stored " + stored);
            }
        }
    }

    private static List<Reading> readings() {
        List<Reading> list = new ArrayList<>(ITEMS);
        for (int i = 0; i < ITEMS; i++) {
            list.add(new Reading("sensor-" + (i % 50), String.format("2026-11-24T10:%05d", i), 20 + i % 7));
        }
        return list;
    }

    private static <T> List<List<T>> chunks(List<T> all, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            chunks.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return chunks;
    }

    static long count(DynamoDbLocal local, String table) {
        return local.syncClient().scanPaginator(b -> b.tableName(table).select("COUNT")).stream()
                .mapToLong(page -> page.count())
                .sum();
    }
}
