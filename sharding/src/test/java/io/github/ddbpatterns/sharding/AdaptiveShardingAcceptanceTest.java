package io.github.ddbpatterns.sharding;

import static io.github.ddbpatterns.sharding.HotUsersRun.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.hotkeys.ShardCountAdvisor;
import io.github.ddbpatterns.sharding.ShardDecision.Direction;
import io.github.ddbpatterns.sharding.ShardDecisionResult.Outcome;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The acceptance test of adaptive sharding (issue 14), over real HTTP against DynamoDB Local through the throttling
 * proxy, on a test clock: 10,000 users write with Zipf-distributed frequency through two library instances sharing
 * the table; 5 of them turn hot at 10 s, each at 5x the per-partition write limit, until 25 s. The proxy runs at 1/50
 * of DynamoDB's scale: 20 WCU/s per partition (DynamoDB's 1,000), 10,000 partitions, no table-level limit. Shard maps
 * cache layouts for 2 s (raise delay 3 s); windows are 1 s, target utilisation 0.8, cool-down 30 s.
 */
@DynamoDbLocalTest
class AdaptiveShardingAcceptanceTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int USERS = 10_000;
    private static final double LIMIT = 20;
    private static final double HOT_RATE = 5 * LIMIT;
    private static final double BACKGROUND_RATE = 20;
    private static final List<String> HOT = List.of(user(5001), user(6002), user(7003), user(8004), user(9005));
    private static final long HOT_FROM = 10_000;
    private static final long HOT_UNTIL = 25_000;
    private static final long RETENTION_AT = 120_000;
    private static final long RUN_END = 300_000;
    private static final Duration TTL = Duration.ofSeconds(2);
    private static final AdaptiveSharding SETTINGS = AdaptiveSharding.builder()
            .writeUnitsPerPartition(LIMIT)
            .targetUtilisation(0.8)
            .window(AdaptiveRun.WINDOW)
            .coolDown(Duration.ofSeconds(30))
            .maxShards(20)
            .build();

    private static ThrottlingProxy proxy(DynamoDbLocal local, MutableClock clock) {
        return ThrottlingProxy.builder()
                .target(local.endpoint())
                .clock(clock)
                .partitions(10_000)
                .writeCapacityPerPartition((long) LIMIT)
                .chargeStoredItemSize(false)
                .build()
                .start();
    }

    @Test
    void zipfUsers_withoutTheLoop_theHotUsersThrottleForTheWholeHotPeriod(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        AdaptiveSharding recommendOnly = SETTINGS.toBuilder().dryRun(true).build();
        try (ThrottlingProxy proxy = proxy(local, clock);
                AdaptiveRun run = new AdaptiveRun(clock, proxy, table)) {
            run.addInstance("a", recommendOnly, TTL);
            run.addInstance("b", recommendOnly, TTL);
            HotUsersRun users = new HotUsersRun(run, USERS, HOT, HOT_RATE, BACKGROUND_RATE, 42);

            users.runUntil(HOT_FROM, false, null);
            users.runUntil(HOT_UNTIL, true, null);

            Set<Long> hotSeconds = LongStream.range(HOT_FROM / 1000, HOT_UNTIL / 1000)
                    .boxed()
                    .collect(Collectors.toCollection(TreeSet::new));
            for (String hot : HOT) {
                assertThat(users.throttledSeconds.get(hot)).as(hot).containsAll(hotSeconds);
                assertThat(run.instances.get(0).shardMap().history(hot).join()).isEmpty();
            }
            assertThat(run.results())
                    .filteredOn(r -> r.decision().direction() == Direction.RAISE)
                    .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.DRY_RUN))
                    .extracting(r -> r.decision().logicalKey())
                    .containsAll(HOT);
            System.out.printf(
                    "without the loop: %d throttled puts; every hot user throttled in each of the %d hot seconds%n",
                    run.throttledAt.size(), hotSeconds.size());
        }
    }

    @Test
    void zipfUsers_whenFiveTurnHotOnTwoInstances_shardsFollowTheRateAndEveryReadFindsEveryItemOnce(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        try (ThrottlingProxy proxy = proxy(local, clock);
                AdaptiveRun run = new AdaptiveRun(clock, proxy, table)) {
            AdaptiveRun.Instance a = run.addInstance("a", SETTINGS, TTL);
            AdaptiveRun.Instance b = run.addInstance("b", SETTINGS, TTL);
            HotUsersRun users = new HotUsersRun(run, USERS, HOT, HOT_RATE, BACKGROUND_RATE, 42);

            users.runUntil(HOT_FROM, false, null);
            users.runUntil(HOT_UNTIL, true, null);
            Map<String, ShardLayout> atHotEnd = HOT.stream()
                    .collect(
                            Collectors.toMap(u -> u, u -> a.shardMap().layout(u).join()));
            users.runUntil(RETENTION_AT, false, null);
            // the hot users' items of the first 25 s are deleted (at 14/s each: 1,500 items in 110 s)
            users.runUntil(RETENTION_AT + 110_000, false, HOT_UNTIL);
            users.runUntil(RUN_END, false, null);

            // throttling stopped within a window (to see the rate) + the raise delay (3 s) + a window
            long bound = HOT_FROM + 1_000 + a.shardMap().raiseDelay().toMillis() + 1_000;
            for (String hot : HOT) {
                assertThat(users.lastThrottledPut.get(hot)).as(hot).isBetween(HOT_FROM, bound);
            }
            long lastThrottle = users.lastThrottledPut.values().stream()
                    .mapToLong(Long::longValue)
                    .max()
                    .orElseThrow();

            // the hot users got the advisor's count for 5x a partition; no other user was ever resharded
            int advised = ShardCountAdvisor.builder()
                    .writeUnitsPerPartition(LIMIT)
                    .targetUtilisation(0.8)
                    .maxShards(20)
                    .build()
                    .recommendForUnits(HOT_RATE, 0);
            assertThat(advised).isEqualTo(7);
            atHotEnd.forEach(
                    (hot, layout) -> assertThat(layout.current()).as(hot).isEqualTo(advised));
            assertThat(resharded(local, table)).containsExactlyInAnyOrderElementsOf(HOT);

            // after the cool-down every hot user is back to 1 shard, read with 1 Query, and never flapped
            for (String hot : HOT) {
                List<LayoutChange> history = a.shardMap().history(hot).join();
                List<Integer> counts =
                        history.stream().map(c -> c.layout().current()).toList();
                assertThat(counts).as(hot).contains(advised).endsWith(1);
                int peak = counts.indexOf(advised);
                assertThat(counts.subList(0, peak + 1)).as(hot).isSorted();
                List<Integer> after = new ArrayList<>(counts.subList(peak, counts.size()));
                assertThat(after).as(hot).isSortedAccordingTo((x, y) -> Integer.compare(y, x));
                assertThat(history)
                        .extracting(LayoutChange::version)
                        .isEqualTo(LongStream.rangeClosed(1, history.size())
                                .boxed()
                                .toList());
                LayoutChange lowered = history.stream()
                        .filter(c -> c.layout().current() == 1)
                        .findFirst()
                        .orElseThrow();
                assertThat(lowered.at().toEpochMilli() - T0.toEpochMilli())
                        .isGreaterThanOrEqualTo(HOT_UNTIL + SETTINGS.coolDown().toMillis());
                assertThat(history.get(history.size() - 1).layout()).isEqualTo(ShardLayout.of(1));
                assertThat(a.events().layout(hot).join()).isEqualTo(ShardLayout.of(1));
                assertThat(b.events().layout(hot).join()).isEqualTo(ShardLayout.of(1));
            }
            assertThat(run.results())
                    .filteredOn(r -> r.decision().direction() == Direction.RAISE)
                    .allSatisfy(r -> assertThat(r.decision().at().toEpochMilli() - T0.toEpochMilli())
                            .isLessThan(HOT_UNTIL + 1_000));

            // every user's items on both instances, each once; a cold user and a retired hot user read with 1 Query
            for (AdaptiveRun.Instance reader : run.instances) {
                for (String hot : HOT) {
                    users.checkRead(reader, hot);
                }
                for (int rank = 1; rank <= 100; rank++) {
                    users.checkRead(reader, user(rank));
                }
            }
            long queries = proxy.stats().requests("Query");
            users.checkRead(b, user(1));
            assertThat(proxy.stats().requests("Query") - queries).isEqualTo(1);
            queries = proxy.stats().requests("Query");
            users.checkRead(b, HOT.get(0));
            assertThat(proxy.stats().requests("Query") - queries).isEqualTo(1);

            assertThat(users.pagingPasses).isPositive();
            assertThat(users.passesAcrossWidthChanges).isPositive(); // a checked pass whose cursor crossed a change
            System.out.printf(
                    "with the loop: last throttled put of a hot user at %d ms (hot from %d ms: %d ms later, bound %d ms);"
                            + " %d throttled puts, %d throttled deletes; hot users at %d shards at %d ms, back to 1;"
                            + " %d reads checked, %d paging passes, %d of them across a read-width change; histories %s%n",
                    lastThrottle,
                    HOT_FROM,
                    lastThrottle - HOT_FROM,
                    bound - HOT_FROM,
                    run.throttledAt.size(),
                    users.throttledDeletes,
                    advised,
                    HOT_UNTIL,
                    users.readsChecked,
                    users.pagingPasses,
                    users.passesAcrossWidthChanges,
                    a.shardMap().history(HOT.get(0)).join());
        }
    }

    /** The logical keys whose shard-map item holds a layout (ever changed), read directly from DynamoDB Local. */
    private static List<String> resharded(DynamoDbLocal local, String table) {
        List<String> keys = new ArrayList<>();
        local.clients()
                .sync()
                .scanPaginator(ScanRequest.builder()
                        .tableName(table)
                        .filterExpression("begins_with(pk, :prefix) AND attribute_exists(shardCount)")
                        .expressionAttributeValues(Map.of(":prefix", AttributeValue.fromS(TableShardMap.KEY_PREFIX)))
                        .build())
                .items()
                .forEach(item -> keys.add(item.get("pk").s().substring(TableShardMap.KEY_PREFIX.length())));
        return keys;
    }
}
