package io.github.ddbpatterns.examples;

import static io.github.ddbpatterns.examples.demo.Measures.millisSince;
import static io.github.ddbpatterns.examples.demo.Measures.sizeFactor;

import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import io.github.ddbpatterns.core.hotkeys.ShardCountAdvisor;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
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
import io.github.ddbpatterns.indexes.IndexShards;
import io.github.ddbpatterns.indexes.SecondaryIndex;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Classic problem 7, recommendations: interactions (user, item, score) are keyed by user, so "the users who scored
 * this item highest" is a Scan of the whole table sorted in memory; a reversed GSI keyed on the item and sorted by
 * {@link DerivedAttribute#scoreKey} (the score in an order-preserving encoding, then the user) answers it with one
 * Query, and an LSI sorted the same way answers "this user's top items", both equal to a brute-force answer.
 * Follow-up ("the GSI throttles first?"): each interaction is written three times (table, LSI, GSI), and the GSI's
 * partitions are keyed by item, so a popular product is one hot index partition while the table's user keys are
 * spread: at 10,000 interactions a second against 1,000 WCU a partition (1,000 against 100 here), the hot item's
 * index partition throttles the table's writes; spreading the hottest items over index shards ({@link
 * DerivedAttribute#shardedKey}, counts from {@link ShardCountAdvisor}) removes the throttles, and {@link
 * SecondaryIndex} reads the shards in parallel with the same exact top N.
 */
final class RecommendationsScenario implements DemoScenario {

    static final String NAME = "recommendations";
    static final String BY_USER = "byUserScore";
    static final String BY_ITEM = "byItemScore";

    static final int ITEMS = 1_000;
    static final int USERS = 20_000;
    static final double ITEM_SKEW = 1.2;
    static final double USER_SKEW = 0.7;
    /** Interactions loaded for the problem and the fix. */
    static final int INTERACTIONS = 5_000;
    /** Interactions a second in the follow-up at the service's scale (divided by {@link DemoTarget#scale()}). */
    static final int WRITES_PER_SECOND = 10_000;

    static final int SECONDS = 3;
    /** A partition's write capacity at the service's scale; reads get 3 times as much. */
    static final int PARTITION_WCU = 1_000;

    static final int PARTITIONS = 64;
    /**
     * The share of a partition one index key may take: at 20 %, no index partition of the 64 gets over its capacity
     * from the keys that share it, whatever the table's name (it decides where each key lands).
     */
    static final double TARGET_UTILISATION = 0.2;

    static final int TOP = 10;
    /** Items and users whose top N is checked against brute force. */
    static final int CHECKED = 50;

    static final String HOT_ITEM = item(0);
    /** The seeds of the interactions loaded for the fix and of those written in the follow-up. */
    static final long LOADED_SEED = 17;

    static final long STREAM_SEED = 29;

