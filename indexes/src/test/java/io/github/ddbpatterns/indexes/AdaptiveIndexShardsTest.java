package io.github.ddbpatterns.indexes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import io.github.ddbpatterns.core.hotkeys.ShardCountAdvisor;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.sharding.AdaptiveShardController;
import io.github.ddbpatterns.sharding.AdaptiveSharding;
import io.github.ddbpatterns.sharding.LayoutChange;
import io.github.ddbpatterns.sharding.ShardDecision.Direction;
import io.github.ddbpatterns.sharding.ShardDecision.Reason;
import io.github.ddbpatterns.sharding.ShardDecisionResult;
import io.github.ddbpatterns.sharding.ShardDecisionResult.Outcome;
import io.github.ddbpatterns.sharding.ShardLayout;
import io.github.ddbpatterns.sharding.ShardQuery;
import io.github.ddbpatterns.sharding.TableShardMap;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Adaptive index shards for the "users of an item" GSI of {@link Interaction}, over DynamoDB Local through the
 * throttling proxy at a tenth of DynamoDB's scale (100 WCU per index partition), on a test clock: 1 s windows,
 * target utilisation 0.5 (50 WCU/s per shard), cool-down 5 s, shard-map TTL 1 s. Two instances (own clients, shard
 * maps, controllers and contexts) share the table; each writes half of every second's interactions through a
 * {@link BatchWriter} that makes one attempt, so every index back-pressure throttle loses the write (counted by the
 * proxy, and never part of the expected answer). Each second: the writes at {@code s + 0.5}, then at {@code s + 1}
 * instance a's controller evaluates, then b's, then reads are checked on both.
 */
