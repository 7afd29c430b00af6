package io.github.ddbpatterns.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

@DynamoDbLocalTest
class ConsumedCapacityRecorderTest {

    private static final TableSchema<Reading> SCHEMA = TableSchema.fromBean(Reading.class);
    private static final Instant NOON = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void profile_whenRecordedThroughTheProxy_matchesTheUnitsTheProxyCountedWithinOnePercent(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        MutableClock clock = MutableClock.at(NOON);
        ConsumedCapacityRecorder recorder =
                ConsumedCapacityRecorder.builder().clock(clock).build();
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .build()
                        .start();
                DynamoDbAsyncClient client = proxy.clients()
                        .asyncBuilder()
                        .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
                        .build()) {
            Workload workload = new Workload(client, table, new Random(42));
            for (int second = 0; second < 10; second++) {
                workload.runOneSecondOfMixedTraffic();
                clock.advance(Duration.ofSeconds(1));
            }

            double proxyWrites = sum(proxy.stats().consumedWriteUnits(table));
            double proxyReads = sum(proxy.stats().consumedReadUnits(table));
            RecordedTraffic recorded = recorder.totals(table);
            TrafficProfile profile = recorder.profile(table);
            System.out.printf(
                    "recorded write units %.1f, proxy %.1f; read units %.1f, proxy %.1f; %d requests sampled%n",
                    recorded.writeUnits(), proxyWrites, recorded.readUnits(), proxyReads, recorder.sampledRequests());

            assertThat(proxyWrites).isGreaterThan(1_000);
            assertThat(proxyReads).isGreaterThan(200);
            assertThat(recorded.writeUnits()).isCloseTo(proxyWrites, within(proxyWrites * 0.01));
            assertThat(recorded.readUnits()).isCloseTo(proxyReads, within(proxyReads * 0.01));
            assertThat(totalWriteUnits(profile)).isCloseTo(recorded.writeUnits(), within(0.01));
            assertThat(totalReadUnits(profile)).isCloseTo(recorded.readUnits(), within(0.01));
            // second 0 of the profile is 00:00 UTC; the run started at noon and lasted 10 s
            assertThat(profile.seconds()).isEqualTo(12 * 3600 + 10);
            assertThat(profile.writeUnits(12 * 3600)).isPositive();
            assertThat(profile.writes(12 * 3600 - 1)).isZero();
            assertThat(recorded.writes()).isEqualTo(workload.writeRequests);
            assertThat(recorded.reads()).isEqualTo(workload.readRequests);
        }
    }

    @Test
    void totals_whenABigItemIsDeleted_recordWhatDynamoDbChargedNotTheKeySize(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        ConsumedCapacityRecorder recorder = ConsumedCapacityRecorder.builder().build();
        try (DynamoDbAsyncClient client = local.clients()
                .asyncBuilder()
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
                .build()) {
            client.putItem(r -> r.tableName(table).item(item("d", 1, 3_500))).join();
            client.deleteItem(r -> r.tableName(table)
                            .key(Map.of("device", AttributeValue.fromS("d"), "at", AttributeValue.fromN("1"))))
                    .join();

            // 4 units for the put of a 3.5 KB item, 4 more for deleting it (the proxy's model charges the key: 1)
            assertThat(recorder.totals(table).writeUnits()).isEqualTo(8.0);
            assertThat(recorder.totals(table).writes()).isEqualTo(2.0);
        }
    }

    @Test
    void totals_whenATableHasAnIndex_recordTheIndexUnitsOnTheIndexApartFromTheTable(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(TableSchema.fromBean(Order.class));
        ConsumedCapacityRecorder recorder = ConsumedCapacityRecorder.builder().build();
        try (DynamoDbAsyncClient client = local.clients()
                .asyncBuilder()
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
                .build()) {
            for (int i = 0; i < 10; i++) {
                String orderId = "o" + i;
                client.putItem(r -> r.tableName(table)
                                .item(Map.of(
                                        "customerId", AttributeValue.fromS("c1"),
                                        "orderId", AttributeValue.fromS(orderId),
                                        "status", AttributeValue.fromS("OPEN"))))
                        .join();
            }
            QueryResponse open = client.query(r -> r.tableName(table)
                            .indexName(Order.BY_STATUS)
                            .keyConditionExpression("#s = :s")
                            .expressionAttributeNames(Map.of("#s", "status"))
                            .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("OPEN"))))
                    .join();
            System.out.println(
                    "table " + recorder.totals(table) + ", index " + recorder.totals(table, Order.BY_STATUS));

            assertThat(open.count()).isEqualTo(10);
            assertThat(recorder.indexes(table)).containsExactly(Order.BY_STATUS);
            assertThat(recorder.totals(table).writeUnits()).isEqualTo(10.0);
            assertThat(recorder.totals(table, Order.BY_STATUS).writeUnits()).isEqualTo(10.0);
            assertThat(recorder.totals(table, Order.BY_STATUS).readUnits()).isEqualTo(0.5);
            assertThat(recorder.totals(table).readUnits()).isZero();
            assertThat(recorder.totals(table).reads()).isZero();
            assertThat(recorder.profile(table, Order.BY_STATUS).totalReads()).isEqualTo(1.0);
        }
    }

    @Test
    void modifyResponse_whenTheRecorderAskedForCapacity_removesItSoTheApplicationSeesWhatItAskedFor(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        ConsumedCapacityRecorder recorder = ConsumedCapacityRecorder.builder().build();
        try (DynamoDbAsyncClient client = local.clients()
                .asyncBuilder()
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
                .build()) {
            PutItemResponse plain = client.putItem(r -> r.tableName(table).item(item("d1", 1, 100)))
                    .join();
            PutItemResponse asked = client.putItem(r -> r.tableName(table)
                            .item(item("d1", 2, 100))
                            .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                    .join();

            assertThat(plain.consumedCapacity()).isNull();
            assertThat(asked.consumedCapacity().capacityUnits()).isEqualTo(1.0);
            assertThat(recorder.totals(table).writeUnits()).isEqualTo(2.0);
            assertThat(recorder.sampledRequests()).isEqualTo(1);
        }
    }

    @Test
    void totals_whenSampled_estimatesTheUnitsFromTheSampleScaledUp(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        ConsumedCapacityRecorder recorder = ConsumedCapacityRecorder.builder()
                .sampleRate(0.25)
                .sampleSeed(7)
                .build();
        try (DynamoDbAsyncClient client = local.clients()
                .asyncBuilder()
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
                .build()) {
            List<CompletableFuture<PutItemResponse>> puts = new ArrayList<>();
            for (int i = 0; i < 800; i++) {
                int at = i;
                puts.add(client.putItem(r -> r.tableName(table).item(item("d" + (at % 20), at, 100))));
            }
            CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).join();

            assertThat(recorder.sampledRequests()).isBetween(150L, 250L);
            assertThat(recorder.totals(table).writeUnits())
                    .isEqualTo(recorder.sampledRequests() * 4.0)
                    .isCloseTo(800.0, within(160.0));
        }
    }

    @Test
    void profile_whenSecondsFallOutOfTheWindow_keepsOnlyTheLatestOnes(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(SCHEMA);
        MutableClock clock = MutableClock.at(NOON);
        ConsumedCapacityRecorder recorder = ConsumedCapacityRecorder.builder()
                .clock(clock)
                .window(Duration.ofSeconds(5))
                .build();
        try (DynamoDbAsyncClient client = local.clients()
                .asyncBuilder()
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
                .build()) {
            for (int second = 0; second < 8; second++) {
                int at = second;
                client.putItem(r -> r.tableName(table).item(item("d", at, 100))).join();
                clock.advance(Duration.ofSeconds(1));
            }
            TrafficProfile profile = recorder.profile(table);

            assertThat(recorder.totals(table).writes()).isEqualTo(5.0);
            assertThat(profile.writes(12 * 3600 + 2)).isZero();
            assertThat(profile.writes(12 * 3600 + 3)).isEqualTo(1.0);
            assertThat(profile.seconds()).isEqualTo(12 * 3600 + 8);
        }
    }

    @Test
    void scope_whenMoreTablesThanMaxScopes_addsTheRestUpUnderOther(DynamoDbLocal local, TestTables tables) {
        String first = tables.create(SCHEMA);
        String second = tables.create(SCHEMA);
        ConsumedCapacityRecorder recorder =
                ConsumedCapacityRecorder.builder().maxScopes(1).build();
        try (DynamoDbAsyncClient client = local.clients()
                .asyncBuilder()
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
                .build()) {
            client.putItem(r -> r.tableName(first).item(item("d", 1, 100))).join();
            client.putItem(r -> r.tableName(second).item(item("d", 1, 2_500))).join();

            assertThat(recorder.tables()).containsExactlyInAnyOrder(first, ConsumedCapacityRecorder.OTHER);
            assertThat(recorder.totals(ConsumedCapacityRecorder.OTHER).writeUnits())
                    .isEqualTo(3.0);
        }
    }

    @Test
    void builderAndProfile_whenBadInput_failNamingTheFieldAndValue() {
        ConsumedCapacityRecorder.Builder builder = ConsumedCapacityRecorder.builder();
        assertThatThrownBy(() -> builder.sampleRate(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sampleRate")
                .hasMessageContaining("0.0");
        assertThatThrownBy(() -> builder.sampleRate(1.5)).hasMessageContaining("sampleRate");
        assertThatThrownBy(() -> builder.window(Duration.ZERO))
                .hasMessageContaining("window")
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> builder.window(Duration.ofDays(31))).hasMessageContaining("window");
        assertThatThrownBy(() -> builder.window(Duration.ofMillis(1500))).hasMessageContaining("window");
        assertThatThrownBy(() -> builder.maxScopes(0)).hasMessageContaining("maxScopes");
        assertThatThrownBy(() -> builder.build().profile("orders"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("table")
                .hasMessageContaining("orders");
    }

    private static Map<String, AttributeValue> item(String device, long at, int payloadBytes) {
        return Map.of(
                "device", AttributeValue.fromS(device),
                "at", AttributeValue.fromN(Long.toString(at)),
                "payload", AttributeValue.fromS("x".repeat(payloadBytes)));
    }

    private static double sum(Map<Integer, Double> perPartition) {
        return perPartition.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static double totalWriteUnits(TrafficProfile profile) {
        double total = 0;
        for (int s = 0; s < profile.seconds(); s++) {
            total += profile.writeUnits(s);
        }
        return total;
    }

    private static double totalReadUnits(TrafficProfile profile) {
        double total = 0;
        for (int s = 0; s < profile.seconds(); s++) {
            total += profile.readUnits(s);
        }
        return total;
    }

    /** Puts, batch writes, deletes, gets, queries and batch gets of items from 0.1 to 3.9 KB. */
    private static final class Workload {
        private final DynamoDbAsyncClient client;
        private final String table;
        private final Random random;
        private final List<Map<String, AttributeValue>> written = new ArrayList<>();
        private long next;
        double writeRequests;
        double readRequests;

        Workload(DynamoDbAsyncClient client, String table, Random random) {
            this.client = client;
            this.table = table;
            this.random = random;
        }

        void runOneSecondOfMixedTraffic() {
            List<CompletableFuture<?>> calls = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Map<String, AttributeValue> item = next();
                calls.add(client.putItem(r -> r.tableName(table).item(item)));
                writeRequests++;
            }
            List<WriteRequest> batch = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                batch.add(WriteRequest.builder()
                        .putRequest(PutRequest.builder().item(next()).build())
                        .build());
            }
            CompletableFuture<BatchWriteItemResponse> batchWrite = client.batchWriteItem(BatchWriteItemRequest.builder()
                    .requestItems(Map.of(table, batch))
                    .build());
            calls.add(batchWrite);
            writeRequests += 25;
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
            assertThat(batchWrite.join().unprocessedItems()).isEmpty();
            calls.clear();

            for (int i = 0; i < 5; i++) {
                Map<String, AttributeValue> victim = smallItem();
                calls.add(client.deleteItem(r -> r.tableName(table).key(key(victim))));
                writeRequests++;
            }
            for (int i = 0; i < 20; i++) {
                Map<String, AttributeValue> target = written.get(random.nextInt(written.size()));
                boolean strong = i % 2 == 0;
                calls.add(
                        client.getItem(r -> r.tableName(table).key(key(target)).consistentRead(strong)));
                readRequests++;
            }
            String device = "device-" + random.nextInt(10);
            CompletableFuture<QueryResponse> query = client.query(r -> r.tableName(table)
                    .keyConditionExpression("device = :d")
                    .expressionAttributeValues(Map.of(":d", AttributeValue.fromS(device))));
            calls.add(query);
            readRequests++;
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            Map<String, Map<String, AttributeValue>> distinct = new HashMap<>();
            while (distinct.size() < 10) {
                Map<String, AttributeValue> target = written.get(random.nextInt(written.size()));
                distinct.put(target.get("device").s() + "/" + target.get("at").n(), key(target));
            }
            keys.addAll(distinct.values());
            calls.add(client.batchGetItem(BatchGetItemRequest.builder()
                    .requestItems(
                            Map.of(table, KeysAndAttributes.builder().keys(keys).build()))
                    .build()));
            readRequests += 10;
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        }

        /**
         * An item under 1 KB, removed from the written ones: DynamoDB charges a delete by the deleted item's size,
         * the proxy by the key's, so they agree on items under 1 KB only.
         */
        private Map<String, AttributeValue> smallItem() {
            for (int i = written.size() - 1; ; i--) {
                if (written.get(i).get("payload").s().length() < 900) {
                    return written.remove(i);
                }
            }
        }

        private Map<String, AttributeValue> next() {
            Map<String, AttributeValue> item =
                    item("device-" + random.nextInt(10), next++, 100 + random.nextInt(3_900));
            written.add(item);
            return item;
        }

        private static Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
            return Map.of("device", item.get("device"), "at", item.get("at"));
        }
    }
}
