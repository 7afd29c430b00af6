package io.github.ddbpatterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.hotkeys.AccessType;
import io.github.ddbpatterns.core.hotkeys.HotKeyMetrics;
import io.github.ddbpatterns.core.hotkeys.HotKeyTracker;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.sessions.Session;
import io.github.ddbpatterns.sessions.SessionStore;
import io.github.ddbpatterns.sharding.ShardQuery;
import io.github.ddbpatterns.sharding.ShardedCounter;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * Keys may be personal data: no meter tag, no exception message and nothing printed holds a raw partition key. A
 * key is planted in every pattern, the patterns are driven through successes and failures (throttles, bad input,
 * bad cursors, a missing table), and everything observable is scanned for it.
 */
@DynamoDbLocalTest
class PrivacyTest {

    static final String PLANTED = "alice.planted@example.com";

    @Test
    void plantedKeys_neverAppearInMetersMessagesOrOutput(TestTables tables) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<Throwable> failures = new ArrayList<>();
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(DynamoDbLocal.shared().endpoint())
                        .writeCapacityPerPartition(1_000_000)
                        .readCapacityPerPartition(1_000_000)
                        .build()
                        .start();
                DynamoDbAsyncClient client = proxy.clients().asyncBuilder().build()) {
            DdbPatterns ddb = DdbPatterns.builder()
                    .dynamoDbClient(client)
                    .resilience(ResiliencePolicy.builder()
                            .maxAttempts(2)
                            .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                            .meterRegistry(registry)
                            .build())
                    .meterRegistry(registry)
                    .build();
            HotKeyTracker hotKeys = HotKeyTracker.builder().build();
            HotKeyMetrics hotKeyMetrics = HotKeyMetrics.builder(hotKeys)
                    .tagHashedKeys(true) // the most a user can show without opting in to raw keys
                    .build();
            hotKeyMetrics.bindTo(registry);
            hotKeys.record(PLANTED, 1000, AccessType.WRITE);
            hotKeyMetrics.refresh();

            ShardedTable<Item> items = ddb.shardedTable(TableSchema.fromBean(Item.class))
                    .tableName(tables.uniqueName())
                    .logicalKey(Item::getOwner)
                    .shards(4)
                    .build();
            ShardedCounter counter = ddb.shardedCounter()
                    .tableName(tables.uniqueName())
                    .partitionKey("pk")
                    .shards(4)
                    .build();
            SessionStore sessions =
                    ddb.sessions().tableName(tables.uniqueName()).build();

            // a missing table, first: the check's error names the table, never a key
            collect(failures, () -> items.put(new Item(PLANTED, "a")));
            items.createTable().join();
            counter.createTable().join();
            sessions.createTable().join();

            items.put(new Item(PLANTED, "a")).join();
            Page<Item> page = items.query(PLANTED, ShardQuery.all().limit(1)).join();
            items.get(new Item(PLANTED, "a")).join();
            counter.increment(PLANTED, 1).join();
            counter.get(PLANTED).join();
            Session session = sessions.create(PLANTED, Map.of("email", PLANTED)).join();
            sessions.get(session.id()).join();
            sessions.sessionsOf(PLANTED).join();

            // bad input and bad cursors
            collect(failures, () -> items.put(new Item(PLANTED, "x".repeat(500_000))));
            collect(
                    failures,
                    () -> items.query(
                            PLANTED, ShardQuery.all().after(page.cursor().orElseThrow() + "x")));
            collect(failures, () -> items.query("bob", ShardQuery.all().after(page)));
            collect(failures, () -> counter.increment(PLANTED.repeat(100), 1));

            // the service refusing: throttles and server errors, retried then reported
            proxy.reconfigure(b -> b.faults(FaultPlan.throttle().onOperation("PutItem")));
            collect(failures, () -> items.put(new Item(PLANTED, "b")));
            collect(failures, () -> sessions.create(PLANTED, Map.of()));
            proxy.reconfigure(b -> b.faults(FaultPlan.internalServerError()));
            collect(failures, () -> items.query(PLANTED, ShardQuery.all()));
            collect(failures, () -> counter.increment(PLANTED, 1));
            collect(failures, () -> sessions.sessionsOf(PLANTED));
            proxy.reconfigure(b -> b.faults());
            for (String name : List.of(items.tableName(), counter.tableName(), sessions.tableName())) {
                DynamoDbLocal.shared().syncClient().deleteTable(b -> b.tableName(name));
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        assertThat(failures).as("the failures the scan looks into").hasSizeGreaterThanOrEqualTo(9);
        for (Throwable failure : failures) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage()))
                        .as("message of %s", t.getClass())
                        .doesNotContain(PLANTED);
                assertThat(String.valueOf(t)).doesNotContain(PLANTED);
            }
        }
        assertThat(registry.getMeters()).as("meters").isNotEmpty();
        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().getName()).doesNotContain(PLANTED);
            for (Tag tag : meter.getId().getTags()) {
                assertThat(tag.getValue())
                        .as("tag %s of %s", tag.getKey(), meter.getId().getName())
                        .doesNotContain(PLANTED);
            }
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain(PLANTED);
    }

    /** Runs {@code call}, which must fail (at once or in its future), and keeps the failure. */
    private static void collect(List<Throwable> failures, Supplier<CompletableFuture<?>> call) {
        Throwable failure = null;
        try {
            call.get().join();
        } catch (RuntimeException e) {
            failure = e;
        }
        assertThat(failure).as("an expected failure").isNotNull();
        failures.add(failure);
    }
}
