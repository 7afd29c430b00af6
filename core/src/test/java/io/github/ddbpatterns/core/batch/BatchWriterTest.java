package io.github.ddbpatterns.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.core.resilience.SdkRetryAlignment;
import io.github.ddbpatterns.core.testsupport.ProxiedDynamoDb;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.LocalClients;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

@DynamoDbLocalTest
class BatchWriterTest {

    static final TableSchema<Row> SCHEMA = TableSchema.fromBean(Row.class);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<DynamoDbAsyncClient> ownClients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        ownClients.forEach(DynamoDbAsyncClient::close);
    }

    /** An async client over real HTTP with one SDK attempt and the given interceptors. */
    private DynamoDbAsyncClient client(LocalClients clients, ExecutionInterceptor... interceptors) {
        DynamoDbAsyncClient client = SdkRetryAlignment.configure(clients.asyncBuilder()
                        .overrideConfiguration(o -> Arrays.stream(interceptors).forEach(o::addExecutionInterceptor)))
                .build();
        ownClients.add(client);
        return client;
    }

    private static ResiliencePolicy fastPolicy(int maxAttempts) {
        return ResiliencePolicy.builder()
                .maxAttempts(maxAttempts)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                .build();
    }

    private BatchWriter.Builder writer(DynamoDbAsyncClient client) {
        return BatchWriter.builder()
                .dynamoDbClient(client)
                .resilience(fastPolicy(5))
                .meterRegistry(registry);
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    static WriteOp put(String table, String pk, String sk, String payload) {
        Map<String, AttributeValue> item = Map.of(
                "pk",
                AttributeValue.fromS(pk),
                "sk",
                AttributeValue.fromS(sk),
                "payload",
                AttributeValue.fromS(payload));
        return WriteOp.put(table, key(pk, sk), item);
    }

    private static String payloadOf(DynamoDbClient client, String table, String pk, String sk) {
        Map<String, AttributeValue> item = client.getItem(
                        b -> b.tableName(table).key(key(pk, sk)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? null : item.get("payload").s();
    }

    private double counter(String name, String... tags) {
        var search = registry.find(name).tags(tags);
        return search.counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void write_tenThousandWritesAcrossTwoTables_allPersistedAndReadBack(TestTables tables, LocalClients clients) {
        String a = tables.create(SCHEMA);
        String b = tables.create(SCHEMA);
        List<WriteOp> writes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            writes.add(put(i % 2 == 0 ? a : b, "user-" + (i % 97), "item-" + i, "v" + i));
        }
        DynamoDbAsyncClient client = client(clients);

        BatchWriteResult result =
                writer(client).maxConcurrentRequests(8).build().write(writes).join();

        assertThat(result.allPersisted()).isTrue();
        assertThat(result.outcomes())
                .hasSize(10_000)
                .extracting(WriteOutcome::write)
                .containsExactlyElementsOf(writes);
        assertThat(result.outcomes()).allSatisfy(o -> assertThat(o.attempts()).isEqualTo(1));
        assertThat(result.requests()).isEqualTo(400);
        assertThat(counter("ddb.patterns.batch.requests", "result", "success")).isEqualTo(400);
        assertThat(counter("ddb.patterns.batch.items", "result", "success")).isEqualTo(10_000);
        assertThat(counter("ddb.patterns.batch.consumed.capacity")).isGreaterThanOrEqualTo(10_000);

        List<WriteKey> keys = writes.stream().map(WriteOp::writeKey).toList();
        BatchGetResult read =
                BatchReader.builder().dynamoDbClient(client).build().read(keys).join();
        assertThat(read.isComplete()).isTrue();
        assertThat(read.missing()).isEmpty();
        assertThat(read.items()).hasSize(10_000);
        assertThat(read.item(keys.get(1234)).orElseThrow().get("payload").s()).isEqualTo("v1234");
    }

    @Test
    void write_whenSameKeyRepeated_neverSharesACallAndTheLastWriteWins(
            TestTables tables, LocalClients clients, DynamoDbClient sync) {
        String table = tables.create(SCHEMA);
        List<WriteOp> writes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            writes.add(put(table, "other", "o-" + i, "x"));
            if (i % 20 == 0) {
                writes.add(put(table, "hot", "1", "v" + i));
            }
        }
        writes.add(WriteOp.delete(table, key("hot", "2")));
        writes.add(put(table, "hot", "2", "after-delete"));
        writes.add(put(table, "hot", "3", "before-delete"));
        writes.add(WriteOp.delete(table, key("hot", "3")));
        RequestRecorder recorder = new RequestRecorder();

        BatchWriteResult result =
                writer(client(clients, recorder)).build().write(writes).join();

        assertThat(result.allPersisted()).isTrue();
        assertThat(payloadOf(sync, table, "hot", "1")).isEqualTo("v40");
        assertThat(payloadOf(sync, table, "hot", "2")).isEqualTo("after-delete");
        assertThat(payloadOf(sync, table, "hot", "3")).isNull();
        for (BatchWriteItemRequest request : recorder.writes) {
            List<Map<String, AttributeValue>> keysInCall = request.requestItems().values().stream()
                    .flatMap(List::stream)
                    .map(BatchWriterTest::keyOf)
                    .toList();
            assertThat(new HashSet<>(keysInCall)).hasSameSizeAs(keysInCall);
        }
        int callsWithHotKey = (int) recorder.writes.stream()
                .filter(r -> r.requestItems().values().stream()
                        .flatMap(List::stream)
                        .anyMatch(w -> keyOf(w).equals(key("hot", "1"))))
                .count();
        assertThat(callsWithHotKey).isEqualTo(3);
    }

    private static Map<String, AttributeValue> keyOf(WriteRequest request) {
        Map<String, AttributeValue> source = request.putRequest() != null
                ? request.putRequest().item()
                : request.deleteRequest().key();
        return Map.of("pk", source.get("pk"), "sk", source.get("sk"));
    }

    @Test
    void write_whenInputOver16Megabytes_splitsAndPersistsAll(
            TestTables tables, LocalClients clients, DynamoDbClient sync) {
        String table = tables.create(SCHEMA);
        String big = "x".repeat(380 * 1024);
        List<WriteOp> writes = IntStream.range(0, 45)
                .mapToObj(i -> put(table, "big", "b-" + i, big + i))
                .toList();

        BatchWriteResult result = writer(client(clients)).build().write(writes).join();

        assertThat(result.allPersisted()).isTrue();
        assertThat(result.requests()).isEqualTo(2);
        assertThat(payloadOf(sync, table, "big", "b-44")).isEqualTo(big + 44);
    }

    @Test
    void write_whenChunkWouldExceedTheRequestSizeLimit_splitsBySize(TestTables tables, LocalClients clients) {
        String table = tables.create(SCHEMA);
        String payload = "y".repeat(300 * 1024);
        List<WriteOp> writes = IntStream.range(0, 10)
                .mapToObj(i -> put(table, "p", "s-" + i, payload))
                .toList();
        RequestRecorder recorder = new RequestRecorder();

        BatchWriteResult result = writer(client(clients, recorder))
                .maxRequestBytes(1024 * 1024)
                .build()
                .write(writes)
                .join();

        assertThat(result.allPersisted()).isTrue();
        assertThat(recorder.writes)
                .hasSize(4)
                .allSatisfy(r -> assertThat(r.requestItems().get(table).size()).isLessThanOrEqualTo(3));
    }

    @Test
    void write_deletes_removeItemsAndDeletingAMissingItemSucceeds(
            TestTables tables, LocalClients clients, DynamoDbClient sync) {
        String table = tables.create(SCHEMA);
        BatchWriter writer = writer(client(clients)).build();
        List<WriteOp> puts = IntStream.range(0, 30)
                .mapToObj(i -> put(table, "d", "s-" + i, "v"))
                .toList();
        assertThat(writer.write(puts).join().allPersisted()).isTrue();

        List<WriteOp> deletes = new ArrayList<>(IntStream.range(0, 30)
                .mapToObj(i -> WriteOp.delete(table, key("d", "s-" + i)))
                .toList());
        deletes.add(WriteOp.delete(table, key("d", "never-written")));
        BatchWriteResult result = writer.write(deletes).join();

        assertThat(result.allPersisted()).isTrue();
        assertThat(sync.query(b -> b.tableName(table)
                                .keyConditionExpression("pk = :p")
                                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("d"))))
                        .count())
                .isZero();
    }

    @Test
    void write_whenItemOver400Kilobytes_failsThatWriteWithoutSendingIt(
            TestTables tables, LocalClients clients, DynamoDbClient sync) {
        String table = tables.create(SCHEMA);
        List<WriteOp> writes = List.of(
                put(table, "a", "1", "ok"), put(table, "a", "2", "z".repeat(410 * 1024)), put(table, "a", "3", "ok"));

        BatchWriteResult result = writer(client(clients)).build().write(writes).join();

        assertThat(result.failed()).singleElement().satisfies(o -> {
            assertThat(o.write()).isEqualTo(writes.get(1));
            assertThat(o.cause()).isInstanceOf(InvalidInputException.class).hasMessageContaining("409600");
            assertThat(o.attempts()).isZero();
        });
        assertThat(payloadOf(sync, table, "a", "3")).isEqualTo("ok");
        assertThat(result.requests()).isEqualTo(1);
    }

    @Test
    void write_whenOneWriteIsInvalid_isolatesItAndPersistsTheOthers(
            TestTables tables, LocalClients clients, DynamoDbClient sync) {
        String table = tables.create(SCHEMA);
        List<WriteOp> writes = new ArrayList<>(IntStream.range(0, 24)
                .mapToObj(i -> put(table, "v", "s-" + i, "ok"))
                .toList());
        Map<String, AttributeValue> wrongType =
                Map.of("pk", AttributeValue.fromN("7"), "sk", AttributeValue.fromS("x"));
        writes.add(10, WriteOp.put(table, wrongType, wrongType));

        BatchWriteResult result = writer(client(clients)).build().write(writes).join();

        assertThat(result.failed()).singleElement().satisfies(o -> {
            assertThat(o.write()).isEqualTo(writes.get(10));
            assertThat(o.cause()).isInstanceOf(DynamoDbException.class);
            assertThat(((DynamoDbException) o.cause()).awsErrorDetails().errorCode())
                    .isEqualTo("ValidationException");
        });
        assertThat(payloadOf(sync, table, "v", "s-23")).isEqualTo("ok");
        assertThat(counter("ddb.patterns.batch.items", "result", "failed")).isEqualTo(1);
        assertThat(counter("ddb.patterns.batch.items", "result", "success")).isEqualTo(24);
    }

    @Test
    void write_whenATableIsMissing_failsOnlyItsWritesWithResourceNotFound(
            TestTables tables, LocalClients clients, DynamoDbClient sync) {
        String table = tables.create(SCHEMA);
        List<WriteOp> writes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            writes.add(put(table, "m", "s-" + i, "ok"));
            writes.add(put("no-such-table-" + tables.uniqueName(), "m", "s-" + i, "lost"));
        }

        BatchWriteResult result = writer(client(clients)).build().write(writes).join();

        assertThat(result.failed()).hasSize(10).allSatisfy(o -> {
            assertThat(o.write().tableName()).startsWith("no-such-table");
            assertThat(o.cause()).isInstanceOf(ResourceNotFoundException.class);
        });
        assertThat(payloadOf(sync, table, "m", "s-9")).isEqualTo("ok");
    }

    /** Writes through a ThrottlingProxy: real UnprocessedItems and real token-bucket throttling over HTTP. */
    private BatchWriter.Builder writer(ProxiedDynamoDb db, int maxAttempts) {
        return db.batchWriter().resilience(fastPolicy(maxAttempts)).meterRegistry(registry);
    }

    private static Set<String> sortKeysIn(DynamoDbClient direct, String table) {
        Set<String> keys = new HashSet<>();
        direct.scanPaginator(b -> b.tableName(table))
                .items()
                .forEach(item -> keys.add(item.get("sk").s()));
        return keys;
    }

    @Test
    void write_whenProxyReturnsItemsUnprocessed_resendsThemUntilPersisted(
            TestTables tables, DynamoDbEnhancedAsyncClient enhanced, DynamoDbClient direct) {
        String table = tables.create(SCHEMA);
        var mapped = enhanced.table(table, SCHEMA);
        List<WriteOp> writes = IntStream.range(0, 100)
                .mapToObj(i -> WriteOp.put(mapped, new Row("u", "s-" + i, "v" + i)))
                .toList();

        try (ProxiedDynamoDb db = ProxiedDynamoDb.start(b -> b.faults(FaultPlan.unprocessedItems(0.5)
                .atRequests(1, 2, 3, 4, 5, 6)
                .onOperation(ProxiedDynamoDb.BATCH_WRITE)))) {
            BatchWriteResult result = writer(db, 5).build().write(writes).join();

            assertThat(result.allPersisted()).isTrue();
            assertThat(db.proxy().stats().unprocessedItems()).isGreaterThanOrEqualTo(4 * 12);
            assertThat(result.requests()).isEqualTo(db.batchWriteRequests()).isGreaterThan(4);
            assertThat(result.outcomes())
                    .anySatisfy(o -> assertThat(o.attempts()).isGreaterThan(1));
            assertThat(counter("ddb.patterns.batch.unprocessed"))
                    .isEqualTo(db.proxy().stats().unprocessedItems());
            assertThat(counter("ddb.patterns.batch.consumed.capacity", "table", table))
                    .isEqualTo(db.consumedWriteUnits(table))
                    .isEqualTo(100);
        }
        assertThat(sortKeysIn(direct, table)).hasSize(100);
    }

    @Test
    void write_whenAlwaysUnprocessed_reportsEveryWriteFailedAfterMaxAttempts(TestTables tables, DynamoDbClient direct) {
        String table = tables.create(SCHEMA);
        List<WriteOp> writes = IntStream.range(0, 4)
                .mapToObj(i -> put(table, "u", "s-" + i, "v"))
                .toList();

        try (ProxiedDynamoDb db = ProxiedDynamoDb.start(b -> b.faults(FaultPlan.unprocessedItems(1.0)))) {
            BatchWriteResult result = writer(db, 5)
                    .maxUnprocessedAttempts(2)
                    .build()
                    .write(writes)
                    .join();

            assertThat(result.failed()).hasSize(4).allSatisfy(o -> {
                assertThat(o.cause()).isInstanceOf(UnprocessedException.class);
                assertThat(o.attempts()).isEqualTo(2);
                assertThat(((UnprocessedException) o.cause()).attempts()).isEqualTo(2);
            });
            assertThat(db.batchWriteRequests()).isEqualTo(2);
            assertThat(db.proxy().stats().forwarded()).isZero();
        }
        assertThat(sortKeysIn(direct, table)).isEmpty();
    }

    @Test
    void write_whenPartitionCapacityRunsOut_persistsWhatFitsAndReportsTheThrottledRestFailed(
            TestTables tables, DynamoDbClient direct) {
        String table = tables.create(SCHEMA);
        List<WriteOp> writes = IntStream.range(0, 25)
                .mapToObj(i -> put(table, "t", "s-" + i, "v"))
                .toList();
        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

        // one partition of 10 WCU whose clock stands still: the bucket holds 10 writes and never refills
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start(
                b -> b.partitions(1).writeCapacityPerPartition(10).clock(clock))) {
            BatchWriteResult result = writer(db, 3).build().write(writes).join();

            assertThat(result.outcomes()).filteredOn(WriteOutcome::isPersisted).hasSize(10);
            assertThat(result.failed())
                    .hasSize(15)
                    .allSatisfy(o -> assertThat(o.cause()).isInstanceOf(ProvisionedThroughputExceededException.class));
            assertThat(db.proxy().stats().unprocessedItems()).isEqualTo(15);
            assertThat(db.proxy().stats().throttled(ProxiedDynamoDb.BATCH_WRITE))
                    .isEqualTo(3);
            assertThat(counter("ddb.patterns.batch.requests", "result", "throttled"))
                    .isEqualTo(3);
            assertThat(result.requests()).isEqualTo(db.batchWriteRequests()).isEqualTo(4);
            Set<String> persisted = new HashSet<>();
            result.outcomes().stream()
                    .filter(WriteOutcome::isPersisted)
                    .forEach(o -> persisted.add(o.write().key().get("sk").s()));
            assertThat(sortKeysIn(direct, table)).isEqualTo(persisted);
        }
    }

    @Test
    void write_whenThrottledCallsAreRetriedAfterTheBucketRefills_persistsEverything(
            TestTables tables, DynamoDbClient direct) {
        String table = tables.create(SCHEMA);
        List<WriteOp> writes = IntStream.range(0, 25)
                .mapToObj(i -> put(table, "t", "s-" + i, "v"))
                .toList();
        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        ResiliencePolicy policy = fastPolicy(5);
        // proxy time moves one second (10 WCU) each time the policy retries a throttled call
        policy.retry().getEventPublisher().onRetry(event -> clock.advance(Duration.ofSeconds(1)));

        try (ProxiedDynamoDb db = ProxiedDynamoDb.start(
                b -> b.partitions(1).writeCapacityPerPartition(10).clock(clock))) {
            BatchWriteResult result = db.batchWriter()
                    .resilience(policy)
                    .meterRegistry(registry)
                    .build()
                    .write(writes)
                    .join();

            assertThat(result.allPersisted()).isTrue();
            // 25 = 10 + 10 + 5: each resend of the unprocessed rest is throttled once, then fits after a refill
            assertThat(db.proxy().stats().throttled(ProxiedDynamoDb.BATCH_WRITE))
                    .isEqualTo(2);
            assertThat(db.proxy().stats().unprocessedItems()).isEqualTo(15 + 5);
            assertThat(result.requests()).isEqualTo(db.batchWriteRequests()).isEqualTo(5);
            assertThat(counter("ddb.patterns.batch.unprocessed")).isEqualTo(20);
            assertThat(counter("ddb.patterns.batch.requests", "result", "throttled"))
                    .isEqualTo(2);
        }
        assertThat(sortKeysIn(direct, table)).hasSize(25);
    }

    @Test
    void write_whenEmpty_completesWithNoOutcomes(LocalClients clients) {
        BatchWriteResult result =
                writer(client(clients)).build().write(List.of()).join();
        assertThat(result.outcomes()).isEmpty();
        assertThat(result.requests()).isZero();
    }

    @Test
    void write_whenNullElement_throwsNamingIt(LocalClients clients) {
        BatchWriter writer = writer(client(clients)).build();
        List<WriteOp> writes = new ArrayList<>();
        writes.add(put("t", "a", "b", "c"));
        writes.add(null);
        assertThatThrownBy(() -> writer.write(writes))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("writes[1]");
        assertThatThrownBy(() -> writer.write(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void builder_whenInvalid_throwsNamingTheField() {
        assertThatThrownBy(() -> BatchWriter.builder().build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dynamoDbClient");
        assertThatThrownBy(() -> BatchWriter.builder().maxConcurrentRequests(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("maxConcurrentRequests");
        assertThatThrownBy(() -> BatchWriter.builder().resilience(null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("resilience");
    }
}
