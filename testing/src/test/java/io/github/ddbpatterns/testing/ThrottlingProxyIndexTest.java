package io.github.ddbpatterns.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.Capacity;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingReason;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The proxy's write accounting with secondary indexes and stored items, compared with what DynamoDB Local itself
 * reports as ConsumedCapacity (ReturnConsumedCapacity=INDEXES) for the same request through the proxy.
 *
 * <p>The table {@code indexed} has the partition key {@code id} and three GSIs on {@code g}: {@code all}
 * (projection ALL), {@code keys} (KEYS_ONLY) and {@code inc} (INCLUDE {@code p}). The table {@code sorted} has
 * {@code id}/{@code sk} and an LSI {@code lsi} on {@code id}/{@code l}, KEYS_ONLY.
 */
@DynamoDbLocalTest
class ThrottlingProxyIndexTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String PROVISIONED_GSI_MESSAGE = "The level of configured provisioned throughput for one or more "
            + "global secondary indexes of the table was exceeded. Consider increasing your provisioning level for "
            + "the under-provisioned global secondary indexes with the UpdateTable API";
    static final String ON_DEMAND_GSI_MESSAGE = "Throughput exceeds the current capacity for one or more global "
            + "secondary indexes. DynamoDB is automatically scaling your index so please try again shortly.";

    // ---------------------------------------------------------------- table write units from the stored item

    @Test
    void putItem_whenOverwritingALargerItem_chargesTheLargerSizeAsLocalReports(DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.indexed(local, tables, b -> {})) {
            f.local.putItem(b -> b.tableName(f.table).item(item("a", Map.of("big", s("x".repeat(3_500))))));

            Map<String, Double> charged = f.charge(c -> c.putItem(b -> b.tableName(f.table)
                            .item(item("a", Map.of("big", s("x".repeat(500)))))
                            .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES))
                    .consumedCapacity());

            assertThat(charged).isEqualTo(Map.of(f.table, 4.0)); // the stored 3.5 KB, not the new 0.5 KB
            assertThat(f.reportedByLocal).isEqualTo(charged);
        }
    }

    @Test
    void deleteItem_chargesTheDeletedItemsSizeAsLocalReports(DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.indexed(local, tables, b -> {})) {
            f.local.putItem(b -> b.tableName(f.table).item(item("a", Map.of("big", s("x".repeat(3_500))))));

            Map<String, Double> deleted = f.charge(c -> c.deleteItem(b -> b.tableName(f.table)
                            .key(Map.of("id", s("a")))
                            .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES))
                    .consumedCapacity());
            assertThat(deleted).isEqualTo(Map.of(f.table, 4.0)); // was charged by its key: 1
            assertThat(f.reportedByLocal).isEqualTo(deleted);

            Map<String, Double> missing = f.charge(c -> c.deleteItem(b -> b.tableName(f.table)
                            .key(Map.of("id", s("a")))
                            .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES))
                    .consumedCapacity());
            assertThat(missing).isEqualTo(Map.of(f.table, 1.0));
            assertThat(f.reportedByLocal).isEqualTo(missing);
        }
    }

    @Test
    void updateItem_whenSmallChangeToALargeItem_chargesTheLargerOfBeforeAndAfterAsLocalReports(
            DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.indexed(local, tables, b -> {})) {
            f.local.putItem(b -> b.tableName(f.table).item(item("a", Map.of("big", s("x".repeat(3_500))))));

            Map<String, Double> charged = f.charge(
                    c -> c.updateItem(f.update("a", "SET q = :v", s("1"))).consumedCapacity());

            assertThat(charged).isEqualTo(Map.of(f.table, 4.0)); // was charged by key and values: 1
            assertThat(f.reportedByLocal).isEqualTo(charged);
        }
    }

    // ---------------------------------------------------------------- index write rules

    @Test
    void putItem_whenItemEntersTheIndexes_chargesOneWritePerIndexByEntrySizeAsLocalReports(
            DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.indexed(local, tables, b -> {})) {
            Map<String, Double> charged = f.charge(c -> c.putItem(f.put(
                            item("a", Map.of("g", s("g1"), "p", s("p"), "big", s("x".repeat(1_500))))))
                    .consumedCapacity());

            // 1,521 bytes: 2 units in the table and in 'all'; 'keys' and 'inc' hold id, g (and p): 1 unit
            assertThat(charged).isEqualTo(f.expect(2, 2, 1, 1));
            assertThat(f.reportedByLocal).isEqualTo(charged);
        }
    }

    @Test
    void putItem_whenItemHasNoIndexKey_chargesNoIndexAsLocalReports(DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.indexed(local, tables, b -> {})) {
            Map<String, Double> charged = f.charge(c ->
                    c.putItem(f.put(item("a", Map.of("p", s("p"))))).consumedCapacity());

            assertThat(charged).isEqualTo(Map.of(f.table, 1.0));
            assertThat(f.reportedByLocal).isEqualTo(charged);
        }
    }

    @Test
    void updateItem_whenIndexKeyChanges_chargesTwoWritesPerIndexAsLocalReports(DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.indexed(local, tables, b -> {})) {
            f.local.putItem(b -> b.tableName(f.table)
                    .item(item("a", Map.of("g", s("g1"), "p", s("p"), "big", s("x".repeat(1_500))))));

            Map<String, Double> charged = f.charge(
                    c -> c.updateItem(f.update("a", "SET g = :v", s("g2"))).consumedCapacity());

            // delete the old entry + put the new one: 2 x 2 units in 'all', 2 x 1 in 'keys' and 'inc'
            assertThat(charged).isEqualTo(f.expect(2, 4, 2, 2));
            assertThat(f.reportedByLocal).isEqualTo(charged);
        }
    }

    @Test
    void updateItem_whenIndexKeyRemoved_chargesOneWriteByTheOldEntryAsLocalReports(
            DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.indexed(local, tables, b -> {})) {
            f.local.putItem(b -> b.tableName(f.table)
                    .item(item("a", Map.of("g", s("g1"), "p", s("p"), "big", s("x".repeat(1_500))))));

            Map<String, Double> charged =
                    f.charge(c -> c.updateItem(f.update("a", "REMOVE g", null)).consumedCapacity());

            assertThat(charged).isEqualTo(f.expect(2, 2, 1, 1));
            assertThat(f.reportedByLocal).isEqualTo(charged);
        }
    }

    @Test
    void updateItem_whenOnlyAProjectedAttributeChanges_chargesOneWriteOnlyWhereItIsProjectedAsLocalReports(
            DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.indexed(local, tables, b -> {})) {
            f.local.putItem(b -> b.tableName(f.table)
                    .item(item("a", Map.of("g", s("g1"), "p", s("p"), "big", s("x".repeat(1_500))))));

            Map<String, Double> projectedEverywhere = f.charge(
                    c -> c.updateItem(f.update("a", "SET p = :v", s("pp"))).consumedCapacity());
            assertThat(projectedEverywhere).isEqualTo(f.expect(2, 2, 0, 1)); // 'keys' holds no p
            assertThat(f.reportedByLocal).isEqualTo(projectedEverywhere);

            Map<String, Double> projectedInAllOnly =
                    f.charge(c -> c.updateItem(f.update("a", "SET big = :v", s("y".repeat(1_500))))
                            .consumedCapacity());
            assertThat(projectedInAllOnly).isEqualTo(f.expect(2, 2, 0, 0));
            assertThat(f.reportedByLocal).isEqualTo(projectedInAllOnly);

            Map<String, Double> sameValue = f.charge(
                    c -> c.updateItem(f.update("a", "SET p = :v", s("pp"))).consumedCapacity());
            assertThat(sameValue).isEqualTo(Map.of(f.table, 2.0)); // nothing the indexes hold changed
            assertThat(f.reportedByLocal).isEqualTo(sameValue);
        }
    }

    @Test
    void updateItem_whenAProjectedAttributeShrinks_chargesTheIndexTheLargerEntryAsLocalReports(
            DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.indexed(local, tables, b -> {})) {
            f.local.putItem(b ->
                    b.tableName(f.table).item(item("a", Map.of("g", s("g1"), "big", s("x".repeat(3_500))))));

            Map<String, Double> charged = f.charge(c -> c.updateItem(f.update("a", "SET big = :v", s("y".repeat(500))))
                    .consumedCapacity());

            assertThat(charged).isEqualTo(f.expect(4, 4, 0, 0));
            assertThat(f.reportedByLocal).isEqualTo(charged);
        }
    }

    @Test
    void putItem_whenEntryIsUnder1KbWithoutThe100ByteStorageOverhead_chargesOneUnitAsLocalReports(
            DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.indexed(local, tables, b -> {})) {
            // id "c" 3 bytes + g "g1" 3 + big 943 = 949 bytes: 1 unit; with 100 bytes of overhead it would be 2
            Map<String, Double> charged =
                    f.charge(c -> c.putItem(f.put(item("c", Map.of("g", s("g1"), "big", s("x".repeat(940))))))
                            .consumedCapacity());

            assertThat(charged).isEqualTo(f.expect(1, 1, 1, 1));
            assertThat(f.reportedByLocal).isEqualTo(charged);
        }
    }

    @Test
    void updateItem_whenResultNeedsTheStoredItem_isChargedFromTheItemReadAfterItAsLocalReports(
            DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.indexed(local, tables, b -> {})) {
            f.local.putItem(b -> b.tableName(f.table).item(item("a", Map.of("p", s("p")))));

            // if_not_exists is not evaluated by the proxy: only the item read after the update shows g entering
            Map<String, Double> charged =
                    f.charge(c -> c.updateItem(f.update("a", "SET g = if_not_exists(g, :v)", s("g1")))
                            .consumedCapacity());

            assertThat(charged).isEqualTo(f.expect(1, 1, 1, 1));
            assertThat(f.reportedByLocal).isEqualTo(charged);
        }
    }

    @Test
    void updateItem_whenItemLeavesAnLsiByItsSortKeyChange_chargesTheLsiAsLocalReports(
            DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.sorted(local, tables, b -> {})) {
            Map<String, Double> entered = f.charge(c -> c.putItem(
                            f.put(Map.of("id", s("a"), "sk", s("1"), "l", s("l1"), "big", s("x".repeat(1_500)))))
                    .consumedCapacity());
            assertThat(entered).isEqualTo(Map.of(f.table, 2.0, f.table + "/lsi", 1.0));
            assertThat(f.reportedByLocal).isEqualTo(entered);

            Map<String, Double> changed = f.charge(c -> c.updateItem(UpdateItemRequest.builder()
                            .tableName(f.table)
                            .key(Map.of("id", s("a"), "sk", s("1")))
                            .updateExpression("SET l = :v")
                            .expressionAttributeValues(Map.of(":v", s("l2")))
                            .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                            .build())
                    .consumedCapacity());
            assertThat(changed).isEqualTo(Map.of(f.table, 2.0, f.table + "/lsi", 2.0));
            assertThat(f.reportedByLocal).isEqualTo(changed);
        }
    }

    @Test
    void batchWriteItem_chargesEachItemFromItsStoredItemAsLocalReports(DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.indexed(local, tables, b -> {})) {
            f.local.putItem(b -> b.tableName(f.table).item(item("d", Map.of("big", s("x".repeat(3_500))))));

            Map<String, Double> charged = f.charge(c -> c.batchWriteItem(b -> b.returnConsumedCapacity(
                                    ReturnConsumedCapacity.INDEXES)
                            .requestItems(Map.of(
                                    f.table,
                                    List.of(
                                            WriteRequest.builder()
                                                    .deleteRequest(d -> d.key(Map.of("id", s("d"))))
                                                    .build(),
                                            WriteRequest.builder()
                                                    .putRequest(p -> p.item(item(
                                                            "e", Map.of("g", s("x"), "big", s("x".repeat(2_000))))))
                                                    .build()))))
                    .consumedCapacity()
                    .get(0));

            assertThat(charged).isEqualTo(f.expect(6, 2, 1, 1)); // delete 4 (stored 3.5 KB) + put 2
            assertThat(f.reportedByLocal).isEqualTo(charged);
        }
    }

    // ---------------------------------------------------------------- conditional writes

    @Test
    void putItem_whenConditionFails_chargesTheStoredItemsSizeAndNoIndex(DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.indexed(local, tables, b -> {})) {
            f.local.putItem(b ->
                    b.tableName(f.table).item(item("a", Map.of("g", s("g1"), "big", s("x".repeat(2_500))))));
            f.proxy.stats().reset();

            assertThatThrownBy(() -> f.client.putItem(b -> b.tableName(f.table)
                            .item(item("a", Map.of("g", s("g2"))))
                            .conditionExpression("attribute_not_exists(id)")))
                    .isInstanceOf(ConditionalCheckFailedException.class);

            assertThat(f.units()).isEqualTo(Map.of(f.table, 3.0)); // the stored 2.5 KB item; no index write
        }
    }

    // ---------------------------------------------------------------- back-pressure

    @Test
    void putItem_whenAGsiPartitionHasNoWriteCapacity_isThrottledWithTheServicesIndexError(
            DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.indexed(local, tables, b -> b.indexCapacity("keys", 100, 1))) {
            f.client.putItem(b -> b.tableName(f.table).item(item("a", Map.of("g", s("g1")))));
            f.proxy.stats().reset();

            Throwable thrown = catchThrowable(() ->
                    f.client.putItem(b -> b.tableName(f.table).item(item("b", Map.of("g", s("g1"))))));

            assertThat(thrown).isInstanceOf(ProvisionedThroughputExceededException.class);
            ProvisionedThroughputExceededException e = (ProvisionedThroughputExceededException) thrown;
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(PROVISIONED_GSI_MESSAGE);
            assertThat(e.throttlingReasons())
                    .containsExactly(ThrottlingReason.builder()
                            .reason("IndexWriteProvisionedThroughputExceeded")
                            .resource(f.indexArn("keys"))
                            .build());
            assertThat(f.local
                            .getItem(b -> b.tableName(f.table).key(Map.of("id", s("b"))))
                            .hasItem())
                    .isFalse();
            assertThat(f.proxy.stats().throttled("PutItem")).isEqualTo(1);
            assertThat(f.proxy.stats().indexThrottles(f.table + "/keys")).isEqualTo(1);
            assertThat(f.proxy.stats().indexThrottlesByScope()).isEqualTo(Map.of(f.table + "/keys", 1L));
            assertThat(f.proxy.stats().forwarded("PutItem")).isZero();
            assertThat(f.units()).isEmpty(); // nothing charged for the refused write

            // a write the index does not hold passes: the table itself has capacity
            f.client.putItem(b -> b.tableName(f.table).item(item("c", Map.of("p", s("p")))));
            assertThat(f.proxy.stats().forwarded("PutItem")).isEqualTo(1);
        }
    }

    @Test
    void updateItem_whenOnDemandGsiPartitionIsOut_isThrottledWithTheOnDemandIndexError(
            DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.indexed(
                local, tables, b -> b.indexCapacity("all", 100, 1).throttleErrorCode(ThrottleErrorCode.THROTTLING))) {
            f.client.putItem(b -> b.tableName(f.table).item(item("a", Map.of("g", s("g1")))));

            assertThatThrownBy(() -> f.client.updateItem(b -> b.tableName(f.table)
                            .key(Map.of("id", s("a")))
                            .updateExpression("SET p = :p")
                            .expressionAttributeValues(Map.of(":p", s("p")))))
                    .isInstanceOfSatisfying(ThrottlingException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.isThrottlingException()).isTrue();
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(ON_DEMAND_GSI_MESSAGE);
                        assertThat(e.throttlingReasons())
                                .extracting(ThrottlingReason::reason, ThrottlingReason::resource)
                                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                                        "IndexWriteKeyRangeThroughputExceeded", f.indexArn("all")));
                    });
            assertThat(f.local
                            .getItem(b -> b.tableName(f.table).key(Map.of("id", s("a"))))
                            .item())
                    .doesNotContainKey("p");
        }
    }

    @Test
    void putItem_whenGsiPartitionRefilled_isAdmittedAgain(DynamoDbLocal local, TestTables tables) {
        MutableClock clock = MutableClock.at(T0);
        try (Fixture f = Fixture.indexed(local, tables, b -> b.clock(clock).indexCapacity("inc", 100, 1))) {
            f.client.putItem(b -> b.tableName(f.table).item(item("a", Map.of("g", s("g1")))));
            assertThatThrownBy(() -> f.client.putItem(b -> b.tableName(f.table).item(item("b", Map.of("g", s("g1"))))))
                    .isInstanceOf(ProvisionedThroughputExceededException.class);

            clock.advance(java.time.Duration.ofSeconds(1));
            f.client.putItem(b -> b.tableName(f.table).item(item("b", Map.of("g", s("g1")))));

            assertThat(f.local
                            .getItem(b -> b.tableName(f.table).key(Map.of("id", s("b"))))
                            .hasItem())
                    .isTrue();
            assertThat(f.proxy.stats().indexThrottles(f.table + "/inc")).isEqualTo(1);
        }
    }

    @Test
    void batchWriteItem_whenAGsiPartitionRunsOut_returnsItsItemsUnprocessedAndWritesTheOthers(
            DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.indexed(local, tables, b -> b.indexCapacity("keys", 100, 1))) {
            List<WriteRequest> writes = new ArrayList<>();
            for (String id : List.of("a", "b", "c")) {
                writes.add(putRequest(item(id, Map.of("g", s("hot")))));
            }
            writes.add(putRequest(item("d", Map.of("p", s("p"))))); // not in the indexes

            BatchWriteItemResponse response = f.client.batchWriteItem(b -> b.requestItems(Map.of(f.table, writes)));

            List<WriteRequest> unprocessed = response.unprocessedItems().get(f.table);
            assertThat(unprocessed).hasSize(2); // 'keys' holds 1 unit per partition: one 'hot' entry fits
            assertThat(f.proxy.stats().indexThrottles(f.table + "/keys")).isEqualTo(2);
            assertThat(f.proxy.stats().unprocessedItems()).isEqualTo(2);
            assertThat(f.local.scan(b -> b.tableName(f.table)).count()).isEqualTo(2);

            // a batch of which no item can be processed gets the index's error
            assertThatThrownBy(() -> f.client.batchWriteItem(b -> b.requestItems(Map.of(f.table, unprocessed))))
                    .isInstanceOfSatisfying(
                            ProvisionedThroughputExceededException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(PROVISIONED_GSI_MESSAGE));
            assertThat(f.proxy.stats().throttled("BatchWriteItem")).isEqualTo(1);
        }
    }

    @Test
    void batchWriteItem_whenAnIndexRefusesEveryItem_countsEachItemOnceAsAnIndexThrottle(
            DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.indexed(local, tables, b -> b.indexCapacity("keys", 100, 1))) {
            f.client.putItem(b -> b.tableName(f.table).item(item("a", Map.of("g", s("hot"))))); // takes the 1 unit
            f.proxy.stats().reset();
            List<WriteRequest> writes =
                    List.of(putRequest(item("b", Map.of("g", s("hot")))), putRequest(item("c", Map.of("g", s("hot")))));

            assertThatThrownBy(() -> f.client.batchWriteItem(b -> b.requestItems(Map.of(f.table, writes))))
                    .isInstanceOf(ProvisionedThroughputExceededException.class);

            assertThat(f.proxy.stats().throttled("BatchWriteItem")).isEqualTo(1);
            assertThat(f.proxy.stats().indexThrottlesByScope()).isEqualTo(Map.of(f.table + "/keys", 2L));
            assertThat(f.local.scan(b -> b.tableName(f.table)).count()).isEqualTo(1);
        }
    }

    // ---------------------------------------------------------------- index reads

    @Test
    void query_onAGsiWithItsOwnCapacity_isThrottledByTheIndexReadBuckets(DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.indexed(local, tables, b -> b.indexCapacity("all", 1, 100))) {
            f.local.putItem(b -> b.tableName(f.table).item(item("a", Map.of("g", s("g1")))));
            Consumer<software.amazon.awssdk.services.dynamodb.model.QueryRequest.Builder> byG =
                    b -> b.tableName(f.table)
                            .indexName("all")
                            .keyConditionExpression("g = :g")
                            .expressionAttributeValues(Map.of(":g", s("g1")));

            f.client.query(byG); // eventually consistent: 0.5 RCU each
            f.client.query(byG);
            assertThatThrownBy(() -> f.client.query(byG)).isInstanceOf(ProvisionedThroughputExceededException.class);

            assertThat(f.proxy.stats().consumedReadUnits(f.table + "/all", 0)).isEqualTo(1.0);
            f.client.query(b -> b.tableName(f.table)
                    .indexName("keys")
                    .keyConditionExpression("g = :g")
                    .expressionAttributeValues(Map.of(":g", s("g1")))); // another index: its own buckets
        }
    }

    @Test
    void query_onAnLsi_drawsOnTheTablesReadBuckets(DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.sorted(local, tables, b -> b.readCapacityPerPartition(1))) {
            f.local.putItem(b -> b.tableName(f.table).item(Map.of("id", s("a"), "sk", s("1"), "l", s("l1"))));

            for (int i = 0; i < 2; i++) {
                f.client.query(b -> b.tableName(f.table)
                        .indexName("lsi")
                        .keyConditionExpression("id = :id")
                        .expressionAttributeValues(Map.of(":id", s("a")))); // 0.5 RCU each, from the table
            }

            assertThatThrownBy(() ->
                            f.client.getItem(b -> b.tableName(f.table).key(Map.of("id", s("a"), "sk", s("1")))))
                    .isInstanceOf(ProvisionedThroughputExceededException.class);
            assertThat(f.proxy.stats().consumedReadUnits(f.table + "/lsi", 0)).isEqualTo(1.0);
        }
    }

    // ---------------------------------------------------------------- concurrency, switch, builder

    @Test
    void updateItem_whenManyUpdatesOfOneItemInFlight_chargesWhatLocalReportsForEach(
            DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.indexed(local, tables, b -> {});
                DynamoDbAsyncClient async = f.proxy.clients().async()) {
            f.local.putItem(b -> b.tableName(f.table).item(item("a", Map.of("g", s("g0")))));
            f.proxy.stats().reset();

            List<CompletableFuture<ConsumedCapacity>> updates = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String value = (i % 2 == 0 ? "y" : "z").repeat(500 + 30 * i);
                updates.add(
                        async.updateItem(f.update("a", "SET g = :v", s(value))).thenApply(r -> r.consumedCapacity()));
            }
            Map<String, Double> reported = new TreeMap<>();
            for (CompletableFuture<ConsumedCapacity> u : updates) {
                fromLocal(f.table, u.join()).forEach((scope, units) -> reported.merge(scope, units, Double::sum));
            }

            assertThat(f.units()).isEqualTo(reported);
        }
    }

    @Test
    void chargeStoredItemSize_whenFalseOnATableWithoutIndexes_chargesWhatTheRequestCarries(
            DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.plain(local, tables, b -> b.chargeStoredItemSize(false))) {
            f.local.putItem(b -> b.tableName(f.table).item(item("a", Map.of("big", s("x".repeat(3_500))))));

            f.client.deleteItem(b -> b.tableName(f.table).key(Map.of("id", s("a"))));

            assertThat(f.units()).isEqualTo(Map.of(f.table, 1.0)); // the key's size, no read of the item
        }
    }

    @Test
    void builder_whenIndexCapacityInvalid_failsNamingSettingAndValue() {
        assertThatThrownBy(() -> ThrottlingProxy.builder().indexCapacity(" ", 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("index must be a non-blank index name, got: ' '");
        assertThatThrownBy(() -> ThrottlingProxy.builder().indexCapacity("gsi", 0, 1))
                .hasMessage("readUnitsPerPartition must be >= 1, got: 0");
        assertThatThrownBy(() -> ThrottlingProxy.builder().indexCapacity("gsi", 1, -1))
                .hasMessage("writeUnitsPerPartition must be >= 1, got: -1");
    }

    // ---------------------------------------------------------------- helpers

    /** A table, a proxy in front of Local and a client without retries; deletes the table on close. */
    @Test
    void query_whenFiltered_chargesWhatWasReadBeforeTheFilterAsLocalReports(DynamoDbLocal local, TestTables tables) {
        try (Fixture f = Fixture.sorted(local, tables, b -> {})) {
            for (int i = 0; i < 40; i++) {
                String sk = String.format("s%02d", i);
                f.local.putItem(b -> b.tableName(f.table)
                        .item(Map.of(
                                "id", s("a"), "sk", s(sk), "l", s("l"), "big", s("x".repeat(1_000)), "tag", s(sk))));
            }
            Function<ReturnConsumedCapacity, QueryResponse> query = asked -> f.client.query(b -> b.tableName(f.table)
                    .keyConditionExpression("id = :a")
                    .filterExpression("tag = :one")
                    .expressionAttributeValues(Map.of(":a", s("a"), ":one", s("s07")))
                    .returnConsumedCapacity(asked));

            f.proxy.stats().reset();
            QueryResponse asked = query.apply(ReturnConsumedCapacity.TOTAL);
            double chargedWhenAsked = f.proxy.stats().consumedReadUnits(f.table).values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
            f.proxy.stats().reset();
            QueryResponse notAsked = query.apply(ReturnConsumedCapacity.NONE);
            double chargedWhenNotAsked = f.proxy.stats().consumedReadUnits(f.table).values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();

            assertThat(asked.count()).isEqualTo(1);
            assertThat(asked.scannedCount()).isEqualTo(40);
            // 40 items of about 1 KB read, eventually consistent: Local reports 5 units (the 1 item returned: 0.5)
            assertThat(chargedWhenAsked)
                    .isEqualTo(asked.consumedCapacity().capacityUnits())
                    .isGreaterThanOrEqualTo(5);
            assertThat(chargedWhenNotAsked).isEqualTo(chargedWhenAsked);
            assertThat(notAsked.consumedCapacity()).isNull(); // the proxy asked for it and took it out again
            assertThat(notAsked.items()).isEqualTo(asked.items());
        }
    }

    static final class Fixture implements AutoCloseable {
        final DynamoDbClient local;
        final String table;
        final ThrottlingProxy proxy;
        final DynamoDbClient client;
        Map<String, Double> reportedByLocal = Map.of();

        private Fixture(DynamoDbLocal dynamoDb, String table, Consumer<ThrottlingProxy.Builder> settings) {
            this.local = dynamoDb.syncClient();
            this.table = table;
            ThrottlingProxy.Builder builder =
                    ThrottlingProxy.builder().target(dynamoDb.endpoint()).clock(MutableClock.at(T0));
            settings.accept(builder);
            this.proxy = builder.build().start();
            this.client = proxy.clients()
                    .syncBuilder()
                    .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    .build();
        }

        static Fixture indexed(DynamoDbLocal dynamoDb, TestTables tables, Consumer<ThrottlingProxy.Builder> settings) {
            String name = tables.uniqueName();
            dynamoDb.syncClient()
                    .createTable(b -> b.tableName(name)
                            .billingMode(BillingMode.PAY_PER_REQUEST)
                            .attributeDefinitions(attribute("id"), attribute("g"))
                            .keySchema(key("id", KeyType.HASH))
                            .globalSecondaryIndexes(
                                    gsi("all", Projection.builder().projectionType(ProjectionType.ALL)),
                                    gsi("keys", Projection.builder().projectionType(ProjectionType.KEYS_ONLY)),
                                    gsi(
                                            "inc",
                                            Projection.builder()
                                                    .projectionType(ProjectionType.INCLUDE)
                                                    .nonKeyAttributes("p"))));
            return new Fixture(dynamoDb, name, settings);
        }

        static Fixture sorted(DynamoDbLocal dynamoDb, TestTables tables, Consumer<ThrottlingProxy.Builder> settings) {
            String name = tables.uniqueName();
            dynamoDb.syncClient()
                    .createTable(b -> b.tableName(name)
                            .billingMode(BillingMode.PAY_PER_REQUEST)
                            .attributeDefinitions(attribute("id"), attribute("sk"), attribute("l"))
                            .keySchema(key("id", KeyType.HASH), key("sk", KeyType.RANGE))
                            .localSecondaryIndexes(LocalSecondaryIndex.builder()
                                    .indexName("lsi")
                                    .keySchema(key("id", KeyType.HASH), key("l", KeyType.RANGE))
                                    .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                                    .build()));
            return new Fixture(dynamoDb, name, settings);
        }

        static Fixture plain(DynamoDbLocal dynamoDb, TestTables tables, Consumer<ThrottlingProxy.Builder> settings) {
            String name = tables.uniqueName();
            dynamoDb.syncClient()
                    .createTable(b -> b.tableName(name)
                            .billingMode(BillingMode.PAY_PER_REQUEST)
                            .attributeDefinitions(attribute("id"))
                            .keySchema(key("id", KeyType.HASH)));
            return new Fixture(dynamoDb, name, settings);
        }

        /**
         * Runs one request through the proxy and returns the units the proxy charged per scope (zero scopes
         * left out); keeps what DynamoDB Local reported for it in {@link #reportedByLocal}.
         */
        Map<String, Double> charge(java.util.function.Function<DynamoDbClient, ConsumedCapacity> request) {
            proxy.stats().reset();
            reportedByLocal = fromLocal(table, request.apply(client));
            return units();
        }

        /** Write units the proxy counted since the last reset, per scope of this table; zero scopes left out. */
        Map<String, Double> units() {
            Map<String, Double> units = new TreeMap<>();
            List<String> scopes = new ArrayList<>(List.of(table));
            for (String index : List.of("all", "keys", "inc", "lsi")) {
                scopes.add(table + "/" + index);
            }
            for (String scope : scopes) {
                double total = proxy.stats().totalWriteUnits(scope);
                if (total != 0) {
                    units.put(scope, total);
                }
            }
            return units;
        }

        Map<String, Double> expect(double table, double all, double keys, double inc) {
            Map<String, Double> units = new TreeMap<>();
            units.put(this.table, table);
            if (all > 0) {
                units.put(this.table + "/all", all);
            }
            if (keys > 0) {
                units.put(this.table + "/keys", keys);
            }
            if (inc > 0) {
                units.put(this.table + "/inc", inc);
            }
            return units;
        }

        PutItemRequest put(Map<String, AttributeValue> item) {
            return PutItemRequest.builder()
                    .tableName(table)
                    .item(item)
                    .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                    .build();
        }

        UpdateItemRequest update(String id, String expression, AttributeValue value) {
            UpdateItemRequest.Builder b = UpdateItemRequest.builder()
                    .tableName(table)
                    .key(Map.of("id", s(id)))
                    .updateExpression(expression)
                    .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES);
            if (value != null) {
                b.expressionAttributeValues(Map.of(":v", value));
            }
            return b.build();
        }

        String indexArn(String index) {
            return local.describeTable(b -> b.tableName(table)).table().globalSecondaryIndexes().stream()
                    .filter(i -> i.indexName().equals(index))
                    .findFirst()
                    .orElseThrow()
                    .indexArn();
        }

        @Override
        public void close() {
            client.close();
            proxy.close();
            local.deleteTable(b -> b.tableName(table));
        }
    }

    /** What DynamoDB Local reported, as scopes: the table's own units and each index's, zero ones left out. */
    static Map<String, Double> fromLocal(String table, ConsumedCapacity consumed) {
        Map<String, Double> units = new TreeMap<>();
        if (consumed.table() != null && consumed.table().capacityUnits() != 0) {
            units.put(table, consumed.table().capacityUnits());
        }
        Map<String, Capacity> indexes = new HashMap<>();
        if (consumed.hasGlobalSecondaryIndexes()) {
            indexes.putAll(consumed.globalSecondaryIndexes());
        }
        if (consumed.hasLocalSecondaryIndexes()) {
            indexes.putAll(consumed.localSecondaryIndexes());
        }
        indexes.forEach((index, capacity) -> {
            if (capacity.capacityUnits() != 0) {
                units.put(table + "/" + index, capacity.capacityUnits());
            }
        });
        return units;
    }

    static WriteRequest putRequest(Map<String, AttributeValue> item) {
        return WriteRequest.builder()
                .putRequest(PutRequest.builder().item(item).build())
                .build();
    }

    static Map<String, AttributeValue> item(String id, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.put("id", s(id));
        return item;
    }

    static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType("S")
                .build();
    }

    static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    static GlobalSecondaryIndex gsi(String name, Projection.Builder projection) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(key("g", KeyType.HASH))
                .projection(projection.build())
                .build();
    }

    static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }
}
