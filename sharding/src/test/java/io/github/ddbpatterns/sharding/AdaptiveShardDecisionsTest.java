package io.github.ddbpatterns.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.hotkeys.ShardCountAdvisor;
import io.github.ddbpatterns.sharding.ShardDecision.Direction;
import io.github.ddbpatterns.sharding.ShardDecision.Reason;
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
import org.junit.jupiter.api.Test;

/**
 * What the controller decides from which input, at the proxy's scale (see {@link AdaptiveShardControllerTest}): a
 * rate hovering at a shard boundary, throttles under the target rate, and puts sent as batches.
 */
@DynamoDbLocalTest
class AdaptiveShardDecisionsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AdaptiveSharding SETTINGS = AdaptiveSharding.builder()
            .writeUnitsPerPartition(100)
            .targetUtilisation(0.8)
            .window(AdaptiveRun.WINDOW)
            .coolDown(Duration.ofSeconds(5))
            .maxShards(20)
            .build();

    private static ThrottlingProxy proxy(DynamoDbLocal local, MutableClock clock, long writeCapacity) {
        return ThrottlingProxy.builder()
                .target(local.endpoint())
                .clock(clock)
                .partitions(100)
                .writeCapacityPerPartition(writeCapacity)
                .build()
                .start();
    }

    /** Six cycles of 1 s at 90 WCU/s (2 shards at 80 % of 100) and 4 s at 70 WCU/s (1 shard). */
    private static List<Direction> hover(DynamoDbLocal local, TestTables tables, Duration coolDown) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        try (ThrottlingProxy proxy = proxy(local, clock, 100);
                AdaptiveRun run = new AdaptiveRun(clock, proxy, table)) {
            AdaptiveRun.Instance a =
                    run.addInstance("a", SETTINGS.toBuilder().coolDown(coolDown).build(), Duration.ofSeconds(1));
            for (int cycle = 0; cycle < 6; cycle++) {
                run.write("hover", 90, Duration.ofSeconds(1), List.of(a));
                run.write("hover", 70, Duration.ofSeconds(4), List.of(a));
            }
            assertThat(a.events().sync().queryAll("hover", ShardQuery.all().limit(1000)))
                    .extracting(Event::getSk)
                    .containsExactlyInAnyOrderElementsOf(run.written.get("hover"));
            return run.results().stream().map(r -> r.decision().direction()).toList();
        }
    }

    @Test
    void evaluate_whenRateHoversAtABoundaryWithBusyWindowsWithinTheCoolDown_raisesOnceAndNeverLowers(
            DynamoDbLocal local, TestTables tables) {
        assertThat(hover(local, tables, Duration.ofSeconds(5))).containsExactly(Direction.RAISE, Direction.RETIRE);
    }

    @Test
    void evaluate_whenTheSameTrafficMeetsACoolDownShorterThanItsQuietSpells_lowersAndRaisesAgain(
            DynamoDbLocal local, TestTables tables) {
        // the control of the test above: what the 5 s cool-down prevents
        List<Direction> decisions = hover(local, tables, Duration.ofSeconds(2));

        assertThat(decisions).contains(Direction.LOWER);
        assertThat(decisions.stream().filter(d -> d == Direction.RAISE).count()).isGreaterThan(1);
    }

    @Test
    void evaluate_whenKeyThrottledUnderTheTargetRate_raisesByOneShard(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        // the proxy's partitions take 50 WCU/s where the settings assume 100: 70 WCU/s is under target, yet throttled
        try (ThrottlingProxy proxy = proxy(local, clock, 50);
                AdaptiveRun run = new AdaptiveRun(clock, proxy, table)) {
            AdaptiveRun.Instance a = run.addInstance("a", SETTINGS, Duration.ofSeconds(1));

            run.write("busy", 70, Duration.ofSeconds(5), List.of(a));

            assertThat(ShardCountAdvisor.builder()
                            .writeUnitsPerPartition(100)
                            .targetUtilisation(0.8)
                            .build()
                            .recommendForUnits(70, 0))
                    .isEqualTo(1);
            assertThat(run.throttledAt).isNotEmpty();
            ShardDecisionResult first = run.results().get(0);
            assertThat(first.decision().direction()).isEqualTo(Direction.RAISE);
            assertThat(first.decision().reason()).isEqualTo(Reason.THROTTLED);
            assertThat(first.decision().throttles()).isPositive();
            assertThat(first.decision().toShards()).isEqualTo(2);
            assertThat(first.outcome()).isEqualTo(Outcome.APPLIED);
        }
    }

    @Test
    void evaluate_whenShardsAreCalculated_neverRetiresTheOldCountAndRewritesStayExactlyOnce(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        try (ThrottlingProxy proxy = proxy(local, clock, 100);
                AdaptiveRun run = new AdaptiveRun(clock, proxy, table)) {
            AdaptiveRun.Instance a =
                    run.addInstance("a", SETTINGS, Duration.ofSeconds(1), ShardingStrategy.calculated(Event::getSk));

            // 90 WCU/s: 2 shards. Each put under (2, previous 1) not landing on shard 0 also deletes its copy
            // there, so shard 0 keeps taking the whole rate (puts + deletes): kept under the 100 WCU/s limit here
            run.write("calc", 90, Duration.ofSeconds(6), List.of(a));
            List<String> before = run.written.get("calc");
            for (String sk : before.subList(0, 50)) { // rewrite items first written under 1 shard
                a.events().put(new Event("calc", sk, "rewritten")).join();
                clock.advance(Duration.ofMillis(20));
            }

            // an item's shard depends on the count: its copy under the old count is found through it, so it stays
            assertThat(run.results()).extracting(r -> r.decision().direction()).containsExactly(Direction.RAISE);
            assertThat(a.events().layout("calc").join()).isEqualTo(new ShardLayout(2, List.of(1)));
            assertThat(run.throttledAt).isEmpty();
            List<Event> read =
                    a.events().sync().queryAll("calc", ShardQuery.all().limit(1000));
            assertThat(read).extracting(Event::getSk).containsExactlyInAnyOrderElementsOf(before);
            assertThat(read.stream().filter(e -> e.getPayload().equals("rewritten")))
                    .hasSize(50);
        }
    }

    @Test
    void evaluate_whenKeyWrittenInBatches_raisesItLikeSinglePuts(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        try (ThrottlingProxy proxy = proxy(local, clock, 100);
                AdaptiveRun run = new AdaptiveRun(clock, proxy, table)) {
            AdaptiveRun.Instance a = run.addInstance("a", SETTINGS, Duration.ofSeconds(1));

            for (int batch = 0; batch < 10; batch++) { // 250 items in 1 s: 250 WCU/s
                List<Event> items = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    items.add(new Event("batched", String.format("b-%02d-%02d", batch, i), "twenty-bytes-payload"));
                }
                a.events().putAll(items).join();
                clock.advance(Duration.ofMillis(100));
            }
            run.evaluateAll();

            assertThat(a.results()).singleElement().satisfies(r -> {
                assertThat(r.decision().direction()).isEqualTo(Direction.RAISE);
                assertThat(r.decision().unitsPerSecond()).isEqualTo(250.0);
                assertThat(r.decision().toShards()).isEqualTo(4);
                assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
            });
        }
    }
}
