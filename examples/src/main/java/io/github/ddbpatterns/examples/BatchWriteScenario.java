package io.github.ddbpatterns.examples;

import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.examples.demo.DemoContext;
import io.github.ddbpatterns.examples.demo.DemoScenario;
import io.github.ddbpatterns.examples.demo.DemoTarget;
import io.github.ddbpatterns.examples.demo.Plural;
import io.github.ddbpatterns.examples.demo.Progress;
import io.github.ddbpatterns.examples.demo.RequestStats;
import io.github.ddbpatterns.examples.demo.Row;
import io.github.ddbpatterns.examples.demo.ScenarioReport;
import io.github.ddbpatterns.examples.demo.Step;
import io.github.ddbpatterns.examples.demo.UnitEstimate;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.TestTables;
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
final class BatchWriteScenario implements DemoScenario {

    static final String NAME = "batch-write";
    private static final TableSchema<Reading> SCHEMA = TableSchema.fromBean(Reading.class);
    private static final int ITEMS = 3_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "BatchWriteItem with 30 % UnprocessedItems: naive loop vs BatchWriter";
    }

    @Override
    public UnitEstimate endpointUnits() {
        return new UnitEstimate(2.0 * ITEMS, 0, 2);
    }

    @Override
    public ScenarioReport run(DemoContext context) {
        ScenarioReport report = new ScenarioReport(name(), summary());
        try (DemoTarget target = context.target(
                NAME,
                b -> b.writeCapacityPerPartition(1_000_000) // isolate the fault: no throttling here
                        .faults(FaultPlan.unprocessedItems(0.3)
                                .onOperation("BatchWriteItem")
                                .withSeed(7)))) {
            TestTables tables = target.tables();
            RequestStats stats = target.stats();
            DynamoDbEnhancedAsyncClient enhanced = DynamoDbEnhancedAsyncClient.builder()
                    .dynamoDbClient(target.async())
                    .build();

            DynamoDbAsyncTable<Reading> naiveTable = enhanced.table(tables.create(SCHEMA), SCHEMA);
            int dropped = 0;
            long t0 = System.nanoTime();
            stats.reset();
            List<List<Reading>> chunks = chunks(readings(), 25);
            try (Progress progress = context.progress("Enhanced batchWriteItem, 25 readings a call", ITEMS)) {
                int done = 0;
                for (List<Reading> chunk : chunks) {
                    WriteBatch.Builder<Reading> batch =
                            WriteBatch.builder(Reading.class).mappedTableResource(naiveTable);
                    chunk.forEach(batch::addPutItem);
                    software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteResult result = enhanced.batchWriteItem(
                                    BatchWriteItemEnhancedRequest.builder()
                                            .writeBatches(batch.build())
                                            .build())
                            .join();
                    dropped += result.unprocessedPutItemsForTable(naiveTable).size();
                    done += chunk.size();
                    progress.update(done);
                }
            }
            long naiveMillis = (System.nanoTime() - t0) / 1_000_000;
            long naiveRequests = stats.requests("BatchWriteItem");
            long naiveStored = target.countItems(naiveTable.tableName());
            report.add(Row.of(Step.PROBLEM, "Enhanced batchWriteItem loop, UnprocessedItems ignored")
                    .requests(naiveRequests)
                    .items(naiveStored)
                    .wrong(ITEMS - naiveStored)
                    .millis(naiveMillis));

            DynamoDbAsyncTable<Reading> table = enhanced.table(tables.create(SCHEMA), SCHEMA);
            BatchWriter writer = BatchWriter.builder()
                    .dynamoDbClient(target.async())
                    .resilience(ResiliencePolicy.builder().maxAttempts(20).build())
                    .build();
            List<WriteOp> ops = new ArrayList<>();
            readings().forEach(r -> ops.add(WriteOp.put(table, r)));
            t0 = System.nanoTime();
            io.github.ddbpatterns.core.batch.BatchWriteResult result =
                    writer.write(ops).join();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            long stored = target.countItems(table.tableName());
            report.add(Row.of(Step.FIX, "BatchWriter, UnprocessedItems resent with backoff")
                    .requests(result.requests())
                    .items(stored)
                    .wrong(ITEMS - stored)
                    .millis(millis));
            report.note(String.format(
                    "the Enhanced client reported %s as UnprocessedItems and the loop went on; BatchWriter"
                            + " resent them in %s",
                    Plural.of(dropped, "item"), Plural.of(result.requests() - naiveRequests, "extra call")));
            report.headline(
                    Plural.of(ITEMS - naiveStored, "item") + " lost",
                    Plural.of(ITEMS - stored, "item") + " lost",
                    stored == ITEMS ? "no write lost" : "-");
            if (stored != ITEMS || !result.allPersisted()) {
                throw new IllegalStateException("BatchWriter lost writes: stored " + stored);
            }
        }
        return report;
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
}
