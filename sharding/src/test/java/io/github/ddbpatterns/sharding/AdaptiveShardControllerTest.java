package io.github.ddbpatterns.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.ddbpatterns.core.hotkeys.ShardCountAdvisor;
import io.github.ddbpatterns.sharding.ShardDecision.Direction;
import io.github.ddbpatterns.sharding.ShardDecision.Reason;
import io.github.ddbpatterns.sharding.ShardDecisionResult.Outcome;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Adaptive sharding over DynamoDB Local through the throttling proxy, at the proxy's scale: 100 WCU/s per
 * partition (100 partitions), target utilisation 0.8 (80 WCU/s per shard), 1 s windows on a {@link MutableClock}
 * advanced per put. Every put is one 1-WCU item and the policy makes one attempt, so every throttle the proxy
 * answers reaches the table (and its controller).
 */
@DynamoDbLocalTest
class AdaptiveShardControllerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final double LIMIT = 100;
    private static final AdaptiveSharding SETTINGS = AdaptiveSharding.builder()
            .writeUnitsPerPartition(LIMIT)
            .targetUtilisation(0.8)
            .window(AdaptiveRun.WINDOW)
            .coolDown(Duration.ofSeconds(5))
            .maxShards(20)
            .build();

    private static ThrottlingProxy proxy(DynamoDbLocal local, MutableClock clock) {
        return ThrottlingProxy.builder()
                .target(local.endpoint())
                .clock(clock)
                .partitions(100)
                .writeCapacityPerPartition((long) LIMIT)
                .build()
                .start();
    }

    @Test
    void evaluate_whenKeyWrittenOverTarget_raisesToAdvisedCountAndThrottlingStops(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        try (ThrottlingProxy proxy = proxy(local, clock);
                AdaptiveRun run = new AdaptiveRun(clock, proxy, table)) {
            AdaptiveRun.Instance a = run.addInstance("a", SETTINGS, Duration.ofSeconds(1));
            for (int i = 0; i < 20; i++) {
                run.write("cold-" + i, 5, Duration.ofMillis(400), List.of(a));
            }
            long hotFrom = run.elapsed();

            run.write("hot", 250, Duration.ofSeconds(10), List.of(a));

            int advised = ShardCountAdvisor.builder()
                    .writeUnitsPerPartition(LIMIT)
                    .targetUtilisation(0.8)
                    .build()
                    .recommendForUnits(250, 0);
            assertThat(advised).isEqualTo(4);
            ShardDecisionResult raise = run.results().get(0);
            assertThat(raise.decision().direction()).isEqualTo(Direction.RAISE);
            assertThat(raise.decision().reason()).isEqualTo(Reason.OVER_TARGET);
            assertThat(raise.decision().fromShards()).isEqualTo(1);
            assertThat(raise.decision().toShards()).isEqualTo(advised);
            assertThat(raise.outcome()).isEqualTo(Outcome.APPLIED);
            assertThat(run.results())
                    .extracting(r -> r.decision().direction())
                    .containsExactly(Direction.RAISE, Direction.RETIRE);
            assertThat(a.events().layout("hot").join()).isEqualTo(ShardLayout.of(advised));
            assertThat(run.throttledAt).isNotEmpty();
            long lastThrottle =
                    run.throttledAt.stream().mapToLong(Long::longValue).max().orElseThrow();
            long decidedAt = raise.decision().at().toEpochMilli() - T0.toEpochMilli();
            System.out.printf(
                    "hot from %d ms, raised at %d ms, last throttled put issued at %d ms (%d throttles)%n",
                    hotFrom, decidedAt, lastThrottle, run.throttledAt.size());
            // writers move to the new shards one raise delay (TTL 1 s + 1 s) after the raise, once every reader covers
            // them; the shard that held the key starts with its credit used up, so a few throttles may follow there,
            // within
            // the window after that
            long raiseDelay = a.shardMap().raiseDelay().toMillis();
            assertThat(raiseDelay).isEqualTo(2_000);
            assertThat(lastThrottle).isGreaterThan(decidedAt);
            assertThat(lastThrottle).isLessThan(decidedAt + raiseDelay + AdaptiveRun.WINDOW.toMillis());
            // spread over 4 shards for the 7 windows from 11 s to 18 s, each 150 WCU over one partition's 100 (175 as
            // counted: the tracker reaches a tenth of a window back)
            double avoided = a.registry()
                    .get("ddb.patterns.sharding.adaptive.throttles.avoided")
                    .counter()
                    .count();
            System.out.printf("throttles avoided: %.0f write units%n", avoided);
            assertThat(avoided).isBetween(7 * 150.0, 7 * 175.0 + 1);
            List<String> read = a
                    .events()
                    .sync()
                    .queryAll("hot", ShardQuery.all().limit(1000))
                    .stream()
                    .map(Event::getSk)
                    .toList();
            assertThat(read).containsExactlyInAnyOrderElementsOf(run.written.get("hot"));
            for (int i = 0; i < 20; i++) {
                assertThat(a.events().layout("cold-" + i).join()).isEqualTo(ShardLayout.of(1));
                assertThat(a.shardMap().history("cold-" + i).join()).isEmpty();
            }
            long queries = proxy.stats().requests("Query");
            List<Event> cold =
                    a.events().query("cold-7", ShardQuery.all()).join().items();
            assertThat(proxy.stats().requests("Query") - queries).isEqualTo(1);
            assertThat(cold).extracting(Event::getSk).containsExactlyInAnyOrderElementsOf(run.written.get("cold-7"));
        }
    }

    @Test
    void evaluate_whenKeysAreHotWithUpdatesOrDeletes_raisesThemLikePuts(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        for (String key : List.of("updated", "deleted")) {
            for (int i = 0; i < 250; i++) { // written around the controller: only the updates and deletes count
                Event stored = new Event(key, String.format("%03d", i), "p");
                stored.setPk(key + "#shard-0");
                local.clients()
                        .enhancedAsync()
                        .table(table, Event.SCHEMA)
                        .putItem(stored)
                        .join();
            }
        }
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .clock(clock)
                        .build()
                        .start();
                AdaptiveRun run = new AdaptiveRun(clock, proxy, table)) {
            AdaptiveRun.Instance a = run.addInstance("a", SETTINGS, Duration.ofSeconds(1));
            List<Event> updated =
                    a.events().sync().queryAll("updated", ShardQuery.all().limit(1000));
            List<Event> deleted =
                    a.events().sync().queryAll("deleted", ShardQuery.all().limit(1000));

            for (int i = 0; i < 250; i++) { // 250 updates and 250 deletes of 1 WCU in one second
                Event e = updated.get(i);
                e.setPayload("changed");
                a.events().update(e).join();
                a.events().delete(deleted.get(i)).join();
                clock.advance(Duration.ofMillis(4));
            }
            run.evaluateAll();

            assertThat(a.results())
                    .extracting(
                            r -> r.decision().logicalKey(), r -> r.decision().toShards())
                    .containsExactlyInAnyOrder(tuple("updated", 4), tuple("deleted", 4));
        }
    }

    @Test
    void evaluate_whenTwoInstancesEachSeeHalfOfAKey_raisesItOnTheirSumThroughTheShardMap(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        try (ThrottlingProxy proxy = proxy(local, clock);
                AdaptiveRun run = new AdaptiveRun(clock, proxy, table)) {
            AdaptiveRun.Instance a = run.addInstance("a", SETTINGS, Duration.ofSeconds(30));
            AdaptiveRun.Instance b = run.addInstance("b", SETTINGS, Duration.ofSeconds(30));

            run.write("shared", 75, Duration.ofSeconds(1), List.of(a, b));

            // 75 WCU/s each is under the 80 WCU/s target: a, reporting first, sees only its own share
            assertThat(a.results()).isEmpty();
            assertThat(b.results()).singleElement().satisfies(r -> {
                assertThat(r.decision().direction()).isEqualTo(Direction.RAISE);
                assertThat(r.decision().unitsPerSecond()).isEqualTo((double) run.issued.get());
                assertThat(r.decision().toShards()).isEqualTo(2);
                assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
            });

            run.write("shared", 75, Duration.ofSeconds(1), List.of(a, b));

            // a learns the layout from its next report, long before its 30 s cache would expire: its reads cover the
            // 2 shards at once, while writers everywhere keep 1 shard until the raise delay (TTL + 1 s) has passed
            assertThat(a.shardMap().layout("shared").join()).isEqualTo(new ShardLayout(1, List.of(2)));
            assertThat(a.events()
                            .query("shared", ShardQuery.all().limit(1000))
                            .join()
                            .items())
                    .extracting(Event::getSk)
                    .containsExactlyInAnyOrderElementsOf(run.written.get("shared"));
        }
    }

    @Test
    void evaluate_whenTwoInstancesShareAHotKey_throttlingStopsWithinTheRaiseDelayAndAWindowAndVersionsRecordEachStep(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        try (ThrottlingProxy proxy = proxy(local, clock);
                AdaptiveRun run = new AdaptiveRun(clock, proxy, table)) {
            AdaptiveRun.Instance a = run.addInstance("a", SETTINGS, Duration.ofSeconds(1));
            AdaptiveRun.Instance b = run.addInstance("b", SETTINGS, Duration.ofSeconds(1));

            run.write("hot", 125, Duration.ofSeconds(10), List.of(a, b)); // 250 WCU/s: 2.5x a partition

            // a reports first and sees its own 125 WCU/s (2 shards); b then sees 250 (4 shards)
            assertThat(run.results()).extracting(r -> r.decision().toShards()).startsWith(2, 4);
            List<LayoutChange> history = a.shardMap().history("hot").join();
            assertThat(history).extracting(LayoutChange::version).startsWith(1L, 2L);
            assertThat(history).extracting(c -> c.layout().current()).startsWith(2, 4);
            assertThat(a.shardMap().layout("hot").join().current()).isEqualTo(4);
            assertThat(b.shardMap().layout("hot").join().current()).isEqualTo(4);
            long lastThrottle =
                    run.throttledAt.stream().mapToLong(Long::longValue).max().orElseThrow();
            System.out.printf(
                    "two instances: last throttled put issued at %d ms of 10,000 (%d throttles), history %s%n",
                    lastThrottle, run.throttledAt.size(), history);
            // both raises are made at 1 s; writers keep 1 shard for the raise delay (TTL 1 s + 1 s), then use 4, each
            // at 62.5 % of a partition: the throttles stop within the window after that
            long raisedAt = history.get(0).at().toEpochMilli() - T0.toEpochMilli();
            assertThat(raisedAt).isEqualTo(1_000);
            assertThat(lastThrottle)
                    .isGreaterThan(raisedAt)
                    .isLessThan(raisedAt + a.shardMap().raiseDelay().toMillis() + AdaptiveRun.WINDOW.toMillis());
            assertThat(a.events()
                            .query("hot", ShardQuery.all().limit(5000))
                            .join()
                            .items())
                    .extracting(Event::getSk)
                    .containsExactlyInAnyOrderElementsOf(run.written.get("hot"));
        }
    }

    @Test
    void evaluate_whenDryRun_theSharedHotKeyThrottlesForTheWholeRun(DynamoDbLocal local, TestTables tables) {
        // the baseline of the test above: the same traffic with decisions only recommended
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        AdaptiveSharding dryRun = SETTINGS.toBuilder().dryRun(true).build();
        try (ThrottlingProxy proxy = proxy(local, clock);
                AdaptiveRun run = new AdaptiveRun(clock, proxy, table)) {
            AdaptiveRun.Instance a = run.addInstance("a", dryRun, Duration.ofSeconds(10));
            AdaptiveRun.Instance b = run.addInstance("b", dryRun, Duration.ofSeconds(10));

            run.write("hot", 125, Duration.ofSeconds(10), List.of(a, b));

            long lastThrottle =
                    run.throttledAt.stream().mapToLong(Long::longValue).max().orElseThrow();
            System.out.printf(
                    "dry run: last throttled put issued at %d ms of 10,000 (%d throttles)%n",
                    lastThrottle, run.throttledAt.size());
            assertThat(lastThrottle).isGreaterThan(9_000);
            assertThat(run.results())
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.DRY_RUN));
            assertThat(a.shardMap().history("hot").join()).isEmpty();
        }
    }

    @Test
    void evaluate_whenOneInstanceAloneSeesHalfTheTarget_neverRaises(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        try (ThrottlingProxy proxy = proxy(local, clock);
                AdaptiveRun run = new AdaptiveRun(clock, proxy, table)) {
            AdaptiveRun.Instance a = run.addInstance("a", SETTINGS, Duration.ofSeconds(30));

            run.write("shared", 75, Duration.ofSeconds(3), List.of(a));

            assertThat(run.results()).isEmpty();
            assertThat(a.events().layout("shared").join()).isEqualTo(ShardLayout.of(1));
        }
    }

    @Test
    void evaluate_whenTwoInstancesRaiseOneKeyAtOnce_oneWinsAndBothAcceptItsLayout(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        CountDownLatch bothDecided = new CountDownLatch(2);
        ShardDecisionListener waitForTheOther = decision -> {
            bothDecided.countDown();
            try {
                // both decide on version 0 before either writes: a real race on the conditional write
                return bothDecided.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };
        AdaptiveSharding racing = SETTINGS.toBuilder().listener(waitForTheOther).build();
        try (ThrottlingProxy proxy = proxy(local, clock);
                AdaptiveRun run = new AdaptiveRun(clock, proxy, table)) {
            AdaptiveRun.Instance a = run.addInstance("a", racing, Duration.ofSeconds(30));
            AdaptiveRun.Instance b = run.addInstance("b", racing, Duration.ofSeconds(30));
            run.write("race", 200, Duration.ofMillis(999), List.of(a, b));
            clock.advance(Duration.ofMillis(1));

            CompletableFuture<List<ShardDecisionResult>> fromA = a.controller().evaluate();
            CompletableFuture<List<ShardDecisionResult>> fromB = b.controller().evaluate();
            List<ShardDecisionResult> results = new ArrayList<>(fromA.join());
            results.addAll(fromB.join());

            assertThat(results)
                    .extracting(ShardDecisionResult::outcome)
                    .containsExactlyInAnyOrder(Outcome.APPLIED, Outcome.LOST_RACE);
            ShardLayout winner = results.stream()
                    .filter(r -> r.outcome() == Outcome.APPLIED)
                    .findFirst()
                    .orElseThrow()
                    .layout();
            assertThat(results).allSatisfy(r -> assertThat(r.layout()).isEqualTo(winner));
            // both read over the winner's shards at once; writers use them after the raise delay
            ShardLayout pending = new ShardLayout(1, List.of(winner.current()));
            assertThat(a.shardMap().layout("race").join()).isEqualTo(pending);
            assertThat(b.shardMap().layout("race").join()).isEqualTo(pending);
            clock.advance(a.shardMap().raiseDelay());
            assertThat(a.shardMap().layout("race").join()).isEqualTo(winner);
            assertThat(b.shardMap().layout("race").join()).isEqualTo(winner);
            List<LayoutChange> history = a.shardMap().history("race").join();
            assertThat(history).singleElement().satisfies(change -> {
                assertThat(change.version()).isEqualTo(1);
                assertThat(change.layout()).isEqualTo(winner);
            });
        }
    }

    @Test
    void evaluate_whenKeyCools_lowersOnlyAfterTheCoolDownWithoutFlappingAndRetiresOnlyDrainedShards(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        try (ThrottlingProxy proxy = proxy(local, clock);
                AdaptiveRun run = new AdaptiveRun(clock, proxy, table)) {
            AdaptiveRun.Instance a = run.addInstance("a", SETTINGS, Duration.ofSeconds(1));
            // raised at 1 s; the nested count 1 is retired once settled (raise delay 2 s + two windows + a tenth), at 6
            // s
            run.write("cooling", 250, Duration.ofSeconds(6), List.of(a));
            assertThat(a.events().layout("cooling").join()).isEqualTo(ShardLayout.of(4));
            long hotUntil = run.elapsed();

            run.write("cooling", 10, Duration.ofSeconds(60), List.of(a));

            List<ShardDecisionResult> afterHot = a.results().stream()
                    .filter(r -> r.decision().at().toEpochMilli() - T0.toEpochMilli() > hotUntil)
                    .toList();
            assertThat(afterHot).singleElement().satisfies(r -> {
                assertThat(r.decision().direction()).isEqualTo(Direction.LOWER);
                assertThat(r.decision().reason()).isEqualTo(Reason.COOLED);
                assertThat(r.decision().toShards()).isEqualTo(1);
                assertThat(r.layout()).isEqualTo(new ShardLayout(1, List.of(4)));
            });
            long loweredAt = afterHot.get(0).decision().at().toEpochMilli() - T0.toEpochMilli();
            // the evaluation at hotUntil + 1 s still sees the busy window before it; from hotUntil + 2 s every
            // evaluation recommends 1 shard, and the key is lowered once that has lasted the whole cool-down
            assertThat(loweredAt)
                    .isEqualTo(hotUntil + 2_000 + SETTINGS.coolDown().toMillis());
            System.out.printf("hot until %d ms, lowered at %d ms%n", hotUntil, loweredAt);
            // shards 1..3 still hold items: reads cover 4 shards and nothing was retired
            assertThat(a.events().layout("cooling").join()).isEqualTo(new ShardLayout(1, List.of(4)));
            List<Event> all =
                    a.events().sync().queryAll("cooling", ShardQuery.all().limit(1000));
            assertThat(all).extracting(Event::getSk).containsExactlyInAnyOrderElementsOf(run.written.get("cooling"));

            for (Event e : all) {
                if (!e.getPk().endsWith("#shard-0")) {
                    a.events().delete(e).join();
                    // 50 deletes/s: under the 80 WCU/s target (deletes are writes: faster would raise the key again)
                    clock.advance(Duration.ofMillis(20));
                }
            }
            run.idle(Duration.ofSeconds(1));

            assertThat(a.results().get(a.results().size() - 1).decision().reason())
                    .isEqualTo(Reason.DRAINED);
            assertThat(a.events().layout("cooling").join()).isEqualTo(ShardLayout.of(1));
            long queries = proxy.stats().requests("Query");
            List<Event> page = a.events()
                    .query("cooling", ShardQuery.all().limit(50))
                    .join()
                    .items();
            assertThat(proxy.stats().requests("Query") - queries).isEqualTo(1);
            assertThat(page).hasSize(50);
            List<Event> left =
                    a.events().sync().queryAll("cooling", ShardQuery.all().limit(1000));
            List<String> kept = all.stream()
                    .filter(e -> e.getPk().endsWith("#shard-0"))
                    .map(Event::getSk)
                    .toList();
            assertThat(left).extracting(Event::getSk).containsExactlyInAnyOrderElementsOf(kept);
        }
    }

    @Test
    void evaluate_whenDryRunOrVetoed_changesNothingAndCountsTheDecision(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        List<ShardDecision> seen = new ArrayList<>();
        try (ThrottlingProxy proxy = proxy(local, clock);
                AdaptiveRun run = new AdaptiveRun(clock, proxy, table)) {
            AdaptiveRun.Instance dry = run.addInstance(
                    "dry",
                    SETTINGS.toBuilder().dryRun(true).listener(d -> seen.add(d)).build(),
                    Duration.ofSeconds(1));
            AdaptiveRun.Instance vetoing = run.addInstance(
                    "veto", SETTINGS.toBuilder().listener(d -> false).build(), Duration.ofSeconds(1));

            run.write("hot", 250, Duration.ofSeconds(1), List.of(dry, vetoing));

            assertThat(dry.results()).singleElement().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo(Outcome.DRY_RUN);
                assertThat(r.decision().toShards()).isEqualTo(4);
            });
            assertThat(seen).containsExactly(dry.results().get(0).decision());
            assertThat(vetoing.results())
                    .singleElement()
                    .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.VETOED));
            assertThat(dry.shardMap().history("hot").join()).isEmpty();
            assertThat(dry.registry()
                            .get("ddb.patterns.sharding.adaptive.decisions")
                            .tag("direction", "raise")
                            .tag("outcome", "dry_run")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void evaluate_whenKeyRaised_gaugesItsShardCountUnderItsHashNotItsName(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        try (ThrottlingProxy proxy = proxy(local, clock);
                AdaptiveRun run = new AdaptiveRun(clock, proxy, table)) {
            AdaptiveRun.Instance a = run.addInstance("a", SETTINGS, Duration.ofSeconds(1));

            run.write("user-42", 250, Duration.ofSeconds(1), List.of(a));

            Gauge gauge =
                    a.registry().get("ddb.patterns.sharding.adaptive.shards").gauge();
            assertThat(gauge.value()).isEqualTo(4.0);
            assertThat(gauge.getId().getTag("key"))
                    .isEqualTo(a.results().get(0).decision().keyTag())
                    .hasSize(16)
                    .isNotEqualTo("user-42");
            assertThat(a.registry()
                            .get("ddb.patterns.sharding.adaptive.decisions")
                            .tag("direction", "raise")
                            .tag("outcome", "applied")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
        }
    }
}
