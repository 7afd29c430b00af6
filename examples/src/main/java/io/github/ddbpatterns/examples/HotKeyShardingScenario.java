package io.github.ddbpatterns.examples;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.sharding.ShardQuery;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * One hot user written at 5x a partition's capacity (scaled: 500 writes/s against 100 WCU per partition, on a
 * test clock), first unsharded (throttled), then over 100 shards (not throttled), then read back newest first
 * in pages through the fan-out.
 */
final class HotKeyShardingScenario implements Scenario {

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
            .build();

    @Override
    public String name() {
        return "hot-key-sharding";
    }

    @Override
    public String summary() {
        return "a hot key throttles unsharded, not over 100 shards; reads fan out, merged newest first";
    }

    @Override
    public void run(DynamoDbLocal local, PrintStream out) {
        try (TestTables tables = new TestTables(local, "demo-clicks")) {
            MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
            try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                            .target(local.endpoint())
                            .clock(clock)
                            .partitions(10)
                            .writeCapacityPerPartition(100)
                            .build()
                            .start();
                    DynamoDbAsyncClient client = proxy.clients().asyncBuilder().build()) {
                // one attempt per write, so that every throttle the partition answers reaches the count
                ResiliencePolicy oneAttempt =
                        ResiliencePolicy.builder().maxAttempts(1).build();
                for (int shards : new int[] {1, 100}) {
                    String table = tables.create(SCHEMA);
                    ShardedTable<Click> clicks = ShardedTable.builder(SCHEMA)
                            .dynamoDbClient(client)
                            .resilience(oneAttempt)
                            .tableName(table)
                            .logicalKey(c -> c.userId)
                            .shards(shards)
                            .build();
                    int throttled = write(clicks, clock, 1_000);
                    out.printf(
                            "  %3d shard(s): 1,000 writes of user-42 at 500/s vs 100 WCU/partition -> %d throttled%n",
                            shards, throttled);
                    if (shards == 100) {
                        ShardQuery newest = ShardQuery.all().newestFirst().limit(3);
                        Page<Click> page = clicks.query("user-42", newest).join();
                        Page<Click> next =
                                clicks.query("user-42", newest.after(page)).join();
                        out.printf("  newest 3: %s%n  next 3:   %s%n", page.items(), next.items());
                        if (throttled != 0 || page.size() != 3 || next.size() != 3) {
                            throw new IllegalStateException("sharded writes were throttled or reads incomplete");
                        }
                    }
                }
            }
        }
    }

    private static int write(ShardedTable<Click> clicks, MutableClock clock, int n) {
        AtomicInteger throttled = new AtomicInteger();
        ArrayDeque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            Click click = new Click();
            click.userId = "user-42";
            click.at = String.format("t-%05d", i);
            inFlight.add(clicks.put(click).handle((c, e) -> {
                if (e != null && DynamoDbErrors.isThrottle(e)) {
                    throttled.incrementAndGet();
                }
                return null;
            }));
            if (inFlight.size() >= 8) {
                inFlight.poll().join();
            }
            clock.advance(Duration.ofMillis(2));
        }
        inFlight.forEach(CompletableFuture::join);
        return throttled.get();
    }

    /** A click: physical key {@code pk} set by the sharded table, logical key {@code userId}, sort key {@code at}. */
    static final class Click {
        String pk;
        String userId;
        String at;

        @Override
        public String toString() {
            return at + "@" + pk.substring(pk.indexOf('#') + 1);
        }
    }
}
