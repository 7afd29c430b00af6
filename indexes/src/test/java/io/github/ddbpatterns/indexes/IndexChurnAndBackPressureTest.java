package io.github.ddbpatterns.indexes;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.capacity.WriteCostModel;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.core.resilience.IndexBackPressure;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.core.table.IndexLayout;
import io.github.ddbpatterns.core.table.KeyAttribute;
import io.github.ddbpatterns.core.table.TableLayout;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * The follow-up "updating totals is slow": the index writes an update costs, exact versus quantized keys, in the
 * cost model and at the proxy; and an under-provisioned index throttling the table's writes.
 */
@DynamoDbLocalTest
class IndexChurnAndBackPressureTest {

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1_000);
    private static final DerivedAttribute HIGH_VALUE =
            DerivedAttribute.numberWhen("highValueTotal", "total", total -> total.compareTo(THOUSAND) > 0);
    private static final DerivedAttribute BAND = DerivedAttribute.band("totalBand", "total", BigDecimal.valueOf(500));

    /** orders with the exact sparse index (ALL) and a quantized one (KEYS_ONLY), as the model sees them. */
    private static TableLayout layout(String table) {
        return TableLayout.builder(table)
                .partitionKey(KeyAttribute.string("customerId"))
                .sortKey(KeyAttribute.string("orderId"))
                .globalSecondaryIndex(IndexLayout.of(
                        Order.HIGH_VALUE, KeyAttribute.string("customerId"), KeyAttribute.number("highValueTotal")))
                .globalSecondaryIndex(IndexLayout.of(
                                Order.BY_BAND, KeyAttribute.string("customerId"), KeyAttribute.number("totalBand"))
                        .withProjection(ProjectionType.KEYS_ONLY, List.of()))
                .build();
    }

    @Test
    void update_whenTotalsChangeOften_costsTwoIndexWritesExactAndAtMostATenthOfThatQuantized(
            DynamoDbLocal local, TestTables tables, DynamoDbClient direct) {
        String table = tables.uniqueName();
        TableLayout layout = layout(table);
        direct.createTable(layout.toCreateTableRequest());
        WriteCostModel model = WriteCostModel.of(layout);
        try (ThrottlingProxy proxy =
                ThrottlingProxy.builder().target(local.endpoint()).build().start()) {
            PatternsContext context = PatternsContext.builder()
                    .dynamoDbClient(proxy.clients().async())
                    .extensions(List.of(DerivedAttributes.onTable(table, HIGH_VALUE, BAND)))
                    .build();
            DynamoDbAsyncTable<Order> orders = context.enhancedClient().table(table, Order.SCHEMA);
            Random random = new Random(5);
            List<Order> all = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Order order = new Order("c" + (i % 10), "o" + i, BigDecimal.valueOf(5_000 + random.nextInt(20_000)));
                orders.putItem(order).join();
                all.add(order);
            }
            proxy.stats().reset();

            long modelExact = 0;
            long modelBand = 0;
            for (int u = 0; u < 1_000; u++) {
                Order order = all.get(random.nextInt(all.size()));
                Map<String, AttributeValue> before = stored(direct, table, order);
                int delta = (1 + random.nextInt(20)) * (random.nextBoolean() ? 1 : -1);
                order.setTotal(order.getTotal().add(BigDecimal.valueOf(delta))); // +/- 1 to 20
                orders.updateItem(UpdateItemEnhancedRequest.builder(Order.class)
                                .item(new Order(order.getCustomerId(), order.getOrderId(), order.getTotal()))
                                .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
                                .build())
                        .join();
                Map<String, AttributeValue> after = stored(direct, table, order);
                modelExact += model.cost(before, after).index(Order.HIGH_VALUE).units();
                modelBand += model.cost(before, after).index(Order.BY_BAND).units();
            }
            double proxyExact = proxy.stats().totalWriteUnits(table + "/" + Order.HIGH_VALUE);
            double proxyBand = proxy.stats().totalWriteUnits(table + "/" + Order.BY_BAND);
            proxy.stats().reset();
            for (Order order : all) {
                Order noteOnly = new Order(order.getCustomerId(), order.getOrderId(), null);
                noteOnly.setNote("gift wrap");
                orders.updateItem(UpdateItemEnhancedRequest.builder(Order.class)
                                .item(noteOnly)
                                .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
                                .build())
                        .join();
            }
            double noteBand = proxy.stats().totalWriteUnits(table + "/" + Order.BY_BAND);
            double noteExact = proxy.stats().totalWriteUnits(table + "/" + Order.HIGH_VALUE);
            System.out.printf(
                    "1,000 total updates: exact index %d units (model) / %.0f (proxy); quantized index %d / %.0f;"
                            + " 100 note updates: quantized %.0f, exact (projects ALL) %.0f%n",
                    modelExact, proxyExact, modelBand, proxyBand, noteBand, noteExact);

            assertThat(modelExact).isEqualTo(2_000); // every update changes the exact key: delete + put
            assertThat(proxyExact).isEqualTo(modelExact);
            assertThat(proxyBand).isEqualTo(modelBand);
            assertThat(modelBand).isLessThanOrEqualTo(modelExact / 10);
            assertThat(noteBand).isZero(); // KEYS_ONLY: the note is not in it
            assertThat(noteExact).isEqualTo(100); // ALL: the note is, one write each
        }
    }

    @Test
    void write_whenAnIndexHasATenthOfTheTablesCapacity_isThrottledByTheIndexNamedAndABatchLosesNothing(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Order.SCHEMA);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                .target(local.endpoint())
                .writeCapacityPerPartition(200)
                .indexCapacity(Order.HIGH_VALUE, 3_000, 20) // a tenth of the table's write capacity
                .build()
                .start()) {
            PatternsContext context = PatternsContext.builder()
                    .dynamoDbClient(proxy.clients().async())
                    .extensions(List.of(DerivedAttributes.onTable(table, HIGH_VALUE)))
                    .resilience(ResiliencePolicy.builder()
                            .maxAttempts(2)
                            .backoff(Duration.ofMillis(50), Duration.ofSeconds(1))
                            .meterRegistry(registry)
                            .build())
                    .build();
            DynamoDbAsyncTable<Order> orders = context.enhancedClient().table(table, Order.SCHEMA);
            List<WriteOp> writes = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                writes.add(WriteOp.put(orders, new Order("c1", "o" + i, BigDecimal.valueOf(2_000 + i))));
            }
            // a batch the index refuses whole is a throttle: the writer's own policy rides it out
            BatchWriteResult result = BatchWriter.builder(context)
                    .resilience(ResiliencePolicy.builder()
                            .maxAttempts(30)
                            .backoff(Duration.ofMillis(50), Duration.ofSeconds(1))
                            .build())
                    .maxUnprocessedAttempts(100)
                    .build()
                    .write(writes)
                    .join();

            Optional<IndexBackPressure> refused = Optional.empty();
            for (int i = 0; i < 200 && refused.isEmpty(); i++) {
                try {
                    orders.putItem(new Order("c1", "p" + i, BigDecimal.valueOf(3_000)))
                            .join();
                } catch (CompletionException e) {
                    refused = DynamoDbErrors.indexBackPressure(e);
                }
            }

            assertThat(proxy.stats().unprocessedItems()).isPositive(); // the index held the batch back
            assertThat(proxy.stats().indexThrottles(table + "/" + Order.HIGH_VALUE))
                    .isPositive();
            assertThat(result.allPersisted()).isTrue();
            assertThat(result.outcomes()).hasSize(150);
            assertThat(refused).isPresent();
            assertThat(refused.get().indexName()).contains(Order.HIGH_VALUE);
            assertThat(registry.find("ddb.patterns.index.throttles")
                            .tags("index", Order.HIGH_VALUE)
                            .counters())
                    .isNotEmpty();
        }
    }

    private static Map<String, AttributeValue> stored(DynamoDbClient direct, String table, Order order) {
        return direct.getItem(r -> r.tableName(table)
                        .consistentRead(true)
                        .key(Map.of(
                                "customerId", AttributeValue.fromS(order.getCustomerId()),
                                "orderId", AttributeValue.fromS(order.getOrderId()))))
                .item();
    }
}
