package io.github.ddbpatterns.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.buffer.BufferClosedException;
import io.github.ddbpatterns.core.buffer.DeadLetter;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.sessions.PreferenceStore;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Closing the application context flushes every write buffer and preference store bean: what was accepted is in the
 * table afterwards; what cannot be written within {@code spring.lifecycle.timeout-per-shutdown-phase} is failed into
 * the dead-letter handling and reported in one WARN line — never dropped silently.
 */
@DynamoDbLocalTest
@ExtendWith(OutputCaptureExtension.class)
class ShutdownFlushTest {

    static final TableSchema<Event> EVENTS = TableSchema.fromBean(Event.class);
    static final TableSchema<Preference> PREFERENCES = TableSchema.fromBean(Preference.class);
    static final Duration NEVER = Duration.ofHours(1);

    /** Repositories whose writes wait for a window of an hour: only the shutdown flush can write them. */
    @Configuration(proxyBeanMethods = false)
    static class HourLongWindows {

        @Bean
        WriteBuffer eventWrites(DdbPatterns ddb) {
            return ddb.writeBuffer()
                    .name("events")
                    .maxDelay(NEVER)
                    .maxPendingKeys(100_000)
                    .build();
        }

        @Bean
        ShardedTable<Event> events(DdbPatterns ddb, TableNameResolver tables, WriteBuffer eventWrites) {
            return ddb.shardedTable(EVENTS)
                    .tableName(tables.name("events"))
                    .logicalKey(Event::getUserId)
                    .shards(4)
                    .writeBuffer(eventWrites)
                    .build();
        }

        @Bean
        PreferenceStore<Preference> preferences(DdbPatterns ddb, TableNameResolver tables) {
            return ddb.preferences(PREFERENCES)
                    .tableName(tables.name("preferences"))
                    .maxStaleness(NEVER)
                    .build();
        }
    }

