package io.github.ddbpatterns.examples;

import io.github.ddbpatterns.core.hotkeys.HotKey;
import io.github.ddbpatterns.core.hotkeys.HotKeyTracker;
import io.github.ddbpatterns.core.hotkeys.ShardCountAdvisor;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * One hot partition key written at 500 writes/s against partitions of 100 WCU/s (the service's 5,000 vs
 * 1,000, scaled 10x down): mostly throttled. The hot-key tracker spots it, the advisor recommends a shard
 * count, and the same load spread over that many shard suffixes goes through.
 */
final class HotKeyScenario implements Scenario {

    private static final TableSchema<Reading> SCHEMA = TableSchema.fromBean(Reading.class);
    private static final int WRITES_PER_SECOND = 500;
    private static final int SECONDS = 2;
    private static final int PARTITION_WCU = 100;

    @Override
    public String name() {
        return "hot-key";
    }

    @Override
    public String summary() {
        return "the hot-key tracker spots a throttled key; the advisor's shard count stops the throttling";
    }

    @Override
    public void run(DynamoDbLocal local, PrintStream out) {
        MutableClock clock = MutableClock.at(Instant.parse("2026-11-24T10:00:00Z"));
        try (TestTables tables = new TestTables(local, "demo-hot");
                ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .partitions(100)
                        .writeCapacityPerPartition(PARTITION_WCU)
                        .clock(clock)
                        .build()
                        .start();
                DynamoDbClient client = proxy.clients()
                        .syncBuilder()
                        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                        .build()) {
            String table = tables.create(SCHEMA);
            HotKeyTracker tracker = HotKeyTracker.builder().clock(clock).build();

            int throttledHot = writeFor(client, table, clock, tracker, shard -> "sensor-42");
            HotKey hottest = tracker.top(1).get(0);
            ShardCountAdvisor advisor = ShardCountAdvisor.builder()
                    .writeUnitsPerPartition(PARTITION_WCU)
                    .build();
            int shards = advisor.recommend(hottest);
            out.printf(
                    "  one key, %d writes/s for %d s against %d WCU/partition: %d of %d writes throttled%n",
                    WRITES_PER_SECOND, SECONDS, PARTITION_WCU, throttledHot, WRITES_PER_SECOND * SECONDS);
            out.printf(
                    "  hot-key tracker: key %s (hashed: keys may be personal data) at ~%.0f WCU/s -> advisor recommends %d shards%n",
                    hottest.key(), hottest.unitsPerSecond(), shards);

            ShardKeyCodec codec = ShardKeyCodec.ofDefaults();
            clock.advance(Duration.ofSeconds(10)); // buckets refill
            int throttledSharded = writeFor(client, table, clock, tracker, i -> codec.encode("sensor-42", i % shards));
            out.printf(
                    "  same load over %s#shard-0..%d: %d of %d writes throttled%n",
                    "sensor-42", shards - 1, throttledSharded, WRITES_PER_SECOND * SECONDS);
            if (throttledHot < WRITES_PER_SECOND * SECONDS / 2 || throttledSharded * 10 > throttledHot) {
                throw new IllegalStateException("expected heavy throttling that sharding removes, got " + throttledHot
                        + " then " + throttledSharded);
            }
        }
    }

    private interface KeyChooser {
        String key(int writeNumber);
    }

    private static int writeFor(
            DynamoDbClient client, String table, MutableClock clock, HotKeyTracker tracker, KeyChooser chooser) {
        int throttled = 0;
        Duration step = Duration.ofNanos(1_000_000_000L / WRITES_PER_SECOND);
        for (int i = 0; i < WRITES_PER_SECOND * SECONDS; i++) {
            String key = chooser.key(i);
            String sortKey = String.format("t-%06d", i);
            tracker.recordWrite(key, 1);
            try {
                client.putItem(b -> b.tableName(table)
                        .item(Map.of(
                                "sensorId", AttributeValue.fromS(key),
                                "timestamp", AttributeValue.fromS(sortKey),
                                "celsius", AttributeValue.fromN("21.5"))));
            } catch (ProvisionedThroughputExceededException e) {
                throttled++;
            }
            clock.advance(step);
        }
        return throttled;
    }
}
