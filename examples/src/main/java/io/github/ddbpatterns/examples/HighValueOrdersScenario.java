package io.github.ddbpatterns.examples;

import static io.github.ddbpatterns.examples.demo.Measures.millisSince;
import static io.github.ddbpatterns.examples.demo.Measures.sizeFactor;

import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.core.resilience.IndexBackPressure;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.core.table.TableLayout;
import io.github.ddbpatterns.examples.demo.DemoClock;
import io.github.ddbpatterns.examples.demo.DemoContext;
import io.github.ddbpatterns.examples.demo.DemoScenario;
import io.github.ddbpatterns.examples.demo.DemoTarget;
import io.github.ddbpatterns.examples.demo.Plural;
import io.github.ddbpatterns.examples.demo.Progress;
import io.github.ddbpatterns.examples.demo.RequestStats;
import io.github.ddbpatterns.examples.demo.Row;
import io.github.ddbpatterns.examples.demo.ScenarioReport;
import io.github.ddbpatterns.examples.demo.Step;
import io.github.ddbpatterns.examples.demo.UnitEstimate;
import io.github.ddbpatterns.indexes.DerivedAttribute;
import io.github.ddbpatterns.indexes.DerivedAttributes;
import io.github.ddbpatterns.indexes.SecondaryIndex;
import io.github.ddbpatterns.sharding.ShardQuery;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Classic problem 4, "orders of this customer over 1,000": a Query of the customer's orders with a filter pays the
 * read units of every order read, matching or not; the sparse index {@value #HIGH_VALUE} (its sort key written by
 * {@link DerivedAttribute#numberWhen} only on orders of 1,000 or more) holds only the high-value orders, so its
 * Query reads just them. Follow-up ("updating totals is slow?"): every change of an indexed total moves the order's
 * index entry (a delete and a put, 2 index writes), where a sort key quantized in bands of 500 ({@link
 * DerivedAttribute#bandWhen}, index {@value #HIGH_VALUE_BAND}, {@code KEYS_ONLY}) moves only when a total crosses
 * a band; and, against DynamoDB Local, both indexes given a tenth of the table's write capacity (they hold 2 % of
 * the orders): the exact one throttles the table's updates (back-pressure), the banded one never does.
 */
final class HighValueOrdersScenario implements DemoScenario {

    static final String NAME = "high-value-orders";
    static final String HIGH_VALUE = "byHighValue";
    static final String HIGH_VALUE_BAND = "byHighValueBand";
    static final BigDecimal THRESHOLD = BigDecimal.valueOf(1_000);
    static final BigDecimal BAND = BigDecimal.valueOf(500);

    static final int CUSTOMERS = 2;
    static final int ORDERS_PER_CUSTOMER = 1_000;
    /** One order in 50 is of 1,000 or more: 2 % of the orders, 20 of each customer's 1,000. */
    static final int HIGH_VALUE_EVERY = 50;

    static final int UPDATES = 400;
    /** Updates of high-value totals a second at the service's scale (divided by {@link DemoTarget#scale()}). */
    static final int UPDATES_PER_SECOND = 200;
    /** The table's write capacity at the service's scale: one partition of 1,000 WCU. */
    static final int TABLE_WCU = 1_000;
    /** The indexes' write capacity in the back-pressure run: a tenth of the table's. */
    static final int INDEX_WCU = TABLE_WCU / 10;

    /** Updates in flight at once. */
    static final int IN_FLIGHT = 16;

    private static final String CUSTOMER = "customer-1";
    private static final String[] PRODUCTS = {
        "USB-C dock",
        "27-inch monitor",
        "desk lamp",
        "ergonomic chair",
        "standing desk",
        "laptop stand",
        "wireless keyboard",
        "noise-cancelling headset",
        "webcam",
        "cable kit"
    };

    static final TableSchema<Order> SCHEMA = StaticTableSchema.builder(Order.class)
            .newItemSupplier(Order::new)
            .addAttribute(
                    String.class,
                    a -> a.name("customerId")
                            .getter(o -> o.customerId)
                            .setter((o, v) -> o.customerId = v)
                            .tags(
                                    StaticAttributeTags.primaryPartitionKey(),
                                    StaticAttributeTags.secondaryPartitionKey(HIGH_VALUE),
                                    StaticAttributeTags.secondaryPartitionKey(HIGH_VALUE_BAND)))
            .addAttribute(
                    String.class,
                    a -> a.name("orderId")
                            .getter(o -> o.orderId)
                            .setter((o, v) -> o.orderId = v)
                            .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(
                    BigDecimal.class, a -> a.name("total").getter(o -> o.total).setter((o, v) -> o.total = v))
            .addAttribute(
                    String.class, a -> a.name("lines").getter(o -> o.lines).setter((o, v) -> o.lines = v))
            .addAttribute(
                    BigDecimal.class,
                    a -> a.name("highValueTotal")
                            .getter(o -> o.highValueTotal)
                            .setter((o, v) -> o.highValueTotal = v)
                            .tags(StaticAttributeTags.secondarySortKey(HIGH_VALUE)))
            .addAttribute(
                    BigDecimal.class,
                    a -> a.name("highValueBand")
                            .getter(o -> o.highValueBand)
                            .setter((o, v) -> o.highValueBand = v)
                            .tags(StaticAttributeTags.secondarySortKey(HIGH_VALUE_BAND)))
            .build();

    private final double size;

    HighValueOrdersScenario() {
        this(1.0);
    }

    /**
     * For tests: the orders and updates multiplied by {@code size} (the rates and limits stay).
     *
     * @param size the factor, &gt; 0 and at most 1
     */
    HighValueOrdersScenario(double size) {
        this.size = sizeFactor(size);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "orders over 1,000: Query + filter reads every order, a sparse index reads only them";
    }

    @Override
    public UnitEstimate endpointUnits() {
        // the orders written once (the high-value ones into both indexes), the updates (table 1, exact index 2,
        // banded index about 0.05 each; the back-pressure run is DynamoDB Local's only), a filtered Query of
        // 1,000 orders of about 420 bytes (eventually consistent) and the index Query
        int orders = CUSTOMERS * ORDERS_PER_CUSTOMER;
        double writes = orders + 2.0 * orders / HIGH_VALUE_EVERY + UPDATES * 3.1;
        return new UnitEstimate(writes, ORDERS_PER_CUSTOMER * 420 / 8192.0 + 10, 1);
    }

    @Override
    public ScenarioReport run(DemoContext context) {
        ScenarioReport report = new ScenarioReport(name(), summary());
        int ordersPerCustomer = Math.max(HIGH_VALUE_EVERY, (int) (ORDERS_PER_CUSTOMER * size));
        int updates = Math.max(10, (int) (UPDATES * size));
        try (DemoTarget target = context.target(
                NAME,
                b -> b.partitions(1).writeCapacityPerPartition(TABLE_WCU / 10).readCapacityPerPartition(300))) {
            int updatesPerSecond = UPDATES_PER_SECOND / target.scale();
            String table = target.tables().uniqueName();
            DynamoDbClient direct = target.direct();
            createTable(direct, table);
            try {
                run(context, target, table, ordersPerCustomer, updates, updatesPerSecond, report);
            } finally {
                direct.deleteTable(b -> b.tableName(table));
            }
        }
        return report;
    }

    /**
     * The orders table: the schema's keys, its sparse index {@value #HIGH_VALUE} (created with projection ALL) and
     * its banded index {@value #HIGH_VALUE_BAND} declared KEYS_ONLY, so that a change of the total inside a band
     * changes nothing it holds.
     */
    static TableLayout layout(String table) {
        return TableLayout.from(table, SCHEMA)
                .indexProjection(HIGH_VALUE_BAND, ProjectionType.KEYS_ONLY, List.of())
                .build();
    }

    private static void createTable(DynamoDbClient direct, String table) {
        direct.createTable(layout(table).toCreateTableRequest());
        direct.waiter().waitUntilTableExists(b -> b.tableName(table));
    }

    private void run(
            DemoContext context,
            DemoTarget target,
            String table,
            int ordersPerCustomer,
            int updates,
            int updatesPerSecond,
            ScenarioReport report) {
        Predicate<BigDecimal> highValue = total -> total.compareTo(THRESHOLD) >= 0;
        DerivedAttributes derived = DerivedAttributes.onTable(
                table,
                DerivedAttribute.numberWhen("highValueTotal", "total", highValue), // the sparse index's sort key
                DerivedAttribute.bandWhen("highValueBand", "total", BAND, highValue)); // ...quantized
        List<Order> highValueOrders = load(context, target.directAsync(), derived, ordersPerCustomer);
        report.note(String.format(
                "table: %s of %d customers, %s of 1,000 or more (%d %%), each about 420 bytes",
                Plural.of((long) CUSTOMERS * ordersPerCustomer, "order"),
                CUSTOMERS,
                Plural.of(highValueOrders.size(), "order"),
                100 / HIGH_VALUE_EVERY));
        RequestStats stats = target.stats();
        DynamoDbAsyncClient client = target.async();

        // 1. the problem: all of the customer's orders read, the filter drops 98 % of them after the read
        stats.reset();
        long t0 = System.nanoTime();
        List<String> filtered = new ArrayList<>();
        long read = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = client.query(b -> b.tableName(table)
                            .keyConditionExpression("customerId = :c")
                            .filterExpression("#total >= :min")
                            .expressionAttributeNames(Map.of("#total", "total"))
                            .expressionAttributeValues(Map.of(
                                    ":c", AttributeValue.fromS(CUSTOMER),
                                    ":min", AttributeValue.fromN(THRESHOLD.toPlainString())))
                            .exclusiveStartKey(from))
                    .join();
            read += page.scannedCount();
            page.items().forEach(item -> filtered.add(item.get("orderId").s()));
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        long filterMillis = millisSince(t0);
        double filterUnits = stats.readUnits(table);
        report.add(Row.of(
                        Step.PROBLEM,
                        "Query " + CUSTOMER + ", filter total >= 1,000: " + Plural.of(read, "order") + " read")
                .requests(stats.requests("Query"))
                .units(filterUnits)
                .items(filtered.size())
                .millis(filterMillis));

        // 2. the fix: the sparse index holds the high-value orders only
        DdbPatterns reading = DdbPatterns.builder().dynamoDbClient(client).build();
        SecondaryIndex<Order> byHighValue = reading.secondaryIndex(SCHEMA)
                .tableName(table)
                .indexName(HIGH_VALUE)
                .build();
        byHighValue.verifyTable().join();
        stats.reset();
        t0 = System.nanoTime();
        Page<Order> biggest = byHighValue
                .query(CUSTOMER, ShardQuery.all().newestFirst().limit(1_000))
                .join();
        long indexMillis = millisSince(t0);
        double indexUnits = stats.readUnits(table + "/" + HIGH_VALUE);
        Set<String> fromIndex = new HashSet<>();
        biggest.items().forEach(o -> fromIndex.add(o.orderId));
        long differing = filtered.stream().filter(id -> !fromIndex.contains(id)).count()
                + fromIndex.stream().filter(id -> !filtered.contains(id)).count();
        report.add(Row.of(Step.FIX, "SecondaryIndex.query " + CUSTOMER + " on " + HIGH_VALUE + " (sparse)")
                .requests(stats.requests("Query"))
                .units(indexUnits)
                .items(biggest.size())
                .wrong(differing)
                .millis(indexMillis));
        report.note(CUSTOMER + "'s biggest orders, read from the index, largest first:");
        biggest.items().stream().limit(3).forEach(o -> report.note("  " + o.row()));

        // 3. the follow-up: what a change of an indexed total costs the index
        DemoClock clock = target.clock();
        report.followUp(String.format(
                "updating totals is slow? (%s of high-value totals, %d a second)",
                Plural.of(updates, "update"), updatesPerSecond));
        DdbPatterns writing = DdbPatterns.builder()
                .dynamoDbClient(target.oneAttemptAsync()) // every throttle reaches the count
                .resilience(ResiliencePolicy.builder().maxAttempts(1).build())
                .extensions(List.of(derived))
                .build();
        DynamoDbAsyncTable<Order> orders = writing.enhancedClient().table(table, SCHEMA);
        Random random = new Random(41);
        clock.letLimitsRecover();
        stats.reset();
        t0 = System.nanoTime();
        Updates churn =
                update(context, "updating totals", orders, highValueOrders, updates, updatesPerSecond, clock, random);
        long churnMillis = millisSince(t0);
        report.add(Row.of(Step.FOLLOW_UP, "UpdateItem total +1..+20; " + HIGH_VALUE + " sorted by the exact total")
                .requests(stats.requests("UpdateItem"))
                .units(stats.writeUnits(table + "/" + HIGH_VALUE))
                .throttles(churn.throttles())
                .items(churn.exactMoves())
                .millis(churnMillis));
        report.add(Row.of(Step.FOLLOW_UP, "same updates; " + HIGH_VALUE_BAND + " sorted by the band of 500, keys only")
                .requests(stats.requests("UpdateItem"))
                .units(stats.writeUnits(table + "/" + HIGH_VALUE_BAND))
                .throttles(churn.throttles())
                .items(churn.bandMoves()));
        report.note("items: index entries moved; a move is a delete and a put, 2 index write units");

        long exactThrottles = -1;
        long bandThrottles = -1;
        if (target.proxy().isPresent()) {
            var proxy = target.proxy().get();
            int indexWcu = INDEX_WCU / 10;
            proxy.reconfigure(
                    b -> b.indexCapacity(HIGH_VALUE, 300, indexWcu).indexCapacity(HIGH_VALUE_BAND, 300, indexWcu));
            clock.letLimitsRecover();
            stats.reset();
            t0 = System.nanoTime();
            Updates pressed = update(
                    context,
                    "updating totals, indexes at a tenth",
                    orders,
                    highValueOrders,
                    updates,
                    updatesPerSecond,
                    clock,
                    random);
            long pressedMillis = millisSince(t0);
            exactThrottles = proxy.stats().indexThrottles(table + "/" + HIGH_VALUE);
            bandThrottles = proxy.stats().indexThrottles(table + "/" + HIGH_VALUE_BAND);
            String capacity = String.format("indexes at %d WCU/s (a tenth of the table's): ", indexWcu);
            report.add(Row.of(Step.FOLLOW_UP, capacity + "throttles " + HIGH_VALUE + " caused")
                    .requests(stats.requests("UpdateItem"))
                    .throttles(exactThrottles)
                    .wrong(pressed.throttles())
                    .millis(pressedMillis));
            report.add(Row.of(Step.FOLLOW_UP, capacity + "throttles " + HIGH_VALUE_BAND + " caused")
                    .throttles(bandThrottles));
            pressed.backPressure()
                    .ifPresent(bp -> report.note(String.format(
                            "the table's UpdateItem refused: %s, DynamoDbErrors.indexBackPressure names index %s",
                            bp.reason(), bp.indexName().orElse("(unnamed)"))));
            report.note(String.format(
                    "the service's scale: table 1,000 WCU, indexes 100 (they hold 2 %% of the orders), %d updates/s"
                            + " cost the exact index %d WCU/s; scaled 10x down here",
                    UPDATES_PER_SECOND, 2 * UPDATES_PER_SECOND));
        } else {
            report.note("back-pressure needs an index with less write capacity than its table (provisioned);"
                    + " it is shown against DynamoDB Local only");
        }
        String updatesGain = exactThrottles >= 0
                ? String.format(
                        Locale.ROOT, "banded updates: %,d index throttles, not %,d", bandThrottles, exactThrottles)
                : String.format(
                        Locale.ROOT, "banded updates: %,d index moves, not %,d", churn.bandMoves(), churn.exactMoves());
        report.headline(
                String.format("%,.1f read units", filterUnits),
                String.format("%,.1f read units", indexUnits),
                String.format(Locale.ROOT, "%.0fx fewer units; ", filterUnits / Math.max(0.5, indexUnits))
                        + updatesGain);
    }

    /** Writes every customer's orders directly (not measured); returns the high-value ones. */
    private static List<Order> load(
            DemoContext context, DynamoDbAsyncClient direct, DerivedAttributes derived, int ordersPerCustomer) {
        DdbPatterns loading = DdbPatterns.builder()
                .dynamoDbClient(direct)
                .extensions(List.of(derived))
                .build();
        DynamoDbAsyncTable<Order> table = loading.enhancedClient().table(derived.tableName(), SCHEMA);
        Random random = new Random(7);
        List<Order> highValue = new ArrayList<>();
        long total = (long) CUSTOMERS * ordersPerCustomer;
        try (Progress progress = context.progress("writing orders", total)) {
            for (int c = 1; c <= CUSTOMERS; c++) {
                List<WriteOp> writes = new ArrayList<>();
                for (int i = 0; i < ordersPerCustomer; i++) {
                    Order order = new Order();
                    order.customerId = "customer-" + c;
                    order.orderId = String.format("o-%04d", i);
                    boolean high = i % HIGH_VALUE_EVERY == 7;
                    order.total = BigDecimal.valueOf(high ? 1_000 + random.nextInt(8_000) : 5 + random.nextInt(990))
                            .add(BigDecimal.valueOf(random.nextInt(100), 2));
                    order.lines = lines(random);
                    writes.add(WriteOp.put(table, order));
                    if (high) {
                        highValue.add(order);
                    }
                }
                BatchWriteResult result =
                        loading.batchWriter().build().write(writes).join();
                if (!result.allPersisted()) {
                    throw new IllegalStateException("loading the orders failed: " + result.failed());
                }
                progress.update((long) c * ordersPerCustomer);
            }
        }
        return highValue;
    }

    private static String lines(Random random) {
        StringBuilder lines = new StringBuilder();
        while (lines.length() < 300) {
            lines.append(1 + random.nextInt(5))
                    .append(" x ")
                    .append(PRODUCTS[random.nextInt(PRODUCTS.length)])
                    .append(String.format(" (SKU-%05d); ", random.nextInt(100_000)));
        }
        return lines.toString();
    }

    /** What a run of updates did: throttled ones, index entries moved, the first back-pressure error. */
    private record Updates(long throttles, long exactMoves, long bandMoves, Optional<IndexBackPressure> backPressure) {}

    /**
     * {@code count} updates, each adding 1 to 20 to the total of a random high-value order, paced at {@code
     * perSecond}, at most {@value #IN_FLIGHT} in flight and never two of one order; the in-memory totals follow
     * the applied ones.
     */
    private static Updates update(
            DemoContext context,
            String label,
            DynamoDbAsyncTable<Order> orders,
            List<Order> highValue,
            int count,
            int perSecond,
            DemoClock clock,
            Random random) {
        Duration step = Duration.ofNanos(1_000_000_000L / perSecond);
        AtomicLong throttles = new AtomicLong();
        AtomicLong exactMoves = new AtomicLong();
        AtomicLong bandMoves = new AtomicLong();
        AtomicReference<@Nullable IndexBackPressure> backPressure = new AtomicReference<>();
        Map<Order, CompletableFuture<@Nullable Void>> lastOfOrder = new IdentityHashMap<>();
        ArrayDeque<CompletableFuture<@Nullable Void>> inFlight = new ArrayDeque<>();
        try (Progress progress = context.progress(label, count)) {
            for (int u = 0; u < count; u++) {
                Order order = highValue.get(random.nextInt(highValue.size()));
                CompletableFuture<@Nullable Void> previous = lastOfOrder.get(order);
                if (previous != null) {
                    previous.join(); // its total is known once its last update has settled
                }
                BigDecimal before = Objects.requireNonNull(order.total);
                BigDecimal next = before.add(BigDecimal.valueOf(1 + random.nextInt(20)));
                Order change = new Order();
                change.customerId = order.customerId;
                change.orderId = order.orderId;
                change.total = next;
                CompletableFuture<@Nullable Void> done = orders.updateItem(
                                UpdateItemEnhancedRequest.builder(Order.class)
                                        .item(change)
                                        .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY) // SET total, keep the lines
                                        .build())
                        .handle((updated, error) -> {
                            if (error == null) {
                                exactMoves.incrementAndGet(); // the exact sort key changed: the entry moved
                                if (DerivedAttribute.floorToBand(before, BAND)
                                                .compareTo(DerivedAttribute.floorToBand(next, BAND))
                                        != 0) {
                                    bandMoves.incrementAndGet();
                                }
                                order.total = next;
                                return null;
                            }
                            if (!DynamoDbErrors.isThrottle(error)) {
                                throw new CompletionException(error);
                            }
                            throttles.incrementAndGet();
                            DynamoDbErrors.indexBackPressure(error)
                                    .ifPresent(bp -> backPressure.compareAndSet(null, bp));
                            return null;
                        });
                lastOfOrder.put(order, done);
                inFlight.add(done);
                if (inFlight.size() >= IN_FLIGHT) {
                    inFlight.poll().join();
                }
                clock.advance(step);
                progress.update(u + 1);
            }
            inFlight.forEach(CompletableFuture::join);
        }
        return new Updates(throttles.get(), exactMoves.get(), bandMoves.get(), Optional.ofNullable(backPressure.get()));
    }

    /** An order: {@code highValueTotal} and {@code highValueBand} are derived from {@code total} on every write. */
    static final class Order {
        String customerId = "";
        String orderId = "";

        volatile @Nullable BigDecimal total;

        @Nullable
        String lines;

        @Nullable
        BigDecimal highValueTotal;

        @Nullable
        BigDecimal highValueBand;

        String row() {
            String shown = lines == null ? "" : lines.substring(0, Math.min(44, lines.length())) + "...";
            return String.format(Locale.ROOT, "%-10s %-6s %,10.2f  %s", customerId, orderId, total, shown);
        }
    }
}
