package io.github.ddbpatterns.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.core.hotkeys.HotKeyTracker;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.sharding.SyncShardedTable;
import io.github.ddbpatterns.sharding.TableShardMap;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.TestTables;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The {@code ddbpatterns} endpoint's JSON, serialised the way Actuator serialises an {@code OperationResponseBody}
 * (Jackson, null values left out): shared settings, repositories, buffer depth, hot keys hashed unless revealed,
 * dead letters from the meter, shard maps; never the cursor secret.
 */
@DynamoDbLocalTest
class DdbPatternsEndpointTest {

    static final String SECRET = "endpoint-secret-0123456789abcdef";
    static final TableSchema<Event> EVENTS = TableSchema.fromBean(Event.class);
    static final TableSchema<Preference> PREFERENCES = TableSchema.fromBean(Preference.class);

    /** Like Actuator's endpoint ObjectMapper (JacksonEndpointAutoConfiguration): nulls are left out. */
    static final ObjectMapper JSON = new ObjectMapper().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    /** One of each thing the endpoint lists. */
    @Configuration(proxyBeanMethods = false)
    static class Everything {

        @Bean
        WriteBuffer eventWrites(DdbPatterns ddb) {
            return ddb.writeBuffer()
                    .name("events")
                    .maxDelay(Duration.ofHours(1))
                    .build();
        }

        @Bean
        WriteBuffer auditWrites(DdbPatterns ddb) {
            return ddb.writeBuffer().name("audit").maxDelay(Duration.ofHours(1)).build();
        }

        @Bean
        ShardedTable<Event> events(
                DdbPatterns ddb, Environment environment, @Qualifier("eventWrites") WriteBuffer eventWrites) {
            return ddb.shardedTable(EVENTS)
                    .tableName(environment.getRequiredProperty("test.events"))
                    .logicalKey(Event::getUserId)
                    .shards(4)
                    .writeBuffer(eventWrites)
                    .build();
        }

        @Bean
        SyncShardedTable<Event> eventsSync(ShardedTable<Event> events) {
            return events.sync();
        }

        @Bean
        HotKeyTracker eventsHotKeys() {
            return HotKeyTracker.ofDefaults();
        }

        @Bean
        HotKeyTracker revealedHotKeys() {
            return HotKeyTracker.builder().revealKeys(true).build();
        }

        @Bean
        TableShardMap eventShards(DdbPatterns ddb, Environment environment) {
            return ddb.shardMap()
                    .tableName(environment.getRequiredProperty("test.events"))
                    .partitionKey("pk")
                    .sortKey("at", AttributeValue.fromN("0"))
                    .build();
        }
    }

