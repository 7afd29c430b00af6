package io.github.ddbpatterns.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.testsupport.ProxiedDynamoDb;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Write pacing ({@link WriteBuffer.Builder#writeUnitsPerSecond}) on a {@link MutableClock}: the pace's waits are
 * held by a {@link ClockScheduler} and run when the test has moved the clock to them, and the writer (the real one,
 * over HTTP to DynamoDB Local) completes in the test's thread, so every send time is known exactly on the clock and
 * nothing depends on the machine's speed.
 */
@DynamoDbLocalTest
class WriteBufferPacingTest {

    static final TableSchema<BufferedItem> SCHEMA = TableSchema.fromBean(BufferedItem.class);
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration PERIOD = Duration.ofSeconds(1);

    String table;
    ProxiedDynamoDb db;
    MutableClock clock;
    ClockScheduler scheduler;
    SimpleMeterRegistry registry;
    List<DeadLetter> deadLetters;

    @BeforeEach
    void setUp(TestTables tables) {
        table = tables.create(SCHEMA);
        clock = MutableClock.at(T0);
        scheduler = new ClockScheduler(clock);
        registry = new SimpleMeterRegistry();
        deadLetters = new ArrayList<>();
    }

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
        if (db != null) {
            db.close();
        }
    }

    /** A writer over a proxy configured by {@code proxy}, recording each call's send time on the clock. */
    ClockedWriter writer(UnaryOperator<io.github.ddbpatterns.testing.ThrottlingProxy.Builder> proxy) {
        db = ProxiedDynamoDb.start(proxy);
        BatchWriter real = db.batchWriter().maxUnprocessedAttempts(1).build();
        return new ClockedWriter(real, clock, WriteBufferPacingTest::unitsOf);
    }

    /** The only automatic trigger is size: the age window is longer than any test moves the clock. */
    WriteBuffer.Builder builder(BatchWriter writer) {
        return WriteBuffer.builder()
                .batchWriter(writer)
                .maxPendingKeys(10_000)
                .maxDelay(Duration.ofHours(1))
                .clock(clock)
                .scheduler(scheduler)
                .resilience(ProxiedDynamoDb.fastPolicy(3))
                .meterRegistry(registry)
                .deadLetter(deadLetters::add);
    }

    /**
     * A put whose item costs {@code units} write units: a payload of {@code units} KB minus 600 bytes, so that the
     * item (with its id and version, under 40 bytes) lands well inside its kilobyte.
     */
    WriteOp put(String id, int version, int units) {
        Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS(id));
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("version", AttributeValue.fromN(Integer.toString(version)));
        item.put("payload", AttributeValue.fromS("p".repeat(units * 1024 - 600)));
        return WriteOp.put(table, key, item);
    }

    /** The test's own count of a write's units: what {@link #put} encoded in the payload; a delete costs 1. */
    static long unitsOf(WriteOp write) {
        return write.item()
                .map(item -> (item.get("payload").s().length() + 600) / 1024L)
                .orElse(1L);
    }

    /** Runs the held paced sends and backoffs, moving the clock to each, until {@code done} completes. */
    void runUntil(CompletableFuture<?> done) {
        while (!done.isDone()) {
            assertThat(scheduler.advanceToNextAndRun())
                    .as("a paced send or backoff is held while writes are unfinished")
                    .isTrue();
        }
    }

    Map<String, Integer> stored(DynamoDbClient direct) {
        Map<String, Integer> stored = new HashMap<>();
        direct.scanPaginator(b -> b.tableName(table).consistentRead(true))
                .items()
                .forEach(item -> stored.put(
                        item.get("id").s(), Integer.valueOf(item.get("version").n())));
        return stored;
    }

    /** The units sent by each call's send time never exceed R per period started since the buffer was built. */
    static void assertNeverAheadOfThePace(List<ClockedWriter.Sent> calls, long rate, Instant built) {
        long sent = 0;
        for (ClockedWriter.Sent call : calls) {
            sent += call.units();
            long periodsStarted = Duration.between(built, call.at()).toNanos() / PERIOD.toNanos();
            assertThat(sent)
                    .as("units sent by %s (%d periods after the build)", call.at(), periodsStarted)
                    .isLessThanOrEqualTo(rate * (1 + periodsStarted));
        }
    }

    // ---------------------------------------------------------------- the pace and the delay bound

    @Test
    void flush_whenBurstOfTwelveSecondsOfUnitsPaced_sendsNoFasterThanThePaceAndEachWriteWithinTheBound(
            DynamoDbClient direct) throws Exception {
        long rate = 20;
        ClockedWriter writer = writer(b -> b);
        int writes = 120;
        List<WriteOp> burst = new ArrayList<>();
        long[] unitsAhead = new long[writes]; // Q of each write: the units of the writes submitted before it
        long total = 0;
        for (int i = 0; i < writes; i++) {
            WriteOp write = put("item-" + i, i, 1 + i % 3); // 1, 2, 3 units: calls of ~50 units, over the pace
            unitsAhead[i] = total;
            total += unitsOf(write);
            burst.add(write);
        }
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        try (WriteBuffer buffer =
                builder(writer).writeUnitsPerSecond(rate).flushConcurrency(2).build()) {
            Instant built = clock.instant();
            for (WriteOp write : burst) {
                futures.add(buffer.submit(write));
            }
            CompletableFuture<Void> flushed = buffer.flush();
            Instant ready = clock.instant(); // the flush took every write now
            runUntil(flushed);

            // never ahead of the pace, resends included, and the pace really spread the burst
            assertNeverAheadOfThePace(writer.calls, rate, built);
            assertThat(writer.unitsSent()).isEqualTo(total).isEqualTo(240);
            Instant last = writer.calls.get(writer.calls.size() - 1).at();
            assertThat(Duration.between(built, last)).isGreaterThanOrEqualTo(Duration.ofSeconds(total / rate - 1));

            // each write sent within (Q + U) / R + 1 s of the flush that took it, U the units of its call
            Map<WriteOp, ClockedWriter.Sent> callOf = new IdentityHashMap<>();
            writer.calls.forEach(call -> call.writes().forEach(w -> callOf.put(w, call)));
            Duration maxDelay = Duration.ZERO;
            Duration totalDelay = Duration.ZERO;
            Duration maxBound = Duration.ZERO;
            for (int i = 0; i < writes; i++) {
                ClockedWriter.Sent call = callOf.get(burst.get(i));
                Duration delay = Duration.between(ready, call.at());
                Duration bound = Duration.ofNanos((unitsAhead[i] + call.units()) * 1_000_000_000L / rate)
                        .plus(PERIOD);
                assertThat(delay).as("pacing delay of write %d", i).isLessThanOrEqualTo(bound);
                maxDelay = maxDelay.compareTo(delay) < 0 ? delay : maxDelay;
                maxBound = maxBound.compareTo(bound) < 0 ? bound : maxBound;
                totalDelay = totalDelay.plus(delay);
            }

            // what the buffer reports is what happened, as the test measured it on the clock
            PacingStats stats = buffer.pacingStats().orElseThrow();
            assertThat(stats.writeUnitsPerSecond()).isEqualTo(rate);
            assertThat(stats.calls()).isEqualTo(writer.calls.size());
            assertThat(stats.writes()).isEqualTo(writes);
            assertThat(stats.units()).isEqualTo(total);
            assertThat(stats.maxDelay()).isEqualTo(maxDelay);
            assertThat(stats.totalDelay()).isEqualTo(totalDelay);
            Timer timer = registry.find("ddb.patterns.buffer.pacing.delay").timer();
            assertThat(timer.count()).isEqualTo(writes);
            assertThat(timer.max(TimeUnit.NANOSECONDS)).isEqualTo(maxDelay.toNanos());
            assertThat(registry.find("ddb.patterns.buffer.pacing.units")
                            .counter()
                            .count())
                    .isEqualTo(total);
            System.out.printf(
                    "paced burst: %d writes, %d units at %d units/s in %d calls; last sent %s after the build;"
                            + " max delay %s (bound for the last write %s), mean %s%n",
                    writes,
                    total,
                    rate,
                    stats.calls(),
                    Duration.between(built, last),
                    maxDelay,
                    maxBound,
                    stats.meanDelay());
        }
        assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted());
        assertThat(deadLetters).isEmpty();
        Map<String, Integer> stored = stored(direct);
        assertThat(stored).hasSize(writes);
        for (int i = 0; i < writes; i++) {
            assertThat(stored).containsEntry("item-" + i, i);
        }
    }
}
