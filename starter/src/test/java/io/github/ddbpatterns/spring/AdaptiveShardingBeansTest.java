package io.github.ddbpatterns.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.sharding.AdaptiveShardController;
import io.github.ddbpatterns.sharding.AdaptiveSharding;
import io.github.ddbpatterns.sharding.LayoutChange;
import io.github.ddbpatterns.sharding.ShardDecision;
import io.github.ddbpatterns.sharding.ShardDecisionListener;
import io.github.ddbpatterns.sharding.ShardDecisionResult;
import io.github.ddbpatterns.sharding.ShardLayout;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.sharding.TableShardMap;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ddb.patterns.sharding.adaptive.*}: the {@link AdaptiveSharding} bean built from them with the application's
 * {@link ShardDecisionListener} beans, bad values failing startup, and the controllers of {@link ShardedTable} beans
 * started with the context and closed with it, against DynamoDB Local.
 */
@DynamoDbLocalTest
class AdaptiveShardingBeansTest {

    static final TableSchema<Event> EVENTS = TableSchema.fromBean(Event.class);
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A sharded table with adaptive sharding, its shard-map items in the table itself. */
    @Configuration(proxyBeanMethods = false)
    static class AdaptiveEvents {

        @Bean
        TableShardMap eventShards(DdbPatterns ddb, TableNameResolver tables) {
            return ddb.shardMap()
                    .tableName(tables.name("events"))
                    .partitionKey("pk")
                    .sortKey("at", AttributeValue.fromN("0"))
                    .build();
        }

        @Bean
        ShardedTable<Event> events(
                DdbPatterns ddb, TableNameResolver tables, TableShardMap eventShards, AdaptiveSharding adaptive) {
            return ddb.shardedTable(EVENTS)
                    .tableName(tables.name("events"))
                    .logicalKey(Event::getUserId)
                    .shardMap(eventShards)
                    .adaptive(adaptive)
                    .build();
        }
    }

    /** Records every decision and result; completes {@link #firstResult} with the first result. */
    static final class Recording implements ShardDecisionListener {
        final List<ShardDecision> decisions = new ArrayList<>();
        final CompletableFuture<ShardDecisionResult> firstResult = new CompletableFuture<>();
        final boolean accept;

        Recording(boolean accept) {
            this.accept = accept;
        }

        @Override
        public synchronized boolean onDecision(ShardDecision decision) {
            decisions.add(decision);
            return accept;
        }

        @Override
        public void onResult(ShardDecisionResult result) {
            firstResult.complete(result);
        }
    }

    @Test
    void defaults_adaptiveShardingBeanHasTheLibrarysDefaults_andTheLifecycleAutoStarts() {
        Runners.starter().run(context -> {
            assertThat(context).hasNotFailed();
            AdaptiveSharding bean = context.getBean(AdaptiveSharding.class);
            AdaptiveSharding defaults = AdaptiveSharding.ofDefaults();
            assertThat(bean.targetUtilisation()).isEqualTo(defaults.targetUtilisation());
            assertThat(bean.writeUnitsPerPartition()).isEqualTo(defaults.writeUnitsPerPartition());
            assertThat(bean.coolDown()).isEqualTo(defaults.coolDown());
            assertThat(bean.maxShards()).isEqualTo(defaults.maxShards());
            assertThat(bean.window()).isEqualTo(defaults.window());
            assertThat(bean.dryRun()).isEqualTo(defaults.dryRun());
            assertThat(bean.reportThreshold()).isEqualTo(defaults.reportThreshold());
            assertThat(bean.trackedKeys()).isEqualTo(defaults.trackedKeys());
            assertThat(bean.revealKeys()).isEqualTo(defaults.revealKeys());
            assertThat(bean.listener())
                    .as("no listener bean: every decision allowed")
                    .isSameAs(ShardDecisionListener.ALLOW_ALL);

            DdbPatternsAdaptiveShardingLifecycle lifecycle =
                    context.getBean(DdbPatternsAdaptiveShardingLifecycle.class);
            assertThat(lifecycle.isAutoStartup()).isTrue();
            assertThat(lifecycle.isRunning()).isTrue();
            assertThat(lifecycle.controllers()).as("no sharded table bean").isEmpty();
            assertThat(lifecycle.getPhase()).isGreaterThan(DdbPatternsFlushLifecycle.PHASE);
        });
    }

