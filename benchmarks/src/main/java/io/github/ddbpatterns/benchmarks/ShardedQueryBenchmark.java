package io.github.ddbpatterns.benchmarks;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.fanout.FanOut;
import io.github.ddbpatterns.sharding.ShardQuery;
import io.github.ddbpatterns.sharding.ShardedTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reading one logical key spread over S shards x I items (100 x 10 by default), through the latency proxy, at
 * each round trip given: (a) a sequential loop of S Query calls with the sync client, (b) the S Queries from 16
 * threads with the sync client, (c) the raw async client firing all S Queries at once with no merge, and
 * {@link ShardedTable#query} (fan-out concurrency S, merged in sort-key order, exact limit, signed cursor) with
 * limit 100 and with every item. CPU ms/run is the whole JVM's (DynamoDB Local and the proxy run in it too):
 * compare it with (c) to see what the merge costs the client.
 */
@Command(
        name = "sharded-query",
        mixinStandardHelpOptions = true,
        description =
                "Sharded fan-out query vs sequential, 16-thread and raw-async Query loops, through the latency proxy.")
final class ShardedQueryBenchmark implements Callable<Integer> {

    @Option(
            names = "--shards",
            description = "Shards of the logical key (default ${DEFAULT-VALUE}).",
            defaultValue = "100")
    int shards;

    @Option(
            names = "--items-per-shard",
            description = "Items per shard (default ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int itemsPerShard;

    @Option(
            names = "--round-trip-ms",
            split = ",",
            description = "Round trips added by the proxy (default ${DEFAULT-VALUE}).",
            defaultValue = "10,50")
    List<Integer> roundTrips;

    @Option(
            names = "--runs",
            description = "Measured runs per contender (default ${DEFAULT-VALUE}).",
            defaultValue = "15")
    int runs;

    private static final String USER = "bench-user";

    @Override
    public Integer call() throws Exception {
        for (int roundTrip : roundTrips) {
            run(roundTrip);
        }
        return 0;
    }

    private void run(int roundTripMillis) throws Exception {
        try (BenchEnvironment env = BenchEnvironment.start(Duration.ofMillis(roundTripMillis))) {
            String table = env.tables().create(BenchEvent.SCHEMA);
            load(env, table);
            DynamoDbClient sync = env.clients().sync();
            DynamoDbAsyncClient async = env.clients().async();
            ShardedTable<BenchEvent> events = ShardedTable.builder(BenchEvent.SCHEMA)
                    .dynamoDbClient(env.patternsClient())
                    .tableName(table)
                    .logicalKey(BenchEvent::userId)
                    .shards(shards)
                    .fanOut(FanOut.builder().concurrency(Math.min(shards, 250)).build())
                    .build();
            int total = shards * itemsPerShard;
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                ResultTable results = new ResultTable(shards + " shards x " + itemsPerShard + " items at "
                        + roundTripMillis + " ms round trip (median of " + runs + " interleaved rounds)");
                InterleavedRounds contenders = new InterleavedRounds();
                contenders.add("one Query", () -> sync.query(request(table, 0)));
                contenders.add("(a) sequential sync loop", roundTripMillis > 20 ? 1 : 3, () -> {
                    int items = 0;
                    for (int i = 0; i < shards; i++) {
                        items += sync.query(request(table, i)).count();
                    }
                    return check(items, total);
                });
                contenders.add("(b) 16 threads, sync", () -> {
                    List<Future<QueryResponse>> futures = new ArrayList<>();
                    for (int i = 0; i < shards; i++) {
                        int shard = i;
                        futures.add(pool.submit(() -> sync.query(request(table, shard))));
                    }
                    int items = 0;
                    for (Future<QueryResponse> f : futures) {
                        items += f.get().count();
                    }
                    return check(items, total);
                });
                contenders.add("(c) raw async, all at once, no merge", () -> {
                    List<CompletableFuture<QueryResponse>> futures = new ArrayList<>();
                    for (int i = 0; i < shards; i++) {
                        futures.add(async.query(request(table, i)));
                    }
                    int items = 0;
                    for (CompletableFuture<QueryResponse> f : futures) {
                        items += f.join().count();
                    }
                    return check(items, total);
                });
                int limit = Math.min(100, total);
                contenders.add("ShardedTable.query, limit " + limit, () -> {
                    Page<BenchEvent> page =
                            events.query(USER, ShardQuery.all().limit(limit)).join();
                    return check(page.size(), limit);
                });
                contenders.add("ShardedTable.query, all " + total, () -> {
                    Page<BenchEvent> page =
                            events.query(USER, ShardQuery.all().limit(total)).join();
                    return check(page.size(), total);
                });
                contenders.run(3, runs).forEach(results::add);
                results.print(System.out, "(c) raw async, all at once, no merge");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static int check(int actual, int expected) {
        if (actual != expected) {
            throw new IllegalStateException("read " + actual + " items, expected " + expected);
        }
        return actual;
    }

    private static QueryRequest request(String table, int shard) {
        return QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(USER + "#shard-" + shard)))
                .build();
    }

    private void load(BenchEnvironment env, String table) throws Exception {
        List<WriteOp> ops = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            for (int i = 0; i < itemsPerShard; i++) {
                Map<String, AttributeValue> key = Map.of(
                        "pk",
                        AttributeValue.fromS(USER + "#shard-" + shard),
                        "sk",
                        AttributeValue.fromS(String.format("%06d", i * shards + shard)));
                Map<String, AttributeValue> item = new java.util.HashMap<>(key);
                item.put("userId", AttributeValue.fromS(USER));
                item.put("payload", AttributeValue.fromS("x".repeat(100)));
                ops.add(WriteOp.put(table, key, item));
            }
        }
        BatchWriter writer = BatchWriter.builder()
                .dynamoDbClient(env.directClients().async())
                .maxConcurrentRequests(8)
                .build();
        if (!writer.write(ops).get().allPersisted()) {
            throw new IllegalStateException("load failed");
        }
    }

    /** The benchmark's item: physical key {@code pk}, logical key {@code userId}, sort key {@code sk}. */
    static final class BenchEvent {
        static final TableSchema<BenchEvent> SCHEMA = StaticTableSchema.builder(BenchEvent.class)
                .newItemSupplier(BenchEvent::new)
                .addAttribute(
                        String.class,
                        a -> a.name("pk")
                                .getter(e -> e.pk)
                                .setter((e, v) -> e.pk = v)
                                .tags(StaticAttributeTags.primaryPartitionKey()))
                .addAttribute(
                        String.class,
                        a -> a.name("sk")
                                .getter(e -> e.sk)
                                .setter((e, v) -> e.sk = v)
                                .tags(StaticAttributeTags.primarySortKey()))
                .addAttribute(
                        String.class,
                        a -> a.name("userId").getter(e -> e.userId).setter((e, v) -> e.userId = v))
                .addAttribute(
                        String.class,
                        a -> a.name("payload").getter(e -> e.payload).setter((e, v) -> e.payload = v))
                .build();

        String pk;
        String sk;
        String userId;
        String payload;

        String userId() {
            return userId;
        }
    }
}
