package io.github.ddbpatterns.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.testsupport.ProxiedDynamoDb;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * "No write lost": random puts and deletes over a few keys, random flush and age points, random limits, real
 * BatchWriteItem calls against DynamoDB Local. jqwik does not run JUnit extensions, so the shared DynamoDB Local
 * and one table for the whole container are set up here; every try uses its own keys.
 */
class WriteBufferPropertyTest {

    static final int KEYS = 4;
    static final Duration MAX_DELAY = Duration.ofMillis(100);
    static final AtomicInteger TRY = new AtomicInteger();

    static TestTables tables;
    static String tableName;
    static DynamoDbClient sync;
    static ProxiedDynamoDb db;
    static RecordingBatchWriter writer;
    static ScheduledExecutorService scheduler;

    /** One step of a producer: write a key, then maybe flush or let the age window pass. */
    record Step(int key, boolean delete, boolean flushAfter, boolean ageAfter) {}

    @BeforeContainer
    static void startDynamoDbLocal() {
        DynamoDbLocal local = DynamoDbLocal.shared();
        tables = new TestTables(local, "WriteBufferPropertyTest");
        tableName = tables.create(TableSchema.fromBean(BufferedItem.class));
        sync = local.syncClient();
        db = ProxiedDynamoDb.start();
        writer = new RecordingBatchWriter(db.batchWriter().build());
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterContainer
    static void dropTable() {
        scheduler.shutdownNow();
        db.close();
        tables.close();
    }

    @Provide
    Arbitrary<Step> steps() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, KEYS - 1),
                        Arbitraries.integers().between(0, 3).map(n -> n == 0),
                        Arbitraries.integers().between(0, 5).map(n -> n == 0),
                        Arbitraries.integers().between(0, 7).map(n -> n == 0))
                .as(Step::new);
    }

    @Property(tries = 40)
    void buffer_whenRandomWritesAndFlushPoints_endsWithLastWritePerKeyAndLosesNoWrite(
            @ForAll @Size(min = 1, max = 30) List<@From("steps") Step> steps,
            @ForAll @IntRange(min = 1, max = 6) int maxPendingKeys,
            @ForAll @IntRange(min = 1, max = 3) int flushConcurrency,
            @ForAll @IntRange(min = 1, max = 8) int capacity,
            @ForAll @IntRange(min = 0, max = KEYS) int failingKeys)
            throws Exception {
        String prefix = "try-" + TRY.incrementAndGet() + "-";
        Set<String> failing = new java.util.HashSet<>();
        for (int k = 0; k < failingKeys; k++) {
            failing.add(prefix + k);
        }
        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
        CoalescingWriteBuffer buffer = (CoalescingWriteBuffer) WriteBuffer.builder()
                .batchWriter(new FailingBatchWriter(
                        writer, w -> failing.contains(w.key().get("id").s())))
                .maxPendingKeys(maxPendingKeys)
                .flushConcurrency(flushConcurrency)
                .capacity(capacity)
                .whenFull(FullPolicy.block(Duration.ofSeconds(30)))
                .maxDelay(MAX_DELAY)
                .clock(clock)
                .scheduler(scheduler)
                .meterRegistry(registry)
                .deadLetter(deadLetters::add)
                .build();

        Map<String, Integer> expected = new HashMap<>();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        List<CompletableFuture<Void>> flushes = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String id = prefix + step.key();
            Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS(id));
            if (step.delete()) {
                futures.add(buffer.submit(WriteOp.delete(tableName, key)));
                expected.remove(id);
            } else {
                futures.add(buffer.submit(WriteOp.put(
                        tableName,
                        key,
                        Map.of("id", AttributeValue.fromS(id), "version", AttributeValue.fromN(Integer.toString(i))))));
                expected.put(id, i);
            }
            if (step.flushAfter()) {
                flushes.add(buffer.flush());
            }
            if (step.ageAfter()) {
                clock.advance(MAX_DELAY);
                buffer.tick();
            }
        }
        buffer.close();

        assertThat(futures).allMatch(CompletableFuture::isDone);
        assertThat(flushes).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        long failed = futures.stream()
                .filter(CompletableFuture::isCompletedExceptionally)
                .count();
        assertThat(deadLetters.stream().mapToInt(d -> 1 + d.supersededWrites()).sum())
                .isEqualTo((int) failed);
        assertThat(deadLetters)
                .allMatch(d -> failing.contains(d.write().key().get("id").s()));
        assertThat(registry.get("ddb.patterns.buffer.persisted").counter().count() + failed)
                .isEqualTo(steps.size());
        assertThat(buffer.heldCount()).isZero();
        for (int k = 0; k < KEYS; k++) {
            String id = prefix + k;
            if (failing.contains(id)) {
                continue;
            }
            var item = sync.getItem(b -> b.tableName(tableName)
                            .key(Map.of("id", AttributeValue.fromS(id)))
                            .consistentRead(true))
                    .item();
            Integer actual = item == null || item.isEmpty()
                    ? null
                    : Integer.valueOf(item.get("version").n());
            assertThat(actual).as("version of key %s", id).isEqualTo(expected.get(id));
        }
        assertThat(writer.callsWithDuplicateKeys.get()).isZero();
    }
}