    static final TableSchema<Interaction> SCHEMA = StaticTableSchema.builder(Interaction.class)
            .newItemSupplier(Interaction::new)
            .addAttribute(
                    String.class,
                    a -> a.name("userId")
                            .getter(x -> x.userId)
                            .setter((x, v) -> x.userId = v)
                            .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(
                    String.class,
                    a -> a.name("itemId")
                            .getter(x -> x.itemId)
                            .setter((x, v) -> x.itemId = v)
                            .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(
                    BigDecimal.class, a -> a.name("score").getter(x -> x.score).setter((x, v) -> x.score = v))
            .addAttribute(
                    String.class,
                    a -> a.name("userScoreKey")
                            .getter(x -> x.userScoreKey)
                            .setter((x, v) -> x.userScoreKey = v)
                            .tags(StaticAttributeTags.secondarySortKey(BY_USER))) // LSI: the user's partition
            .addAttribute(
                    String.class,
                    a -> a.name("itemShard")
                            .getter(x -> x.itemShard)
                            .setter((x, v) -> x.itemShard = v)
                            .tags(StaticAttributeTags.secondaryPartitionKey(BY_ITEM)))
            .addAttribute(
                    String.class,
                    a -> a.name("itemScoreKey")
                            .getter(x -> x.itemScoreKey)
                            .setter((x, v) -> x.itemScoreKey = v)
                            .tags(StaticAttributeTags.secondarySortKey(BY_ITEM)))
            .build();

    private final double size;

    RecommendationsScenario() {
        this(1.0);
    }

    /**
     * For tests: the interactions multiplied by {@code size} (the rates and limits stay).
     *
     * @param size the factor, &gt; 0 and at most 1
     */
    RecommendationsScenario(double size) {
        this.size = sizeFactor(size);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "top users of an item: a Scan reads every interaction, a score-keyed GSI reads ten";
    }

    @Override
    public UnitEstimate endpointUnits() {
        // every interaction (about 150 bytes) costs 3 write units: table, LSI, GSI; loaded once for the fix, then
        // written twice at the service's rate in the follow-up; the Scan reads the loaded table once, eventually
        // consistent; the top-N Queries read about 2 KB each (the sharded ones up to 9 Queries)
        double writes = 3.0 * (INTERACTIONS + 2.0 * WRITES_PER_SECOND * SECONDS);
        double reads = INTERACTIONS * 150 / 8192.0 + 0.5 * (4 * CHECKED + 9 * 10);
        return new UnitEstimate(writes, reads, 3);
    }

    @Override
    public ScenarioReport run(DemoContext context) {
        ScenarioReport report = new ScenarioReport(name(), summary());
        try (DemoTarget target = context.target(
                NAME,
                b -> b.partitions(PARTITIONS)
                        .writeCapacityPerPartition(PARTITION_WCU / 10)
                        .readCapacityPerPartition(3 * PARTITION_WCU / 10))) {
            run(context, target, report);
        }
        return report;
    }

    private void run(DemoContext context, DemoTarget target, ScenarioReport report) {
        RequestStats stats = target.stats();
        DynamoDbAsyncClient client = target.async();
        int loaded = Math.max(100, (int) (INTERACTIONS * size));

        // the table of the problem and the fix, loaded directly (not measured)
        String table = target.tables().create(SCHEMA);
        Interactions generated = new Interactions(LOADED_SEED);
        List<Interaction> interactions = generated.next(loaded);
        load(context, target.directAsync(), table, interactions);
        Map<String, Long> perItem = counts(interactions, x -> x.itemId);
        report.note(String.format(
                Locale.ROOT,
                "table: %s of %,d users with %,d items, keyed by user; %s (a popular product) has %s",
                Plural.of(interactions.size(), "interaction"),
                USERS,
                ITEMS,
                HOT_ITEM,
                Plural.of(perItem.getOrDefault(HOT_ITEM, 0L), "interaction")));

        // 1. the problem: "users of an item" against a table keyed by user is a Scan
        stats.reset();
        long t0 = System.nanoTime();
        List<Interaction> ofHotItem = new ArrayList<>();
        long scanned = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = client.scan(b -> b.tableName(table)
                            .filterExpression("itemId = :item")
                            .expressionAttributeValues(Map.of(":item", AttributeValue.fromS(HOT_ITEM)))
                            .exclusiveStartKey(from))
                    .join();
            scanned += page.scannedCount();
            page.items().forEach(item -> ofHotItem.add(SCHEMA.mapToItem(item)));
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        List<String> scannedTop = BruteForce.top(ofHotItem, x -> true, x -> x.userId);
        long scanMillis = millisSince(t0);
        double scanUnits = stats.readUnits(table);
        report.add(Row.of(
                        Step.PROBLEM,
                        "Scan, filter itemId = " + HOT_ITEM + ", top " + TOP + " sorted in memory: "
                                + Plural.of(scanned, "item") + " read")
                .requests(stats.requests("Scan"))
                .units(scanUnits)
                .items(scannedTop.size())
                .wrong(mismatches(BruteForce.usersOf(interactions, HOT_ITEM), scannedTop))
                .millis(scanMillis));

        // 2. the fix: a GSI keyed on the item, sorted by the score key; an LSI sorted the same way for users
        DdbPatterns reading = DdbPatterns.builder().dynamoDbClient(client).build();
        SecondaryIndex<Interaction> byItem = reading.secondaryIndex(SCHEMA)
                .tableName(table)
                .indexName(BY_ITEM)
                .build();
        SecondaryIndex<Interaction> byUser = reading.secondaryIndex(SCHEMA)
                .tableName(table)
                .indexName(BY_USER)
                .build();
        byItem.verifyTable().join();
        byUser.verifyTable().join();
        stats.reset();
        t0 = System.nanoTime();
        List<Interaction> hotTop = byItem.top(HOT_ITEM, TOP).join();
        long topMillis = millisSince(t0);
        double topUnits = stats.readUnits(table + "/" + BY_ITEM);
        report.add(Row.of(Step.FIX, "SecondaryIndex.top(" + HOT_ITEM + ", " + TOP + ") on " + BY_ITEM + " (GSI)")
                .requests(stats.requests("Query"))
                .units(topUnits)
                .items(hotTop.size())
                .wrong(mismatches(BruteForce.usersOf(interactions, HOT_ITEM), labels(hotTop, x -> x.userId)))
                .millis(topMillis));
        Checked checked = check(context, target, table, byItem, byUser, interactions, new Random(3));
        report.add(Row.of(
                        Step.FIX,
                        "top " + TOP + " users of " + CHECKED + " items (GSI) and top " + TOP + " items of " + CHECKED
                                + " users (LSI), vs brute force")
                .requests(checked.requests())
                .units(checked.units())
                .items(checked.items())
                .wrong(checked.wrong())
                .millis(checked.millis()));
        report.note("top 3 users of " + HOT_ITEM + ", from the index:");
        hotTop.stream().limit(3).forEach(x -> report.note("  " + x.row()));

        // 3. the follow-up: the same kind of traffic written fast
        DemoClock clock = target.clock();
        int perSecond = WRITES_PER_SECOND / target.scale();
        List<Interaction> stream =
                new Interactions(STREAM_SEED).next(Math.max(100, (int) (perSecond * SECONDS * size)));
        double seconds = (double) stream.size() / perSecond;
        report.followUp(String.format(
                Locale.ROOT,
                "the GSI throttles first? (%,d interactions a second for %.0f s, %,d WCU a partition)",
                perSecond,
                seconds,
                PARTITION_WCU / target.scale()));
        clock.letLimitsRecover();
        String unsharded = target.tables().create(SCHEMA);
        Written plain = write(
                context, "writing, index keyed by item", target, unsharded, IndexShards.none(), stream, perSecond);
        report.add(Row.of(
                        Step.FOLLOW_UP,
                        String.format(
                                Locale.ROOT,
                                "BatchWriteItem, %,d/s; %s keyed by item (units: index writes)",
                                perSecond,
                                BY_ITEM))
                .requests(plain.requests())
                .units(plain.indexUnits())
                .throttles(plain.throttles())
                .wrong(plain.lost())
                .items(plain.stored().size())
                .millis(plain.millis()));
        report.note(String.format(
                Locale.ROOT,
                "index write units / table write units = %,.0f / %,.0f = %.1f: each interaction is written to the"
                        + " table, %s (LSI) and %s (GSI)",
                plain.indexUnits(),
                plain.tableUnits(),
                plain.indexUnits() / Math.max(1, plain.tableUnits()),
                BY_USER,
                BY_ITEM));
        Map<String, Long> streamPerItem = counts(stream, x -> x.itemId);
        long hotWrites = streamPerItem.getOrDefault(HOT_ITEM, 0L);
        plain.busiestPartitions()
                .ifPresent(busiest -> report.note(String.format(
                        Locale.ROOT,
                        "%s takes %.0f %% of the writes: %,.0f WCU/s on one index partition of %,d, while the"
                                + " busiest table partition took %,.0f",
                        HOT_ITEM,
                        100.0 * hotWrites / stream.size(),
                        hotWrites / seconds,
                        PARTITION_WCU / target.scale(),
                        busiest.table() / seconds)));

        // the shard counts for the items written fastest
        ShardCountAdvisor advisor = ShardCountAdvisor.builder()
                .writeUnitsPerPartition((double) PARTITION_WCU / target.scale())
                .targetUtilisation(TARGET_UTILISATION)
                .build();
        Map<String, Integer> hotItems = new LinkedHashMap<>();
        streamPerItem.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> {
                    int shards = advisor.recommendForUnits(e.getValue() / seconds, 0);
                    if (shards > 1) {
                        hotItems.put(e.getKey(), shards);
                    }
                });
        IndexShards shards = IndexShards.perKey(hotItems);
        clock.letLimitsRecover();
        String sharded = target.tables().create(SCHEMA);
        Written spread = write(context, "writing, hot items sharded", target, sharded, shards, stream, perSecond);
        report.add(Row.of(Step.FOLLOW_UP, "same writes; hot items over index shards (DerivedAttribute.shardedKey)")
                .requests(spread.requests())
                .units(spread.indexUnits())
                .throttles(spread.throttles())
                .wrong(spread.lost())
                .items(spread.stored().size())
                .millis(spread.millis()));
        report.note(
                hotItems.isEmpty()
                        ? "no item needs more than one shard at this rate"
                        : "shards from ShardCountAdvisor at " + Math.round(TARGET_UTILISATION * 100)
                                + " % of a partition: "
                                + hotItems.entrySet().stream()
                                        .map(e -> e.getKey() + " x" + e.getValue())
                                        .collect(Collectors.joining(", ")));

        DdbPatterns readingSharded =
                DdbPatterns.builder().dynamoDbClient(client).build();
        SecondaryIndex<Interaction> byItemSharded = readingSharded
                .secondaryIndex(SCHEMA)
                .tableName(sharded)
                .indexName(BY_ITEM)
                .shards(shards)
                .build();
        SecondaryIndex<Interaction> byUserSharded = readingSharded
                .secondaryIndex(SCHEMA)
                .tableName(sharded)
                .indexName(BY_USER)
                .build();
        byItemSharded.verifyTable().join();
        clock.letLimitsRecover(); // the reads start with full buckets
        Checked overShards = check(
                context,
                target,
                sharded,
                byItemSharded,
                byUserSharded,
                spread.stored().values(),
                new Random(5));
        report.add(Row.of(
                        Step.FOLLOW_UP,
                        "top " + TOP + " of " + CHECKED + " items over their shards and of " + CHECKED
                                + " users, vs brute force")
                .requests(overShards.requests())
                .units(overShards.units())
                .items(overShards.items())
                .wrong(overShards.wrong())
                .millis(overShards.millis()));
        report.note(String.format(
                "%s is read as %s in parallel, merged by score key",
                HOT_ITEM, Plural.of(byItemSharded.readKeys(HOT_ITEM).size(), "index key")));
        if (target.proxy().isEmpty()) {
            report.note("throttles: writes the service returned unprocessed (the proxy's per-index counts are"
                    + " DynamoDB Local's only)");
        }
        report.headline(
                String.format("%,.1f read units", scanUnits),
                String.format("%,.1f read units", topUnits),
                String.format(
                        Locale.ROOT,
                        "%.0fx fewer units; hot item: %s sharded, not %,d",
                        scanUnits / Math.max(0.5, topUnits),
                        Plural.of(spread.throttles(), "index throttle"),
                        plain.throttles()));
    }

    /** The attributes derived on every write of {@code table}: the two score keys and the (sharded) item key. */
    private static DerivedAttributes derived(String table, IndexShards shards) {
        return DerivedAttributes.onTable(
                table,
                DerivedAttribute.scoreKey("userScoreKey", "score", "itemId"),
                DerivedAttribute.shardedKey("itemShard", "itemId", shards, "userId"),
                DerivedAttribute.scoreKey("itemScoreKey", "score", "userId"));
    }

    private static void load(
            DemoContext context, DynamoDbAsyncClient direct, String table, List<Interaction> interactions) {
        DdbPatterns loading = DdbPatterns.builder()
                .dynamoDbClient(direct)
                .extensions(List.of(derived(table, IndexShards.none())))
                .build();
        DynamoDbAsyncTable<Interaction> mapped = loading.enhancedClient().table(table, SCHEMA);
        BatchWriter writer = loading.batchWriter().build();
        int chunk = 1_000;
        try (Progress progress = context.progress("writing interactions", interactions.size())) {
            for (int from = 0; from < interactions.size(); from += chunk) {
                List<WriteOp> writes = interactions.subList(from, Math.min(interactions.size(), from + chunk)).stream()
                        .map(x -> WriteOp.put(mapped, x))
                        .toList();
                BatchWriteResult result = writer.write(writes).join();
                if (!result.allPersisted()) {
                    throw new IllegalStateException("loading the interactions failed: " + result.failed());
                }
                progress.update(Math.min(interactions.size(), from + chunk));
            }
        }
    }

    /** A write run: what the table and its indexes took, what was refused and what is stored. */
    private record Written(
            long requests,
            double tableUnits,
            double indexUnits,
            long throttles,
            long lost,
            Map<String, Interaction> stored,
            long millis,
            Optional<Busiest> busiestPartitions) {}

    /** The write units of the busiest table partition over a run (proxy only). */
    private record Busiest(double table) {}

    /**
     * Writes {@code stream} into {@code table} at {@code perSecond}, a second's worth at a time, one attempt per call
     * and no resend of unprocessed items, so that every refused write is counted (and lost).
     */
    private static Written write(
            DemoContext context,
            String label,
            DemoTarget target,
            String table,
            IndexShards shards,
            List<Interaction> stream,
            int perSecond) {
        DdbPatterns writing = DdbPatterns.builder()
                .dynamoDbClient(target.oneAttemptAsync())
                .resilience(ResiliencePolicy.builder().maxAttempts(1).build())
                .extensions(List.of(derived(table, shards)))
                .build();
        DynamoDbAsyncTable<Interaction> mapped = writing.enhancedClient().table(table, SCHEMA);
        BatchWriter writer = writing.batchWriter().maxUnprocessedAttempts(1).build();
        DemoClock clock = target.clock();
        RequestStats stats = target.stats();
        int slice = perSecond;
        Duration step = Duration.ofSeconds(1);
        Map<String, Interaction> stored = new HashMap<>();
        long lost = 0;
        stats.reset();
        long t0 = System.nanoTime();
        try (Progress progress = context.progress(label, stream.size())) {
            for (int from = 0; from < stream.size(); from += slice) {
                List<Interaction> part = stream.subList(from, Math.min(stream.size(), from + slice));
                List<WriteOp> writes =
                        part.stream().map(x -> WriteOp.put(mapped, x)).toList();
                List<WriteOutcome> outcomes = writer.write(writes).join().outcomes();
                for (int i = 0; i < part.size(); i++) {
                    if (outcomes.get(i).isPersisted()) {
                        stored.put(part.get(i).key(), part.get(i));
                    } else {
                        lost++;
                    }
                }
                clock.advance(step);
                progress.update(from + part.size());
            }
        }
        long millis = millisSince(t0);
        Optional<ThrottlingProxy> proxy = target.proxy();
        long throttles =
                proxy.map(p -> p.stats().indexThrottles(table + "/" + BY_ITEM)).orElse(lost);
        Optional<Busiest> busiest = proxy.map(p -> new Busiest(p.stats().consumedWriteUnits(table).values().stream()
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(0)));
        return new Written(
                stats.requests("BatchWriteItem"),
                stats.writeUnits(table),
                stats.writeUnits(table + "/" + BY_USER) + stats.writeUnits(table + "/" + BY_ITEM),
                throttles,
                lost,
                stored,
                millis,
                busiest);
    }

    /** Top-N reads checked against brute force. */
    private record Checked(long requests, double units, long items, long wrong, long millis) {}

    /**
     * The top {@value #TOP} users of {@value #CHECKED} items (the 10 most written and random others) and the top
     * {@value #TOP} items of the {@value #CHECKED} users with the most interactions, each compared with brute force
     * over {@code truth}.
     */
    private static Checked check(
            DemoContext context,
            DemoTarget target,
            String table,
            SecondaryIndex<Interaction> byItem,
            SecondaryIndex<Interaction> byUser,
            Collection<Interaction> truth,
            Random random) {
        List<String> items = new ArrayList<>();
        counts(truth, x -> x.itemId).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(10)
                .forEach(e -> items.add(e.getKey()));
        while (items.size() < CHECKED) {
            String item = item(random.nextInt(ITEMS));
            if (!items.contains(item)) {
                items.add(item);
            }
        }
        List<String> users = counts(truth, x -> x.userId).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(CHECKED)
                .map(Map.Entry::getKey)
                .toList();
        Map<String, List<Interaction>> byItemTruth = truth.stream().collect(Collectors.groupingBy(x -> x.itemId));
        Map<String, List<Interaction>> byUserTruth = truth.stream().collect(Collectors.groupingBy(x -> x.userId));
        RequestStats stats = target.stats();
        stats.reset();
        long t0 = System.nanoTime();
        long returned = 0;
        long wrong = 0;
        // every read at once, as a page of recommendations would ask them
        List<CompletableFuture<List<Interaction>>> ofItems =
                items.stream().map(item -> byItem.top(item, TOP)).toList();
        List<CompletableFuture<List<Interaction>>> ofUsers =
                users.stream().map(user -> byUser.top(user, TOP)).toList();
        try (Progress progress = context.progress("top-N reads", items.size() + users.size())) {
            int done = 0;
            for (int i = 0; i < items.size(); i++) {
                String item = items.get(i);
                List<Interaction> top = ofItems.get(i).join();
                returned += top.size();
                wrong += mismatches(
                        BruteForce.usersOf(byItemTruth.getOrDefault(item, List.of()), item),
                        labels(top, x -> x.userId));
                progress.update(++done);
            }
            for (int i = 0; i < users.size(); i++) {
                String user = users.get(i);
                List<Interaction> top = ofUsers.get(i).join();
                returned += top.size();
                wrong += mismatches(
                        BruteForce.itemsOf(byUserTruth.getOrDefault(user, List.of()), user),
                        labels(top, x -> x.itemId));
                progress.update(++done);
            }
        }
        long millis = millisSince(t0);
        double units = stats.readUnits(table)
                + stats.readUnits(table + "/" + BY_ITEM)
                + stats.readUnits(table + "/" + BY_USER);
        return new Checked(stats.requests("Query"), units, returned, wrong, millis);
    }

    /** Positions where two top-N lists differ, plus the difference in length. */
    static long mismatches(List<String> expected, List<String> actual) {
        long wrong = Math.abs(expected.size() - actual.size());
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                wrong++;
            }
        }
        return wrong;
    }

    private static List<String> labels(List<Interaction> top, Function<Interaction, String> other) {
        return top.stream().map(x -> BruteForce.label(x, other)).toList();
    }

    private static <K> Map<K, Long> counts(Collection<Interaction> all, Function<Interaction, K> key) {
        return all.stream().collect(Collectors.groupingBy(key, HashMap::new, Collectors.counting()));
    }

    static String item(int i) {
        return String.format("item-%04d", i);
    }

    static String user(int i) {
        return String.format("user-%05d", i);
    }

    /**
     * The top N computed the slow, obvious way: every interaction sorted by score, ties by the other id, as the score
     * keys order them; as labels {@code "<other id>=<score>"}.
     */
    static final class BruteForce {
        private BruteForce() {}

        static List<String> usersOf(Collection<Interaction> all, String item) {
            return top(all, x -> x.itemId.equals(item), x -> x.userId);
        }

        static List<String> itemsOf(Collection<Interaction> all, String user) {
            return top(all, x -> x.userId.equals(user), x -> x.itemId);
        }

        static List<String> top(
                Collection<Interaction> all, Predicate<Interaction> of, Function<Interaction, String> other) {
            Comparator<Interaction> order =
                    Comparator.comparing((Interaction x) -> x.score).thenComparing(other);
            return all.stream()
                    .filter(of)
                    .sorted(order.reversed())
                    .limit(TOP)
                    .map(x -> label(x, other))
                    .toList();
        }

        static String label(Interaction x, Function<Interaction, String> other) {
            return other.apply(x) + "=" + x.score.stripTrailingZeros().toPlainString();
        }
    }

    /**
     * A stream of distinct (user, item) interactions: items by a Zipf law (item-0000 the most popular), users by a
     * milder one (a few heavy users, a long tail), scores uniform in 0..99,999; seeded, so runs repeat.
     */
    static final class Interactions {
        private final Random random;
        private final double[] items = zipfCdf(ITEMS, ITEM_SKEW);
        private final double[] users = zipfCdf(USERS, USER_SKEW);
        private final Set<String> seen = new HashSet<>();

        Interactions(long seed) {
            this.random = new Random(seed);
        }

        List<Interaction> next(int count) {
            List<Interaction> next = new ArrayList<>(count);
            while (next.size() < count) {
                Interaction x = new Interaction();
                x.itemId = item(sample(items));
                x.userId = user(sample(users));
                x.score = BigDecimal.valueOf(random.nextInt(100_000));
                if (seen.add(x.key())) {
                    next.add(x);
                }
            }
            return next;
        }

        private int sample(double[] cdf) {
            double u = random.nextDouble();
            int low = 0;
            int high = cdf.length - 1;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (cdf[mid] < u) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low;
        }

        private static double[] zipfCdf(int n, double exponent) {
            double[] cdf = new double[n];
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += 1 / Math.pow(i + 1, exponent);
                cdf[i] = total;
            }
            for (int i = 0; i < n; i++) {
                cdf[i] /= total;
            }
            return cdf;
        }
    }

    /** A user's interaction with an item; the three index attributes are derived on every write. */
    static final class Interaction {
        String userId = "";
        String itemId = "";
        BigDecimal score = BigDecimal.ZERO;

        @Nullable
        String userScoreKey;

        @Nullable
        String itemShard;

        @Nullable
        String itemScoreKey;

        String key() {
            return userId + "|" + itemId;
        }

        String row() {
            return String.format(Locale.ROOT, "%-10s %-9s score %,7d", userId, itemId, score.intValue());
        }
    }
}
