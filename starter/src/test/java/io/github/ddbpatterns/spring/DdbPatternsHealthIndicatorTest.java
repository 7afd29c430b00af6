package io.github.ddbpatterns.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.core.table.KeyAttribute;
import io.github.ddbpatterns.core.table.TableLayout;
import io.github.ddbpatterns.core.table.TableRepository;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * The {@code ddbpatterns} health: UP with good tables, DOWN naming a missing table or a wrong layout, OUT_OF_SERVICE
 * on a throttle or no answer, DOWN with an open circuit breaker; one check per table per cache-ttl, counted by the
 * testing proxy.
 */
@DynamoDbLocalTest
class DdbPatternsHealthIndicatorTest {

    static final TableSchema<Event> EVENTS = TableSchema.fromBean(Event.class);
    static final TableSchema<Preference> PREFERENCES = TableSchema.fromBean(Preference.class);

    static ThrottlingProxy proxy;

    @BeforeAll
    static void start() {
        proxy = ThrottlingProxy.builder()
                .target(DynamoDbLocal.shared().endpoint())
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @BeforeEach
    void noFaults() {
        proxy.reconfigure(b -> b.faults());
        proxy.stats().reset();
    }

    /** One sharded table over {@code test.events}. */
    @Configuration(proxyBeanMethods = false)
    static class OneTable {

        @Bean
        ShardedTable<Event> events(DdbPatterns ddb, Environment environment) {
            return sharded(ddb, environment.getRequiredProperty("test.events"));
        }
    }

    /** {@link OneTable} and a second sharded table over {@code test.archive}. */
    @Configuration(proxyBeanMethods = false)
    static class TwoTables {

        @Bean
        ShardedTable<Event> events(DdbPatterns ddb, Environment environment) {
            return sharded(ddb, environment.getRequiredProperty("test.events"));
        }

        @Bean
        ShardedTable<Event> archive(DdbPatterns ddb, Environment environment) {
            return sharded(ddb, environment.getRequiredProperty("test.archive"));
        }
    }

    static ShardedTable<Event> sharded(DdbPatterns ddb, String table) {
        return ddb.shardedTable(EVENTS)
                .tableName(table)
                .logicalKey(Event::getUserId)
                .shards(2)
                .build();
    }

    private static ApplicationContextRunner throughProxy() {
        return Runners.actuator(proxy.endpoint())
                .withPropertyValues(
                        "ddb.patterns.resilience.base-backoff=1ms", "ddb.patterns.resilience.max-backoff=10ms");
    }

    @Test
    void goodTable_isUp_underTheNameDdbpatterns(TestTables tables) {
        String table = tables.create(EVENTS);
        Runners.actuator(DynamoDbLocal.shared().endpoint())
                .withUserConfiguration(OneTable.class)
                .withPropertyValues("test.events=" + table)
                .run(context -> {
                    assertThat(context).hasSingleBean(DdbPatternsHealthIndicator.class);
                    HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                    assertThat(((CompositeHealth) endpoint.health()).getComponents())
                            .containsKey("ddbpatterns");

                    Health health = (Health) endpoint.healthForPath("ddbpatterns");

                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(tables(health))
                            .containsExactly(
                                    Map.entry(table, Map.of("status", "UP", "repositories", List.of("events"))));
                    assertThat(health.getDetails())
                            .as("no circuit breaker configured, none reported")
                            .doesNotContainKey("circuitBreaker");
                });
    }

    @Test
    void missingTable_andWrongKeySchema_areDown_namingEachTableAndItsDifferences(TestTables tables) {
        String missing = tables.uniqueName();
        String wrongKeys = tables.create(PREFERENCES); // partition key userId (S), no sort key
        Runners.actuator(DynamoDbLocal.shared().endpoint())
                .withUserConfiguration(TwoTables.class)
                .withPropertyValues("test.events=" + missing, "test.archive=" + wrongKeys)
                .run(context -> {
                    Health health = health(context);

                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    Map<String, Map<String, Object>> found = tables(health);
                    assertThat(found.get(missing))
                            .containsEntry("status", "DOWN")
                            .containsEntry("repositories", List.of("events"))
                            .containsEntry("differences", List.of("table does not exist"));
                    assertThat(found.get(wrongKeys))
                            .containsEntry("status", "DOWN")
                            .containsEntry("repositories", List.of("archive"));
                    assertThat(differences(found.get(wrongKeys)))
                            .containsExactly(
                                    "partition key is userId (S), expected pk (S)",
                                    "sort key is absent, expected at (N)");
                });
    }

    @Test
    void twoHealthCallsWithinTheCacheTtl_sendOneDescribeTable(TestTables tables) {
        String table = tables.create(EVENTS);
        throughProxy()
                .withUserConfiguration(OneTable.class)
                .withPropertyValues("test.events=" + table, "ddb.patterns.health.cache-ttl=1h")
                .run(context -> {
                    DdbPatternsHealthIndicator indicator = context.getBean(DdbPatternsHealthIndicator.class);

                    assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
                    assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

                    assertThat(proxy.stats().requests("DescribeTable")).isEqualTo(1);
                    assertThat(proxy.stats().requests()).as("nothing else").isEqualTo(1);
                });
    }

    @Test
    void cacheTtlZero_everyHealthCallChecks(TestTables tables) {
        String table = tables.create(EVENTS);
        throughProxy()
                .withUserConfiguration(OneTable.class)
                .withPropertyValues("test.events=" + table, "ddb.patterns.health.cache-ttl=0s")
                .run(context -> {
                    DdbPatternsHealthIndicator indicator = context.getBean(DdbPatternsHealthIndicator.class);

                    indicator.health();
                    indicator.health();

                    assertThat(proxy.stats().requests("DescribeTable")).isEqualTo(2);
                });
    }

    @Test
    void repositoriesOverOneTableAndLayout_shareOneCheck(TestTables tables) {
        String table = tables.create(EVENTS);
        throughProxy()
                .withUserConfiguration(TwoTables.class)
                .withPropertyValues("test.events=" + table, "test.archive=" + table)
                .run(context -> {
                    Health health = health(context);

                    assertThat(tables(health))
                            .containsExactly(Map.entry(
                                    table, Map.of("status", "UP", "repositories", List.of("events", "archive"))));
                    assertThat(proxy.stats().requests("DescribeTable")).isEqualTo(1);
                });
    }

    @Test
    void afterTheCacheTtl_theTableIsCheckedAgain(TestTables tables) {
        String table = tables.create(EVENTS);
        AtomicLong nanos = new AtomicLong();
        Runners.starter(DynamoDbLocal.shared().endpoint())
                .withUserConfiguration(OneTable.class)
                .withPropertyValues("test.events=" + table)
                .run(context -> {
                    DdbPatternsHealthIndicator indicator = new DdbPatternsHealthIndicator(
                            new ExistingBeans(context.getBeanFactory())::repositories,
                            context.getBean(DdbPatterns.class).context(),
                            new DdbPatternsProperties.Health(Duration.ofSeconds(10), Duration.ofSeconds(30)),
                            nanos::get);
                    assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

                    DynamoDbLocal.shared().syncClient().deleteTable(b -> b.tableName(table));
                    nanos.addAndGet(Duration.ofSeconds(10).minusNanos(1).toNanos());
                    assertThat(indicator.health().getStatus())
                            .as("within the cache TTL: the cached result")
                            .isEqualTo(Status.UP);

                    nanos.addAndGet(1);
                    Health checkedAgain = indicator.health();
                    assertThat(checkedAgain.getStatus())
                            .as("a passed check is not remembered by the indicator")
                            .isEqualTo(Status.DOWN);
                    assertThat(tables(checkedAgain).get(table))
                            .containsEntry("differences", List.of("table does not exist"));
                });
    }

    @Test
    void throttledCheck_isOutOfService_withTheError(TestTables tables) {
        String table = tables.create(EVENTS);
        proxy.reconfigure(b -> b.faults(FaultPlan.throttle().onOperation("DescribeTable")));
        throughProxy()
                .withUserConfiguration(OneTable.class)
                .withPropertyValues("test.events=" + table, "ddb.patterns.resilience.max-attempts=2")
                .run(context -> {
                    Health health = health(context);

                    assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
                    assertThat(tables(health).get(table))
                            .containsEntry("status", "OUT_OF_SERVICE")
                            .containsEntry("reason", "throttled");
                    assertThat((String) tables(health).get(table).get("error"))
                            .startsWith("ProvisionedThroughputExceededException: ");
                    assertThat(proxy.stats().throttled("DescribeTable"))
                            .as("the check goes through the policy, like the repository's requests")
                            .isEqualTo(2);
                });
    }

    @Test
    void unansweredCheck_isOutOfServiceAtTheTimeout_andIsNotStartedAgainWhileInFlight() {
        UnansweredRepository stalled = new UnansweredRepository();
        Runners.actuator(DynamoDbLocal.shared().endpoint())
                .withBean("stalled", TableRepository.class, () -> stalled)
                .withPropertyValues("ddb.patterns.health.cache-ttl=0s", "ddb.patterns.health.timeout=50ms")
                .run(context -> {
                    DdbPatternsHealthIndicator indicator = context.getBean(DdbPatternsHealthIndicator.class);

                    Health first = indicator.health();
                    Health second = indicator.health(); // the first check has not answered

                    for (Health health : List.of(first, second)) {
                        assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
                        assertThat(tables(health).get("stalled"))
                                .containsEntry("status", "OUT_OF_SERVICE")
                                .containsEntry("reason", "timeout")
                                .containsEntry("error", "no answer within 50ms (ddb.patterns.health.timeout)");
                    }
                    assertThat(stalled.checks).hasValue(1);
                });
    }

    /** A repository whose table check never answers; counts the checks started. */
    static final class UnansweredRepository implements TableRepository {
        final AtomicInteger checks = new AtomicInteger();

        @Override
        public String tableName() {
            return "stalled";
        }

        @Override
        public TableLayout tableLayout() {
            return TableLayout.builder("stalled")
                    .partitionKey(KeyAttribute.string("pk"))
                    .build();
        }

        @Override
        public CompletableFuture<Void> createTable() {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> verifyTable() {
            checks.incrementAndGet();
            return new CompletableFuture<>();
        }
    }

    @Test
    void noRepository_listTablesAnswers_isUp() {
        throughProxy().run(context -> {
            Health health = health(context);

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsExactly(Map.entry("probe", "ListTables"));
            assertThat(proxy.stats().requests("ListTables")).isEqualTo(1);
            assertThat(proxy.stats().requests()).isEqualTo(1);
        });
    }

    @Test
    void noRepository_listTablesThrottled_isOutOfService() {
        proxy.reconfigure(b -> b.faults(FaultPlan.throttle().onOperation("ListTables")));
        throughProxy()
                .withPropertyValues("ddb.patterns.resilience.max-attempts=1")
                .run(context -> {
                    Health health = health(context);

                    assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
                    assertThat(health.getDetails())
                            .containsEntry("probe", "ListTables")
                            .containsEntry("reason", "throttled")
                            .containsKey("error");
                });
    }

    @Test
    void openCircuitBreaker_isDown_withItsState_andSendsNothing(TestTables tables) {
        String table = tables.create(EVENTS);
        throughProxy()
                .withUserConfiguration(OneTable.class)
                .withPropertyValues(
                        "test.events=" + table,
                        "ddb.patterns.resilience.circuit-breaker.enabled=true",
                        "ddb.patterns.health.cache-ttl=0s")
                .run(context -> {
                    CircuitBreaker breaker = context.getBean(ResiliencePolicy.class)
                            .circuitBreaker()
                            .orElseThrow();
                    DdbPatternsHealthIndicator indicator = context.getBean(DdbPatternsHealthIndicator.class);

                    Health closed = indicator.health();
                    assertThat(closed.getStatus()).isEqualTo(Status.UP);
                    assertThat(closed.getDetails())
                            .containsEntry("circuitBreaker", Map.of("name", "ddb-patterns", "state", "CLOSED"));

                    breaker.transitionToOpenState();
                    proxy.stats().reset();
                    Health open = indicator.health();

                    assertThat(open.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(open.getDetails())
                            .containsExactly(
                                    Map.entry("circuitBreaker", Map.of("name", "ddb-patterns", "state", "OPEN")));
                    assertThat(proxy.stats().requests()).isZero();
                });
    }

    @Test
    void disabledByProperty_noIndicator() {
        Runners.actuator(DynamoDbLocal.shared().endpoint())
                .withPropertyValues("management.health.ddbpatterns.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(DdbPatternsHealthIndicator.class);
                    assertThat(((CompositeHealth) context.getBean(HealthEndpoint.class)
                                            .health())
                                    .getComponents())
                            .doesNotContainKey("ddbpatterns");
                });
    }

    @Test
    void badHealthSetting_failsStartupNamingThePropertyAndTheValue() {
        Runners.starter()
                .withPropertyValues("ddb.patterns.health.timeout=0s")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessage("ddb.patterns.health.timeout must be positive, got: 0ms"));
    }

    private static Health health(AssertableApplicationContext context) {
        assertThat(context).hasNotFailed();
        return context.getBean(DdbPatternsHealthIndicator.class).health();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> tables(Health health) {
        return (Map<String, Map<String, Object>>) health.getDetails().get("tables");
    }

    @SuppressWarnings("unchecked")
    private static List<String> differences(Map<String, Object> table) {
        return (List<String>) table.get("differences");
    }
}