    @Test
    void configurationMetadata_listsEveryAdaptiveProperty_withTheLibrarysDefaults() throws IOException {
        JsonNode metadata;
        try (InputStream json = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(json).isNotNull();
            metadata = new ObjectMapper().readTree(json);
        }
        Map<String, JsonNode> properties = new HashMap<>();
        metadata.get("properties").forEach(p -> properties.put(p.get("name").asText(), p));
        String prefix = "ddb.patterns.sharding.adaptive.";
        AdaptiveSharding defaults = AdaptiveSharding.ofDefaults();
        Function<String, JsonNode> defaultOf = name -> {
            assertThat(properties).containsKey(prefix + name);
            assertThat(properties.get(prefix + name).get("description").asText())
                    .as(name + " is described")
                    .isNotBlank();
            return properties.get(prefix + name).get("defaultValue");
        };
        assertThat(defaultOf.apply("target-utilisation").asDouble()).isEqualTo(defaults.targetUtilisation());
        assertThat(defaultOf.apply("write-units-per-partition").asDouble())
                .isEqualTo(defaults.writeUnitsPerPartition());
        assertThat(DurationStyle.detectAndParse(defaultOf.apply("cool-down").asText()))
                .isEqualTo(defaults.coolDown());
        assertThat(defaultOf.apply("max-shards").asInt()).isEqualTo(defaults.maxShards());
        assertThat(DurationStyle.detectAndParse(defaultOf.apply("window").asText()))
                .isEqualTo(defaults.window());
        assertThat(defaultOf.apply("dry-run").asBoolean()).isEqualTo(defaults.dryRun());
        assertThat(defaultOf.apply("report-threshold")).as("unset: derived").isNull();
        assertThat(defaultOf.apply("tracked-keys").asInt()).isEqualTo(defaults.trackedKeys());
        assertThat(defaultOf.apply("reveal-keys").asBoolean()).isEqualTo(defaults.revealKeys());
        assertThat(defaultOf.apply("auto-start").asBoolean()).isTrue();
    }

    @Test
    void properties_bindToTheAdaptiveShardingBean() {
        Runners.starter()
                .withPropertyValues(
                        "ddb.patterns.sharding.adaptive.target-utilisation=0.5",
                        "ddb.patterns.sharding.adaptive.write-units-per-partition=100",
                        "ddb.patterns.sharding.adaptive.cool-down=90s",
                        "ddb.patterns.sharding.adaptive.max-shards=16",
                        "ddb.patterns.sharding.adaptive.window=2s",
                        "ddb.patterns.sharding.adaptive.dry-run=true",
                        "ddb.patterns.sharding.adaptive.report-threshold=3.5",
                        "ddb.patterns.sharding.adaptive.tracked-keys=50",
                        "ddb.patterns.sharding.adaptive.reveal-keys=true",
                        "ddb.patterns.sharding.adaptive.auto-start=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    AdaptiveSharding bean = context.getBean(AdaptiveSharding.class);
                    assertThat(bean.targetUtilisation()).isEqualTo(0.5);
                    assertThat(bean.writeUnitsPerPartition()).isEqualTo(100.0);
                    assertThat(bean.coolDown()).isEqualTo(Duration.ofSeconds(90));
                    assertThat(bean.maxShards()).isEqualTo(16);
                    assertThat(bean.window()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(bean.dryRun()).isTrue();
                    assertThat(bean.reportThreshold()).isEqualTo(3.5);
                    assertThat(bean.trackedKeys()).isEqualTo(50);
                    assertThat(bean.revealKeys()).isTrue();
                    DdbPatternsAdaptiveShardingLifecycle lifecycle =
                            context.getBean(DdbPatternsAdaptiveShardingLifecycle.class);
                    assertThat(lifecycle.isAutoStartup()).isFalse();
                    assertThat(lifecycle.isRunning()).isFalse();
                });
    }

