package io.github.ddbpatterns.benchmarks;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.fanout.FanOut;
import io.github.ddbpatterns.sharding.ShardQuery;
import io.github.ddbpatterns.sharding.ShardedTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reading one logical key spread over S shards x 10 items, through the latency proxy: (a) a sequential loop of S
 * Query calls with the sync client, (b) the S Queries from a 16-thread pool with the sync client, (c) the raw async
 * client firing all S Queries at once, no mapping and no merge (the floor), (d) the Enhanced async client doing the
 * same, mapping the items (to show what mapping costs), and {@link ShardedTable#query} (fan-out concurrency S, merged
 * in sort-key order, exact limit, signed cursor) with limit 100 and with every item. At 100 shards every contender
 * runs; the shard-count sweep runs (a), (b), (c) and the limit-100 query. CPU ms/run is the whole JVM's (DynamoDB
 * Local and the proxy run in it too).
 */
final class ShardedQuerySection {

    static final int[] SHARD_COUNTS = {1, 10, 25, 50, 100};
    static final int ITEMS_PER_SHARD = 10;
    static final String LOOP = "sequential_loop";
    static final String POOL = "pool16";
    static final String RAW = "raw_async";
    static final String ENHANCED = "enhanced_async";
    static final String LIBRARY = "library";
    static final String LIBRARY_ALL = "library_all";
    static final String ONE_QUERY = "one_query";

    private static final Figure.Group GROUP = Figure.Group.SHARDED_QUERY;

    private final Suite suite;
    private final String table;
    private boolean warm;

    ShardedQuerySection(Suite suite) {
        this.suite = suite;
        this.table = suite.tables().create(BenchEvent.SCHEMA);
        List<WriteOp> ops = new ArrayList<>();
        for (int shards : SHARD_COUNTS) {
            for (int shard = 0; shard < shards; shard++) {
                for (int i = 0; i < ITEMS_PER_SHARD; i++) {
                    Map<String, AttributeValue> item = new HashMap<>();
                    item.put("pk", AttributeValue.fromS(user(shards) + "#shard-" + shard));
                    item.put("sk", AttributeValue.fromS(String.format("%06d", i * shards + shard)));
                    item.put("userId", AttributeValue.fromS(user(shards)));
                    item.put("payload", AttributeValue.fromS("x".repeat(100)));
                    ops.add(WriteOp.put(table, Map.of("pk", item.get("pk"), "sk", item.get("sk")), item));
                }
            }
        }
        suite.load(ops);
        suite.figures()
                .note(
                        GROUP,
                        "One logical key over S shards x " + ITEMS_PER_SHARD + " items of ~150 bytes; median of "
                                + "interleaved rounds (contenders in rotating order each round). 100 shards: "
                                + suite.size(21, 3) + " rounds at 10 ms (sequential loop: 3), " + suite.size(13, 2)
                                + " at 50 ms (loop: 1), after 12 warm-up rounds at the first round trip and 5 at the"
                                + " next; shard-count sweep: " + suite.size(9, 2)
                                + " rounds (loop: 2 at 10 ms, 1 at 50 ms). Raw async = low-level DynamoDbAsyncClient,"
                                + " all S Queries at once, no mapping, no merge (the floor); Enhanced async = the"
                                + " same requests through the Enhanced client, items mapped, no merge.");
    }

    private static String user(int shards) {
        return "user-" + shards;
    }

