package io.github.ddbpatterns.indexes;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.hotkeys.ShardCountAdvisor;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;

/**
 * The follow-up "the GSI throttles first": interactions with Zipf-skewed item popularity, written at 1,000 a second
 * (on the proxy's test clock) against index partitions of 100 WCU (DynamoDB's 1,000 at a tenth of the scale). The
 * hot item's partition of the reversed index ("users of an item") throttles while the table's {@code userId}
 * partitions are spread; spreading the hot items over index shards (counts from the shard-count advisor) removes
 * the throttles, and the top-N reads over the shards equal a brute-force answer.
 */
@DynamoDbLocalTest
class RecommendationsTest {

    private static final int ITEMS = 1_000;
    private static final int USERS = 100_000;
    private static final int WRITES_PER_SECOND = 1_000;
    private static final long PARTITION_WCU = 100;
    private static final double ZIPF_EXPONENT = 1.2;

    @Test
    void reversedIndex_whenAnItemIsHot_throttlesUnshardedAndNotShardedAndTopNEqualsBruteForce(
            DynamoDbLocal local, TestTables tables) {
        double[] cdf = zipfCdf();
        double topShare = cdf[0];
        ShardCountAdvisor advisor = ShardCountAdvisor.builder()
                .writeUnitsPerPartition(PARTITION_WCU)
                .targetUtilisation(0.3)
                .build();
        Map<String, Integer> hotItems = new LinkedHashMap<>();
        for (int i = 0; i < ITEMS; i++) {
            double share = cdf[i] - (i == 0 ? 0 : cdf[i - 1]);
            int shards = advisor.recommendForUnits(share * WRITES_PER_SECOND, 0);
            if (shards > 1) {
                hotItems.put(item(i), shards);
            }
        }

        long unshardedThrottles = run(local, tables, IndexShards.none(), 10_000, new HashMap<>(), (run, clock) -> {})
                .throttles();
        Map<String, Interaction> truth = new HashMap<>();
        Run sharded = run(local, tables, IndexShards.perKey(hotItems), 200_000, truth, (run, clock) -> {
            assertThat(run.throttles()).isZero();
            assertThat(run.result().allPersisted()).isTrue();
            checkTopN(run, truth, clock);
        });
        System.out.printf(
                "top item %.1f %% of writes; hot items sharded %s; index throttles: unsharded %d in 10,000 writes,"
                        + " sharded %d in 200,000 (%d distinct interactions)%n",
                100 * topShare, hotItems, unshardedThrottles, sharded.throttles(), truth.size());

        assertThat(topShare).isGreaterThanOrEqualTo(0.2);
        assertThat(unshardedThrottles).isPositive();
        assertThat(sharded.throttles()).isZero();
    }

