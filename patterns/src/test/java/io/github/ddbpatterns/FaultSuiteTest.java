package io.github.ddbpatterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import io.github.ddbpatterns.core.buffer.DeadLetter;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.sharding.ShardedCounter;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultKind;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The write paths under each fault the proxy injects, with default settings. After each run the table is read back
 * directly (not through the proxy) and every accepted write is checked: stored and reported done, or reported failed
 * and not stored — never both, never neither. Counter increments are counted exactly once.
 */
@DynamoDbLocalTest
class FaultSuiteTest {

    static final int KEYS = 100;
    static final int WRITES = 1_000;
    static final int ITEMS = 1_000;
    static final int INCREMENTS = 200;

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of(
                        "throttling storm on every partition",
                        List.of(FaultPlan.throttle().withProbability(0.6, 11L))),
                Arguments.of("30 % UnprocessedItems", List.of(FaultPlan.unprocessedItems(0.3))),
                Arguments.of(
                        "1 % HTTP 500", List.of(FaultPlan.internalServerError().withProbability(0.01, 13L))),
                Arguments.of(
                        "connection resets before the request",
                        List.of(FaultPlan.connectionReset().withProbability(0.02, 17L))),
                Arguments.of(
                        "responses lost after the request was applied",
                        List.of(FaultPlan.responseLost().withProbability(0.02, 19L))),
                Arguments.of(
                        "corrupted response checksums",
                        List.of(FaultPlan.corruptedChecksum().withProbability(0.02, 23L))),
                Arguments.of(
                        "DynamoDB unreachable for the first 40 requests",
                        List.of(FaultPlan.connectionReset()
                                .atRequests(LongStream.rangeClosed(1, 40).toArray()))),
                Arguments.of(
                        "all at once",
                        List.of(
                                FaultPlan.throttle().withProbability(0.2, 29L),
                                FaultPlan.internalServerError().withProbability(0.01, 31L),
                                FaultPlan.connectionReset().withProbability(0.01, 37L),
                                FaultPlan.responseLost().withProbability(0.01, 41L),
                                FaultPlan.corruptedChecksum().withProbability(0.01, 43L),
                                FaultPlan.unprocessedItems(0.3))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void writeBuffer_underFaults_storesEveryAcceptedWriteOrReportsIt(
            String name, List<FaultPlan> faults, TestTables tables) throws Exception {
        String table = rawTable(tables);
        ConcurrentLinkedQueue<DeadLetter> deadLetters = new ConcurrentLinkedQueue<>();
        Map<String, String> lastAccepted = new HashMap<>();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        try (ThrottlingProxy proxy = proxy(faults);
                DynamoDbAsyncClient client = proxy.clients().asyncBuilder().build()) {
            DdbPatterns ddb = DdbPatterns.builder().dynamoDbClient(client).build();
            try (WriteBuffer buffer =
                    ddb.writeBuffer().deadLetter(deadLetters::add).build()) {
                for (int i = 0; i < WRITES; i++) {
                    String key = "k-" + (i % KEYS);
                    String value = "v-" + i;
                    futures.add(buffer.submit(put(table, key, value)));
                    keys.add(key);
                    values.add(value);
                }
                buffer.flush().handle((v, e) -> null).join();
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .handle((v, e) -> null)
                    .join();
            report(name, proxy);
        }

        Map<String, String> stored = readAll(table);
        int failed = 0;
        for (int i = 0; i < WRITES; i++) {
            if (futures.get(i).isCompletedExceptionally()) {
                failed++;
            } else {
                lastAccepted.put(keys.get(i), values.get(i));
            }
        }
        // the last write of each key that reported success is what is stored; a key none of whose writes succeeded
        // is not stored at all, and every failure reached a dead letter
        for (String key : lastAccepted.keySet()) {
            assertThat(stored.get(key))
                    .as("stored value of %s", key)
                    .isEqualTo(lastWriteOf(key, keys, values, futures));
        }
        assertThat(stored.keySet()).isSubsetOf(lastAccepted.keySet());
        assertThat(failed).as("writes reported failed").isZero();
        assertThat(deadLetters).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void batchWriter_underFaults_persistsEveryItemOrReportsIt(String name, List<FaultPlan> faults, TestTables tables) {
        String table = rawTable(tables);
        List<WriteOp> writes = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            writes.add(put(table, "item-" + i, "v-" + i));
        }
        BatchWriteResult result;
        try (ThrottlingProxy proxy = proxy(faults);
                DynamoDbAsyncClient client = proxy.clients().asyncBuilder().build()) {
            result = DdbPatterns.builder()
                    .dynamoDbClient(client)
                    .build()
                    .batchWriter()
                    .build()
                    .write(writes)
                    .join();
            report(name, proxy);
        }

        Map<String, String> stored = readAll(table);
        for (int i = 0; i < ITEMS; i++) {
            WriteOutcome outcome = result.outcomes().get(i);
            assertThat(outcome.write()).isEqualTo(writes.get(i));
            if (outcome.isPersisted()) {
                assertThat(stored.get("item-" + i)).isEqualTo("v-" + i);
            } else {
                assertThat(stored).doesNotContainKey("item-" + i);
            }
        }
        assertThat(result.failed()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void shardedCounter_underFaults_countsEveryReportedIncrementOnce(
            String name, List<FaultPlan> faults, TestTables tables) {
        String table = tables.uniqueName();
        List<CompletableFuture<Void>> increments = new ArrayList<>();
        ShardedCounter counter;
        try (ThrottlingProxy proxy = proxy(List.of());
                DynamoDbAsyncClient client = proxy.clients().asyncBuilder().build()) {
            counter = DdbPatterns.builder()
                    .dynamoDbClient(client)
                    .build()
                    .shardedCounter()
                    .tableName(table)
                    .partitionKey("pk")
                    .shards(4)
                    .build();
            counter.createTable().join();
            counter.get("likes").join(); // the table check passes before the faults start
            proxy.reconfigure(b -> b.faults(faults.toArray(FaultPlan[]::new)));
            for (int i = 0; i < INCREMENTS; i++) {
                increments.add(counter.increment("likes", 1));
            }
            CompletableFuture.allOf(increments.toArray(CompletableFuture[]::new))
                    .handle((v, e) -> null)
                    .join();
            report(name, proxy);
            proxy.reconfigure(b -> b.faults());
            long succeeded = increments.stream()
                    .filter(f -> !f.isCompletedExceptionally())
                    .count();

            assertThat(counter.get("likes").join()).as("count").isEqualTo(succeeded);
            assertThat(succeeded).isEqualTo(INCREMENTS);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static ThrottlingProxy proxy(List<FaultPlan> faults) {
        return ThrottlingProxy.builder()
                .target(DynamoDbLocal.shared().endpoint())
                .writeCapacityPerPartition(1_000_000)
                .readCapacityPerPartition(1_000_000)
                .faults(faults.toArray(FaultPlan[]::new))
                .build()
                .start();
    }

    private static void report(String name, ThrottlingProxy proxy) {
        StringBuilder faults = new StringBuilder();
        for (FaultKind kind : FaultKind.values()) {
            long n = proxy.stats().faults(kind);
            if (n > 0) {
                faults.append(' ').append(kind).append('=').append(n);
            }
        }
        System.out.printf(
                "fault suite [%s]: %d requests, faults:%s%n",
                name, proxy.stats().requests(), faults);
    }

    private static String lastWriteOf(
            String key, List<String> keys, List<String> values, List<CompletableFuture<Void>> futures) {
        String last = null;
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).equals(key) && !futures.get(i).isCompletedExceptionally()) {
                last = values.get(i);
            }
        }
        return last;
    }

    private static String rawTable(TestTables tables) {
        String table = tables.uniqueName();
        DynamoDbLocal.shared()
                .syncClient()
                .createTable(b -> b.tableName(table)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                        .attributeDefinitions(d -> d.attributeName("pk").attributeType(ScalarAttributeType.S)));
        return table;
    }

    private static WriteOp put(String table, String key, String value) {
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS(key), "v", AttributeValue.fromS(value));
        return WriteOp.put(table, Map.of("pk", item.get("pk")), item);
    }

    private static Map<String, String> readAll(String table) {
        DynamoDbClient direct = DynamoDbLocal.shared().syncClient();
        Map<String, String> stored = new HashMap<>();
        direct.scanPaginator(b -> b.tableName(table).consistentRead(true))
                .items()
                .forEach(item -> stored.put(item.get("pk").s(), item.get("v").s()));
        return stored;
    }
}
