package io.github.ddbpatterns.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

@DynamoDbLocalTest
class ThrottlingProxyTest {

    static final TableSchema<Thing> SCHEMA = TableSchema.fromBean(Thing.class);
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    // ---------------------------------------------------------------- latency

    @Test
    void latency_whenFixed_everyRequestTakesAtLeastTheLatency(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        Duration latency = Duration.ofMillis(150);
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                .target(local.endpoint())
                .latency(Latency.fixed(latency))
                .build()
                .start()) {
            DynamoDbClient client = proxy.clients().sync();
            client.putItem(b -> b.tableName(table).item(item("warm", "0", 10)));
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                client.getItem(b -> b.tableName(table).key(key("warm", "0")));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(latency);
            }
            assertThat(proxy.stats().forwarded("GetItem")).isEqualTo(3);
        }
    }

    // ---------------------------------------------------------------- hot partition

    @Test
    void putItem_whenOneKeyWrittenAtFiveTimesPartitionCapacity_mostWritesAreThrottled(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        // scaled "5,000 writes/s against 1,000 WCU": 500 writes/s for 2 s against 100 WCU per partition
        MutableClock clock = MutableClock.at(T0);
        try (ThrottlingProxy proxy = hotPartitionProxy(local, clock);
                DynamoDbAsyncClient client = noRetryAsync(proxy)) {
            int throttled = writeFor2Seconds(client, clock, table, i -> "hot");

            // burst of 100 + 2 s x 100 WCU/s = ~300 admitted out of 1,000
            assertThat(throttled).isBetween(650, 750);
            assertThat(proxy.stats().throttled("PutItem")).isEqualTo(throttled);
            assertThat(proxy.stats().forwarded("PutItem")).isEqualTo(1_000 - throttled);
            assertThat(local.syncClient()
                            .query(b -> b.tableName(table)
                                    .keyConditionExpression("id = :id")
                                    .expressionAttributeValues(Map.of(":id", s("hot")))
                                    .select("COUNT"))
                            .count())
                    .isEqualTo(1_000 - throttled);
            assertThat(proxy.stats().consumedWriteUnits(table)).hasSize(1);
        }
    }

    @Test
    void putItem_whenSameLoadSpreadOverHundredKeys_nothingIsThrottled(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        try (ThrottlingProxy proxy = hotPartitionProxy(local, clock);
                DynamoDbAsyncClient client = noRetryAsync(proxy)) {
            int throttled = writeFor2Seconds(client, clock, table, i -> "user-" + (i % 100));

            assertThat(throttled).isZero();
            assertThat(proxy.stats().forwarded("PutItem")).isEqualTo(1_000);
            assertThat(proxy.stats().consumedWriteUnits(table)).hasSize(10);
            assertThat(proxy.stats().consumedWriteUnits(table).values().stream()
                            .mapToDouble(d -> d)
                            .sum())
                    .isEqualTo(1_000.0);
        }
    }

    private static ThrottlingProxy hotPartitionProxy(DynamoDbLocal local, MutableClock clock) {
        return ThrottlingProxy.builder()
                .target(local.endpoint())
                .clock(clock)
                .partitions(10)
                .writeCapacityPerPartition(100)
                .build()
                .start();
    }

    /**
     * 1,000 writes, the clock advanced 2 ms per write issued (500 writes/s), at most 8 in flight so DynamoDB
     * Local can use both cores; returns how many were throttled.
     */
    private static int writeFor2Seconds(
            DynamoDbAsyncClient client, MutableClock clock, String table, IntFunction<String> keyOf) {
        AtomicInteger throttled = new AtomicInteger();
        ArrayDeque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
        for (int i = 0; i < 1_000; i++) {
            String id = keyOf.apply(i);
            String sort = Integer.toString(i);
            inFlight.add(client.putItem(b -> b.tableName(table).item(item(id, sort, 20)))
                    .exceptionally(e -> {
                        if (e.getCause() instanceof ProvisionedThroughputExceededException) {
                            throttled.incrementAndGet();
                            return null;
                        }
                        throw new CompletionException(e);
                    }));
            if (inFlight.size() >= 8) {
                inFlight.poll().join();
            }
            clock.advance(Duration.ofMillis(2));
        }
        inFlight.forEach(CompletableFuture::join);
        return throttled.get();
    }

    // ---------------------------------------------------------------- throttling error

    @Test
    void putItem_whenPartitionHasNoCapacity_failsWithProvisionedThroughputExceededLikeTheService(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        try (ThrottlingProxy proxy = oneUnitProxy(local, ThrottleErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED);
                DynamoDbClient client = noRetry(proxy)) {
            client.putItem(b -> b.tableName(table).item(item("k", "1", 10)));

            Throwable thrown =
                    catchThrowable(() -> client.putItem(b -> b.tableName(table).item(item("k", "2", 10))));

            assertThat(thrown).isInstanceOf(ProvisionedThroughputExceededException.class);
            ProvisionedThroughputExceededException e = (ProvisionedThroughputExceededException) thrown;
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ProvisionedThroughputExceededException");
            assertThat(e.isThrottlingException()).isTrue();
            assertThat(local.syncClient()
                            .getItem(b -> b.tableName(table).key(key("k", "2")))
                            .hasItem())
                    .isFalse();
        }
    }

    @Test
    void putItem_whenThrottlingExceptionConfigured_failsWithThrottlingException(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        try (ThrottlingProxy proxy = oneUnitProxy(local, ThrottleErrorCode.THROTTLING);
                DynamoDbClient client = noRetry(proxy)) {
            client.putItem(b -> b.tableName(table).item(item("k", "1", 10)));

            assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(item("k", "2", 10))))
                    .isInstanceOfSatisfying(ThrottlingException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.isThrottlingException()).isTrue();
                    });
        }
    }

    @Test
    void putItem_whenThrottledWithDefaultRetries_sdkRetriesUntilCapacityReturns(DynamoDbLocal local, TestTables tables)
            throws Exception {
        String table = tables.create(SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                .target(local.endpoint())
                .clock(clock)
                .writeCapacityPerPartition(1)
                .build()
                .start()) {
            proxy.clients()
                    .async()
                    .putItem(b -> b.tableName(table).item(item("k", "1", 10)))
                    .join();

            CompletableFuture<?> second =
                    proxy.clients().async().putItem(b -> b.tableName(table).item(item("k", "2", 10)));
            awaitThrottled(proxy, "PutItem");
            assertThat(second).isNotDone();
            clock.advance(Duration.ofSeconds(1));
            second.get(30, TimeUnit.SECONDS);

            assertThat(proxy.stats().throttled("PutItem")).isGreaterThanOrEqualTo(1);
            assertThat(proxy.stats().forwarded("PutItem")).isEqualTo(2);
            assertThat(local.syncClient()
                            .getItem(b -> b.tableName(table).key(key("k", "2")))
                            .hasItem())
                    .isTrue();
        }
    }

    private static void awaitThrottled(ThrottlingProxy proxy, String operation) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (proxy.stats().throttled(operation) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5); // waiting for the SDK's first attempt, not for time to pass
        }
    }

    private static ThrottlingProxy oneUnitProxy(DynamoDbLocal local, ThrottleErrorCode code) {
        return ThrottlingProxy.builder()
                .target(local.endpoint())
                .clock(MutableClock.at(T0))
                .writeCapacityPerPartition(1)
                .readCapacityPerPartition(1)
                .throttleErrorCode(code)
                .build()
                .start();
    }

    @Test
    void query_whenPartitionReadCapacityExhausted_isThrottledAndChargedPerReturnedSize(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        for (int i = 0; i < 3; i++) {
            String sort = Integer.toString(i);
            local.syncClient().putItem(b -> b.tableName(table).item(item("q", sort, 2_000)));
        }
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .clock(MutableClock.at(T0))
                        .readCapacityPerPartition(2)
                        .build()
                        .start();
                DynamoDbClient client = noRetry(proxy)) {
            // 3 items of ~2 KB = ~6 KB: 2 RCU strongly consistent, drains the 2-unit bucket
            int count = client.query(b -> b.tableName(table)
                            .consistentRead(true)
                            .keyConditionExpression("#pk = :v")
                            .expressionAttributeNames(Map.of("#pk", "id"))
                            .expressionAttributeValues(Map.of(":v", s("q"))))
                    .count();
            assertThat(count).isEqualTo(3);
            assertThat(proxy.stats().consumedReadUnits(table, 0)).isEqualTo(2.0);

            assertThatThrownBy(() -> client.query(b -> b.tableName(table)
                            .keyConditionExpression("id = :v AND sort > :s")
                            .expressionAttributeValues(Map.of(":v", s("q"), ":s", s("0")))))
                    .isInstanceOf(ProvisionedThroughputExceededException.class);
            assertThat(proxy.stats().throttled("Query")).isEqualTo(1);
        }
    }

    @Test
    void query_onIndex_isRoutedByTheIndexPartitionKeyAndThrottledSeparately(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        Map<String, AttributeValue> owned = new HashMap<>(item("i", "1", 10));
        owned.put("owner", s("alice"));
        local.syncClient().putItem(b -> b.tableName(table).item(owned));
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .clock(MutableClock.at(T0))
                        .readCapacityPerPartition(1)
                        .build()
                        .start();
                DynamoDbClient client = noRetry(proxy)) {
            QueryRequest byOwner = QueryRequest.builder()
                    .tableName(table)
                    .indexName(Thing.BY_OWNER)
                    .keyConditionExpression("#o = :o")
                    .expressionAttributeNames(Map.of("#o", "owner"))
                    .expressionAttributeValues(Map.of(":o", s("alice")))
                    .build();
            client.query(byOwner); // eventually consistent: 0.5 RCU each
            client.query(byOwner);
            assertThatThrownBy(() -> client.query(byOwner)).isInstanceOf(ProvisionedThroughputExceededException.class);

            // the base table's partitions are untouched by the index reads
            client.getItem(b -> b.tableName(table).key(key("i", "1")));
            assertThat(proxy.stats().consumedReadUnits(table + "/" + Thing.BY_OWNER, 0))
                    .isEqualTo(1.0);
            assertThat(proxy.stats().consumedReadUnits(table, 0)).isEqualTo(0.5);
        }
    }

    @Test
    void putItem_whenTableCapacityAndBurstCreditSpent_isThrottledOnAnyPartition(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .clock(clock)
                        .partitions(10)
                        .tableCapacity(1, 1)
                        .build()
                        .start();
                DynamoDbClient client = noRetry(proxy)) {
            // 1 WCU/s table: 300 s of burst credit = 300 WCU = 30 items of ~10 KB, whatever their partition
            for (int i = 0; i < 30; i++) {
                String id = "t" + i;
                client.putItem(b -> b.tableName(table).item(item(id, "s", 10_000)));
            }
            assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(item("fresh", "s", 10_000))))
                    .isInstanceOf(ProvisionedThroughputExceededException.class);

            clock.advance(Duration.ofSeconds(10));
            client.putItem(b -> b.tableName(table).item(item("fresh", "s", 10_000)));
            assertThat(proxy.stats().throttled("PutItem")).isEqualTo(1);
        }
    }

    @Test
    void getItem_whenManyConcurrentReadsOnOneUnit_admitsOnlyWhatTheBucketHolds(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .clock(MutableClock.at(T0))
                        .readCapacityPerPartition(1)
                        .build()
                        .start();
                DynamoDbAsyncClient client = noRetryAsync(proxy)) {
            List<CompletableFuture<?>> reads = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                reads.add(client.getItem(
                        b -> b.tableName(table).key(key("c", "1")).consistentRead(true)));
            }
            reads.forEach(f -> f.exceptionally(e -> null).join());

            assertThat(proxy.stats().forwarded("GetItem")).isEqualTo(1);
            assertThat(proxy.stats().throttled("GetItem")).isEqualTo(49);
        }
    }

    @Test
    void scan_isSpreadRoundRobinOverPartitions(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .clock(MutableClock.at(T0))
                        .partitions(2)
                        .readCapacityPerPartition(1)
                        .build()
                        .start();
                DynamoDbClient client = noRetry(proxy)) {
            client.scan(b -> b.tableName(table).consistentRead(true)); // partition 0
            client.scan(b -> b.tableName(table).consistentRead(true)); // partition 1

            assertThatThrownBy(() -> client.scan(b -> b.tableName(table).consistentRead(true)))
                    .isInstanceOf(ProvisionedThroughputExceededException.class);
            assertThat(proxy.stats().consumedReadUnits(table)).containsOnlyKeys(0, 1);
        }
    }

    // ---------------------------------------------------------------- batches

    @Test
    void batchWriteItem_withUnprocessedFault_returnsChosenItemsUnprocessedAndWritesOnlyTheOthers(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .faults(FaultPlan.unprocessedItems(0.4).withSeed(7))
                        .build()
                        .start();
                DynamoDbClient client = noRetry(proxy)) {
            List<WriteRequest> writes = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                writes.add(WriteRequest.builder()
                        .putRequest(PutRequest.builder()
                                .item(item("b" + i, "s", 100))
                                .build())
                        .build());
            }

            BatchWriteItemResponse response = client.batchWriteItem(b -> b.requestItems(Map.of(table, writes)));

            List<WriteRequest> unprocessed = response.unprocessedItems().get(table);
            assertThat(unprocessed).hasSize(10);
            Set<String> unprocessedIds = new HashSet<>();
            unprocessed.forEach(
                    w -> unprocessedIds.add(w.putRequest().item().get("id").s()));
            for (int i = 0; i < 25; i++) {
                String id = "b" + i;
                boolean stored = local.syncClient()
                        .getItem(g -> g.tableName(table).key(key(id, "s")))
                        .hasItem();
                assertThat(stored).as(id).isEqualTo(!unprocessedIds.contains(id));
            }
            assertThat(proxy.stats().unprocessedItems()).isEqualTo(10);
            assertThat(proxy.stats().faults(FaultKind.UNPROCESSED_ITEMS)).isEqualTo(1);
        }
    }

    @Test
    void batchWriteItem_whenPartitionRunsOutMidBatch_returnsRestUnprocessedThenThrottlesWholeBatch(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .clock(MutableClock.at(T0))
                        .writeCapacityPerPartition(10)
                        .build()
                        .start();
                DynamoDbClient client = noRetry(proxy)) {
            BatchWriteItemResponse first = client.batchWriteItem(b -> b.requestItems(Map.of(table, puts("x", 25))));

            assertThat(first.unprocessedItems().get(table)).hasSize(15);
            assertThat(local.syncClient().scan(b -> b.tableName(table)).count()).isEqualTo(10);
            assertThatThrownBy(() -> client.batchWriteItem(b -> b.requestItems(Map.of(table, puts("y", 5)))))
                    .isInstanceOf(ProvisionedThroughputExceededException.class);
            assertThat(proxy.stats().throttled("BatchWriteItem")).isEqualTo(1);
            assertThat(proxy.stats().consumedWriteUnits(table, 0)).isEqualTo(10.0);
        }
    }

    @Test
    void batchWriteItem_withThrottleOnOnePartitionKey_returnsOnlyThatKeysItemsUnprocessedLikeAHotPartition(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .faults(FaultPlan.throttle().onPartitionKey("hot"))
                        .build()
                        .start();
                DynamoDbClient client = noRetry(proxy)) {
            List<WriteRequest> mixed = new ArrayList<>(puts("cold", 3));
            mixed.addAll(puts("hot", 2)); // two items of the hot partition key (sort keys 0 and 1)

            BatchWriteItemResponse response = client.batchWriteItem(b -> b.requestItems(Map.of(table, mixed)));

            assertThat(response.unprocessedItems().get(table))
                    .extracting(w -> w.putRequest().item().get("id").s())
                    .containsExactly("hot", "hot");
            assertThat(local.syncClient().scan(b -> b.tableName(table)).items())
                    .extracting(item -> item.get("id").s())
                    .containsOnly("cold")
                    .hasSize(3);
            // a batch of the hot key only, and single writes of it, get the service's throttle error
            assertThatThrownBy(() -> client.batchWriteItem(b -> b.requestItems(Map.of(table, puts("hot", 2)))))
                    .isInstanceOf(ProvisionedThroughputExceededException.class);
            assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(item("hot", "9", 10))))
                    .isInstanceOf(ProvisionedThroughputExceededException.class);
            assertThatThrownBy(() -> client.deleteItem(b -> b.tableName(table).key(key("hot", "0"))))
                    .isInstanceOf(ProvisionedThroughputExceededException.class);
            // other keys and reads of the hot key pass
            client.putItem(b -> b.tableName(table).item(item("cold-2", "0", 10)));
            client.getItem(b -> b.tableName(table).key(key("hot", "0")));

            ProxyStats stats = proxy.stats();
            assertThat(stats.unprocessedItems()).isEqualTo(2);
            assertThat(stats.throttled("BatchWriteItem")).isEqualTo(1);
            assertThat(stats.throttled("PutItem")).isEqualTo(1);
            assertThat(stats.throttled("DeleteItem")).isEqualTo(1);
            assertThat(stats.throttled("GetItem")).isZero();
            assertThat(stats.faults(FaultKind.THROTTLE)).isEqualTo(4); // one per request holding the hot key

            proxy.reconfigure(b -> b.faults()); // the storm ends
            assertThat(client.batchWriteItem(b -> b.requestItems(Map.of(table, puts("hot", 2))))
                            .unprocessedItems())
                    .isEmpty();
        }
    }

    @Test
    void throttleOnPartitionKey_withSchedule_countsOnlyThatKeysWrites(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .faults(FaultPlan.throttle().onPartitionKey("7").atRequests(2))
                        .build()
                        .start();
                DynamoDbClient client = noRetry(proxy)) {
            List<Boolean> throttled = new ArrayList<>();
            for (String id : List.of("7", "other", "7", "7")) {
                throttled.add(
                        catchThrowable(() ->
                                        client.putItem(b -> b.tableName(table).item(item(id, "s", 10))))
                                instanceof ProvisionedThroughputExceededException);
            }

            assertThat(throttled).containsExactly(false, false, true, false); // the 2nd write of key "7"
            assertThatThrownBy(() -> FaultPlan.unprocessedItems(0.5).onPartitionKey("7"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("onPartitionKey applies to throttle() plans only, not to UNPROCESSED_ITEMS");
            assertThatThrownBy(() -> FaultPlan.throttle().onPartitionKey(""))
                    .hasMessage("partition key value must not be empty, got: ");
            assertThat(FaultPlan.throttle().onPartitionKey("7"))
                    .isEqualTo(FaultPlan.throttle().onPartitionKey("7"))
                    .isNotEqualTo(FaultPlan.throttle())
                    .hasToString("FaultPlan[THROTTLE, p=1.0, seed=0, partitionKey=7]");
        }
    }

    @Test
    void batchGetItem_withUnprocessedFault_returnsChosenKeysUnprocessedAndTheOthersRead(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = "g" + i;
            local.syncClient().putItem(b -> b.tableName(table).item(item(id, "s", 50)));
            keys.add(key(id, "s"));
        }
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .faults(FaultPlan.unprocessedItems(0.3).withSeed(3).onOperation("BatchGetItem"))
                        .build()
                        .start();
                DynamoDbClient client = noRetry(proxy)) {
            BatchGetItemResponse response = client.batchGetItem(b -> b.requestItems(Map.of(
                    table,
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build())));

            List<Map<String, AttributeValue>> unprocessed =
                    response.unprocessedKeys().get(table).keys();
            assertThat(unprocessed).hasSize(3);
            assertThat(response.unprocessedKeys().get(table).consistentRead()).isTrue();
            assertThat(response.responses().get(table)).hasSize(7);
            Set<String> read = new HashSet<>();
            response.responses()
                    .get(table)
                    .forEach(item -> read.add(item.get("id").s()));
            unprocessed.forEach(k -> assertThat(read).doesNotContain(k.get("id").s()));
            assertThat(proxy.stats().consumedReadUnits(table).values().stream()
                            .mapToDouble(d -> d)
                            .sum())
                    .isEqualTo(7.0);
        }
    }

    @Test
    void rewrittenResponse_hasCrc32AndContentLengthOfItsBody(DynamoDbLocal local, TestTables tables) throws Exception {
        String table = tables.create(SCHEMA);
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                .target(local.endpoint())
                .faults(FaultPlan.unprocessedItems(0.5))
                .build()
                .start()) {
            String body = "{\"RequestItems\":{\"" + table + "\":["
                    + "{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"r1\"},\"sort\":{\"S\":\"s\"}}}},"
                    + "{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"r2\"},\"sort\":{\"S\":\"s\"}}}}]}}";
            HttpResponse<byte[]> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(proxy.endpoint())
                                    .header("Content-Type", "application/x-amz-json-1.0")
                                    .header("X-Amz-Target", "DynamoDB_20120810.BatchWriteItem")
                                    .header(
                                            "Authorization",
                                            "AWS4-HMAC-SHA256 Credential=" + LocalClients.ACCESS_KEY
                                                    + "/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(new String(response.body(), StandardCharsets.UTF_8))
                    .contains("UnprocessedItems")
                    .contains(table);
            CRC32 crc = new CRC32();
            crc.update(response.body());
            assertThat(response.headers().firstValue("x-amz-crc32")).hasValue(Long.toString(crc.getValue()));
            assertThat(response.headers().firstValueAsLong("content-length")).hasValue(response.body().length);
        }
    }

    // ---------------------------------------------------------------- faults

    @Test
    void getItem_withInternalServerErrorAtRequestTwo_secondCallFailsWith500(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .faults(FaultPlan.internalServerError().atRequests(2).onOperation("GetItem"))
                        .build()
                        .start();
                DynamoDbClient client = noRetry(proxy)) {
            client.getItem(b -> b.tableName(table).key(key("a", "1")));

            assertThatThrownBy(() -> client.getItem(b -> b.tableName(table).key(key("a", "1"))))
                    .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(500);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalServerError");
                    });
            client.getItem(b -> b.tableName(table).key(key("a", "1")));
            client.putItem(b -> b.tableName(table).item(item("a", "1", 1)));
            assertThat(proxy.stats().faults(FaultKind.INTERNAL_SERVER_ERROR)).isEqualTo(1);
            assertThat(proxy.stats().requests("GetItem")).isEqualTo(3);
            assertThat(proxy.stats().forwarded("GetItem")).isEqualTo(2);
        }
    }

    @Test
    void putItem_withConnectionResetEverySecondRequest_failsEverySecondCallWithIoError(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .faults(FaultPlan.connectionReset().everyNthRequest(2).onOperation("PutItem"))
                        .build()
                        .start();
                DynamoDbClient client = noRetry(proxy)) {
            List<Boolean> failed = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String sort = Integer.toString(i);
                Throwable t = catchThrowable(
                        () -> client.putItem(b -> b.tableName(table).item(item("r", sort, 1))));
                if (t != null) {
                    assertThat(t).isInstanceOf(SdkClientException.class);
                }
                failed.add(t != null);
            }

            assertThat(failed).containsExactly(false, true, false, true);
            assertThat(proxy.stats().faults(FaultKind.CONNECTION_RESET)).isEqualTo(2);
            assertThat(local.syncClient().scan(b -> b.tableName(table)).count()).isEqualTo(2);
        }
    }

    @Test
    void getItem_withThrottleFault_answersTheThrottleErrorWithoutForwarding(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .throttleErrorCode(ThrottleErrorCode.THROTTLING)
                        .faults(FaultPlan.throttle().atRequests(2).onOperation("GetItem"))
                        .build()
                        .start();
                DynamoDbClient client = noRetry(proxy)) {
            client.getItem(b -> b.tableName(table).key(key("a", "1")));
            Throwable throttled =
                    catchThrowable(() -> client.getItem(b -> b.tableName(table).key(key("a", "1"))));
            client.getItem(b -> b.tableName(table).key(key("a", "1")));

            assertThat(throttled)
                    .isInstanceOf(DynamoDbException.class)
                    .satisfies(e -> assertThat(
                                    ((DynamoDbException) e).awsErrorDetails().errorCode())
                            .isEqualTo("ThrottlingException"));
            assertThat(proxy.stats().requests("GetItem")).isEqualTo(3);
            assertThat(proxy.stats().forwarded("GetItem")).isEqualTo(2);
            assertThat(proxy.stats().throttled("GetItem")).isEqualTo(1);
            assertThat(proxy.stats().faults(FaultKind.THROTTLE)).isEqualTo(1);
        }
    }

    @Test
    void faults_withSameSeed_failTheSameRequests(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        FaultPlan plan = FaultPlan.internalServerError().withProbability(0.3, 42L);
        List<Integer> first = failingRequests(local, table, plan);
        List<Integer> second = failingRequests(local, table, plan);

        assertThat(first).isNotEmpty().hasSizeLessThan(30).isEqualTo(second);
        assertThat(failingRequests(local, table, plan.withProbability(0.3, 43L)))
                .isNotEqualTo(first);
    }

    private static List<Integer> failingRequests(DynamoDbLocal local, String table, FaultPlan plan) {
        List<Integer> failing = new ArrayList<>();
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .faults(plan)
                        .build()
                        .start();
                DynamoDbClient client = noRetry(proxy)) {
            for (int i = 0; i < 30; i++) {
                try {
                    client.getItem(b -> b.tableName(table).key(key("a", "1")));
                } catch (DynamoDbException e) {
                    failing.add(i);
                }
            }
        }
        return failing;
    }

    // ---------------------------------------------------------------- counters, reconfigure

    @Test
    void stats_countCapacityPerItemSizeAndReset(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        try (ThrottlingProxy proxy =
                ThrottlingProxy.builder().target(local.endpoint()).build().start()) {
            DynamoDbClient client = proxy.clients().sync();
            client.putItem(b -> b.tableName(table).item(item("big", "1", 5_000))); // ~5 KB: 5 WCU
            client.getItem(b -> b.tableName(table).key(key("big", "1")).consistentRead(true)); // 2 RCU
            client.getItem(b -> b.tableName(table).key(key("big", "1"))); // eventually consistent: 1 RCU
            client.updateItem(b -> b.tableName(table)
                    .key(key("big", "1"))
                    .updateExpression("SET payload2 = :p")
                    .expressionAttributeValues(Map.of(":p", s("x")))); // the larger of before and after: 5 WCU

            ProxyStats stats = proxy.stats();
            assertThat(stats.consumedWriteUnits(table, 0)).isEqualTo(10.0);
            assertThat(stats.consumedReadUnits(table, 0)).isEqualTo(3.0);
            assertThat(stats.requests()).isEqualTo(4);
            assertThat(stats.requestsByOperation())
                    .containsEntry("PutItem", 1L)
                    .containsEntry("GetItem", 2L)
                    .containsEntry("UpdateItem", 1L);
            assertThat(stats.throttled()).isZero();

            stats.reset();
            assertThat(stats.requests()).isZero();
            assertThat(stats.consumedWriteUnits(table)).isEmpty();
        }
    }

    @Test
    void reconfigure_whenRunning_appliesNewFaultsAndKeepsEndpoint(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .build()
                        .start();
                DynamoDbClient client = noRetry(proxy)) {
            URI endpoint = proxy.endpoint();
            client.getItem(b -> b.tableName(table).key(key("a", "1")));

            proxy.reconfigure(b -> b.faults(FaultPlan.internalServerError()));
            assertThatThrownBy(() -> client.getItem(b -> b.tableName(table).key(key("a", "1"))))
                    .isInstanceOf(DynamoDbException.class);
            proxy.reconfigure(b -> b.faults());
            client.getItem(b -> b.tableName(table).key(key("a", "1")));

            assertThat(proxy.endpoint()).isEqualTo(endpoint);
            assertThatThrownBy(() -> proxy.reconfigure(b -> b.partitions(0)))
                    .hasMessage("partitions must be >= 1, got: 0");
        }
    }

    // ---------------------------------------------------------------- builder

    @Test
    void builder_whenSettingInvalid_failsNamingSettingAndValue() {
        assertThatThrownBy(() -> ThrottlingProxy.builder().latency(Latency.fixed(Duration.ofMillis(-10))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latency must not be negative, got: PT-0.01S");
        assertThatThrownBy(() -> ThrottlingProxy.builder().partitions(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partitions must be >= 1, got: 0");
        assertThatThrownBy(() -> ThrottlingProxy.builder().writeCapacityPerPartition(0))
                .hasMessage("writeCapacityPerPartition must be >= 1, got: 0");
        assertThatThrownBy(() -> ThrottlingProxy.builder().readCapacityPerPartition(-1))
                .hasMessage("readCapacityPerPartition must be >= 1, got: -1");
        assertThatThrownBy(() -> ThrottlingProxy.builder().tableCapacity(10, 0))
                .hasMessage("writeUnits must be >= 1, got: 0");
        assertThatThrownBy(() -> ThrottlingProxy.builder().target(URI.create("ftp://x")))
                .hasMessage("target must be an absolute http URI, got: ftp://x");
        assertThatThrownBy(() -> ThrottlingProxy.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("target must be set");
        assertThatThrownBy(() -> ThrottlingProxy.builder().faults((FaultPlan) null))
                .hasMessage("faults[0] must not be null");
        assertThatThrownBy(() -> Latency.uniform(Duration.ofMillis(5), Duration.ofMillis(1), 1))
                .hasMessage("max must be >= min (PT0.005S), got: PT0.001S");
        assertThatThrownBy(() -> FaultPlan.unprocessedItems(1.5)).hasMessage("fraction must be in (0, 1], got: 1.5");
        assertThatThrownBy(() -> FaultPlan.connectionReset().everyNthRequest(0)).hasMessage("n must be >= 1, got: 0");
    }

    @Test
    void endpoint_whenNotStarted_failsClearly() {
        ThrottlingProxy proxy = ThrottlingProxy.builder()
                .target(URI.create("http://127.0.0.1:1"))
                .build();
        assertThatThrownBy(proxy::endpoint)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not started");
        proxy.close();
    }

    // ---------------------------------------------------------------- helpers

    private static DynamoDbClient noRetry(ThrottlingProxy proxy) {
        return proxy.clients()
                .syncBuilder()
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static DynamoDbAsyncClient noRetryAsync(ThrottlingProxy proxy) {
        return proxy.clients()
                .asyncBuilder()
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static List<WriteRequest> puts(String prefix, int n) {
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            writes.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder()
                            .item(item(prefix, Integer.toString(i), 100))
                            .build())
                    .build());
        }
        return writes;
    }

    static Map<String, AttributeValue> item(String id, String sort, int payloadBytes) {
        Map<String, AttributeValue> item = new HashMap<>(key(id, sort));
        item.put("payload", s("p".repeat(payloadBytes)));
        return item;
    }

    static Map<String, AttributeValue> key(String id, String sort) {
        return Map.of("id", s(id), "sort", s(sort));
    }

    static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }
}