    /** Measures every shard count at {@code roundTripMillis}. */
    void run(int roundTripMillis) throws Exception {
        try (BenchEnvironment env = BenchEnvironment.start(suite.local(), Duration.ofMillis(roundTripMillis))) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                for (int i = SHARD_COUNTS.length - 1; i >= 0; i--) {
                    int shards = SHARD_COUNTS[i];
                    if (suite.quick() && shards != 100 && shards != 10) {
                        continue;
                    }
                    // 100 shards first, with the longest warm-up: every contender runs then
                    int warmups = suite.quick() ? 1 : shards != 100 ? 3 : warm ? 5 : 12;
                    measure(env, pool, shards, roundTripMillis, warmups);
                    warm = true;
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private void measure(BenchEnvironment env, ExecutorService pool, int shards, int rt, int warmups) throws Exception {
        boolean full = shards == 100;
        DynamoDbClient sync = env.clients().sync();
        DynamoDbAsyncClient async = env.clients().async();
        DynamoDbAsyncTable<BenchEvent> enhanced = env.clients().enhancedAsync().table(table, BenchEvent.SCHEMA);
        String user = user(shards);
        ShardedTable<BenchEvent> events = ShardedTable.builder(BenchEvent.SCHEMA)
                .dynamoDbClient(env.patternsClient())
                .tableName(table)
                .logicalKey(BenchEvent::userId)
                .shards(shards)
                .fanOut(FanOut.builder().concurrency(Math.min(shards, 250)).build())
                .build();
        int total = shards * ITEMS_PER_SHARD;
        int limit = Math.min(100, total);
        InterleavedRounds contenders = new InterleavedRounds();
        if (full) {
            contenders.add(ONE_QUERY, () -> sync.query(request(user, 0)));
        }
        int loopRuns = rt > 20 ? 1 : (full ? 3 : 2);
        contenders.add(LOOP, suite.quick() ? 1 : loopRuns, () -> {
            int items = 0;
            for (int i = 0; i < shards; i++) {
                items += sync.query(request(user, i)).count();
            }
            return check(items, total);
        });
        contenders.add(POOL, () -> {
            List<Future<QueryResponse>> futures = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                int shard = i;
                futures.add(pool.submit(() -> sync.query(request(user, shard))));
            }
            int items = 0;
            for (Future<QueryResponse> f : futures) {
                items += f.get().count();
            }
            return check(items, total);
        });
        contenders.add(RAW, () -> {
            List<CompletableFuture<QueryResponse>> futures = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                futures.add(async.query(request(user, i)));
            }
            int items = 0;
            for (CompletableFuture<QueryResponse> f : futures) {
                items += f.join().count();
            }
            return check(items, total);
        });
        if (full) {
            contenders.add(ENHANCED, () -> {
                AtomicInteger items = new AtomicInteger();
                List<CompletableFuture<Void>> futures = new ArrayList<>();
                for (int i = 0; i < shards; i++) {
                    String pk = user + "#shard-" + i;
                    futures.add(enhanced.query(QueryEnhancedRequest.builder()
                                    .queryConditional(QueryConditional.keyEqualTo(
                                            Key.builder().partitionValue(pk).build()))
                                    .build())
                            .items()
                            .subscribe(item -> items.incrementAndGet()));
                }
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                        .join();
                return check(items.get(), total);
            });
        }
        contenders.add(LIBRARY, () -> {
            Page<BenchEvent> page =
                    events.query(user, ShardQuery.all().limit(limit)).join();
            return check(page.size(), limit);
        });
        if (full) {
            contenders.add(LIBRARY_ALL, () -> {
                Page<BenchEvent> page =
                        events.query(user, ShardQuery.all().limit(total)).join();
                return check(page.size(), total);
            });
        }
        int rounds = !full ? suite.size(9, 2) : rt > 20 ? suite.size(13, 2) : suite.size(21, 3);
        suite.progress("sharded query: %d shards at %d ms, %d rounds", shards, rt, rounds);
        List<Measurement> results = contenders.run(warmups, rounds);
        Figures figures = suite.figures();
        String prefix = "sharded_query." + shards + ".rt" + rt + ".";
        for (Measurement m : results) {
            figures.add(GROUP, prefix + m.name(), m.medianMillis(), "ms", rt, label(m.name(), shards, limit, total));
        }
        if (full) {
            for (Measurement m : results) {
                if (m.name().equals(RAW) || m.name().equals(LIBRARY) || m.name().equals(ENHANCED)) {
                    figures.add(
                            GROUP,
                            prefix + m.name() + ".cpu_ms",
                            m.cpuMillisPerRun(),
                            "ms",
                            rt,
                            "CPU per run, whole JVM (DynamoDB Local included): "
                                    + label(m.name(), shards, limit, total));
                }
            }
        }
        figures.ratio(
                GROUP,
                prefix + "vs_raw",
                prefix + LIBRARY,
                prefix + RAW,
                rt,
                "ShardedTable.query (limit " + limit + ") / raw async floor");
        if (full) {
            figures.ratio(
                    GROUP,
                    prefix + "all_vs_raw",
                    prefix + LIBRARY_ALL,
                    prefix + RAW,
                    rt,
                    "ShardedTable.query (all " + total + ") / raw async floor");
            figures.ratio(
                    GROUP,
                    prefix + "enhanced_vs_raw",
                    prefix + ENHANCED,
                    prefix + RAW,
                    rt,
                    "Enhanced async, mapped, no merge / raw async floor");
            figures.ratio(
                    GROUP,
                    prefix + "vs_enhanced",
                    prefix + LIBRARY,
                    prefix + ENHANCED,
                    rt,
                    "ShardedTable.query (limit " + limit + ") / Enhanced async, mapped, no merge");
        }
        figures.ratio(
                GROUP,
                prefix + "speedup_vs_loop",
                prefix + LOOP,
                prefix + LIBRARY,
                rt,
                "sequential loop / ShardedTable.query: times faster");
        figures.ratio(
                GROUP,
                prefix + "speedup_vs_pool16",
                prefix + POOL,
                prefix + LIBRARY,
                rt,
                "16-thread pool / ShardedTable.query: times faster");
    }

    private static String label(String contender, int shards, int limit, int total) {
        return switch (contender) {
                    case ONE_QUERY -> "one Query (sync client)";
                    case LOOP -> "sequential loop of " + shards + " sync Queries";
                    case POOL -> shards + " sync Queries from a 16-thread pool";
                    case RAW -> "raw async client, " + shards + " Queries at once, no mapping, no merge (floor)";
                    case ENHANCED -> "Enhanced async client, " + shards + " Queries at once, mapped, no merge";
                    case LIBRARY -> "ShardedTable.query, merged, ordered, limit " + limit;
                    case LIBRARY_ALL -> "ShardedTable.query, merged, ordered, all " + total;
                    default -> contender;
                }
                + " (" + shards + " shards)";
    }

    private static int check(int actual, int expected) {
        if (actual != expected) {
            throw new IllegalStateException("read " + actual + " items, expected " + expected);
        }
        return actual;
    }

    private QueryRequest request(String user, int shard) {
        return QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(user + "#shard-" + shard)))
                .build();
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