@DynamoDbLocalTest
class AdaptiveIndexShardsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long LIMIT = 100;
    private static final double TARGET = 0.5;
    private static final Duration WINDOW = Duration.ofSeconds(1);
    private static final Duration TTL = Duration.ofSeconds(1);
    /**
     * The first second whose writes use a hot value's new shards: raised at the end of second 0 (at 1 s), the raise
     * reaches writers one raise delay (TTL + 1 s) later, at 3 s; the writes of second 3 are at 3.5 s.
     */
    private static final int SPREAD_FROM_SECOND = 3;

    private static final AdaptiveSharding SETTINGS = AdaptiveSharding.builder()
            .writeUnitsPerPartition(LIMIT)
            .targetUtilisation(TARGET)
            .window(WINDOW)
            .coolDown(Duration.ofSeconds(5))
            .maxShards(20)
            .build();
    private static final String HOT = "item-hot";
    private static final String WARM = "item-warm";
    private static final int HOT_RATE = 250;
    private static final int WARM_RATE = 20;
    private static final int COLD_ITEMS = 20;

    @Test
    void controller_whenAnIndexValueTurnsHot_raisesItsShardsOnBothInstancesAndIndexThrottlesStop(
            DynamoDbLocal local, TestTables tables) {
        try (Run run = new Run(local, tables)) {
            run.seconds(6, HOT_RATE);

            int advised = ShardCountAdvisor.builder()
                    .writeUnitsPerPartition(LIMIT)
                    .targetUtilisation(TARGET)
                    .build()
                    .recommendForUnits(HOT_RATE, 0);
            assertThat(advised).isEqualTo(5);
            // a reports first and sees its half (125 WCU/s: 3 shards), b the sum of both (250 WCU/s)
            assertThat(run.a.results).first().satisfies(r -> {
                assertThat(r.decision().direction()).isEqualTo(Direction.RAISE);
                assertThat(r.decision().reason()).isEqualTo(Reason.OVER_TARGET);
                assertThat(r.decision().logicalKey()).isEqualTo(key(HOT));
                assertThat(r.decision().toShards()).isEqualTo(3);
                assertThat(r.decision().at()).isEqualTo(T0.plusSeconds(1));
                assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
            });
            assertThat(run.b.results).singleElement().satisfies(r -> {
                assertThat(r.decision().direction()).isEqualTo(Direction.RAISE);
                assertThat(r.decision().unitsPerSecond()).isEqualTo(HOT_RATE);
                assertThat(r.decision().fromShards()).isEqualTo(3);
                assertThat(r.decision().toShards()).isEqualTo(advised);
                assertThat(r.decision().at()).isEqualTo(T0.plusSeconds(1));
                assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
            });
            // once settled (raise delay + 2 windows + a tenth after the raise) the nested smaller counts are retired
            assertThat(run.a.results)
                    .extracting(r -> r.decision().direction(), r -> r.decision().reason())
                    .containsExactly(
                            tuple(Direction.RAISE, Reason.OVER_TARGET), tuple(Direction.RETIRE, Reason.NESTED));

            // one truth: both instances read the same version history, versions consecutive
            List<LayoutChange> history = run.a.shardMap.history(key(HOT)).join();
            assertThat(run.b.shardMap.history(key(HOT)).join()).isEqualTo(history);
            assertThat(history).extracting(LayoutChange::version).containsExactly(1L, 2L, 3L);
            assertThat(history)
                    .extracting(LayoutChange::layout)
                    .containsExactly(
                            new ShardLayout(3, List.of(1)), new ShardLayout(5, List.of(3, 1)), ShardLayout.of(5));
            for (Instance instance : run.instances()) {
                assertThat(instance.shardMap.layout(key(HOT)).join()).isEqualTo(ShardLayout.of(advised));
                assertThat(instance.shards.readKeysAsync(HOT).join()).hasSize(advised + 1);
            }

            // index back-pressure: the hot value's single partition throttled until the raise reached writers (the
            // raise at 1 s + the raise delay, TTL 1 s + 1 s: the writes at 0.5, 1.5 and 2.5 s), and none from then on
            System.out.printf(
                    "index throttles per second: %s; hot entries %d%n",
                    run.throttlesPerSecond, run.truth.get(HOT).size());
            assertThat(run.a.shardMap.raiseDelay()).isEqualTo(Duration.ofSeconds(2));
            assertThat(run.throttlesPerSecond.subList(0, SPREAD_FROM_SECOND)).allMatch(t -> t > 0);
            assertThat(run.throttlesPerSecond.subList(SPREAD_FROM_SECOND, run.throttlesPerSecond.size()))
                    .containsOnly(0L);
            // every read of the hot value on both instances, after every second, returned each entry once
            assertThat(run.hotReads).isEqualTo(2 * 6);

            // cold values keep 1 shard, have no layout change, and read with one Query
            for (String item : List.of(WARM, cold(0), cold(7))) {
                for (Instance instance : run.instances()) {
                    assertThat(instance.shardMap.layout(key(item)).join()).isEqualTo(ShardLayout.of(1));
                    assertThat(instance.shardMap.history(key(item)).join()).isEmpty();
                    assertThat(users(instance.byItem, item)).containsExactlyInAnyOrderElementsOf(run.truth.get(item));
                    assertThat(queriesOfOneRead(run, instance, item)).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void controller_whenAHotIndexValueCools_lowersAfterCoolDownAndRetiresOnlyOnceDroppedShardsAreEmpty(
            DynamoDbLocal local, TestTables tables) {
        try (Run run = new Run(local, tables)) {
            run.seconds(SPREAD_FROM_SECOND, HOT_RATE);
            int unsharded = run.truth.get(HOT).size(); // written to the value itself before the raise reached writers
            run.seconds(6 - SPREAD_FROM_SECOND, HOT_RATE);
            assertThat(run.a.shardMap.layout(key(HOT)).join()).isEqualTo(ShardLayout.of(5));

            // the hot value goes quiet: lowered to 1 once a whole cool-down of windows advised 1
            run.seconds(8, 0);
            ShardDecisionResult lower = run.a.results.get(run.a.results.size() - 1);
            assertThat(lower.decision().direction()).isEqualTo(Direction.LOWER);
            assertThat(lower.decision().reason()).isEqualTo(Reason.COOLED);
            assertThat(lower.decision().toShards()).isEqualTo(1);
            assertThat(lower.outcome()).isEqualTo(Outcome.APPLIED);
            assertThat(run.a.shardMap.layout(key(HOT)).join()).isEqualTo(new ShardLayout(1, List.of(5)));
            assertThat(run.b.shardMap.layout(key(HOT)).join()).isEqualTo(new ShardLayout(1, List.of(5)));
            // new entries go to the value itself; the 5 old shards are still read (the value and 5 shards)
            assertThat(run.a.shards.writeKey(HOT, "user-x")).isEqualTo(HOT);
            assertThat(run.b.shards.readKeysAsync(HOT).join()).hasSize(6);

            // the entries leave the dropped shards, chosen each second from what the index holds: up to 40 of each
            // shard (under its 100 WCU even where the proxy hashes two of them to one partition), 20 of them
            // rewritten (their entries move to the value itself), the others deleted; shard 0's only once the others
            // are empty (count 1 writes the value itself, so shard 0 is a dropped shard too). Nothing is retired
            // while an entry is left on a dropped shard (the reads after every second would miss it), and every
            // read returns each entry once
            assertThat(onDroppedShards(run).values().stream()
                            .mapToInt(List::size)
                            .sum())
                    .isEqualTo(run.truth.get(HOT).size() - unsharded);
            ShardDecisionResult retire = null;
            int seconds = 0;
            while (retire == null) {
                assertThat(seconds).as("seconds of draining").isLessThan(30);
                Map<String, List<String>> left = onDroppedShards(run);
                List<String> toMove = new ArrayList<>();
                left.forEach((shard, users) -> {
                    if (!shard.equals(HOT + "#shard-0") || left.size() == 1) {
                        toMove.addAll(users.subList(0, Math.min(40, users.size())));
                    }
                });
                List<String> rewrites = new ArrayList<>(toMove.subList(0, Math.min(20, toMove.size())));
                List<String> deletes = new ArrayList<>(toMove.subList(rewrites.size(), toMove.size()));
                int a = run.a.results.size();
                int b = run.b.results.size();
                run.seconds(1, 0, rewrites, deletes);
                seconds++;
                List<ShardDecisionResult> decided = new ArrayList<>(run.a.results.subList(a, run.a.results.size()));
                decided.addAll(run.b.results.subList(b, run.b.results.size()));
                if (!decided.isEmpty()) {
                    assertThat(decided).singleElement().satisfies(r -> {
                        assertThat(r.decision().direction()).isEqualTo(Direction.RETIRE);
                        assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
                    });
                    int moved = toMove.size();
                    assertThat(left.values().stream().mapToInt(List::size).sum())
                            .as("entries left on dropped shards when retired")
                            .isEqualTo(moved);
                    retire = decided.get(0);
                }
            }
            assertThat(retire.decision().reason()).isEqualTo(Reason.DRAINED);
            assertThat(run.failedWrites).isZero();
            System.out.printf(
                    "lowered at %s, retired at %s (%d s of rewrites and deletes); index throttles per second: %s%n",
                    lower.decision().at(), retire.decision().at(), seconds, run.throttlesPerSecond);

            List<LayoutChange> history = run.b.shardMap.history(key(HOT)).join();
            assertThat(run.a.shardMap.history(key(HOT)).join()).isEqualTo(history);
            assertThat(history).extracting(LayoutChange::version).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(history)
                    .extracting(LayoutChange::layout)
                    .containsExactly(
                            new ShardLayout(3, List.of(1)),
                            new ShardLayout(5, List.of(3, 1)),
                            ShardLayout.of(5),
                            new ShardLayout(1, List.of(5)),
                            ShardLayout.of(1));
            assertThat(run.throttlesPerSecond.subList(SPREAD_FROM_SECOND, run.throttlesPerSecond.size()))
                    .containsOnly(0L);
            for (Instance instance : run.instances()) {
                assertThat(instance.shardMap.layout(key(HOT)).join()).isEqualTo(ShardLayout.of(1));
                assertThat(users(instance.byItem, HOT)).containsExactlyInAnyOrderElementsOf(run.truth.get(HOT));
                assertThat(queriesOfOneRead(run, instance, HOT)).isEqualTo(1);
            }
        }
    }

    @Test
    void recordThrottle_whenAWriteOfAColdValueWasThrottledByTheIndex_raisesItByOneShard(
            DynamoDbLocal local, TestTables tables) {
        try (Run run = new Run(local, tables)) {
            run.b.shards.recordThrottle(cold(3));

            run.seconds(1, 0);

            // a reports nothing of it; b's report carries the throttle, and the value's 2 writes a second are far
            // below the target: the throttle alone raises it
            assertThat(run.a.results).isEmpty();
            assertThat(run.b.results).singleElement().satisfies(r -> {
                assertThat(r.decision().logicalKey()).isEqualTo(key(cold(3)));
                assertThat(r.decision().direction()).isEqualTo(Direction.RAISE);
                assertThat(r.decision().reason()).isEqualTo(Reason.THROTTLED);
                assertThat(r.decision().throttles()).isEqualTo(1);
                assertThat(r.decision().fromShards()).isEqualTo(1);
                assertThat(r.decision().toShards()).isEqualTo(2);
                assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
            });
            // b reads the 2 shards at once; writers keep the value itself until the raise delay (TTL 1 s + 1 s), by
            // when a, which cached the value's layout at its write half a second ago, has b's layout too
            assertThat(run.b.shardMap.layout(key(cold(3))).join()).isEqualTo(new ShardLayout(1, List.of(2)));
            run.clock.advance(run.b.shardMap.raiseDelay());
            assertThat(run.a.shardMap.layout(key(cold(3))).join()).isEqualTo(new ShardLayout(2, List.of(1)));
            assertThat(run.a.shards.readKeysAsync(cold(3)).join())
                    .containsExactly(cold(3), cold(3) + "#shard-0", cold(3) + "#shard-1");
            assertThat(users(run.a.byItem, cold(3))).containsExactlyInAnyOrderElementsOf(run.truth.get(cold(3)));
        }
    }

    @Test
    void adaptive_whenInputIsBad_failsNamingTheField(DynamoDbLocal local) {
        PatternsContext context = PatternsContext.builder()
                .dynamoDbClient(local.clients().async())
                .build();
        TableShardMap shardMap =
                TableShardMap.builder(context).tableName("t").partitionKey("pk").build();
        assertThatThrownBy(() -> IndexShards.adaptive(null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("context");
        assertThatThrownBy(() -> IndexShards.adaptive(context).tableName(""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tableName");
        assertThatThrownBy(() -> IndexShards.adaptive(context)
                        .indexName("i")
                        .partitionKey("k")
                        .shardMap(shardMap)
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tableName");
        assertThatThrownBy(() -> IndexShards.adaptive(context)
                        .tableName("t")
                        .partitionKey("k")
                        .shardMap(shardMap)
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("indexName");
        assertThatThrownBy(() -> IndexShards.adaptive(context)
                        .tableName("t")
                        .indexName("i")
                        .shardMap(shardMap)
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("partitionKey");
        assertThatThrownBy(() -> IndexShards.adaptive(context)
                        .tableName("t")
                        .indexName("i")
                        .partitionKey("k")
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shardMap");
        assertThatThrownBy(() -> IndexShards.adaptive(context).settings(null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("settings");
        assertThatThrownBy(() -> AdaptiveSharding.builder().targetUtilisation(1.5))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("targetUtilisation")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> AdaptiveShardController.forKeys(SETTINGS, shardMap, context, "", (k, f, t) -> null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> AdaptiveShardController.forKeys(SETTINGS, shardMap, context, "n", null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("probe");
        IndexShards shards = IndexShards.adaptive(context)
                .tableName("t")
                .indexName("i")
                .partitionKey("k")
                .shardMap(shardMap)
                .build();
        AdaptiveShardController controller = shards.controller().orElseThrow();
        assertThatThrownBy(() -> controller.recordWrite("index#i#v", -1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("writeUnits")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> controller.recordThrottle(""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("logicalKey");
        assertThatThrownBy(() -> shards.recordThrottle(""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("value");
        assertThat(IndexShards.perKey(Map.of("v", 2)).controller()).isEmpty();
    }

    private static String key(String item) {
        return IndexShards.SHARD_MAP_PREFIX + Interaction.BY_ITEM + "#" + item;
    }

    private static String cold(int i) {
        return String.format("item-cold-%02d", i);
    }

    /** The users of the hot item's entries on each of its shards (not on the value itself). */
    private static Map<String, List<String>> onDroppedShards(Run run) {
        Map<String, List<String>> users = new TreeMap<>();
        for (Interaction entry : entries(run.a.byItem, HOT)) {
            if (!entry.getItemShard().equals(HOT)) {
                users.computeIfAbsent(entry.getItemShard(), k -> new ArrayList<>())
                        .add(entry.getUserId());
            }
        }
        users.values().forEach(Collections::sort);
        return users;
    }

    /** The users of {@code item}'s index entries, page by page (each entry as often as it is returned). */
    private static List<String> users(SecondaryIndex<Interaction> byItem, String item) {
        return entries(byItem, item).stream().map(Interaction::getUserId).toList();
    }

    /** {@code item}'s index entries, page by page. */
    private static List<Interaction> entries(SecondaryIndex<Interaction> byItem, String item) {
        List<Interaction> entries = new ArrayList<>();
        ShardQuery query = ShardQuery.all().limit(1000);
        while (true) {
            Page<Interaction> page = byItem.query(item, query).join();
            entries.addAll(page.items());
            if (page.cursor().isEmpty()) {
                return entries;
            }
            query = query.after(page.cursor().get());
        }
    }

    /** How many Query requests one read of 10 entries of {@code item} sends (after its layout is loaded). */
    private static long queriesOfOneRead(Run run, Instance instance, String item) {
        instance.shards.readKeysAsync(item).join();
        long before = run.proxy.stats().requests("Query");
        assertThat(instance.byItem.top(item, 10).join()).hasSize(10);
        return run.proxy.stats().requests("Query") - before;
    }

    /** One instance: its client, context with the extension, shard map, adaptive shards and index reader. */
    private static final class Instance {
        final String name;
        final TableShardMap shardMap;
        final IndexShards shards;
        final DynamoDbAsyncTable<Interaction> table;
        final BatchWriter writer;
        final SecondaryIndex<Interaction> byItem;
        final List<ShardDecisionResult> results = new ArrayList<>();

        Instance(String name, DynamoDbAsyncClient client, MutableClock clock, String tableName) {
            this.name = name;
            ResiliencePolicy oneAttempt = ResiliencePolicy.builder()
                    .maxAttempts(1)
                    .backoff(Duration.ofMillis(1), Duration.ofMillis(1))
                    .build();
            PatternsContext base = PatternsContext.builder()
                    .dynamoDbClient(client)
                    .resilience(oneAttempt)
                    .clock(clock)
                    .build();
            this.shardMap = TableShardMap.builder(base)
                    .tableName(tableName)
                    .partitionKey("userId")
                    .sortKey("itemId", AttributeValue.fromS("#shardmap"))
                    .ttl(TTL)
                    .build();
            this.shards = IndexShards.adaptive(base)
                    .tableName(tableName)
                    .indexName(Interaction.BY_ITEM)
                    .partitionKey("itemShard")
                    .shardMap(shardMap)
                    .settings(SETTINGS)
                    .build();
            PatternsContext context = base.toBuilder()
                    .extensions(List.of(DerivedAttributes.onTable(
                            tableName,
                            DerivedAttribute.scoreKey("userScoreKey", "score", "itemId"),
                            DerivedAttribute.shardedKey("itemShard", "itemId", shards, "userId"),
                            DerivedAttribute.scoreKey("itemScoreKey", "score", "userId"))))
                    .build();
            this.table = context.enhancedClient().table(tableName, Interaction.SCHEMA);
            this.writer = BatchWriter.builder(context).maxUnprocessedAttempts(1).build();
            this.byItem = SecondaryIndex.builder(context, Interaction.SCHEMA)
                    .tableName(tableName)
                    .indexName(Interaction.BY_ITEM)
                    .shards(shards)
                    .build();
        }

        AdaptiveShardController controller() {
            return shards.controller().orElseThrow();
        }
    }

    /** Two instances behind one proxy on one test clock, and what was persisted. */
    private static final class Run implements AutoCloseable {
        final MutableClock clock = MutableClock.at(T0);
        final ThrottlingProxy proxy;
        final String tableName;
        final Instance a;
        final Instance b;
        /** Users with a persisted interaction, per item. */
        final Map<String, Set<String>> truth = new TreeMap<>();
        /** Index throttles of the proxy in each second written. */
        final List<Long> throttlesPerSecond = new ArrayList<>();

        int hotReads;
        /** Writes not persisted from {@link #SPREAD_FROM_SECOND} on (index throttles before it excepted). */
        int failedWrites;

        private final List<DynamoDbAsyncClient> clients = new ArrayList<>();
        private final Random random = new Random(11);
        private int second;

        Run(DynamoDbLocal local, TestTables tables) {
            this.tableName = tables.create(Interaction.SCHEMA);
            this.proxy = ThrottlingProxy.builder()
                    .target(local.endpoint())
                    .clock(clock)
                    .partitions(1000)
                    .writeCapacityPerPartition(LIMIT)
                    .readCapacityPerPartition(3 * LIMIT)
                    .build()
                    .start();
            this.a = new Instance("a", client(), clock, tableName);
            this.b = new Instance("b", client(), clock, tableName);
        }

        private DynamoDbAsyncClient client() {
            DynamoDbAsyncClient client = proxy.clients().asyncBuilder().build();
            clients.add(client);
            return client;
        }

        List<Instance> instances() {
            return List.of(a, b);
        }

        /**
         * {@code seconds} seconds: at {@code s + 0.5} each instance writes half of {@code hotRate} interactions of
         * new users with the hot item (each a new index entry: 1 index write), 10 with the warm item, 1 with each
         * cold item, and half of the hot item's entries given in {@code rewrites} (a new score: the entry moves to
         * the current layout) and {@code deletes}; at {@code s + 1} a then b evaluate, and both read the hot value.
         */
        void seconds(int seconds, int hotRate, List<String> rewrites, List<String> deletes) {
            for (int s = 0; s < seconds; s++) {
                clock.advance(Duration.ofMillis(500));
                long throttlesBefore = proxy.stats().indexThrottles(tableName + "/" + Interaction.BY_ITEM);
                for (int i = 0; i < 2; i++) {
                    Instance instance = i == 0 ? a : b;
                    Map<String, Interaction> writes = new LinkedHashMap<>();
                    for (int u = i * hotRate / 2; u < (i + 1) * hotRate / 2; u++) {
                        add(writes, String.format("hot-user-%02d-%03d", second, u), HOT);
                    }
                    for (int w = 0; w < WARM_RATE / 2; w++) {
                        add(writes, "warm-user-" + second + "-" + i + "-" + w, WARM);
                    }
                    for (int c = 0; c < COLD_ITEMS; c++) {
                        add(writes, "cold-user-" + second + "-" + i, cold(c));
                    }
                    for (int u = i; u < rewrites.size(); u += 2) {
                        add(writes, rewrites.get(u), HOT);
                    }
                    List<WriteOp> ops = new ArrayList<>();
                    writes.values().forEach(interaction -> ops.add(WriteOp.put(instance.table, interaction)));
                    for (int u = i; u < deletes.size(); u += 2) {
                        ops.add(WriteOp.delete(instance.table, new Interaction(deletes.get(u), HOT, null)));
                    }
                    for (WriteOutcome outcome :
                            instance.writer.write(ops).join().outcomes()) {
                        if (!outcome.isPersisted() && second >= SPREAD_FROM_SECOND) {
                            failedWrites++;
                            System.out.println("failed in second " + second + ": " + outcome);
                        }
                        if (outcome.isPersisted()) {
                            Map<String, AttributeValue> key = outcome.write().key();
                            Set<String> users =
                                    truth.computeIfAbsent(key.get("itemId").s(), k -> new LinkedHashSet<>());
                            if (outcome.write().kind() == WriteOp.Kind.DELETE) {
                                users.remove(key.get("userId").s());
                            } else {
                                users.add(key.get("userId").s());
                            }
                        }
                    }
                }
                throttlesPerSecond.add(
                        proxy.stats().indexThrottles(tableName + "/" + Interaction.BY_ITEM) - throttlesBefore);
                clock.advance(Duration.ofMillis(500));
                for (Instance instance : instances()) {
                    instance.results.addAll(instance.controller().evaluate().join());
                }
                for (Instance instance : instances()) {
                    assertThat(users(instance.byItem, HOT))
                            .as("entries of %s read by %s after second %d", HOT, instance.name, second)
                            .containsExactlyInAnyOrderElementsOf(truth.getOrDefault(HOT, Set.of()));
                    hotReads++;
                }
                second++;
            }
        }

        void seconds(int seconds, int hotRate) {
            seconds(seconds, hotRate, List.of(), List.of());
        }

        private void add(Map<String, Interaction> writes, String user, String item) {
            writes.put(user + "|" + item, new Interaction(user, item, BigDecimal.valueOf(random.nextInt(100_000))));
        }

        @Override
        public void close() {
            clients.forEach(DynamoDbAsyncClient::close);
            proxy.close();
        }
    }
}