    /** "Top 10 users of X" and "top 10 items of Y" for 100 X (the 10 hottest and 90 random) and 100 random Y. */
    private static void checkTopN(Run sharded, Map<String, Interaction> truth, MutableClock clock) {
        Random pick = new Random(3);
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofSeconds(1)); // reads run on the test clock too: let the buckets refill
            String item = item(i < 10 ? i : pick.nextInt(ITEMS));
            assertThat(sharded.byItem().top(item, 10).join())
                    .extracting(BruteForceTopN::userLabel)
                    .as("top users of %s", item)
                    .containsExactlyElementsOf(BruteForceTopN.usersOf(truth.values(), item, 10));
            String user = user(pick.nextInt(USERS));
            assertThat(sharded.byUser().top(user, 10).join())
                    .extracting(BruteForceTopN::itemLabel)
                    .as("top items of %s", user)
                    .containsExactlyElementsOf(BruteForceTopN.itemsOf(truth.values(), user, 10));
        }
    }

    private record Run(
            long throttles,
            BatchWriteResult result,
            SecondaryIndex<Interaction> byItem,
            SecondaryIndex<Interaction> byUser) {}

    /**
     * Writes {@code writes} interactions, {@value #WRITES_PER_SECOND} per second of the proxy's clock, then runs
     * {@code checks} while the proxy is up.
     */
    private static Run run(
            DynamoDbLocal local,
            TestTables tables,
            IndexShards shards,
            int writes,
            Map<String, Interaction> truth,
            BiConsumer<Run, MutableClock> checks) {
        String tableName = tables.create(Interaction.SCHEMA);
        MutableClock clock = MutableClock.at(Instant.parse("2026-11-30T00:00:00Z"));
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                .target(local.endpoint())
                .clock(clock)
                .partitions(64)
                .writeCapacityPerPartition(PARTITION_WCU)
                .readCapacityPerPartition(3 * PARTITION_WCU)
                .build()
                .start()) {
            PatternsContext context = PatternsContext.builder()
                    .dynamoDbClient(proxy.clients().async())
                    .extensions(List.of(DerivedAttributes.onTable(
                            tableName,
                            DerivedAttribute.scoreKey("userScoreKey", "score", "itemId"),
                            DerivedAttribute.shardedKey("itemShard", "itemId", shards, "userId"),
                            DerivedAttribute.scoreKey("itemScoreKey", "score", "userId"))))
                    .build();
            DynamoDbAsyncTable<Interaction> table = context.enhancedClient().table(tableName, Interaction.SCHEMA);
            // the clock only moves between seconds: a throttled write would wait forever, so it is not retried
            BatchWriter writer = BatchWriter.builder(context)
                    .resilience(ResiliencePolicy.builder()
                            .maxAttempts(1)
                            .backoff(Duration.ofMillis(1), Duration.ofMillis(1))
                            .build())
                    .maxUnprocessedAttempts(1)
                    .build();
            Random random = new Random(17);
            double[] cdf = zipfCdf();
            List<BatchWriteResult> results = new ArrayList<>();
            for (int written = 0; written < writes; written += WRITES_PER_SECOND) {
                List<WriteOp> second = new ArrayList<>(WRITES_PER_SECOND);
                Map<String, Interaction> ofThisSecond = new LinkedHashMap<>();
                for (int i = 0; i < WRITES_PER_SECOND; i++) {
                    Interaction interaction =
                            new Interaction(user(random.nextInt(USERS)), item(sample(cdf, random)), score(random));
                    ofThisSecond.put(interaction.getUserId() + "|" + interaction.getItemId(), interaction);
                }
                ofThisSecond.values().forEach(interaction -> second.add(WriteOp.put(table, interaction)));
                results.add(writer.write(second).join());
                truth.putAll(ofThisSecond);
                clock.advance(Duration.ofSeconds(1));
            }
            long throttles = proxy.stats().indexThrottles(tableName + "/" + Interaction.BY_ITEM);
            BatchWriteResult all = new BatchWriteResult(
                    results.stream().flatMap(r -> r.outcomes().stream()).toList(),
                    results.stream().mapToInt(BatchWriteResult::requests).sum());
            SecondaryIndex<Interaction> byItem = SecondaryIndex.builder(context, Interaction.SCHEMA)
                    .tableName(tableName)
                    .indexName(Interaction.BY_ITEM)
                    .shards(shards)
                    .build();
            SecondaryIndex<Interaction> byUser = SecondaryIndex.builder(context, Interaction.SCHEMA)
                    .tableName(tableName)
                    .indexName(Interaction.BY_USER)
                    .build();
            Run run = new Run(throttles, all, byItem, byUser);
            checks.accept(run, clock);
            return run;
        }
    }

    private static double[] zipfCdf() {
        double[] cdf = new double[ITEMS];
        double total = 0;
        for (int i = 0; i < ITEMS; i++) {
            total += 1 / Math.pow(i + 1, ZIPF_EXPONENT);
            cdf[i] = total;
        }
        for (int i = 0; i < ITEMS; i++) {
            cdf[i] /= total;
        }
        return cdf;
    }

    private static int sample(double[] cdf, Random random) {
        double u = random.nextDouble();
        int low = 0;
        int high = cdf.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cdf[mid] < u) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static BigDecimal score(Random random) {
        return BigDecimal.valueOf(random.nextInt(100_000));
    }

    private static String item(int i) {
        return String.format("item-%04d", i);
    }

    private static String user(int i) {
        return String.format("user-%06d", i);
    }
}
