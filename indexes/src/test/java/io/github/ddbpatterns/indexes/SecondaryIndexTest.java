package io.github.ddbpatterns.indexes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.sharding.ShardQuery;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

@DynamoDbLocalTest
class SecondaryIndexTest {

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1_000);
    private static final DerivedAttribute HIGH_VALUE =
            DerivedAttribute.numberWhen("highValueTotal", "total", total -> total.compareTo(THOUSAND) > 0);

    @Test
    void query_highValueOrders_readsAFiftiethOfTheUnitsOfAFilteredTableQueryForTheSameOrders(
            DynamoDbLocal local, TestTables tables, DynamoDbAsyncClient client) {
        String tableName = tables.create(Order.SCHEMA);
        try (ThrottlingProxy proxy =
                ThrottlingProxy.builder().target(local.endpoint()).build().start()) {
            // one customer's 10,000 orders are one partition key: written directly, not through the proxy's 1,000 WCU
            PatternsContext writing = PatternsContext.builder()
                    .dynamoDbClient(client)
                    .extensions(List.of(DerivedAttributes.onTable(tableName, HIGH_VALUE)))
                    .build();
            PatternsContext context = PatternsContext.builder()
                    .dynamoDbClient(proxy.clients().async())
                    .build();
            DynamoDbAsyncTable<Order> orders = writing.enhancedClient().table(tableName, Order.SCHEMA);
            List<WriteOp> writes = new ArrayList<>();
            Set<String> highValue = new TreeSet<>();
            for (int i = 0; i < 10_000; i++) {
                int total = i % 100 == 7 ? 1_000 + i : i % 1_000;
                Order order = new Order("customer-1", String.format("o-%05d", i), BigDecimal.valueOf(total));
                order.setNote("order " + i + " of customer-1, shipped by ground");
                writes.add(WriteOp.put(orders, order));
                if (total > 1_000) {
                    highValue.add(order.getOrderId());
                }
            }
            assertThat(BatchWriter.builder(writing).build().write(writes).join().allPersisted())
                    .isTrue();
            SecondaryIndex<Order> index = SecondaryIndex.builder(context, Order.SCHEMA)
                    .tableName(tableName)
                    .indexName(Order.HIGH_VALUE)
                    .build();
            proxy.stats().reset();

            Page<Order> page =
                    index.query("customer-1", ShardQuery.all().limit(1_000)).join();
            double indexUnitsAtProxy = proxyReadUnits(proxy, tableName + "/" + Order.HIGH_VALUE);
            FilteredRead filtered = filteredTableQuery(proxy.clients().async(), tableName);
            double tableUnitsAtProxy = proxyReadUnits(proxy, tableName);
            double indexUnitsReported = indexQueryUnits(client, tableName);
            System.out.printf(
                    "filtered table query: %d orders, %.1f read units (proxy %.1f); sparse index: %d orders,"
                            + " %.1f units (proxy, all pages of the repository's read: %.1f)%n",
                    filtered.orderIds().size(),
                    filtered.units(),
                    tableUnitsAtProxy,
                    page.items().size(),
                    indexUnitsReported,
                    indexUnitsAtProxy);

            assertThat(highValue).hasSize(100);
            assertThat(page.items()).extracting(Order::getOrderId).containsExactlyElementsOf(highValue);
            assertThat(filtered.orderIds()).containsExactlyElementsOf(highValue);
            assertThat(filtered.units()).isGreaterThanOrEqualTo(50 * indexUnitsReported);
            assertThat(tableUnitsAtProxy).isEqualTo(filtered.units());
            assertThat(tableUnitsAtProxy).isGreaterThanOrEqualTo(50 * indexUnitsAtProxy);
        }
    }

    private static double proxyReadUnits(ThrottlingProxy proxy, String scope) {
        return proxy.stats().consumedReadUnits(scope).values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
    }

    @Test
    void topN_overAShardedIndex_equalsBruteForceForUsersAndItemsIncludingAfterScoreUpdates(
            TestTables tables, DynamoDbAsyncClient client) {
        String tableName = tables.create(Interaction.SCHEMA);
        IndexShards shards = IndexShards.perKey(Map.of("item-0", 8, "item-1", 4));
        PatternsContext context = PatternsContext.builder()
                .dynamoDbClient(client)
                .extensions(List.of(DerivedAttributes.onTable(
                        tableName,
                        DerivedAttribute.scoreKey("userScoreKey", "score", "itemId"),
                        DerivedAttribute.shardedKey("itemShard", "itemId", shards, "userId"),
                        DerivedAttribute.scoreKey("itemScoreKey", "score", "userId"))))
                .build();
        DynamoDbAsyncTable<Interaction> table = context.enhancedClient().table(tableName, Interaction.SCHEMA);
        Random random = new Random(11);
        Map<String, Interaction> truth = new HashMap<>();
        for (int i = 0; i < 3_000; i++) {
            String user = "user-" + random.nextInt(2_000);
            String item = "item-" + (int) Math.floor(Math.pow(random.nextDouble(), 4) * 50); // skewed: item-0 hot
            truth.put(user + "|" + item, new Interaction(user, item, BigDecimal.valueOf(random.nextInt(1_000))));
        }
        List<WriteOp> writes = truth.values().stream()
                .map(interaction -> WriteOp.put(table, interaction))
                .toList();
        assertThat(BatchWriter.builder(context).build().write(writes).join().allPersisted())
                .isTrue();
        // score updates move index entries: the old ones must be gone
        List<CompletableFuture<Void>> updates = new ArrayList<>();
        List<Interaction> all = new ArrayList<>(truth.values());
        for (int i = 0; i < 300; i++) {
            Interaction changed = all.get(random.nextInt(all.size()));
            changed.setScore(BigDecimal.valueOf(random.nextInt(1_000)).add(BigDecimal.valueOf(0.5)));
            updates.add(table.putItem(new Interaction(changed.getUserId(), changed.getItemId(), changed.getScore())));
        }
        CompletableFuture.allOf(updates.toArray(CompletableFuture[]::new)).join();
        SecondaryIndex<Interaction> byItem = SecondaryIndex.builder(context, Interaction.SCHEMA)
                .tableName(tableName)
                .indexName(Interaction.BY_ITEM)
                .shards(shards)
                .build();
        SecondaryIndex<Interaction> byUser = SecondaryIndex.builder(context, Interaction.SCHEMA)
                .tableName(tableName)
                .indexName(Interaction.BY_USER)
                .build();

        long hotItemCount = truth.values().stream()
                .filter(x -> x.getItemId().equals("item-0"))
                .count();
        assertThat(hotItemCount).isGreaterThan(truth.size() / 5);
        assertThat(byItem.readKeys("item-0")).hasSize(9);
        for (int i = 0; i < 20; i++) {
            String item = "item-" + i;
            assertThat(byItem.top(item, 10).join())
                    .extracting(BruteForceTopN::userLabel)
                    .as("top users of %s", item)
                    .containsExactlyElementsOf(BruteForceTopN.usersOf(truth.values(), item, 10));
            String user = "user-" + i;
            assertThat(byUser.top(user, 10).join())
                    .extracting(BruteForceTopN::itemLabel)
                    .as("top items of %s", user)
                    .containsExactlyElementsOf(BruteForceTopN.itemsOf(truth.values(), user, 10));
        }
        // every entry of the hot item once, across its shards and pages
        List<Interaction> everyUserOfHotItem = new ArrayList<>();
        ShardQuery pageOf50 = ShardQuery.all().newestFirst().limit(50);
        Page<Interaction> page = byItem.query("item-0", pageOf50).join();
        everyUserOfHotItem.addAll(page.items());
        while (page.hasMore()) {
            page = byItem.query("item-0", pageOf50.after(page)).join();
            everyUserOfHotItem.addAll(page.items());
        }
        assertThat(everyUserOfHotItem).hasSize((int) hotItemCount);
        assertThat(everyUserOfHotItem.stream().map(Interaction::getUserId).distinct())
                .hasSize((int) hotItemCount);
    }

    @Test
    void queryAndBuild_whenBadInput_failBeforeAnyRequest(DynamoDbLocal local, TestTables tables) {
        String tableName = tables.create(Order.SCHEMA);
        try (ThrottlingProxy proxy =
                ThrottlingProxy.builder().target(local.endpoint()).build().start()) {
            PatternsContext context = PatternsContext.builder()
                    .dynamoDbClient(proxy.clients().async())
                    .build();
            SecondaryIndex<Order> index = SecondaryIndex.builder(context, Order.SCHEMA)
                    .tableName(tableName)
                    .indexName(Order.HIGH_VALUE)
                    .build();
            SecondaryIndex<Order> other = SecondaryIndex.builder(context, Order.SCHEMA)
                    .tableName(tableName)
                    .indexName(Order.BY_BAND)
                    .build();
            String cursorOfAnotherIndex =
                    other.query("c1", ShardQuery.all().limit(1)).join().cursor().orElse("c3ViamVjdA");
            proxy.stats().reset();

            assertThatThrownBy(() -> SecondaryIndex.builder(context, Order.SCHEMA)
                            .tableName(tableName)
                            .indexName("byNothing")
                            .build())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("indexName")
                    .hasMessageContaining("byNothing")
                    .hasMessageContaining(Order.HIGH_VALUE);
            assertThatThrownBy(() -> index.query("c1", ShardQuery.all().consistentRead(true)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("consistentRead")
                    .hasMessageContaining(Order.HIGH_VALUE);
            assertThatThrownBy(() -> index.query("", ShardQuery.all())).hasMessageContaining("key");
            assertThatThrownBy(() -> index.query("c1", ShardQuery.all().after(cursorOfAnotherIndex)))
                    .isInstanceOf(InvalidCursorException.class);
            assertThatThrownBy(() -> IndexShards.fixed(0)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> IndexShards.perKey(Map.of("item-1", -2)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("item-1")
                    .hasMessageContaining("-2");
            assertThat(proxy.stats().requests()).isZero();
        }
    }

    @Test
    void put_whenTheScoreCannotBeEncoded_failsNamingItBeforeAnyRequest(DynamoDbLocal local, TestTables tables) {
        String tableName = tables.create(Interaction.SCHEMA);
        try (ThrottlingProxy proxy =
                ThrottlingProxy.builder().target(local.endpoint()).build().start()) {
            PatternsContext context = PatternsContext.builder()
                    .dynamoDbClient(proxy.clients().async())
                    .extensions(List.of(DerivedAttributes.onTable(
                            tableName, DerivedAttribute.scoreKey("userScoreKey", "score", "itemId"))))
                    .build();
            DynamoDbAsyncTable<Interaction> table = context.enhancedClient().table(tableName, Interaction.SCHEMA);
            proxy.stats().reset();

            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
                    () -> table.putItem(new Interaction("u1", "i1", new BigDecimal("1E600")))
                            .join());

            assertThat(refused)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("score")
                    .hasMessageContaining("1E+600")
                    .hasMessageContaining("userScoreKey");
            assertThat(proxy.stats().requests("PutItem")).isZero();
        }
    }

    private record FilteredRead(List<String> orderIds, double units) {}

    private static FilteredRead filteredTableQuery(DynamoDbAsyncClient client, String tableName) {
        List<String> ids = new ArrayList<>();
        double units = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder()
                    .tableName(tableName)
                    .keyConditionExpression("customerId = :c")
                    .filterExpression("#t > :min")
                    .expressionAttributeNames(Map.of("#t", "total"))
                    .expressionAttributeValues(
                            Map.of(":c", AttributeValue.fromS("customer-1"), ":min", AttributeValue.fromN("1000")))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse response = client.query(request.build()).join();
            response.items().forEach(item -> ids.add(item.get("orderId").s()));
            units += response.consumedCapacity().capacityUnits();
            start = response.hasLastEvaluatedKey()
                            && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey()
                    : null;
        } while (start != null);
        return new FilteredRead(ids, units);
    }

    private static double indexQueryUnits(DynamoDbAsyncClient client, String tableName) {
        QueryResponse response = client.query(QueryRequest.builder()
                        .tableName(tableName)
                        .indexName(Order.HIGH_VALUE)
                        .keyConditionExpression("customerId = :c")
                        .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("customer-1")))
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                        .build())
                .join();
        return response.consumedCapacity().capacityUnits();
    }
}