    @Test
    void json_describesEverything_andNeverTheCursorSecret(TestTables tables) {
        String table = tables.create(EVENTS);
        String missing = tables.uniqueName();
        Runners.actuator(DynamoDbLocal.shared().endpoint())
                .withUserConfiguration(Everything.class)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues(
                        "test.events=" + table,
                        "management.endpoints.web.exposure.include=ddbpatterns",
                        "ddb.patterns.cursor.secret=" + SECRET,
                        "ddb.patterns.resilience.max-attempts=3",
                        "ddb.patterns.resilience.circuit-breaker.enabled=true",
                        "ddb.patterns.resilience.rate-limit.limit-per-second=400",
                        "ddb.patterns.hot-keys.top-n=2")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    @SuppressWarnings("unchecked")
                    ShardedTable<Event> events = context.getBean(ShardedTable.class);
                    events.verifyTable().join(); // from now on a put goes to the buffer at once
                    Instant at = Instant.parse("2026-01-01T00:00:00Z");
                    for (int i = 0; i < 3; i++) {
                        events.put(new Event("user-" + i, at, "click"));
                    }
                    WriteBuffer audit = context.getBean("auditWrites", WriteBuffer.class);
                    DdbPatterns ddb = context.getBean(DdbPatterns.class);
                    CompletableFuture<Void> lost = audit.put(WriteOp.put(
                            ddb.enhancedClient().table(missing, PREFERENCES), new Preference("user-1", "dark", 12)));
                    audit.flush().join(); // the table does not exist: the write is given up
                    assertThat(lost).isCompletedExceptionally();
                    context.getBean("eventsHotKeys", HotKeyTracker.class).recordWrite("user-42", 5);
                    context.getBean("revealedHotKeys", HotKeyTracker.class).recordWrite("visible-key", 3);

                    String json = json(context);
                    JsonNode root = JSON.readTree(json);

                    assertThat(json).doesNotContain(SECRET).doesNotContain("user-42");
                    JsonNode settings = root.path("settings");
                    JsonNode resilience = settings.path("resilience");
                    assertThat(resilience.path("name").asText()).isEqualTo("ddb-patterns");
                    assertThat(resilience.path("maxAttempts").asInt()).isEqualTo(3);
                    assertThat(resilience.path("baseBackoff").asText()).isEqualTo("50ms");
                    assertThat(resilience.path("maxBackoff").asText()).isEqualTo("5s");
                    assertThat(resilience.path("circuitBreaker").path("state").asText())
                            .isEqualTo("CLOSED");
                    assertThat(resilience.path("circuitBreaker").has("failureRate"))
                            .isTrue();
                    assertThat(resilience.path("rateLimit").path("maxLimit").asInt())
                            .isEqualTo(400);
                    assertThat(resilience.path("rateLimit").path("currentLimit").asInt())
                            .isEqualTo(400);
                    assertThat(settings.path("cursorKey").asText()).isEqualTo("shared");
                    assertThat(settings.path("clientAligned").asBoolean()).isTrue();
                    assertThat(settings.path("checkTables").asBoolean()).isTrue();

                    assertThat(root.path("repositories")).hasSize(1);
                    JsonNode repository = root.path("repositories").get(0);
                    assertThat(repository.path("beans").toString()).isEqualTo("[\"events\",\"eventsSync\"]");
                    assertThat(repository.path("type").asText()).isEqualTo("ShardedTable");
                    assertThat(repository.path("table").asText()).isEqualTo(table);
                    assertThat(repository.path("layout").asText())
                            .isEqualTo("table '" + table + "': partition key pk (S), sort key at (N)");

                    JsonNode buffers = root.path("writeBuffers");
                    assertThat(buffers).hasSize(2);
                    assertThat(buffers.get(0).path("bean").asText()).isEqualTo("eventWrites");
                    assertThat(buffers.get(0).path("pendingKeys").asInt()).isEqualTo(3);
                    assertThat(buffers.get(0).path("heldWrites").asInt()).isEqualTo(3);
                    assertThat(buffers.get(0).path("config").toString())
                            .isEqualTo("{\"maxPendingKeys\":1000,\"maxDelay\":\"1h\",\"flushConcurrency\":4,"
                                    + "\"capacity\":10000,\"whenFull\":\"block(5s)\",\"closeTimeout\":\"30s\"}");
                    assertThat(buffers.get(1).path("bean").asText()).isEqualTo("auditWrites");
                    assertThat(buffers.get(1).path("heldWrites").asInt()).isZero();

                    JsonNode hashed = root.path("hotKeys").get(0);
                    assertThat(hashed.path("bean").asText()).isEqualTo("eventsHotKeys");
                    assertThat(hashed.path("keys").asText()).isEqualTo("hashed");
                    assertThat(hashed.path("window").asText()).isEqualTo("10s");
                    assertThat(hashed.path("top")).hasSize(1);
                    assertThat(hashed.path("top").get(0).path("key").asText())
                            .isEqualTo(context.getBean("eventsHotKeys", HotKeyTracker.class)
                                    .top(1)
                                    .get(0)
                                    .keyHash());
                    assertThat(hashed.path("top").get(0).path("access").asText())
                            .isEqualTo("write");
                    assertThat(hashed.path("top").get(0).path("unitsPerSecond").asDouble())
                            .isPositive();
                    JsonNode revealed = root.path("hotKeys").get(1);
                    assertThat(revealed.path("keys").asText()).isEqualTo("raw");
                    assertThat(revealed.path("top").get(0).path("key").asText()).isEqualTo("visible-key");

                    JsonNode deadLetters = root.path("deadLetters");
                    assertThat(deadLetters.path("source").asText()).isEqualTo("meter ddb.patterns.buffer.failed");
                    assertThat(deadLetters.path("byBuffer").toString()).isEqualTo("{\"audit\":1,\"events\":0}");

                    assertThat(root.path("shardMaps").toString())
                            .isEqualTo("[{\"bean\":\"eventShards\",\"shardMap\":\"TableShardMap[" + table
                                    + ", default 1]\",\"cachedLayouts\":\"not exposed by TableShardMap\"}]");
                });
    }

    @Test
    void json_withoutSecretBreakerLimitOrRegistry_saysSo() {
        Runners.actuator(DynamoDbLocal.shared().endpoint())
                .withPropertyValues("management.endpoints.web.exposure.include=ddbpatterns")
                .run(context -> {
                    JsonNode root = JSON.readTree(json(context));

                    JsonNode settings = root.path("settings");
                    assertThat(settings.path("cursorKey").asText()).isEqualTo("per-jvm");
                    assertThat(settings.path("resilience").has("circuitBreaker"))
                            .isFalse();
                    assertThat(settings.path("resilience").has("rateLimit")).isFalse();
                    assertThat(root.path("deadLetters").path("source").asText())
                            .isEqualTo("not counted: no MeterRegistry");
                    assertThat(root.path("repositories")).isEmpty();
                    assertThat(root.path("writeBuffers")).isEmpty();
                    assertThat(root.path("hotKeys")).isEmpty();
                    assertThat(root.path("shardMaps")).isEmpty();
                });
    }

    @ParameterizedTest
    @CsvSource({
        "PT0S, 0s",
        "PT0.05S, 50ms",
        "PT1.5S, 1500ms",
        "PT5S, 5s",
        "PT2M, 2m",
        "PT90M, 90m",
        "PT1H, 1h",
        "PT0.0005S, PT0.0005S"
    })
    void durations_areWrittenAsInPropertiesFiles(Duration duration, String written) {
        assertThat(DdbPatternsProperties.print(duration)).isEqualTo(written);
    }

    private static String json(AssertableApplicationContext context) throws Exception {
        assertThat(context).hasNotFailed().hasSingleBean(DdbPatternsEndpoint.class);
        return JSON.writeValueAsString(
                context.getBean(DdbPatternsEndpoint.class).describe());
    }
}
