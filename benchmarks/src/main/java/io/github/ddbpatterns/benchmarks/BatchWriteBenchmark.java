package io.github.ddbpatterns.benchmarks;

import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * N item writes: PutItem one by one, PutItem from 16 threads, and {@link BatchWriter} (25-item calls, 8 in
 * flight), all through the proxy at the same round-trip time.
 */
@Command(
        name = "batch-write",
        mixinStandardHelpOptions = true,
        description = "PutItem one by one vs 16 threads vs BatchWriter, through the latency proxy.")
final class BatchWriteBenchmark implements Callable<Integer> {

    @Option(names = "--items", description = "Items written per run (default ${DEFAULT-VALUE}).", defaultValue = "2000")
    int items;

    @Option(
            names = "--round-trip-ms",
            description = "Round trip added by the proxy (default ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int roundTripMillis;

    @Option(
            names = "--runs",
            description = "Measured runs per contender (default ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int runs;

    @Override
    public Integer call() throws Exception {
        try (BenchEnvironment env = BenchEnvironment.start(Duration.ofMillis(roundTripMillis))) {
            DynamoDbClient sync = env.clients().sync();
            DynamoDbAsyncClient async = env.clients().async();
            String table = env.tables().uniqueName();
            sync.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder()
                            .attributeName("pk")
                            .keyType(KeyType.HASH)
                            .build())
                    .attributeDefinitions(AttributeDefinition.builder()
                            .attributeName("pk")
                            .attributeType(ScalarAttributeType.S)
                            .build()));
            BatchWriter writer = BatchWriter.builder()
                    .dynamoDbClient(async)
                    .maxConcurrentRequests(8)
                    .build();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                int[] run = {0};
                ResultTable results = new ResultTable(items + " item writes at " + roundTripMillis + " ms round trip");
                results.add(Measurement.of("PutItem, one by one", 0, 1, () -> {
                    for (Map<String, AttributeValue> item : items(table, run[0]++)) {
                        sync.putItem(b -> b.tableName(table).item(item));
                    }
                    return null;
                }));
                results.add(Measurement.of("PutItem, 16 threads", 1, runs, () -> {
                    List<Future<?>> futures = new ArrayList<>();
                    for (Map<String, AttributeValue> item : items(table, run[0]++)) {
                        futures.add(pool.submit(
                                () -> sync.putItem(b -> b.tableName(table).item(item))));
                    }
                    for (Future<?> f : futures) {
                        f.get();
                    }
                    return null;
                }));
                results.add(Measurement.of("BatchWriter (25/call, 8 in flight)", 1, runs, () -> {
                    List<WriteOp> ops = new ArrayList<>();
                    for (Map<String, AttributeValue> item : items(table, run[0]++)) {
                        ops.add(WriteOp.put(table, Map.of("pk", item.get("pk")), item));
                    }
                    BatchWriteResult result = writer.write(ops).get();
                    if (!result.allPersisted()) {
                        throw new IllegalStateException(result.failed().size() + " writes failed");
                    }
                    return null;
                }));
                results.print(System.out, "PutItem, one by one");
            } finally {
                pool.shutdownNow();
            }
        }
        return 0;
    }

    private List<Map<String, AttributeValue>> items(String table, int run) {
        List<Map<String, AttributeValue>> list = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            list.add(Map.of(
                    "pk",
                    AttributeValue.fromS("run-" + run + "-item-" + i),
                    "payload",
                    AttributeValue.fromS("x".repeat(200))));
        }
        return list;
    }
}