    @Test
    void reportThreshold_whenUnset_isATenthOfThePerShardTargetOfTheBoundSettings() {
        Runners.starter()
                .withPropertyValues(
                        "ddb.patterns.sharding.adaptive.target-utilisation=0.5",
                        "ddb.patterns.sharding.adaptive.write-units-per-partition=100")
                .run(context -> assertThat(
                                context.getBean(AdaptiveSharding.class).reportThreshold())
                        .isEqualTo(5.0));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ddb.patterns.sharding.adaptive.target-utilisation=1.5 | ddb.patterns.sharding.adaptive.target-utilisation must be in (0, 1], got: 1.5",
                "ddb.patterns.sharding.adaptive.target-utilisation=0 | ddb.patterns.sharding.adaptive.target-utilisation must be in (0, 1], got: 0.0",
                "ddb.patterns.sharding.adaptive.write-units-per-partition=0 | ddb.patterns.sharding.adaptive.write-units-per-partition must be a finite number > 0, got: 0.0",
                "ddb.patterns.sharding.adaptive.cool-down=0s | ddb.patterns.sharding.adaptive.cool-down must be a positive duration, got: 0ms",
                "ddb.patterns.sharding.adaptive.cool-down=-1m | ddb.patterns.sharding.adaptive.cool-down must be a positive duration, got: -60000ms",
                "ddb.patterns.sharding.adaptive.max-shards=0 | ddb.patterns.sharding.adaptive.max-shards must be between 1 and 1000, got: 0",
                "ddb.patterns.sharding.adaptive.max-shards=1001 | ddb.patterns.sharding.adaptive.max-shards must be between 1 and 1000, got: 1001",
                "ddb.patterns.sharding.adaptive.window=50ms | ddb.patterns.sharding.adaptive.window must be a whole number of milliseconds, at least 100 ms, got: 50ms",
                "ddb.patterns.sharding.adaptive.report-threshold=-1 | ddb.patterns.sharding.adaptive.report-threshold must be a finite number >= 0, got: -1.0",
                "ddb.patterns.sharding.adaptive.tracked-keys=0 | ddb.patterns.sharding.adaptive.tracked-keys must be between 1 and 10000, got: 0"
            })
    void badValue_failsStartupNamingThePropertyAndTheValue(String property, String message) {
        Runners.starter().withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessage(message);
        });
    }

    @Test
    void oneListenerBean_isTheSettingsListener() {
        Recording listener = new Recording(true);
        Runners.starter()
                .withBean(ShardDecisionListener.class, () -> listener)
                .run(context -> assertThat(
                                context.getBean(AdaptiveSharding.class).listener())
                        .isSameAs(listener));
    }

    @Test
    void severalListenerBeans_everyOneIsToldOfEachDecision_andOneVetoIsEnough() {
        Recording vetoing = new Recording(false);
        Recording accepting = new Recording(true);
        ShardDecision decision = new ShardDecision(
                "user-42",
                "hash",
                ShardDecision.Direction.RAISE,
                ShardDecision.Reason.OVER_TARGET,
                1,
                4,
                300,
                0,
                1,
                T0);
        Runners.starter()
                .withBean("vetoing", ShardDecisionListener.class, () -> vetoing)
                .withBean("accepting", ShardDecisionListener.class, () -> accepting)
                .run(context -> {
                    ShardDecisionListener listener =
                            context.getBean(AdaptiveSharding.class).listener();

                    assertThat(listener.onDecision(decision)).isFalse();
                    assertThat(vetoing.decisions).containsExactly(decision);
                    assertThat(accepting.decisions)
                            .as("told although an earlier listener vetoed")
                            .containsExactly(decision);
                    ShardDecisionResult result =
                            new ShardDecisionResult(decision, ShardDecisionResult.Outcome.VETOED, ShardLayout.of(1));
                    listener.onResult(result);
                    assertThat(vetoing.firstResult).isCompletedWithValue(result);
                    assertThat(accepting.firstResult).isCompletedWithValue(result);
                });
    }

    @Test
    void applicationAdaptiveSharding_isUsedInsteadOfTheStartersOwn() {
        AdaptiveSharding own = AdaptiveSharding.builder().maxShards(7).build();
        Runners.starter()
                .withBean(AdaptiveSharding.class, () -> own)
                .run(context ->
                        assertThat(context).getBean(AdaptiveSharding.class).isSameAs(own));
    }

    @Test
    void start_startsTheControllerOfAnAdaptiveShardedTableBean_whichDecides_andCloseClosesIt(TestTables tables)
            throws Exception {
        String prefix = tables.uniqueName() + "-";
        MutableClock clock = MutableClock.at(T0);
        Recording listener = new Recording(true);
        AtomicReference<AdaptiveShardController> controller = new AtomicReference<>();
        Runners.starter(DynamoDbLocal.shared().endpoint())
                .withUserConfiguration(AdaptiveEvents.class)
                .withBean(Clock.class, () -> clock)
                .withBean(ShardDecisionListener.class, () -> listener)
                .withPropertyValues(
                        "ddb.patterns.table-name.prefix=" + prefix,
                        // every evaluation 100 ms apart (real time); one write unit per second fills a partition
                        "ddb.patterns.sharding.adaptive.window=100ms",
                        "ddb.patterns.sharding.adaptive.write-units-per-partition=1",
                        "ddb.patterns.sharding.adaptive.target-utilisation=1",
                        "ddb.patterns.sharding.adaptive.max-shards=4")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    @SuppressWarnings("unchecked")
                    ShardedTable<Event> events = context.getBean(ShardedTable.class);
                    controller.set(events.adaptive().orElseThrow());
                    assertThat(controller.get().isRunning())
                            .as("started with the context")
                            .isTrue();
                    assertThat(context.getBean(DdbPatternsAdaptiveShardingLifecycle.class)
                                    .controllers())
                            .containsExactly(controller.get());
                    try {
                        events.createTable().join();
                        for (int i = 0; i < 10; i++) {
                            events.put(new Event("hot", T0.plusMillis(i), "click"))
                                    .join();
                        }
                        // the next window: only the schedule start() set up evaluates it
                        clock.advance(Duration.ofMillis(100));

                        ShardDecisionResult result = listener.firstResult.get(30, TimeUnit.SECONDS);
                        assertThat(result.decision().logicalKey()).isEqualTo("hot");
                        assertThat(result.decision().direction()).isEqualTo(ShardDecision.Direction.RAISE);
                        assertThat(result.decision().fromShards()).isEqualTo(1);
                        assertThat(result.decision().toShards())
                                .as("capped by max-shards")
                                .isEqualTo(4);
                        assertThat(result.outcome()).isEqualTo(ShardDecisionResult.Outcome.APPLIED);
                        List<LayoutChange> history = context.getBean(TableShardMap.class)
                                .history("hot")
                                .join();
                        assertThat(history).hasSize(1);
                        // reads cover the 4 shards at once; writers move to them after the raise delay
                        assertThat(events.layout("hot").join().readWidth()).isEqualTo(4);
                    } finally {
                        context.close();
                        DynamoDbLocal.shared().syncClient().deleteTable(b -> b.tableName(prefix + "events"));
                    }
                });
        assertThat(controller.get().isRunning()).as("closed with the context").isFalse();
    }

    @Test
    void autoStartFalse_leavesTheControllerStopped() {
        AtomicReference<AdaptiveShardController> controller = new AtomicReference<>();
        Runners.starter()
                .withUserConfiguration(AdaptiveEvents.class)
                .withPropertyValues("ddb.patterns.sharding.adaptive.auto-start=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    @SuppressWarnings("unchecked")
                    ShardedTable<Event> events = context.getBean(ShardedTable.class);
                    controller.set(events.adaptive().orElseThrow());
                    assertThat(controller.get().isRunning()).isFalse();
                    assertThat(context.getBean(DdbPatternsAdaptiveShardingLifecycle.class)
                                    .controllers())
                            .isEmpty();
                });
        assertThat(controller.get().isRunning()).isFalse();
    }
}
