package io.github.ddbpatterns.examples;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.examples.demo.DemoContext;
import io.github.ddbpatterns.examples.demo.DemoScenario;
import io.github.ddbpatterns.examples.demo.Plural;
import io.github.ddbpatterns.examples.demo.Progress;
import io.github.ddbpatterns.examples.demo.Row;
import io.github.ddbpatterns.examples.demo.ScenarioReport;
import io.github.ddbpatterns.examples.demo.Step;
import io.github.ddbpatterns.sharding.ShardQuery;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalMode;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.ProxyStats;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Classic problem 1, the hot partition: one user written at 5x a partition's write limit throttles while the table
 * idles (the service's 5,000 writes/s against 1,000 WCU, scaled to 500 against 100 as the proxy does, on a test
 * clock); the sharded table spreads the same writes over 100 shards and nothing throttles; the follow-up ("reads
 * are now 100x slower?"): 100 sequential shard queries against the parallel fan-out, at 10 ms a round trip, same
 * items in the same order.
 */
final class HotPartitionScenario implements DemoScenario {

    static final String NAME = "hot-partition";
    static final int WRITES = 1_000;
    static final int WRITES_PER_SECOND = 500;
    static final int PARTITION_WCU = 100;
    static final int PARTITIONS = 10;
    static final int SHARDS = 100;
    static final Duration ROUND_TRIP = Duration.ofMillis(10);
    private static final String USER = "user-42";

    static final TableSchema<Click> SCHEMA = StaticTableSchema.builder(Click.class)
            .newItemSupplier(Click::new)
            .addAttribute(
                    String.class,
                    a -> a.name("pk")
                            .getter(c -> c.pk)
                            .setter((c, v) -> c.pk = v)
                            .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(
                    String.class,
                    a -> a.name("at")
                            .getter(c -> c.at)
                            .setter((c, v) -> c.at = v)
                            .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(
                    String.class, a -> a.name("userId").getter(c -> c.userId).setter((c, v) -> c.userId = v))
            .addAttribute(String.class, a -> a.name("page").getter(c -> c.page).setter((c, v) -> c.page = v))
            .build();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "one user at 5x a partition's write limit throttles while the table idles; 100 shards don't";
    }

    @Override
    public ScenarioReport run(DemoContext context) {
        DynamoDbLocal local = context.local();
        ScenarioReport report = new ScenarioReport(name(), summary());
        if (local.mode() == DynamoDbLocalMode.EMBEDDED) {
            return report.note("skipped: the proxy needs an HTTP endpoint (run with --mode SERVER)");
        }
        MutableClock clock = MutableClock.at(Instant.parse("2026-11-24T10:00:00Z"));
        try (TestTables tables = new TestTables(local, "demo-hot-partition");
                ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .clock(clock)
                        .partitions(PARTITIONS)
                        .writeCapacityPerPartition(PARTITION_WCU)
                        .build()
                        .start();
                // what the naive code and the sharded table both get: one attempt per write, so that every
                // throttle reaches the count (the SDK's 9 attempts would only hide some of them, slowly)
                DynamoDbAsyncClient oneAttemptClient = proxy.clients()
                        .asyncBuilder()
                        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                        .build()) {
            ProxyStats stats = proxy.stats();

            // 1. the problem: every write of user-42 goes to one partition key
            DynamoDbEnhancedAsyncClient enhanced = DynamoDbEnhancedAsyncClient.builder()
                    .dynamoDbClient(oneAttemptClient)
                    .build();
            DynamoDbAsyncTable<Click> naive = enhanced.table(tables.create(SCHEMA), SCHEMA);
            stats.reset();
            long t0 = System.nanoTime();
            int naiveThrottles = write(context, "PutItem, pk = user-42", clock, c -> {
                c.pk = USER;
                return naive.putItem(c);
            });
            long naiveMillis = millisSince(t0);
            long naiveStored = countAll(local, naive.tableName());
            report.add(Row.of(Step.PROBLEM, "PutItem, pk = " + USER + " (one partition)")
                    .requests(stats.requests("PutItem"))
                    .units(sum(stats.consumedWriteUnits(naive.tableName())))
                    .throttles(naiveThrottles)
                    .wrong(WRITES - naiveStored)
                    .millis(naiveMillis));

            // 2. the fix: the same writes over 100 shards of the logical key
            String shardedName = tables.create(SCHEMA);
            ShardedTable<Click> sharded = ShardedTable.builder(SCHEMA)
                    .dynamoDbClient(oneAttemptClient)
                    .resilience(ResiliencePolicy.builder().maxAttempts(1).build())
                    .tableName(shardedName)
                    .logicalKey(c -> c.userId)
                    .shards(SHARDS)
                    .build();
            clock.advance(Duration.ofSeconds(10)); // the first step's buckets refill
            stats.reset();
            t0 = System.nanoTime();
            int shardedThrottles = write(context, "ShardedTable.put over 100 shards", clock, sharded::put);
            long shardedMillis = millisSince(t0);
            long shardedStored = countAll(local, shardedName);
            report.add(Row.of(Step.FIX, "ShardedTable.put, " + SHARDS + " shards")
                    .requests(stats.requests("PutItem"))
                    .units(sum(stats.consumedWriteUnits(shardedName)))
                    .throttles(shardedThrottles)
                    .wrong(WRITES - shardedStored)
                    .millis(shardedMillis));
            report.note(String.format(
                    "table capacity %d partitions x %d WCU/s = %,d WCU/s; the load, %d writes/s, is half of it,"
                            + " all on one partition (the service's 5,000 vs 1,000, scaled 10x down)",
                    PARTITIONS, PARTITION_WCU, PARTITIONS * PARTITION_WCU, WRITES_PER_SECOND));

            // 3. the follow-up: reading 100 shards, at a real round trip
            proxy.reconfigure(b -> b.latency(ROUND_TRIP));
            report.followUp("reads are now 100x slower? (" + SHARDS + " shards, " + ROUND_TRIP.toMillis()
                    + " ms a round trip)");
            stats.reset();
            t0 = System.nanoTime();
            List<Click> sequential = readSequentially(context, proxy.clients().async(), shardedName);
            long sequentialMillis = millisSince(t0);
            report.add(Row.of(Step.FOLLOW_UP, "hand-written loop: 100 Queries one after the other, sorted")
                    .requests(stats.requests("Query"))
                    .units(sum(stats.consumedReadUnits(shardedName)))
                    .items(sequential.size())
                    .millis(sequentialMillis));
            ShardedTable<Click> reader = ShardedTable.builder(SCHEMA)
                    .dynamoDbClient(proxy.clients().async())
                    .tableName(shardedName)
                    .logicalKey(c -> c.userId)
                    .shards(SHARDS)
                    .build();
            reader.verifyTable().join();
            stats.reset();
            t0 = System.nanoTime();
            List<Click> fanOut = new ArrayList<>();
            ShardQuery newest = ShardQuery.all().newestFirst().limit(WRITES);
            Page<Click> page = reader.query(USER, newest).join();
            fanOut.addAll(page.items());
            while (page.hasMore()) {
                page = reader.query(USER, newest.after(page)).join();
                fanOut.addAll(page.items());
            }
            long fanOutMillis = millisSince(t0);
            long differing = differing(sequential, fanOut);
            report.add(Row.of(Step.FOLLOW_UP, "ShardedTable.query: parallel fan-out, merged newest first")
                    .requests(stats.requests("Query"))
                    .units(sum(stats.consumedReadUnits(shardedName)))
                    .items(fanOut.size())
                    .wrong(differing)
                    .millis(fanOutMillis));
            report.note("newest 3 of " + USER + ":");
            fanOut.stream().limit(3).forEach(c -> report.note("  " + c.row()));
            report.note(
                    differing == 0
                            ? "same " + Plural.of(fanOut.size(), "item") + " in the same order both ways"
                            : Plural.of(differing, "item") + " differ between the two reads");
            report.headline(
                    Plural.of(naiveThrottles, "throttle"),
                    Plural.of(shardedThrottles, "throttle"),
                    "no throttling; reads " + speed(sequentialMillis, fanOutMillis) + " in parallel");
        }
        return report;
    }

    private static int write(
            DemoContext context, String label, MutableClock clock, Function<Click, CompletableFuture<?>> put) {
        AtomicInteger throttled = new AtomicInteger();
        ArrayDeque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
        Duration step = Duration.ofNanos(1_000_000_000L / WRITES_PER_SECOND);
        try (Progress progress = context.progress(label, WRITES)) {
            for (int i = 0; i < WRITES; i++) {
                Click click = new Click();
                click.userId = USER;
                click.at = String.format("2026-11-24T10:%02d:%02d.%03dZ", i / 60_000, i / 1000 % 60, i % 1000);
                click.page = "/products/" + (i % 37);
                inFlight.add(put.apply(click).handle((c, e) -> {
                    if (e != null && DynamoDbErrors.isThrottle(e)) {
                        throttled.incrementAndGet();
                    }
                    return null;
                }));
                if (inFlight.size() >= 8) {
                    inFlight.poll().join();
                }
                clock.advance(step);
                progress.update(i + 1);
            }
            inFlight.forEach(CompletableFuture::join);
        }
        return throttled.get();
    }

    private static List<Click> readSequentially(DemoContext context, DynamoDbAsyncClient client, String table) {
        ShardKeyCodec codec = ShardKeyCodec.ofDefaults();
        List<Click> all = new ArrayList<>();
        try (Progress progress = context.progress("querying shard", SHARDS)) {
            for (int shard = 0; shard < SHARDS; shard++) {
                String pk = codec.encode(USER, shard);
                Map<String, AttributeValue> start = null;
                do {
                    Map<String, AttributeValue> from = start;
                    QueryResponse response = client.query(b -> b.tableName(table)
                                    .keyConditionExpression("pk = :pk")
                                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                                    .exclusiveStartKey(from))
                            .join();
                    response.items().forEach(item -> all.add(SCHEMA.mapToItem(item)));
                    start = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
                } while (start != null);
                progress.update(shard + 1);
            }
        }
        all.sort(Comparator.comparing((Click c) -> c.at).reversed());
        return all;
    }

    private static long differing(List<Click> a, List<Click> b) {
        long differ = Math.abs(a.size() - b.size());
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).at.equals(b.get(i).at) || !Objects.equals(a.get(i).pk, b.get(i).pk)) {
                differ++;
            }
        }
        return differ;
    }

    static long countAll(DynamoDbLocal local, String table) {
        return BatchWriteScenario.count(local, table);
    }

    static double sum(Map<Integer, Double> perPartition) {
        return perPartition.values().stream().mapToDouble(d -> d).sum();
    }

    static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static double ratio(long slow, long fast) {
        return (double) slow / Math.max(1, fast);
    }

    /** "5.2x faster" when {@code libraryMillis} is the smaller, else "1.6x slower": never a gain below 1x. */
    static String speed(long naiveMillis, long libraryMillis) {
        return naiveMillis >= libraryMillis
                ? String.format("%.1fx faster", ratio(naiveMillis, libraryMillis))
                : String.format("%.1fx slower", ratio(libraryMillis, naiveMillis));
    }

    /** A page view: physical key {@code pk}, logical key {@code userId}, sort key {@code at}. */
    static final class Click {
        @Nullable
        String pk;

        String userId = "";
        String at = "";
        String page = "";

        String row() {
            String shard = pk == null ? "" : pk.substring(pk.indexOf('#') + 1);
            return String.format("%-24s %-10s %s", at, shard, page);
        }
    }
}
