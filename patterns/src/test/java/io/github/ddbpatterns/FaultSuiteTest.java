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
import software.amazon.awssdk.core.exception.Crc32MismatchException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The write paths under each fault the proxy injects, with default settings. After each run the table is read back
 * directly (not through the proxy) and every write is checked against what its caller was told: a write reported
 * done is stored (or superseded by a later accepted write of its key), a write reported failed is not stored unless
 * its failure was ambiguous (the response was lost or refused after the request reached DynamoDB) — never neither.
 * Counter increments that complete are counted once; with {@code exactlyOnce} every increment is.
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
                        "throttling storm on every partition (the first 300 requests)",
                        List.of(FaultPlan.throttle()
                                .atRequests(LongStream.rangeClosed(1, 300).toArray()))),
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
    void writeBuffer_underFaults_storesTheLastAcceptedWriteOfEveryKey(
            String name, List<FaultPlan> faults, TestTables tables) {
        String table = RawTable.create(tables);
        ConcurrentLinkedQueue<DeadLetter> deadLetters = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        try (ThrottlingProxy proxy = proxy(faults);
                DynamoDbAsyncClient client = proxy.clients().asyncBuilder().build()) {
            DdbPatterns ddb = DdbPatterns.builder().dynamoDbClient(client).build();
            try (WriteBuffer buffer =
                    ddb.writeBuffer().deadLetter(deadLetters::add).build()) {
                for (int i = 0; i < WRITES; i++) {
                    futures.add(buffer.submit(RawTable.put(table, keyOf(i), "v-" + i)));
                }
                buffer.flush().handle((v, e) -> null).join();
            }
            settle(futures);
            report(name, proxy, failures(futures));
        }

        Map<String, String> stored = readAll(table);
        for (int k = 0; k < KEYS; k++) {
            String key = "k-" + k;
            List<Integer> writes = new ArrayList<>();
            for (int i = k; i < WRITES; i += KEYS) {
                writes.add(i);
            }
            assertStoredIsLastAccepted(key, stored.get(key), writes, futures);
        }
        assertThat(deadLetters.stream().mapToInt(d -> 1 + d.supersededWrites()).sum())
                .as("caller writes in dead letters")
                .isEqualTo(failures(futures));
        assertThat(failures(futures))
                .as("writes given up under default settings")
                .isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void batchWriter_underFaults_storesEveryPersistedItemAndNoUnambiguouslyFailedOne(
            String name, List<FaultPlan> faults, TestTables tables) {
        String table = RawTable.create(tables);
        List<WriteOp> writes = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            writes.add(RawTable.put(table, "item-" + i, "v-" + i));
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
            report(name, proxy, result.failed().size());
        }

        Map<String, String> stored = readAll(table);
        assertThat(result.outcomes()).hasSize(ITEMS);
        for (int i = 0; i < ITEMS; i++) {
            WriteOutcome outcome = result.outcomes().get(i);
            assertThat(outcome.write()).isEqualTo(writes.get(i));
            if (outcome.isPersisted()) {
                assertThat(stored.get("item-" + i)).as("persisted item-%d", i).isEqualTo("v-" + i);
            } else if (!(outcome instanceof WriteOutcome.Failed failed && isAmbiguous(failed.cause()))) {
                assertThat(stored).as("item-%d reported failed", i).doesNotContainKey("item-" + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void shardedCounter_underFaults_countsEachCompletedIncrementOnceAndEachFailedOneAtMostOnce(
            String name, List<FaultPlan> faults, TestTables tables) {
        Counted counted = incrementUnder(name, faults, tables, false);

        assertThat(counted.total()).isBetween(counted.completed(), counted.completed() + counted.failed());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void shardedCounterExactlyOnce_underFaults_countsEveryIncrementOnce(
            String name, List<FaultPlan> faults, TestTables tables) {
        Counted counted = incrementUnder(name + ", exactly once", faults, tables, true);

        assertThat(counted.failed()).isZero();
        assertThat(counted.total()).isEqualTo(INCREMENTS);
    }

    record Counted(long completed, long failed, long total) {}

    private static Counted incrementUnder(String name, List<FaultPlan> faults, TestTables tables, boolean exactlyOnce) {
        try (ThrottlingProxy proxy = proxy(List.of());
                DynamoDbAsyncClient client = proxy.clients().asyncBuilder().build()) {
            ShardedCounter counter = DdbPatterns.builder()
                    .dynamoDbClient(client)
                    .build()
                    .shardedCounter()
                    .tableName(tables.uniqueName())
                    .partitionKey("pk")
                    .shards(4)
                    .exactlyOnce(exactlyOnce)
                    .build();
            counter.createTable().join();
            counter.get("likes").join(); // the table check passes before the faults start
            proxy.reconfigure(b -> b.faults(faults.toArray(FaultPlan[]::new)));
            List<CompletableFuture<Void>> increments = new ArrayList<>();
            for (int i = 0; i < INCREMENTS; i++) {
                increments.add(counter.increment("likes", 1));
            }
            settle(increments);
            report(name, proxy, failures(increments));
            proxy.reconfigure(b -> b.faults());
            long failed = failures(increments);
            return new Counted(INCREMENTS - failed, failed, counter.get("likes").join());
        }
    }

    /**
     * The stored value of a key is the value of its last write that completed, or of a later write whose failure was
     * ambiguous (its request may have been applied); with no write completed and none ambiguous, nothing is stored.
     */
    private static void assertStoredIsLastAccepted(
            String key, String stored, List<Integer> writes, List<CompletableFuture<Void>> futures) {
        List<String> allowed = new ArrayList<>();
        for (int i : writes) {
            CompletableFuture<Void> future = futures.get(i);
            if (!future.isCompletedExceptionally()) {
                allowed.clear(); // an accepted write supersedes everything before it
                allowed.add("v-" + i);
            } else if (isAmbiguous(future.handle((v, e) -> e).join())) {
                allowed.add("v-" + i);
            }
        }
        boolean anyAccepted = writes.stream().anyMatch(i -> !futures.get(i).isCompletedExceptionally());
        if (allowed.isEmpty()) {
            assertThat(stored).as("%s: no write accepted", key).isNull();
        } else if (anyAccepted) {
            assertThat(stored).as("%s", key).isIn(allowed);
        } else {
            assertThat(stored).as("%s: only ambiguous failures", key).isIn(nullAnd(allowed));
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

    private static String keyOf(int write) {
        return "k-" + (write % KEYS);
    }

    private static List<String> nullAnd(List<String> values) {
        List<String> all = new ArrayList<>(values);
        all.add(null);
        return all;
    }

    private static void settle(List<CompletableFuture<Void>> futures) {
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .handle((v, e) -> null)
                .join();
    }

    private static int failures(List<CompletableFuture<Void>> futures) {
        return (int) futures.stream()
                .filter(CompletableFuture::isCompletedExceptionally)
                .count();
    }

    /** A failure after which the request may still have been applied: its response was lost or refused. */
    private static boolean isAmbiguous(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException || t instanceof Crc32MismatchException) {
                return true;
            }
        }
        return false;
    }

    private static void report(String name, ThrottlingProxy proxy, int failed) {
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

    private static Map<String, String> readAll(String table) {
        DynamoDbClient direct = DynamoDbLocal.shared().syncClient();
        Map<String, String> stored = new HashMap<>();
        direct.scanPaginator(b -> b.tableName(table).consistentRead(true))
                .items()
                .forEach(item -> stored.put(item.get("pk").s(), item.get("v").s()));
        return stored;
    }
}
