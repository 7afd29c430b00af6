package io.github.ddbpatterns.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteKey;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.core.testsupport.ProxiedDynamoDb;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultKind;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.ProxyStats;
import io.github.ddbpatterns.testing.TestTables;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The core acceptance test: many writes (100,000 at acceptance size) through the WriteBuffer and the real BatchWriter over real HTTP,
 * through a ThrottlingProxy that returns 30 % of every batch as UnprocessedItems, answers 1 % of requests with
 * HTTP 500, and throttles partitions whose write capacity runs out (system clock). Every accepted write must end
 * either in the table (read back straight from DynamoDB Local, not through the proxy) or reported failed (failed
 * future and dead letter): zero silent losses.
 *
 * <p>The proxy starts with little write capacity (one partition of 100 WCU), so the first calls drain its token
 * bucket and get throttled, whole calls and single items; once the proxy has throttled a few calls it is raised
 * to 4 partitions of 1,000 WCU.
 *
 * <p>By default the run has the acceptance size, {@value #DEFAULT_WRITES} writes (about 50 s on a quiet 2-core
 * machine); {@code -Dddb.patterns.faults.writes=N} changes it.
 */
@DynamoDbLocalTest
class WriteBufferUnderFaultsTest {

    static final int DEFAULT_WRITES = 100_000;
    static final int WRITES = Integer.getInteger("ddb.patterns.faults.writes", DEFAULT_WRITES);
    static final int THROTTLED_CALLS_BEFORE_RAISE = 5;
    static final TableSchema<BufferedItem> SCHEMA = TableSchema.fromBean(BufferedItem.class);

    @Test
    void submit_whenUnprocessedItemsServerErrorsAndThrottling_everyWritePersistedOrReportedFailed(
            TestTables tables, DynamoDbEnhancedAsyncClient enhanced, DynamoDbClient direct) throws Exception {
        DynamoDbAsyncTable<BufferedItem> table = enhanced.table(tables.create(SCHEMA), SCHEMA);
        SimpleMeterRegistry batchMetrics = new SimpleMeterRegistry();
        SimpleMeterRegistry bufferMetrics = new SimpleMeterRegistry();
        Map<WriteKey, DeadLetter> deadLetters = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> futures = new ArrayList<>(WRITES);

        try (ProxiedDynamoDb db = ProxiedDynamoDb.start(b -> b.partitions(1)
                .writeCapacityPerPartition(100)
                .faults(
                        FaultPlan.internalServerError().withProbability(0.01, 42L),
                        FaultPlan.unprocessedItems(0.3).withSeed(7L).onOperation(ProxiedDynamoDb.BATCH_WRITE)))) {
            BatchWriter writer = db.batchWriter()
                    .maxConcurrentRequests(16)
                    .meterRegistry(batchMetrics)
                    .resilience(ResiliencePolicy.builder()
                            .maxAttempts(10)
                            .backoff(Duration.ofMillis(10), Duration.ofSeconds(1))
                            .build())
                    .build();
            ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
            watcher.scheduleWithFixedDelay(
                    () -> {
                        if (db.proxy().stats().throttled(ProxiedDynamoDb.BATCH_WRITE) >= THROTTLED_CALLS_BEFORE_RAISE) {
                            db.proxy().reconfigure(b -> b.partitions(4).writeCapacityPerPartition(1_000));
                            watcher.shutdown();
                        }
                    },
                    20,
                    20,
                    TimeUnit.MILLISECONDS);
            try (WriteBuffer buffer = WriteBuffer.builder()
                    .batchWriter(writer)
                    .maxPendingKeys(500)
                    .maxDelay(Duration.ofMillis(50))
                    .flushConcurrency(16)
                    .capacity(5_000)
                    .whenFull(FullPolicy.block(Duration.ofMinutes(2)))
                    .closeTimeout(Duration.ofMinutes(2))
                    .meterRegistry(bufferMetrics)
                    .deadLetter(d -> deadLetters.put(d.write().writeKey(), d))
                    .build()) {
                for (int i = 0; i < WRITES; i++) {
                    futures.add(buffer.put(WriteOp.put(table, new BufferedItem("item-" + i, i))));
                }
            } finally {
                watcher.shutdownNow();
            }

            ProxyStats stats = db.proxy().stats();
            // the faults and throttles really happened...
            assertThat(stats.faults(FaultKind.UNPROCESSED_ITEMS)).isPositive();
            assertThat(stats.faults(FaultKind.INTERNAL_SERVER_ERROR)).isPositive();
            assertThat(stats.throttled(ProxiedDynamoDb.BATCH_WRITE))
                    .isGreaterThanOrEqualTo(THROTTLED_CALLS_BEFORE_RAISE);
            assertThat(stats.unprocessedItems()).isGreaterThan(WRITES / 5);
            // ...our code saw each of them (the SDK retried nothing: one proxy request per attempt of ours)
            assertThat(count(batchMetrics, "ddb.patterns.batch.requests", "result", "throttled"))
                    .isPositive();
            assertThat(count(batchMetrics, "ddb.patterns.batch.requests", "result", "failed"))
                    .isPositive();
            assertThat(count(batchMetrics, "ddb.patterns.batch.requests")).isEqualTo(db.batchWriteRequests());
            assertThat(count(batchMetrics, "ddb.patterns.batch.unprocessed")).isEqualTo(stats.unprocessedItems());
        }

        Map<String, Integer> stored = new HashMap<>();
        direct.scanPaginator(b -> b.tableName(table.tableName()).consistentRead(true))
                .items()
                .forEach(item -> stored.put(
                        item.get("id").s(), Integer.valueOf(item.get("version").n())));
        int persisted = 0;
        int failed = 0;
        for (int i = 0; i < WRITES; i++) {
            CompletableFuture<Void> future = futures.get(i);
            assertThat(future).as("write %d finished", i).isDone();
            String id = "item-" + i;
            if (future.isCompletedExceptionally()) {
                failed++;
                WriteKey key = new WriteKey(table.tableName(), Map.of("id", AttributeValue.fromS(id)));
                assertThat(deadLetters).as("dead letter of failed write %s", id).containsKey(key);
                assertThat(causeOf(future)).isInstanceOf(WriteFailedException.class);
            } else {
                persisted++;
                assertThat(stored.get(id))
                        .as("stored version of acknowledged write %s", id)
                        .isEqualTo(i);
            }
        }
        // the proxy answers its faults itself, so a write given up was never stored, and nothing else was
        assertThat(stored).hasSize(persisted);
        assertThat(deadLetters).hasSize(failed);
        assertThat(count(bufferMetrics, "ddb.patterns.buffer.persisted")).isEqualTo(persisted);
        assertThat(count(bufferMetrics, "ddb.patterns.buffer.failed")).isEqualTo(failed);
        // retries work: almost everything got through despite 30 % unprocessed and 1 % errors per attempt
        assertThat(persisted).isGreaterThan(WRITES * 99 / 100);
    }

    private static Throwable causeOf(CompletableFuture<Void> future) {
        try {
            future.get();
            throw new AssertionError("expected a failed future");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static long count(SimpleMeterRegistry registry, String name, String... tags) {
        return Math.round(registry.find(name).tags(tags).counters().stream()
                .mapToDouble(c -> c.count())
                .sum());
    }
}
