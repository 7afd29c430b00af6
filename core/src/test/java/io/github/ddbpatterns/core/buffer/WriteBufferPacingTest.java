package io.github.ddbpatterns.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.testsupport.ProxiedDynamoDb;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
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
    ClockedWriter writer(UnaryOperator<ThrottlingProxy.Builder> proxy) {
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

    // ---------------------------------------------------------------- resends are paced too

    @Test
    void flush_whenProxyReturnsThirtyPercentUnprocessed_resendsGoThroughThePaceAndEveryWritePersists(
            DynamoDbClient direct) {
        long rate = 25;
        ClockedWriter writer = writer(
                b -> b.faults(FaultPlan.unprocessedItems(0.3).withSeed(7L).onOperation(ProxiedDynamoDb.BATCH_WRITE)));
        int writes = 200;
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        try (WriteBuffer buffer = builder(writer).writeUnitsPerSecond(rate).build()) {
            Instant built = clock.instant();
            for (int i = 0; i < writes; i++) {
                futures.add(buffer.submit(put("item-" + i, i, 1)));
            }
            runUntil(buffer.flush());

            // resends happened, and every unit sent, first sends and resends, went through the pace
            assertThat(writer.unitsSent()).isGreaterThan(writes);
            assertThat(db.proxy().stats().unprocessedItems()).isEqualTo(writer.unitsSent() - writes);
            assertNeverAheadOfThePace(writer.calls, rate, built);
            PacingStats stats = buffer.pacingStats().orElseThrow();
            assertThat(stats.units()).isEqualTo(writer.unitsSent());
            assertThat(stats.calls()).isEqualTo(writer.calls.size());
            assertThat(registry.find("ddb.patterns.buffer.retried").counter().count())
                    .isEqualTo(writer.unitsSent() - writes);
            System.out.printf(
                    "paced with 30 %% unprocessed: %d writes, %d units sent in %d calls, max delay %s%n",
                    writes, stats.units(), stats.calls(), stats.maxDelay());
        }
        assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted());
        assertThat(stored(direct)).hasSize(writes);
    }

    // ---------------------------------------------------------------- backpressure

    @Test
    void submit_whenPacingHoldsTheBufferFull_rejectsAndThenAcceptsOnceThePaceSentACall(DynamoDbClient direct) {
        ClockedWriter writer = writer(b -> b);
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        try (WriteBuffer buffer = builder(writer)
                .writeUnitsPerSecond(10)
                .maxPendingKeys(25)
                .flushConcurrency(1)
                .capacity(50)
                .whenFull(FullPolicy.reject())
                .build()) {
            // two size flushes of 25 one-unit writes: the first call waits for its pace (25 units at 10/s), the
            // second for the call slot
            for (int i = 0; i < 50; i++) {
                futures.add(buffer.submit(put("item-" + i, i, 1)));
            }
            assertThat(writer.calls).isEmpty();
            assertThat(buffer.heldCount()).isEqualTo(50);
            assertThatThrownBy(() -> buffer.submit(put("item-50", 50, 1))).isInstanceOf(BufferFullException.class);
            assertThat(registry.find("ddb.patterns.buffer.rejected")
                            .tag("reason", "full")
                            .counter()
                            .count())
                    .isEqualTo(1);

            // the pace sends the first call: 25 writes leave, 25 places are free
            assertThat(scheduler.advanceToNextAndRun()).isTrue();
            assertThat(writer.calls).hasSize(1);
            assertThat(buffer.heldCount()).isEqualTo(25);
            futures.add(buffer.submit(put("item-50", 50, 1)));
            runUntil(buffer.flush());
        }
        assertThat(futures).hasSize(51).allSatisfy(f -> assertThat(f).isCompleted());
        assertThat(stored(direct)).hasSize(51);
    }

    @Test
    void submit_whenPacingHoldsTheBufferFullAndPolicyBlocks_producerWaitsUntilThePaceSendsACall() throws Exception {
        ClockedWriter writer = writer(b -> b);
        try (WriteBuffer buffer = builder(writer)
                .writeUnitsPerSecond(10)
                .maxPendingKeys(25)
                .flushConcurrency(1)
                .capacity(50)
                .whenFull(FullPolicy.block(Duration.ofMinutes(1)))
                .build()) {
            for (int i = 0; i < 50; i++) {
                buffer.submit(put("item-" + i, i, 1));
            }
            CompletableFuture<CompletableFuture<Void>> producer =
                    CompletableFuture.supplyAsync(() -> buffer.submit(put("item-50", 50, 1)));
            // the producer is blocked while the paced call waits: it counts as blocked, and nothing was sent
            while (registry.find("ddb.patterns.buffer.blocked").counter().count() < 1) {
                Thread.onSpinWait();
            }
            assertThat(producer).isNotDone();
            assertThat(writer.calls).isEmpty();

            assertThat(scheduler.advanceToNextAndRun()).isTrue();
            CompletableFuture<Void> accepted = producer.get(30, TimeUnit.SECONDS);
            runUntil(buffer.flush());
            assertThat(accepted).isCompleted();
        }
        assertThat(writer.itemWritesSent()).isEqualTo(51);
    }

    // ---------------------------------------------------------------- coalescing

    @Test
    void submit_whenHotKeysUpdatedEverySecondFasterThanThePace_pacedBufferCoalescesMoreAndKeepsTheLastWrites(
            DynamoDbClient direct) {
        int keys = 50;
        int rounds = 20;
        ClockedWriter unpacedWriter = writer(b -> b);
        long unpacedCoalesced = hotKeys(unpacedWriter, b -> b, keys, rounds, "unpaced");
        assertThat(stored(direct))
                .hasSize(keys)
                .allSatisfy((id, version) -> assertThat(version).isEqualTo(rounds - 1));
        ClockedWriter pacedWriter = new ClockedWriter(
                db.batchWriter().maxUnprocessedAttempts(1).build(), clock, WriteBufferPacingTest::unitsOf);
        long pacedCoalesced = hotKeys(pacedWriter, b -> b.writeUnitsPerSecond(25), keys, rounds, "paced");

        // the same 1,000 updates: unpaced, each round was written; paced at half the update rate, a key's newer
        // updates waited in pending behind its write and were coalesced
        assertThat(unpacedWriter.itemWritesSent()).isEqualTo((long) keys * rounds);
        assertThat(unpacedCoalesced).isZero();
        assertThat(pacedWriter.itemWritesSent()).isLessThan(unpacedWriter.itemWritesSent());
        assertThat(pacedCoalesced + pacedWriter.itemWritesSent()).isEqualTo((long) keys * rounds);
        assertThat(stored(direct))
                .hasSize(keys)
                .allSatisfy((id, version) -> assertThat(version).isEqualTo(rounds - 1));
        System.out.printf(
                "hot keys, %d keys x %d rounds, one round per second: unpaced %d item writes in %d calls,"
                        + " paced at 25 units/s %d item writes in %d calls (%d coalesced)%n",
                keys,
                rounds,
                unpacedWriter.itemWritesSent(),
                unpacedWriter.calls.size(),
                pacedWriter.itemWritesSent(),
                pacedWriter.calls.size(),
                pacedCoalesced);
    }

    /**
     * Updates each of {@code keys} keys once per round, one round per second of the clock (running what the pace
     * holds as the clock moves), then closes the buffer; returns how many writes were coalesced.
     */
    long hotKeys(ClockedWriter writer, UnaryOperator<WriteBuffer.Builder> pace, int keys, int rounds, String name) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        WriteBuffer buffer = pace.apply(builder(writer).maxPendingKeys(keys).meterRegistry(meters))
                .name(name)
                .build();
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < keys; k++) {
                futures.add(buffer.submit(put("hot-" + k, round, 1)));
            }
            clock.advance(PERIOD);
            scheduler.runDue();
        }
        runUntil(buffer.closeAsync());
        assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted());
        return Math.round(meters.find("ddb.patterns.buffer.coalesced").counter().count());
    }

    // ---------------------------------------------------------------- close

    @Test
    void close_whenTimeoutPassesWhileCallsWaitForThePace_failsTheUnsentWritesAndNeverSendsThemLater() {
        ClockedWriter writer = writer(b -> b);
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        WriteBuffer buffer = builder(writer)
                .writeUnitsPerSecond(1)
                .flushConcurrency(2)
                .closeTimeout(Duration.ofMillis(200))
                .build();
        for (int i = 0; i < 60; i++) {
            futures.add(buffer.submit(put("item-" + i, i, 1)));
        }
        // the pace is never due: the clock stands still while close() waits
        assertThatThrownBy(buffer::close).isInstanceOf(BufferClosedException.class);
        assertThat(futures)
                .allSatisfy(f -> assertThat(f.handle((ok, error) -> error).getNow(null))
                        .isInstanceOf(WriteFailedException.class)
                        .hasCauseInstanceOf(BufferClosedException.class));
        assertThat(deadLetters).hasSize(60);

        // the sends that were waiting are cancelled: running the clock far ahead sends nothing
        clock.advance(Duration.ofHours(1));
        scheduler.runDue();
        assertThat(writer.calls).isEmpty();
        assertThat(buffer.heldCount()).isZero();
    }

    // ---------------------------------------------------------------- settings

    @Test
    void writeUnitsPerSecond_whenOutOfRange_refusedNamingFieldAndValue() {
        assertThatThrownBy(() -> WriteBufferConfig.builder().writeUnitsPerSecond(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("writeUnitsPerSecond must be between 1 and 1000000000, got: 0");
        assertThatThrownBy(() -> WriteBuffer.builder().writeUnitsPerSecond(-5))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("writeUnitsPerSecond must be between 1 and 1000000000, got: -5");
        assertThatThrownBy(() -> WriteBufferConfig.builder()
                        .writeUnitsPerSecond(WriteBufferConfig.MAX_WRITE_UNITS_PER_SECOND + 1))
                .hasMessage("writeUnitsPerSecond must be between 1 and 1000000000, got: 1000000001");
    }

    @Test
    void writeUnitsPerSecond_whenSetOrRemoved_isKeptByToBuilderAndUnsetByDefault() {
        assertThat(WriteBufferConfig.ofDefaults().writeUnitsPerSecond()).isEmpty();
        WriteBufferConfig paced =
                WriteBufferConfig.builder().writeUnitsPerSecond(500).build();
        assertThat(paced.writeUnitsPerSecond()).isEqualTo(OptionalLong.of(500));
        assertThat(paced.toBuilder().build().writeUnitsPerSecond()).isEqualTo(OptionalLong.of(500));
        assertThat(paced.toBuilder().noPacing().build().writeUnitsPerSecond()).isEmpty();
        assertThat(paced.toString()).contains("writeUnitsPerSecond=500");
    }

    @Test
    void pacingStats_whenNotPaced_isEmptyAndNoPacingMeterExists() {
        ClockedWriter writer = writer(b -> b);
        try (WriteBuffer buffer = builder(writer).build()) {
            buffer.submit(put("item-0", 0, 1));
            buffer.flush().join();
            assertThat(buffer.pacingStats()).isEmpty();
            assertThat(registry.find("ddb.patterns.buffer.pacing.delay").timer())
                    .isNull();
        }
        assertThat(writer.calls).hasSize(1);
    }
}
