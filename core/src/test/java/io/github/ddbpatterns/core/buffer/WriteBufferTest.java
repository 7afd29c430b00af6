package io.github.ddbpatterns.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteKey;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import io.github.ddbpatterns.core.testsupport.ProxiedDynamoDb;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@DynamoDbLocalTest
class WriteBufferTest {

    static final TableSchema<BufferedItem> SCHEMA = TableSchema.fromBean(BufferedItem.class);
    static final Duration WAIT = Duration.ofSeconds(30);

    DynamoDbAsyncTable<BufferedItem> table;
    ProxiedDynamoDb db;
    RecordingBatchWriter writer;
    SimpleMeterRegistry batchRegistry;
    MutableClock clock;
    ScheduledExecutorService scheduler;
    SimpleMeterRegistry registry;
    List<DeadLetter> deadLetters;

    @BeforeEach
    void setUp(TestTables tables, DynamoDbEnhancedAsyncClient enhanced) {
        table = enhanced.table(tables.create(SCHEMA), SCHEMA);
        db = ProxiedDynamoDb.start();
        batchRegistry = new SimpleMeterRegistry();
        writer = new RecordingBatchWriter(
                db.batchWriter().meterRegistry(batchRegistry).build());
        clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        scheduler = Executors.newSingleThreadScheduledExecutor();
        registry = new SimpleMeterRegistry();
        deadLetters = new CopyOnWriteArrayList<>();
    }

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
        db.close();
    }

    /** A buffer whose only automatic trigger is size: the clock stands still, the age window is long. */
    WriteBuffer.Builder builder() {
        return WriteBuffer.builder()
                .batchWriter(writer)
                .maxPendingKeys(10_000)
                .maxDelay(Duration.ofHours(1))
                .capacity(20_000)
                .clock(clock)
                .scheduler(scheduler)
                .meterRegistry(registry)
                .deadLetter(deadLetters::add);
    }

    WriteOp put(String id, int version) {
        return WriteOp.put(table, new BufferedItem(id, version));
    }

    WriteOp delete(String id) {
        return WriteOp.delete(table, new BufferedItem(id, null));
    }

    WriteKey key(String id) {
        return delete(id).writeKey();
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

    /** Item writes that reached DynamoDB: small items cost one write unit each at the proxy. */
    long itemWrites() {
        return Math.round(db.consumedWriteUnits(table.tableName()));
    }

    double counter(String name, String... tags) {
        var counter = registry.find("ddb.patterns.buffer." + name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    static void await(CompletableFuture<?> future) throws Exception {
        future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void submit_whenThousandKeysUpdatedTenTimesInOneWindow_writesEachKeyOnceIn40Requests() throws Exception {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        try (WriteBuffer buffer = builder().build()) {
            for (int round = 0; round < 10; round++) {
                for (int k = 0; k < 1_000; k++) {
                    futures.add(buffer.put(put("key-" + k, round)));
                }
            }
            assertThat(db.batchWriteRequests()).isZero();
            await(buffer.flush());
        }

        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(itemWrites()).isEqualTo(1_000);
        assertThat(db.batchWriteRequests()).isEqualTo(40); // ceil(1,000 / 25): nothing throttled or unprocessed
        assertThat(db.proxy().stats().throttled()).isZero();
        // the real BatchWriter asked for ReturnConsumedCapacity and recorded what DynamoDB charged
        assertThat(batchRegistry
                        .find("ddb.patterns.batch.consumed.capacity")
                        .tag("table", table.tableName())
                        .counter()
                        .count())
                .isEqualTo(1_000);
        assertThat(writer.callsWithDuplicateKeys.get()).isZero();
        Map<String, Integer> contents = tableContents();
        assertThat(contents).hasSize(1_000);
        assertThat(contents.values()).containsOnly(9);
        assertThat(counter("accepted")).isEqualTo(10_000);
        assertThat(counter("coalesced")).isEqualTo(9_000);
        assertThat(counter("persisted")).isEqualTo(10_000);
        assertThat(counter("flushes", "trigger", "manual")).isEqualTo(1);
        assertThat(registry.find("ddb.patterns.buffer.flush.size").summary().totalAmount())
                .isEqualTo(1_000);
    }

    @Test
    void submit_whenEightProducersShareSmallBlockingBuffer_losesNothingAndAppliesBackpressure() {
        int producers = 8;
        int writesPerProducer = 300;
        int keysPerProducer = 40;
        WriteBuffer buffer = builder()
                .capacity(50)
                .maxPendingKeys(1_000)
                .flushConcurrency(2)
                .whenFull(FullPolicy.block(WAIT))
                .build();
        List<CompletableFuture<Void>> futures = new CopyOnWriteArrayList<>();

        assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> {
                    ExecutorService pool = Executors.newFixedThreadPool(producers);
                    try {
                        List<Future<?>> running = new ArrayList<>();
                        for (int p = 0; p < producers; p++) {
                            int producer = p;
                            running.add(pool.submit(() -> {
                                for (int i = 0; i < writesPerProducer; i++) {
                                    String id = "p" + producer + "-k" + (i % keysPerProducer);
                                    futures.add(i % 7 == 3 ? buffer.delete(delete(id)) : buffer.put(put(id, i)));
                                    assertThat(buffer.heldCount()).isLessThanOrEqualTo(50);
                                }
                            }));
                        }
                        for (Future<?> task : running) {
                            task.get();
                        }
                    } finally {
                        pool.shutdown();
                    }
                    buffer.close();
                },
                "deadlock guard: producers or close() did not finish");

        assertThat(futures)
                .hasSize(producers * writesPerProducer)
                .allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        Map<String, Integer> expected = new HashMap<>();
        for (int p = 0; p < producers; p++) {
            for (int i = 0; i < writesPerProducer; i++) {
                String id = "p" + p + "-k" + (i % keysPerProducer);
                if (i % 7 == 3) {
                    expected.remove(id);
                } else {
                    expected.put(id, i);
                }
            }
        }
        assertThat(tableContents()).isEqualTo(expected);
        assertThat(counter("blocked")).isPositive();
        assertThat(counter("accepted")).isEqualTo(producers * writesPerProducer);
        assertThat(counter("persisted")).isEqualTo(producers * writesPerProducer);
        assertThat(writer.callsWithDuplicateKeys.get()).isZero();
        assertThat(writer.largestCall.get()).isLessThanOrEqualTo(25);
        assertThat(buffer.heldCount()).isZero();
    }

    @Test
    void flush_whenBatchWriterCompletesSynchronouslyAndThousandsOfCallsQueue_completesEveryWrite() throws Exception {
        // a writer whose futures are already complete (a cache, a fake, a call rejected up front) must not make
        // the buffer recurse once per queued call: 4,000 calls behind flushConcurrency 1
        BatchWriter instant = writes -> CompletableFuture.completedFuture(new BatchWriteResult(
                writes.stream()
                        .<WriteOutcome>map(w -> WriteOutcome.persisted(w, 1))
                        .toList(),
                1));
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        try (WriteBuffer buffer = builder()
                .batchWriter(instant)
                .maxPendingKeys(100_000)
                .capacity(100_000)
                .flushConcurrency(1)
                .build()) {
            for (int k = 0; k < 100_000; k++) {
                Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS("key-" + k));
                futures.add(buffer.put(WriteOp.put(table.tableName(), key, key)));
            }
            await(buffer.flush());

            assertThat(buffer.heldCount()).isZero();
        }
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(counter("persisted")).isEqualTo(100_000);
    }

    @Test
    void flush_whenBatchWriterReportsWritesFailed_failsTheirFuturesAndDeadLettersThem() throws Exception {
        FailingBatchWriter failing = new FailingBatchWriter(
                writer, w -> w.writeKey().key().get("id").s().startsWith("bad"));
        try (WriteBuffer buffer = builder().batchWriter(failing).build()) {
            CompletableFuture<Void> good = buffer.put(put("good-1", 1));
            CompletableFuture<Void> badFirst = buffer.put(put("bad-1", 1));
            CompletableFuture<Void> badLast = buffer.put(put("bad-1", 2));
            CompletableFuture<Void> badDelete = buffer.delete(delete("bad-2"));
            await(buffer.flush());

            assertThat(good).isCompleted().isNotCompletedExceptionally();
            for (CompletableFuture<Void> bad : List.of(badFirst, badLast, badDelete)) {
                assertThatThrownBy(bad::join)
                        .hasCauseInstanceOf(WriteFailedException.class)
                        .cause()
                        .hasMessageContaining(table.tableName())
                        .hasMessageContaining("[id]")
                        .hasMessageContaining(FailingBatchWriter.FAILURE_MESSAGE)
                        .hasRootCauseMessage(FailingBatchWriter.FAILURE_MESSAGE);
            }
        }

        assertThat(deadLetters)
                .extracting(d -> d.write().writeKey())
                .containsExactlyInAnyOrder(key("bad-1"), key("bad-2"));
        DeadLetter bad1 = deadLetters.stream()
                .filter(d -> d.write().writeKey().equals(key("bad-1")))
                .findFirst()
                .orElseThrow();
        assertThat(bad1.write()).isEqualTo(put("bad-1", 2));
        assertThat(bad1.supersededWrites()).isEqualTo(1);
        assertThat(bad1.error().write()).isEqualTo(put("bad-1", 2));
        assertThat(versionInTable("good-1")).isEqualTo(1);
        assertThat(versionInTable("bad-1")).isNull();
        assertThat(counter("failed")).isEqualTo(3);
        assertThat(counter("persisted")).isEqualTo(1);
    }

    @Test
    void flush_whenBatchWriterCallFailsAsAWhole_failsEveryWriteOfTheCall() throws Exception {
        try (WriteBuffer buffer = builder()
                .batchWriter(writes -> CompletableFuture.failedFuture(new IllegalStateException("connection reset")))
                .build()) {
            CompletableFuture<Void> a = buffer.put(put("a", 1));
            CompletableFuture<Void> b = buffer.delete(delete("b"));
            await(buffer.flush());

            assertThatThrownBy(a::join).hasRootCauseMessage("connection reset");
            assertThatThrownBy(b::join).hasCauseInstanceOf(WriteFailedException.class);
        }
        assertThat(deadLetters).hasSize(2);
    }

    @Test
    void build_calledAgainAfterAnotherClientWasSet_writesThroughTheNewClient() throws Exception {
        try (ProxiedDynamoDb other = ProxiedDynamoDb.start()) {
            WriteBuffer.Builder reused = WriteBuffer.builder()
                    .dynamoDbClient(db.client())
                    .maxDelay(Duration.ofHours(1))
                    .scheduler(scheduler);
            CompletableFuture<Void> a;
            try (WriteBuffer first = reused.build()) {
                a = first.put(put("a", 1));
            } // close() flushes
            CompletableFuture<Void> b;
            try (WriteBuffer second = reused.dynamoDbClient(other.client()).build()) {
                b = second.put(put("b", 2));
            }
            await(a);
            await(b);

            assertThat(db.batchWriteRequests()).isEqualTo(1);
            assertThat(other.batchWriteRequests()).isEqualTo(1);
        }
    }

    @Test
    void submitAll_reportsOneOutcomePerWriteInOrder_andARefusedWriteWithZeroAttempts() throws Exception {
        WriteBuffer buffer = builder().capacity(1).whenFull(FullPolicy.reject()).build();
        try {
            BatchWriteResult result;
            CompletableFuture<BatchWriteResult> pending = buffer.submitAll(List.of(put("a", 1), put("b", 2)));
            await(buffer.flush());
            result = pending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(result.outcomes()).extracting(o -> o.write().writeKey()).containsExactly(key("a"), key("b"));
            assertThat(result.outcomes().get(0)).isEqualTo(WriteOutcome.persisted(put("a", 1), 1));
            assertThat(result.failed())
                    .singleElement()
                    .satisfies(f -> assertThat(f.cause()).isInstanceOf(BufferFullException.class))
                    .satisfies(f -> assertThat(f.attempts()).isZero());
        } finally {
            buffer.close();
        }
    }

    @Test
    void pending_whenWriteNotYetPersisted_returnsLastAcceptedWriteThenEmpty() throws Exception {
        try (WriteBuffer buffer = builder().build()) {
            assertThat(buffer.pending(key("a"))).isEmpty();
            buffer.put(put("a", 1));
            buffer.put(put("a", 2));
            assertThat(buffer.pending(key("a"))).contains(put("a", 2));
            buffer.delete(delete("a"));
            assertThat(buffer.pending(key("a"))).contains(delete("a"));
            buffer.put(put("a", 3));
            assertThat(buffer.pending(key("a"))).contains(put("a", 3));
            assertThat(buffer.pendingCount()).isEqualTo(1);

            await(buffer.flush());

            assertThat(buffer.pending(key("a"))).isEmpty();
            assertThat(versionInTable("a")).isEqualTo(3);
        }
    }

    @Test
    void submit_whenDeleteFollowsPut_deleteWinsAndBothFuturesComplete() throws Exception {
        table.putItem(new BufferedItem("a", 0)).join();
        try (WriteBuffer buffer = builder().build()) {
            CompletableFuture<Void> put = buffer.put(put("a", 1));
            CompletableFuture<Void> delete = buffer.delete(delete("a"));
            await(buffer.flush());

            assertThat(put).isCompleted().isNotCompletedExceptionally();
            assertThat(delete).isCompleted().isNotCompletedExceptionally();
        }
        assertThat(versionInTable("a")).isNull();
        assertThat(itemWrites()).isEqualTo(1);
    }

    @Test
    void submit_whenPutFollowsDelete_putWins() throws Exception {
        table.putItem(new BufferedItem("a", 0)).join();
        try (WriteBuffer buffer = builder().build()) {
            buffer.delete(delete("a"));
            buffer.put(put("a", 2));
            await(buffer.flush());
        }
        assertThat(versionInTable("a")).isEqualTo(2);
    }

    @Test
    void submit_whenKeyIsInFlight_sendsNewWriteInALaterCallAfterTheFirstCompletes() throws Exception {
        GatedBatchWriter gated = new GatedBatchWriter(writer);
        try (WriteBuffer buffer = builder().batchWriter(gated).build()) {
            CompletableFuture<Void> first = buffer.put(put("a", 1));
            buffer.put(put("b", 1));
            CompletableFuture<Void> firstFlush = buffer.flush();
            assertThat(gated.calls).hasSize(1);

            CompletableFuture<Void> second = buffer.put(put("a", 2));
            buffer.put(put("c", 1));
            assertThat(buffer.pending(key("a"))).contains(put("a", 2));
            CompletableFuture<Void> secondFlush = buffer.flush();

            // c is free and goes now; a waits behind its in-flight write
            assertThat(gated.calls).hasSize(2);
            assertThat(gated.calls.get(1)).containsExactly(put("c", 1));
            assertThat(second).isNotDone();

            gated.release();
            await(firstFlush);
            await(secondFlush);

            assertThat(first).isCompleted().isNotCompletedExceptionally();
            assertThat(second).isCompleted().isNotCompletedExceptionally();
        }
        assertThat(gated.calls).hasSize(3);
        assertThat(gated.calls.get(2)).containsExactly(put("a", 2));
        assertThat(versionInTable("a")).isEqualTo(2);
        assertThat(writer.callsWithDuplicateKeys.get()).isZero();
    }

    @Test
    void flush_whenManyKeysPending_sendsCallsOf25AtMostFlushConcurrencyAtOnce() throws Exception {
        GatedBatchWriter gated = new GatedBatchWriter(writer);
        try (WriteBuffer buffer =
                builder().batchWriter(gated).flushConcurrency(2).build()) {
            for (int k = 0; k < 90; k++) {
                buffer.put(put("key-" + k, k));
            }
            CompletableFuture<Void> flushed = buffer.flush();
            assertThat(gated.calls).hasSize(2);
            assertThat(((CoalescingWriteBuffer) buffer).queuedCallCount()).isEqualTo(2);

            gated.release();
            await(flushed);
        }
        // calls are cut in order, but two slots freeing at once may record their calls in either order
        assertThat(gated.calls).extracting(List::size).containsExactlyInAnyOrder(25, 25, 25, 15);
        assertThat(db.batchWriteRequests()).isEqualTo(4);
        assertThat(tableContents()).hasSize(90);
    }

    @Test
    void submit_whenMaxPendingKeysReached_flushesWithSizeTrigger() throws Exception {
        try (WriteBuffer buffer = builder().maxPendingKeys(30).build()) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int k = 0; k < 29; k++) {
                futures.add(buffer.put(put("key-" + k, k)));
            }
            assertThat(writer.calls.get()).isZero();
            futures.add(buffer.put(put("key-29", 29)));

            await(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)));
            assertThat(counter("flushes", "trigger", "size")).isEqualTo(1);
            assertThat(db.batchWriteRequests()).isEqualTo(2);
        }
    }

    @Test
    void tick_whenOldestPendingWriteReachesMaxDelay_flushesWithAgeTrigger() throws Exception {
        try (WriteBuffer buffer = builder().maxDelay(Duration.ofMillis(100)).build()) {
            CompletableFuture<Void> done = buffer.put(put("a", 1));
            clock.advance(Duration.ofMillis(60));
            buffer.put(put("b", 1));
            ((CoalescingWriteBuffer) buffer).tick();
            assertThat(writer.calls.get()).isZero();

            clock.advance(Duration.ofMillis(40));
            ((CoalescingWriteBuffer) buffer).tick();

            await(done);
            assertThat(counter("flushes", "trigger", "age")).isEqualTo(1);
            assertThat(writer.calls.get()).isEqualTo(1);
        }
        assertThat(versionInTable("b")).isEqualTo(1);
    }

    @Test
    void submit_whenFullUnderRejectPolicy_failsAtOnceButCoalescingStillAccepted() throws Exception {
        GatedBatchWriter gated = new GatedBatchWriter(writer);
        try (WriteBuffer buffer = builder()
                .batchWriter(gated)
                .capacity(2)
                .whenFull(FullPolicy.reject())
                .build()) {
            buffer.put(put("a", 1));
            buffer.put(put("b", 1));

            assertThatThrownBy(() -> buffer.put(put("c", 1)))
                    .isInstanceOf(BufferFullException.class)
                    .hasMessageContaining("capacity 2")
                    .hasMessageContaining("reject");
            CompletableFuture<Void> coalesced = buffer.put(put("a", 2));
            assertThat(counter("rejected", "reason", "full")).isEqualTo(1);
            assertThat(buffer.pending(key("c"))).isEmpty();

            gated.release();
            await(buffer.flush());
            assertThat(coalesced).isCompleted().isNotCompletedExceptionally();
        }
        assertThat(tableContents()).isEqualTo(Map.of("a", 2, "b", 1));
    }

    @Test
    void submit_whenFullUnderBlockPolicyAndNothingFrees_failsAfterTimeoutNamingCapacityAndTimeout() throws Exception {
        GatedBatchWriter gated = new GatedBatchWriter(writer);
        try (WriteBuffer buffer = builder()
                .batchWriter(gated)
                .capacity(1)
                .whenFull(FullPolicy.block(Duration.ofMillis(50)))
                .build()) {
            CompletableFuture<Void> first = buffer.put(put("a", 1));

            assertThatThrownBy(() -> buffer.put(put("b", 1)))
                    .isInstanceOf(BufferFullException.class)
                    .hasMessageContaining("capacity 1")
                    .hasMessageContaining("PT0.05S");
            assertThat(counter("blocked")).isEqualTo(1);
            assertThat(gated.calls).hasSize(1); // the full buffer flushed to make room

            gated.release();
            await(first);
        }
        assertThat(tableContents()).isEqualTo(Map.of("a", 1));
    }

    @Test
    void submit_afterClose_isRejectedAndCloseIsIdempotent() {
        WriteBuffer buffer = builder().build();
        buffer.close();

        assertThatThrownBy(() -> buffer.put(put("a", 1)))
                .isInstanceOf(BufferClosedException.class)
                .hasMessageContaining("closed")
                .hasMessageContaining(table.tableName());
        buffer.close();
        assertThat(counter("rejected", "reason", "closed")).isEqualTo(1);
    }

    @Test
    void close_whenWritesPending_flushesAllAndWaits() {
        WriteBuffer buffer = builder().build();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int k = 0; k < 60; k++) {
            futures.add(buffer.put(put("key-" + k, k)));
        }

        buffer.close();

        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(tableContents()).hasSize(60);
        assertThat(counter("flushes", "trigger", "close")).isEqualTo(1);
    }

    @Test
    void close_whenTimeoutPasses_failsUnsentWritesWithDeadLettersAndThrows() throws Exception {
        GatedBatchWriter gated = new GatedBatchWriter(writer);
        WriteBuffer buffer = builder()
                .batchWriter(gated)
                .flushConcurrency(1)
                .closeTimeout(Duration.ofMillis(100))
                .build();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            futures.add(buffer.put(put("key-" + k, k)));
        }

        assertThatThrownBy(buffer::close)
                .isInstanceOf(BufferClosedException.class)
                .hasMessageContaining("PT0.1S")
                .hasMessageContaining("30 writes not finished");

        assertThat(deadLetters).hasSize(5);
        assertThat(futures.subList(25, 30)).allMatch(CompletableFuture::isCompletedExceptionally);
        gated.release();
        await(CompletableFuture.allOf(futures.subList(0, 25).toArray(CompletableFuture[]::new)));
        assertThat(tableContents()).hasSize(25);
        assertThat(buffer.heldCount()).isZero();
    }

    @Test
    void builder_whenSettingsInvalid_failsNamingFieldAndValue() {
        assertThatThrownBy(() -> WriteBuffer.builder().maxPendingKeys(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("maxPendingKeys must be positive, got: 0");
        assertThatThrownBy(() -> WriteBuffer.builder().maxDelay(Duration.ZERO)).hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> WriteBuffer.builder().flushConcurrency(0)).hasMessageContaining("flushConcurrency");
        assertThatThrownBy(() -> WriteBuffer.builder().capacity(-1)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> FullPolicy.block(Duration.ofSeconds(-1))).hasMessageContaining("timeout");
        assertThatThrownBy(() -> WriteBuffer.builder().build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("batchWriter");
    }

    @Test
    void put_whenGivenADelete_failsNamingTheWrite() {
        try (WriteBuffer buffer = builder().build()) {
            assertThatThrownBy(() -> buffer.put(delete("a")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("be a put");
            assertThatThrownBy(() -> buffer.submit(null)).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void metrics_whileWritesPending_gaugesShowPendingAndHeld() throws Exception {
        try (WriteBuffer buffer = builder().build()) {
            buffer.put(put("a", 1));
            buffer.put(put("b", 1));
            buffer.put(put("b", 2));
            assertThat(registry.find("ddb.patterns.buffer.pending").gauge().value())
                    .isEqualTo(2);
            assertThat(registry.find("ddb.patterns.buffer.held").gauge().value())
                    .isEqualTo(2);
            await(buffer.flush());
            assertThat(registry.find("ddb.patterns.buffer.pending").gauge().value())
                    .isZero();
        }
        assertThat(registry.getMeters().stream().map(m -> m.getId().getName()).collect(Collectors.toSet()))
                .allMatch(name -> name.startsWith("ddb.patterns.buffer."));
    }

    @Test
    void submit_withOwnSchedulerAndSystemClock_flushesByAgeWithoutAFlushCall() throws Exception {
        try (WriteBuffer buffer = WriteBuffer.builder()
                .batchWriter(writer)
                .maxDelay(Duration.ofMillis(5))
                .meterRegistry(registry)
                .build()) {
            CompletableFuture<Void> done = buffer.put(put("a", 1));

            await(done); // only the buffer's own timer can complete it: nothing else flushes

            assertThat(counter("flushes", "trigger", "age")).isEqualTo(1);
        }
        assertThat(versionInTable("a")).isEqualTo(1);
    }

    @Test
    void flush_whenDeadLetterCallbackThrows_stillCompletesEveryWrite() throws Exception {
        FailingBatchWriter failing = new FailingBatchWriter(writer, w -> true);
        try (WriteBuffer buffer = builder()
                .batchWriter(failing)
                .deadLetter(d -> {
                    throw new IllegalStateException("callback bug");
                })
                .build()) {
            CompletableFuture<Void> a = buffer.put(put("a", 1));
            CompletableFuture<Void> b = buffer.put(put("b", 1));
            await(buffer.flush());

            assertThat(a).isCompletedExceptionally();
            assertThat(b).isCompletedExceptionally();
            assertThat(buffer.heldCount()).isZero();
            CompletableFuture<Void> later = buffer.put(put("c", 1));
            await(buffer.flush());
            assertThat(later).isCompletedExceptionally();
        }
    }
}
