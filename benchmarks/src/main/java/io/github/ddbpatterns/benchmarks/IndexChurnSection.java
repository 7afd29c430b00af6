package io.github.ddbpatterns.benchmarks;

import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.indexes.DerivedAttribute;
import io.github.ddbpatterns.indexes.DerivedAttributes;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Index write units per 1,000 updates, as the proxy charges them (DynamoDB's rules: 2 when an index key attribute
 * changes, 0 when nothing a KEYS_ONLY index holds changes). One table of 100 orders with two KEYS_ONLY global
 * secondary indexes: {@code byTotal} keyed on the exact {@code total}, {@code byBand} keyed on {@code totalBand}, the
 * total floored to bands of 100 by {@link DerivedAttribute#band} (the {@link DerivedAttributes} extension). 1,000
 * updates change each order's total by a random step of 1 to 20 (up or down); 1,000 more change only a non-key
 * attribute ({@code note}). Written as puts through {@link BatchWriter}, which runs the table's extensions.
 */
final class IndexChurnSection {

    private static final Figure.Group GROUP = Figure.Group.INDEX_CHURN;
    private static final int ORDERS = 100;

    private final Suite suite;

    IndexChurnSection(Suite suite) {
        this.suite = suite;
    }

    void run(int roundTripMillis) {
        try (BenchEnvironment env = BenchEnvironment.start(suite.local(), Duration.ofMillis(roundTripMillis))) {
            String table = suite.tables().uniqueName();
            createTable(env, table);
            DynamoDbEnhancedAsyncClient enhanced = DynamoDbEnhancedAsyncClient.builder()
                    .dynamoDbClient(env.patternsClient())
                    .extensions(DerivedAttributes.onTable(
                            table, DerivedAttribute.band("totalBand", "total", BigDecimal.valueOf(100))))
                    .build();
            DynamoDbAsyncTable<Order> orders = enhanced.table(table, SCHEMA);
            BatchWriter writer =
                    BatchWriter.builder().dynamoDbClient(env.patternsClient()).build();
            SplittableRandom random = new SplittableRandom(7);
            List<Order> state = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                state.add(new Order("order-" + i, "customer-" + (i % 10), random.nextLong(100, 10_000), "n0"));
            }
            write(writer, orders, state);
            int updates = suite.size(1_000, 200);
            suite.progress(
                    "index churn: %d key updates and %d non-key updates at %d ms", updates, updates, roundTripMillis);
            env.proxy().stats().reset();
            for (int done = 0; done < updates; done += ORDERS) {
                for (Order o : state) {
                    long step = random.nextLong(1, 21) * (random.nextBoolean() ? 1 : -1);
                    o.total = Math.max(0, o.total + step);
                }
                write(writer, orders, state);
            }
            report(env, table, "key_update", "updates changing the indexed total by 1-20", updates, roundTripMillis);
            env.proxy().stats().reset();
            for (int done = 0; done < updates; done += ORDERS) {
                int version = done / ORDERS + 1;
                state.forEach(o -> o.note = "n" + version);
                write(writer, orders, state);
            }
            report(
                    env,
                    table,
                    "non_key_update",
                    "updates changing only a non-key attribute (note)",
                    updates,
                    roundTripMillis);
            suite.figures()
                    .note(
                            GROUP,
                            ORDERS + " orders, KEYS_ONLY global secondary indexes byTotal (customer, total) and"
                                    + " byBand (customer, totalBand = total floored to bands of 100 by DerivedAttribute.band); units as the"
                                    + " proxy charges them (ProxyStats.totalWriteUnits per scope), per 1,000 updates.");
        }
    }

    private void report(BenchEnvironment env, String table, String kind, String what, int updates, int rt) {
        double per = 1_000.0 / updates;
        var stats = env.proxy().stats();
        Figures f = suite.figures();
        String p = "index_churn.rt" + rt + "." + kind + ".";
        f.add(
                GROUP,
                p + "exact_index_units_per_1000",
                stats.totalWriteUnits(table + "/byTotal") * per,
                "units",
                rt,
                "index keyed on the exact total: write units per 1,000 " + what);
        f.add(
                GROUP,
                p + "band_index_units_per_1000",
                stats.totalWriteUnits(table + "/byBand") * per,
                "units",
                rt,
                "index keyed on the band (DerivedAttribute.band, 100): write units per 1,000 " + what);
        f.add(
                GROUP,
                p + "table_units_per_1000",
                stats.totalWriteUnits(table) * per,
                "units",
                rt,
                "table's own write units per 1,000 " + what);
    }

    private static void write(BatchWriter writer, DynamoDbAsyncTable<Order> table, List<Order> orders) {
        List<WriteOp> ops =
                orders.stream().map(o -> WriteOp.put(table, o.copy())).toList();
        if (!writer.write(ops).join().allPersisted()) {
            throw new IllegalStateException("index churn writes failed");
        }
    }

    private static void createTable(BenchEnvironment env, String table) {
        var sync = env.directClients().sync();
        sync.createTable(b -> b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key("pk", KeyType.HASH))
                .attributeDefinitions(
                        attribute("pk", ScalarAttributeType.S),
                        attribute("customer", ScalarAttributeType.S),
                        attribute("total", ScalarAttributeType.N),
                        attribute("totalBand", ScalarAttributeType.N))
                .globalSecondaryIndexes(index("byTotal", "total"), index("byBand", "totalBand")));
        sync.waiter().waitUntilTableExists(b -> b.tableName(table));
    }

    private static GlobalSecondaryIndex index(String name, String sortKey) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(key("customer", KeyType.HASH), key(sortKey, KeyType.RANGE))
                .projection(Projection.builder()
                        .projectionType(ProjectionType.KEYS_ONLY)
                        .build())
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(type)
                .build();
    }

    /** An order; {@code totalBand} is written by the extension. */
    static final class Order {
        String pk;
        String customer;
        long total;
        String note;

        Order() {}

        Order(String pk, String customer, long total, String note) {
            this.pk = pk;
            this.customer = customer;
            this.total = total;
            this.note = note;
        }

        Order copy() {
            return new Order(pk, customer, total, note);
        }
    }

    static final TableSchema<Order> SCHEMA = StaticTableSchema.builder(Order.class)
            .newItemSupplier(Order::new)
            .addAttribute(
                    String.class,
                    a -> a.name("pk")
                            .getter(o -> o.pk)
                            .setter((o, v) -> o.pk = v)
                            .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(
                    String.class,
                    a -> a.name("customer").getter(o -> o.customer).setter((o, v) -> o.customer = v))
            .addAttribute(Long.class, a -> a.name("total").getter(o -> o.total).setter((o, v) -> o.total = v))
            .addAttribute(String.class, a -> a.name("note").getter(o -> o.note).setter((o, v) -> o.note = v))
            .build();
}
