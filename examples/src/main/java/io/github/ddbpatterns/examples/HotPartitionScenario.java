package io.github.ddbpatterns.examples;

import static io.github.ddbpatterns.examples.demo.Measures.millisSince;
import static io.github.ddbpatterns.examples.demo.Measures.speed;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.examples.demo.DemoClock;
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
import io.github.ddbpatterns.sharding.ShardQuery;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.testing.TestTables;
import java.time.Duration;
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
    public UnitEstimate endpointUnits() {
        // 10,000 writes of under 1 KB twice; two reads of 10,000 small items over 100 shards
        int writes = WRITES * 10;
        return new UnitEstimate(2.0 * writes, 2.0 * SHARDS * 2, 2);
    }

    @Override
    public ScenarioReport run(DemoContext context) {
        ScenarioReport report = new ScenarioReport(name(), summary());
        try (DemoTarget target =
                context.target(NAME, b -> b.partitions(PARTITIONS).writeCapacityPerPartition(PARTITION_WCU))) {
            int scale = target.scale();
            int writesPerSecond = WRITES_PER_SECOND * 10 / scale;
            int writes = WRITES * 10 / scale;
            DemoClock clock = target.clock();
            TestTables tables = target.tables();
            RequestStats stats = target.stats();
            // what the naive code and the sharded table both get: one attempt per write, so that every
            // throttle reaches the count (the SDK's 9 attempts would only hide some of them, slowly)
            DynamoDbAsyncClient oneAttemptClient = target.oneAttemptAsync();

            // 1. the problem: every write of user-42 goes to one partition key
            DynamoDbEnhancedAsyncClient enhanced = DynamoDbEnhancedAsyncClient.builder()
                    .dynamoDbClient(oneAttemptClient)
                    .build();
            DynamoDbAsyncTable<Click> naive = enhanced.table(tables.create(SCHEMA), SCHEMA);
            stats.reset();
            long t0 = System.nanoTime();
            int naiveThrottles = write(context, "PutItem, pk = user-42", clock, writes, writesPerSecond, c -> {
                c.pk = USER;
                return naive.putItem(c);
            });
            long naiveMillis = millisSince(t0);
            long naiveStored = target.countItems(naive.tableName());
            report.add(Row.of(Step.PROBLEM, "PutItem, pk = " + USER + " (one partition)")
                    .requests(stats.requests("PutItem"))
                    .units(stats.writeUnits(naive.tableName()))
                    .throttles(naiveThrottles)
                    .wrong(writes - naiveStored)
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
            clock.letLimitsRecover(); // the first step's buckets refill
            stats.reset();
            t0 = System.nanoTime();
            int shardedThrottles =
                    write(context, "ShardedTable.put over 100 shards", clock, writes, writesPerSecond, sharded::put);
            long shardedMillis = millisSince(t0);
            long shardedStored = target.countItems(shardedName);
            report.add(Row.of(Step.FIX, "ShardedTable.put, " + SHARDS + " shards")
                    .requests(stats.requests("PutItem"))
                    .units(stats.writeUnits(shardedName))
                    .throttles(shardedThrottles)
                    .wrong(writes - shardedStored)
                    .millis(shardedMillis));
            report.note(
                    target.simulated()
                            ? String.format(
                                    "table capacity %d partitions x %d WCU/s = %,d WCU/s; the load, %d writes/s, is"
                                            + " half of it, all on one partition (the service's 5,000 vs 1,000,"
                                            + " scaled 10x down)",
                                    PARTITIONS, PARTITION_WCU, PARTITIONS * PARTITION_WCU, writesPerSecond)
                            : String.format(
                                    "%,d writes/s on one partition key against the service's 1,000 WCU a partition",
                                    writesPerSecond));

            // 3. the follow-up: reading 100 shards, at a real round trip
            target.proxy().ifPresent(proxy -> proxy.reconfigure(b -> b.latency(ROUND_TRIP)));
            report.followUp("reads are now 100x slower? (" + SHARDS + " shards, "
                    + (target.simulated()
                            ? ROUND_TRIP.toMillis() + " ms a round trip)"
                            : "the endpoint's round trip)"));
            stats.reset();
            t0 = System.nanoTime();
            List<Click> sequential = readSequentially(context, target.async(), shardedName);
            long sequentialMillis = millisSince(t0);
            report.add(Row.of(Step.FOLLOW_UP, "hand-written loop: 100 Queries one after the other, sorted")
                    .requests(stats.requests("Query"))
                    .units(stats.readUnits(shardedName))
                    .items(sequential.size())
                    .millis(sequentialMillis));
            ShardedTable<Click> reader = ShardedTable.builder(SCHEMA)
                    .dynamoDbClient(target.async())
                    .tableName(shardedName)
                    .logicalKey(c -> c.userId)
                    .shards(SHARDS)
                    .build();
            reader.verifyTable().join();
            stats.reset();
            t0 = System.nanoTime();
            List<Click> fanOut = new ArrayList<>();
            ShardQuery newest = ShardQuery.all().newestFirst().limit(writes);
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
                    .units(stats.readUnits(shardedName))
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
            DemoContext context,
            String label,
            DemoClock clock,
            int writes,
            int writesPerSecond,
            Function<Click, CompletableFuture<?>> put) {
        AtomicInteger throttled = new AtomicInteger();
        ArrayDeque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
        Duration step = Duration.ofNanos(1_000_000_000L / writesPerSecond);
        try (Progress progress = context.progress(label, writes)) {
            for (int i = 0; i < writes; i++) {
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
                if (inFlight.size() >= (clock.simulated() ? 8 : 256)) {
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