    @Test
    void close_flushesEveryBufferedRepository_andEveryAcceptedWriteIsInTheTable(
            TestTables tables, CapturedOutput output) {
        String prefix = tables.uniqueName() + "-";
        List<CompletableFuture<?>> accepted = new ArrayList<>();
        Runners.starter(DynamoDbLocal.shared().endpoint())
                .withUserConfiguration(HourLongWindows.class)
                .withPropertyValues("ddb.patterns.table-name.prefix=" + prefix)
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    ShardedTable<Event> events = context.getBean(ShardedTable.class);
                    @SuppressWarnings("unchecked")
                    PreferenceStore<Preference> preferences = context.getBean(PreferenceStore.class);
                    events.createTable().join();
                    preferences.createTable().join();

                    Instant start = Instant.parse("2026-01-01T00:00:00Z");
                    for (int i = 0; i < 60; i++) {
                        accepted.add(events.put(new Event("user-" + (i % 3), start.plusSeconds(i), "click")));
                    }
                    for (int update = 0; update < 2; update++) {
                        for (int user = 0; user < 10; user++) {
                            accepted.add(preferences.put(new Preference("user-" + user, "dark", 10 + update)));
                        }
                    }
                    assertThat(context.getBean(WriteBuffer.class).pendingCount())
                            .as("nothing written before the shutdown")
                            .isEqualTo(60);
                    assertThat(preferences.pendingCount()).isEqualTo(10);
                });

        assertThat(accepted).allSatisfy(future -> assertThat(future).isCompleted());
        try {
            assertThat(scanCount(prefix + "events")).isEqualTo(60);
            assertThat(scanCount(prefix + "preferences")).isEqualTo(10);
            DynamoDbAsyncTable<Preference> stored =
                    DynamoDbLocal.shared().clients().enhancedAsync().table(prefix + "preferences", PREFERENCES);
            assertThat(stored.getItem(new Preference("user-7", null, null))
                            .join()
                            .getFontSize())
                    .as("the last write of each key")
                    .isEqualTo(11);
            assertThat(output.getOut())
                    .contains("ddb-patterns: flushed and closed 2 write buffer(s) and preference store(s)")
                    .doesNotContain("did not finish");
        } finally {
            deleteTable(prefix + "events");
            deleteTable(prefix + "preferences");
        }
    }

    /** A buffer that sends one call at a time, and a preference store, both reporting what they give up. */
    @Configuration(proxyBeanMethods = false)
    static class StalledWrites {

        @Bean
        WriteBuffer auditWrites(DdbPatterns ddb, Consumer<DeadLetter> deadLetters) {
            return ddb.writeBuffer()
                    .name("audit")
                    .maxDelay(NEVER)
                    .maxPendingKeys(100_000)
                    .flushConcurrency(1) // 30 writes: one call of 25 in flight, 5 queued behind it
                    .deadLetter(deadLetters)
                    .build();
        }

        @Bean
        PreferenceStore<Preference> preferences(DdbPatterns ddb, TableNameResolver tables) {
            return ddb.preferences(PREFERENCES)
                    .tableName(tables.name("preferences"))
                    .maxStaleness(NEVER)
                    .build(); // 4 calls of 25 at once: of 120 keys, 20 wait behind them
        }
    }

    @Test
    void writesNotSentWithinTheShutdownTimeout_areDeadLettered_andReportedInOneWarning(
            TestTables tables, CapturedOutput output) throws Exception {
        String prefix = tables.uniqueName() + "-";
        String auditTable = tables.create(PREFERENCES);
        Queue<DeadLetter> deadLetters = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<?>> audits = new ArrayList<>();
        List<CompletableFuture<?>> preferenceWrites = new ArrayList<>();
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                .target(DynamoDbLocal.shared().endpoint())
                .build()
                .start()) {
            Runners.starter(proxy.endpoint())
                    .withUserConfiguration(StalledWrites.class)
                    .withBean(Consumer.class, () -> (Consumer<DeadLetter>) deadLetters::add)
                    .withPropertyValues(
                            "ddb.patterns.table-name.prefix=" + prefix,
                            "spring.lifecycle.timeout-per-shutdown-phase=500ms",
                            "ddb.patterns.resilience.max-attempts=1",
                            "ddb.patterns.client.api-call-timeout=2s") // the calls in flight end with this
                    .run(context -> {
                        DdbPatterns ddb = context.getBean(DdbPatterns.class);
                        DynamoDbAsyncTable<Preference> audit =
                                ddb.enhancedClient().table(auditTable, PREFERENCES);
                        @SuppressWarnings("unchecked")
                        PreferenceStore<Preference> preferences = context.getBean(PreferenceStore.class);
                        preferences.createTable().join();
                        preferences.get("nobody").join(); // its table check is done before the stall

                        WriteBuffer buffer = context.getBean(WriteBuffer.class);
                        for (int i = 0; i < 30; i++) {
                            audits.add(buffer.put(WriteOp.put(audit, new Preference("audit-" + i, "x", i))));
                        }
                        for (int i = 0; i < 120; i++) {
                            preferenceWrites.add(preferences.put(new Preference("user-" + i, "dark", i)));
                        }
                        proxy.reconfigure(b -> b.latency(NEVER)); // every request from now on stalls
                    });
        } finally {
            deleteTable(prefix + "preferences");
        }

        // the 5 audit writes never sent were failed at the deadline, the 25 in flight when their call timed out
        CompletableFuture.allOf(audits.toArray(CompletableFuture[]::new))
                .exceptionally(e -> null)
                .get(60, TimeUnit.SECONDS);
        assertThat(audits).allSatisfy(future -> assertThat(future).isCompletedExceptionally());
        assertThat(deadLetters).hasSize(30);
        assertThat(deadLetters.stream().filter(dead -> dead.error().getCause() instanceof BufferClosedException))
                .as("failed at the shutdown deadline, never sent")
                .hasSize(5);

        CompletableFuture.allOf(preferenceWrites.toArray(CompletableFuture[]::new))
                .exceptionally(e -> null)
                .get(60, TimeUnit.SECONDS);
        assertThat(preferenceWrites).allSatisfy(future -> assertThat(future).isCompletedExceptionally());
        assertThat(preferenceWrites.stream().filter(ShutdownFlushTest::failedByTheDeadline))
                .as("preference writes never sent fail with BufferClosedException")
                .hasSize(20);

        String warning = output.getOut()
                .lines()
                .filter(line -> line.contains("did not finish flushing"))
                .reduce((a, b) -> a + "\n" + b)
                .orElseThrow();
        assertThat(warning)
                .as("one line")
                .doesNotContain("\n")
                .contains("WARN")
                .contains("2 of 2 write buffer(s) and preference store(s) did not finish flushing within 500 ms"
                        + " (spring.lifecycle.timeout-per-shutdown-phase)")
                .contains("30 write(s) of write buffers were unfinished at the deadline")
                .contains("25 already sent are still in flight")
                .contains("auditWrites (30 unfinished, 25 in flight)")
                .contains("preferences (unsent writes failed)");
    }

    private static boolean failedByTheDeadline(CompletableFuture<?> future) {
        Throwable error = future.handle((ok, e) -> e).join();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BufferClosedException) {
                return true;
            }
        }
        return false;
    }

    private static int scanCount(String table) {
        return DynamoDbLocal.shared()
                .syncClient()
                .scan(ScanRequest.builder().tableName(table).build())
                .count();
    }

    private static void deleteTable(String table) {
        try {
            DynamoDbLocal.shared().syncClient().deleteTable(b -> b.tableName(table));
        } catch (RuntimeException ignored) {
            // not created
        }
    }
}
