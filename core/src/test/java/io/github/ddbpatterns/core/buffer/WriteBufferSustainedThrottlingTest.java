package io.github.ddbpatterns.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.testsupport.ProxiedDynamoDb;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * One hot partition key under a throttling storm of 60 s, over real HTTP: the proxy throttles every write of
 * partition key {@code hot} ({@link FaultPlan#onPartitionKey}) until the test ends the storm by reconfiguring it.
 * The test moves the buffer's {@link MutableClock} in steps of 5 s instead of waiting, and holds the throttled
 * write's backoff on a {@link HeldScheduler} until it has moved the clock, so each step is one more resend of the
 * hot key. Other keys are written in every step. The buffer builds its own BatchWriter on the client, with default
 * buffer settings; the policy only has short waits ({@link ProxiedDynamoDb#fastPolicy}) for its in-call retries.
 */
@DynamoDbLocalTest
class WriteBufferSustainedThrottlingTest {

    static final TableSchema<BufferedItem> SCHEMA = TableSchema.fromBean(BufferedItem.class);
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration STEP = Duration.ofSeconds(5);
    static final Duration STORM = Duration.ofSeconds(60);
    static final String HOT = "hotkey42";
    static final int COLD_KEYS = 30;
    static final int HOT_WRITES_PER_STEP = 4;
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    DynamoDbAsyncTable<BufferedItem> table;
    ProxiedDynamoDb db;
    WatchedClient client;
    MutableClock clock;
    HeldScheduler scheduler;
    SimpleMeterRegistry registry;
    List<DeadLetter> deadLetters;
    List<SustainedThrottling> events;

    @BeforeEach
    void setUp(TestTables tables, DynamoDbEnhancedAsyncClient enhanced) {
        table = enhanced.table(tables.create(SCHEMA), SCHEMA);
        db = ProxiedDynamoDb.start(b -> b.faults(FaultPlan.throttle().onPartitionKey(HOT)));
        client = new WatchedClient(db.client());
        clock = MutableClock.at(START);
        scheduler = new HeldScheduler();
        registry = new SimpleMeterRegistry();
        deadLetters = new CopyOnWriteArrayList<>();
        events = new CopyOnWriteArrayList<>();
    }

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
        db.close();
    }

    /** Default buffer settings on the watched client; the test clock and scheduler; fast policy waits. */
    WriteBuffer.Builder builder() {
        return WriteBuffer.builder()
                .dynamoDbClient(client)
                .resilience(ProxiedDynamoDb.fastPolicy(8))
                .clock(clock)
                .scheduler(scheduler)
                .meterRegistry(registry)
                .deadLetter(deadLetters::add)
                .onSustainedThrottling(events::add);
    }

    WriteOp put(String id, int version) {
        return WriteOp.put(table, new BufferedItem(id, version));
    }

    /** The caller writes of a storm: the hot key's futures by version, the last version written per key. */
    static final class Storm {
        final Map<Integer, CompletableFuture<Void>> hot = new LinkedHashMap<>();
        final List<CompletableFuture<Void>> cold = new ArrayList<>();
        final Map<String, Integer> lastWritten = new HashMap<>();
        int steps;
    }

    /**
     * Runs the storm: every 5 s of the test clock, two writes to each cold key and four to the hot key, a flush,
     * and one resend of the hot key (its held backoff released after the clock moved); the cold keys' writes of
     * each step must be stored, read back, while the storm goes on. When the clock passes 60 s the proxy stops
     * throttling and the hot key's last backoff is released.
     */
    Storm runStorm(WriteBuffer buffer, boolean hotMayFail) throws Exception {
        Storm storm = new Storm();
        while (true) {
            List<CompletableFuture<Void>> cold = new ArrayList<>();
            for (int k = 0; k < COLD_KEYS; k++) {
                for (int v = 2 * storm.steps; v < 2 * storm.steps + 2; v++) {
                    cold.add(buffer.put(put("cold-" + k, v)));
                    storm.lastWritten.put("cold-" + k, v);
                }
            }
            for (int i = 0; i < HOT_WRITES_PER_STEP; i++) {
                int version = storm.hot.size();
                storm.hot.put(version, buffer.put(put(HOT, version)));
                storm.lastWritten.put(HOT, version);
            }
            buffer.flush();
            scheduler.release(); // the hot key's backoff ends after the clock moved: it is sent again
            storm.steps++;

            // the hot key came back throttled and backs off; the other keys were written meanwhile
            await(hotMayFail ? scheduler.whenHeld() : CompletableFuture.anyOf(scheduler.whenHeld(), failure(storm)));
            await(allOf(cold));
            storm.cold.addAll(cold);
            for (int k = 0; k < COLD_KEYS; k++) {
                assertThat(versionInTable("cold-" + k)).isEqualTo(2 * storm.steps - 1);
            }
            if (!hotMayFail) {
                assertThat(storm.hot.values()).noneMatch(CompletableFuture::isDone);
            }

            clock.advance(STEP);
            if (!clock.instant().isBefore(START.plus(STORM))) {
                db.proxy().reconfigure(b -> b.faults()); // the storm ends
                scheduler.release();
                return storm;
            }
        }
    }

    @Test
    void submit_whenOneKeyIsThrottledFor60sWithDefaultSettings_abandonsNoWriteAndOtherKeysKeepFlowing()
            throws Exception {
        Storm storm;
        try (WriteBuffer buffer = builder().build()) {
            storm = runStorm(buffer, false);
            await(allOf(List.copyOf(storm.hot.values())));
        }

        assertThat(storm.steps).isEqualTo(12);
        assertThat(storm.hot.values()).hasSize(48).allMatch(f -> !f.isCompletedExceptionally());
        assertThat(storm.cold).hasSize(12 * 2 * COLD_KEYS).allMatch(f -> !f.isCompletedExceptionally());
        assertThat(deadLetters).isEmpty();
        assertThat(counter("failed")).isZero();
        assertThat(counter("expired")).isZero();
        assertThat(counter("persisted")).isEqualTo(48 + 12 * 2 * COLD_KEYS);
        assertThat(tableContents()).isEqualTo(storm.lastWritten); // every key holds its last value
        assertThat(client.landed(HOT)).containsExactly(47); // the older hot writes were merged, never sent after
        assertThat(client.overlaps()).isZero(); // never two writes of the hot key in flight
        // the hot key was sent again in every step, at least 12 times after its first throttle
        assertThat(counter("retried")).isGreaterThanOrEqualTo(12);
        assertThat(counter("throttled")).isGreaterThanOrEqualTo(12);

        // reported once, at the first resend 10 s (sustainedThrottlingAfter) after the first throttle
        assertThat(counter("throttling.sustained")).isEqualTo(1);
        assertThat(events).hasSize(1);
        SustainedThrottling event = events.get(0);
        assertThat(event.key()).isEqualTo(put(HOT, 0).writeKey());
        assertThat(event.throttledFor()).isEqualTo(Duration.ofSeconds(10));
        assertThat(event.writes()).isEqualTo(3 * HOT_WRITES_PER_STEP);
        assertThat(event.deadline())
                .isEqualTo(START.plus(WriteBufferConfig.ofDefaults().writeDeadline()));
        report("default deadline", storm);
    }

    @Test
    void submit_whenTheDeadlineIsShorterThanTheStorm_failsEveryAbandonedWriteWithDeadlineExceeded() throws Exception {
        Storm storm;
        try (WriteBuffer buffer =
                builder().writeDeadline(Duration.ofSeconds(45)).build()) {
            storm = runStorm(buffer, true);
            await(allOf(List.copyOf(storm.hot.values())).exceptionally(e -> null));
        }

        List<Integer> failed = new ArrayList<>();
        List<Integer> written = new ArrayList<>();
        storm.hot.forEach((version, future) -> {
            assertThat(future).isDone();
            if (future.isCompletedExceptionally()) {
                assertThat(causeOf(future)).isInstanceOf(WriteDeadlineExceededException.class);
                failed.add(version);
            } else {
                written.add(version);
            }
        });
        // the first 45 s of hot writes (9 steps) shared the first write's deadline; the later ones were written
        assertThat(failed).hasSize(9 * HOT_WRITES_PER_STEP);
        assertThat(written).hasSize(3 * HOT_WRITES_PER_STEP);
        assertThat(client.landed(HOT)).doesNotContainAnyElementsOf(failed); // never both stored and failed
        assertThat(client.landed(HOT)).containsExactly(47);
        assertThat(versionInTable(HOT)).isEqualTo(47);
        assertThat(storm.cold).allMatch(f -> !f.isCompletedExceptionally());
        assertThat(tableContents()).isEqualTo(storm.lastWritten);

        // every abandoned write is counted and dead-lettered, with the deadline as the reason
        assertThat(counter("expired")).isEqualTo(failed.size());
        assertThat(counter("failed")).isEqualTo(failed.size());
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.get(0).error()).isInstanceOf(WriteDeadlineExceededException.class);
        assertThat(1 + deadLetters.get(0).supersededWrites()).isEqualTo(failed.size());
        WriteDeadlineExceededException error =
                (WriteDeadlineExceededException) deadLetters.get(0).error();
        assertThat(error.writeDeadline()).isEqualTo(Duration.ofSeconds(45));
        assertThat(error.getMessage()).contains("writeDeadline PT45S").doesNotContain(HOT);
        // each of the two hot writes in turn was reported 10 s into its throttling
        assertThat(events).hasSize(2);
        report("45 s deadline", storm);
        System.out.printf(
                "45 s deadline: %d hot writes failed, %d written; %s%n", failed.size(), written.size(), error);
    }

    @Test
    void tick_whenTheOldestPendingKeyWaitsForItsThrottledWrite_youngerKeysStillWaitForTheirMaxDelay() throws Exception {
        try (WriteBuffer buffer = builder().build()) {
            CoalescingWriteBuffer coalescing = (CoalescingWriteBuffer) buffer;
            CompletableFuture<Void> hot0 = buffer.put(put(HOT, 0));
            buffer.flush();
            await(scheduler.whenHeld()); // hot 0 came back throttled and backs off
            CompletableFuture<Void> hot1 = buffer.put(put(HOT, 1)); // waits for hot 0: the oldest pending key
            clock.advance(WriteBufferConfig.ofDefaults().maxDelay()); // hot 1 is due, but cannot go

            CompletableFuture<Void> cold0 = buffer.put(put("cold", 0));
            coalescing.tick();
            assertThat(buffer.pendingCount()).isEqualTo(2); // "cold" is young: not flushed because hot 1 is old
            CompletableFuture<Void> cold1 = buffer.put(put("cold", 1));

            clock.advance(WriteBufferConfig.ofDefaults().maxDelay());
            coalescing.tick();
            await(CompletableFuture.allOf(cold0, cold1));
            assertThat(client.sends("cold")).isEqualTo(1); // both writes of "cold" in one request
            assertThat(versionInTable("cold")).isEqualTo(1);
            assertThat(hot0).isNotDone();

            db.proxy().reconfigure(b -> b.faults());
            scheduler.release();
            await(CompletableFuture.allOf(hot0, hot1));
        }
        assertThat(versionInTable(HOT)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- helpers

    void report(String run, Storm storm) {
        List<Duration> delays = scheduler.delays();
        System.out.printf(
                "%s: %d steps of %s on the test clock; hot key in %d BatchWriteItem requests (%d throttled by the"
                        + " proxy of %d in all), %d resends after a backoff (longest asked %s), sustained %s%n",
                run,
                storm.steps,
                STEP,
                client.sends(HOT),
                db.proxy().stats().throttled(ProxiedDynamoDb.BATCH_WRITE),
                db.batchWriteRequests(),
                delays.size(),
                delays.stream().max(Duration::compareTo).orElse(Duration.ZERO),
                events);
    }

    double counter(String name) {
        var counter = registry.find("ddb.patterns.buffer." + name).counter();
        return counter == null ? 0 : counter.count();
    }

    Integer versionInTable(String id) {
        BufferedItem item =
                table.getItem(Key.builder().partitionValue(id).build()).join();
        return item == null ? null : item.getVersion();
    }

    Map<String, Integer> tableContents() {
        Map<String, Integer> contents = new HashMap<>();
        table.scan()
                .items()
                .subscribe(item -> contents.put(item.getId(), item.getVersion()))
                .join();
        return contents;
    }

    static Throwable causeOf(CompletableFuture<Void> failed) {
        try {
            failed.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    static CompletableFuture<Void> allOf(List<CompletableFuture<Void>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }

    /** Completes when one of the storm's hot writes fails. */
    static CompletableFuture<Void> failure(Storm storm) {
        CompletableFuture<Void> failed = new CompletableFuture<>();
        storm.hot
                .values()
                .forEach(f -> f.whenComplete((ok, error) -> {
                    if (error != null) {
                        failed.complete(null);
                    }
                }));
        return failed;
    }

    static void await(CompletableFuture<?> future) throws Exception {
        future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
