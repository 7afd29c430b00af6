package io.github.ddbpatterns.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.core.testsupport.ProxiedDynamoDb;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.TestTables;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * UnprocessedItems of all the calls of one {@code write} are pooled and resent in full calls: with the proxy
 * returning 30 % of every BatchWriteItem unprocessed, the number of calls stays near the ideal
 * {@code ⌈n / 25 / (1 − 0.3)⌉} instead of one resend lineage per chunk (462 calls for 3,000 writes before).
 */
@DynamoDbLocalTest
class BatchWriterPoolingTest {

    static final double UNPROCESSED = 0.3;
    static final double BOUND = 1.15;

    static long idealCalls(int items, int perCall) {
        return (long) Math.ceil(items / (double) perCall / (1 - UNPROCESSED));
    }

    @Test
    void write_whenThirtyPercentUnprocessedOf3000Items_sendsAtMost115PercentOfTheIdealCalls(
            TestTables tables, DynamoDbClient direct) {
        writeAndCheck(tables, direct, 3_000, 11L);
    }

    @Test
    void write_whenThirtyPercentUnprocessedOf30000Items_sendsAtMost115PercentOfTheIdealCalls(
            TestTables tables, DynamoDbClient direct) {
        writeAndCheck(tables, direct, 30_000, 12L);
    }

    private static void writeAndCheck(TestTables tables, DynamoDbClient direct, int n, long seed) {
        String table = tables.create(BatchWriterTest.SCHEMA);
        List<WriteOp> writes = new ArrayList<>(n);
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < n; i++) {
            writes.add(BatchWriterTest.put(table, "u-" + (i % 50), "s-" + i, "v" + i));
            expected.put("u-" + (i % 50) + "/s-" + i, "v" + i);
        }

        try (ProxiedDynamoDb db = ProxiedDynamoDb.start(b -> b.faults(
                FaultPlan.unprocessedItems(UNPROCESSED).withSeed(seed).onOperation(ProxiedDynamoDb.BATCH_WRITE)))) {
            BatchWriteResult result = db.batchWriter() // ProxiedDynamoDb.fastPolicy: backoff 2 ms doubling to 50 ms
                    .maxUnprocessedAttempts(20) // 0.3^20: no write gives up by chance
                    .build()
                    .write(writes)
                    .join();

            long calls = db.batchWriteRequests();
            long ideal = idealCalls(n, 25);
            long bound = (long) Math.floor(BOUND * ideal);
            System.out.printf(
                    "pooled resends: n=%d BatchWriteItem calls=%d ideal=%d bound=%d ratio=%.3f unprocessed=%d%n",
                    n,
                    calls,
                    ideal,
                    bound,
                    calls / (double) ideal,
                    db.proxy().stats().unprocessedItems());
            assertThat(result.outcomes())
                    .hasSize(n)
                    .allSatisfy(o -> assertThat(o).isInstanceOf(WriteOutcome.Persisted.class))
                    .extracting(WriteOutcome::write)
                    .containsExactlyElementsOf(writes);
            assertThat(result.requests()).isEqualTo(calls);
            assertThat(calls).isLessThanOrEqualTo(bound);
        }
        Map<String, String> stored = new HashMap<>();
        direct.scanPaginator(b -> b.tableName(table).consistentRead(true))
                .items()
                .forEach(item -> stored.put(
                        item.get("pk").s() + "/" + item.get("sk").s(),
                        item.get("payload").s()));
        assertThat(stored).isEqualTo(expected);
    }

    @Test
    void write_whenTwoCallsReturnItemsUnprocessed_resendsThemTogetherOnceEveryWaitIsOver(
            TestTables tables, DynamoDbClient direct) throws Exception {
        String table = tables.create(BatchWriterTest.SCHEMA);
        List<WriteOp> writes = IntStream.range(0, 50)
                .mapToObj(i -> BatchWriterTest.put(table, "p", "s-" + i, "v" + i))
                .toList();
        ManualScheduler scheduler = new ManualScheduler();

        // the first two calls (25 writes each) return 10 writes each unprocessed, later calls none
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start(b ->
                b.faults(FaultPlan.unprocessedItems(0.4).atRequests(1, 2).onOperation(ProxiedDynamoDb.BATCH_WRITE)))) {
            CallRecordingClient client = new CallRecordingClient(db.client());
            CompletableFuture<BatchWriteResult> written = BatchWriter.builder()
                    .dynamoDbClient(client)
                    .resilience(fixedBackoff()) // never a zero wait: every group of resends waits on the scheduler
                    .scheduler(scheduler)
                    .build()
                    .write(writes);

            scheduler.whenScheduled(2).get(30, TimeUnit.SECONDS); // both answers in: two groups of 10 wait
            assertThat(client.writesPerCall()).containsExactly(25, 25); // nothing resent before its wait ends
            scheduler.runNext(); // the first group is due; the second could still join it
            assertThat(client.writesPerCall()).containsExactly(25, 25);
            scheduler.runNext(); // the second group is due too

            BatchWriteResult result = written.get(30, TimeUnit.SECONDS);
            assertThat(result.allPersisted()).isTrue();
            assertThat(client.writesPerCall()).containsExactly(25, 25, 20);
            assertThat(result.requests()).isEqualTo(db.batchWriteRequests()).isEqualTo(3);
            assertThat(db.proxy().stats().unprocessedItems()).isEqualTo(20);
            assertThat(result.outcomes()).filteredOn(o -> o.attempts() == 2).hasSize(20);
        } finally {
            scheduler.shutdownNow();
        }
        assertThat(direct.scan(b -> b.tableName(table).consistentRead(true)).count())
                .isEqualTo(50);
    }

    /**
     * Six attempts, 10 ms between them, no jitter: with full jitter a wait can round to 0 ms, and a group of resends
     * with no wait is due at once without the scheduler (the test then saw 0 or 1 waits instead of 2).
     */
    private static ResiliencePolicy fixedBackoff() {
        return ResiliencePolicy.builder()
                .retry(Retry.of(
                        "fixed",
                        RetryConfig.custom()
                                .maxAttempts(6)
                                .waitDuration(Duration.ofMillis(10))
                                .build()))
                .build();
    }
}
