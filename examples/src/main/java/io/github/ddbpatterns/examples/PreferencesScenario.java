package io.github.ddbpatterns.examples;

import static io.github.ddbpatterns.examples.demo.Measures.millisSince;
import static io.github.ddbpatterns.examples.demo.Measures.sizeFactor;

import io.github.ddbpatterns.capacity.ServiceRules;
import io.github.ddbpatterns.core.capacity.CostEstimator;
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
import io.github.ddbpatterns.examples.readme.Preference;
import io.github.ddbpatterns.sessions.PreferenceStore;
import io.github.ddbpatterns.testing.TableOptions;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsAsyncClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsAsyncClientBuilder;

/**
 * Classic problem 6, user preferences updated many times a second: one PutItem per update pays for every update;
 * the write-behind {@link PreferenceStore} writes each user once per 1-second window, whatever the rate (the cost
 * is then extrapolated to the seed's 100,000 users). Follow-up ("other sessions see stale data?"): two instances of
 * the store share the table; one writes, the other reads through its near cache. Without stream invalidation a
 * cached value stays until it expires; with {@code invalidateFromStream} the other instance evicts it within two
 * polls. On the test clock, with the stores' timers and stream polls run by a {@link ClockScheduler}.
 */
final class PreferencesScenario implements DemoScenario {

    static final String NAME = "preferences";
    static final TableSchema<Preference> SCHEMA = TableSchema.fromBean(Preference.class);

    static final int USERS = 200;
    static final int UPDATES_PER_SECOND = 10;
    static final int SECONDS = 2;
    static final Duration STALENESS = Duration.ofSeconds(1);
    /** The seed's scale, for the extrapolated cost. */
    static final int SEED_USERS = 100_000;

    /** The follow-up: updates of one user by one instance, read by the other every {@link #READ_EVERY}. */
    static final int FOLLOW_UP_UPDATES = 3;

    static final Duration CACHE_LIFETIME = Duration.ofSeconds(20);
    static final Duration READ_EVERY = Duration.ofMillis(500);
    static final Duration POLL = Duration.ofMillis(500);
    static final Duration LEASE = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The invalidation table's keys (the store's {@code invalidationTableLayout()}): table (S), position (N). */
    static final TableSchema<LogEntry> LOG_SCHEMA = StaticTableSchema.builder(LogEntry.class)
            .newItemSupplier(LogEntry::new)
            .addAttribute(
                    String.class,
                    a -> a.name("table")
                            .getter(e -> e.table)
                            .setter((e, v) -> e.table = v)
                            .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(
                    Long.class,
                    a -> a.name("position")
                            .getter(e -> e.position)
                            .setter((e, v) -> e.position = v)
                            .tags(StaticAttributeTags.primarySortKey()))
            .build();

    private final double size;

    PreferencesScenario() {
        this(1);
    }

    /**
     * @param size the share of the users, seconds and follow-up updates to run (1 in the demo; tests against an
     *     endpoint, where time is real, run less)
     */
    PreferencesScenario(double size) {
        this.size = sizeFactor(size);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "preferences updated 10 times a second: a write per update, or one per user and second";
    }

    @Override
    public UnitEstimate endpointUnits() {
        long updates = (long) users() * UPDATES_PER_SECOND * seconds();
        // one write per update, then at most one per user and window; the follow-up writes little and reads its one
        // user, the log and the lease (polls every 0.5 s for some seconds)
        double writes = updates + (double) users() * (seconds() + 1) + 200;
        double reads = 2_000;
        return new UnitEstimate(writes, reads, 2);
    }

    private int users() {
        return (int) Math.max(10, Math.round(USERS * size));
    }

    private int seconds() {
        return (int) Math.max(1, Math.round(SECONDS * size));
    }

    private int followUpUpdates() {
        return (int) Math.max(1, Math.round(FOLLOW_UP_UPDATES * size));
    }

    @Override
    public ScenarioReport run(DemoContext context) throws Exception {
        ScenarioReport report = new ScenarioReport(name(), summary());
        try (DemoTarget target = context.target(
                NAME,
                // capacity is not the question here: no partition limit is reached, no write is charged a read
                b -> b.writeCapacityPerPartition(1_000_000)
                        .readCapacityPerPartition(1_000_000)
                        .chargeStoredItemSize(false))) {
            // the stream serves the follow-up's invalidation; it costs the writes nothing
            String table = target.tables()
                    .create(
                            SCHEMA,
                            TableOptions.builder().stream(StreamViewType.KEYS_ONLY)
                                    .build());
            DemoClock clock = target.clock();
            RequestStats stats = target.stats();
            int users = users();
            int steps = seconds() * UPDATES_PER_SECOND;
            long updates = (long) users * steps;
            Duration step = Duration.ofSeconds(1).dividedBy(UPDATES_PER_SECOND);
            CostEstimator prices = CostEstimator.ofDefaults();
            double secondsPerMonth = ServiceRules.ofDefaults().hoursPerMonth() * 3600;
            double seedUpdatesPerSecond = (double) SEED_USERS * UPDATES_PER_SECOND;
            String what = String.format(
                    Locale.ROOT, "%s x %d updates/s for %d s", Plural.of(users, "user"), UPDATES_PER_SECOND, seconds());
            String extrapolated = String.format(
                    Locale.ROOT,
                    "extrapolated to %,d users x %d updates/s: $ a month on demand",
                    SEED_USERS,
                    UPDATES_PER_SECOND);

            // 1. the problem: one PutItem per update
            DynamoDbAsyncTable<Preference> naive = DynamoDbEnhancedAsyncClient.builder()
                    .dynamoDbClient(target.async())
                    .build()
                    .table(table, SCHEMA);
            clock.restartPacing();
            stats.reset();
            long t0 = System.nanoTime();
            try (Progress progress = context.progress("PutItem per update", updates)) {
                for (int s = 0; s < steps; s++) {
                    List<CompletableFuture<Void>> puts = new ArrayList<>(users);
                    for (int u = 0; u < users; u++) {
                        puts.add(naive.putItem(preference(u, s)));
                    }
                    CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new))
                            .join();
                    clock.advance(step);
                    progress.update((long) users * (s + 1));
                }
            }
            long naiveMillis = millisSince(t0);
            long naiveRequests = stats.requests("PutItem");
            double naiveUnits = stats.writeUnits(table);
            report.add(Row.of(Step.PROBLEM, "PutItem per update: " + what)
                    .requests(naiveRequests)
                    .units(naiveUnits)
                    .items(updates)
                    .millis(naiveMillis));
            report.add(Row.of(Step.PROBLEM, extrapolated)
                    .dollars(prices.onDemandCost(naiveUnits / updates * seedUpdatesPerSecond * secondsPerMonth, 0)));

            // 2. the fix: the write-behind store, one write per user and window
            ClockScheduler scheduler = clock.simulated() ? new ClockScheduler(clock) : null;
            long fixRequests;
            double fixUnits;
            long fixMillis;
            try {
                PreferenceStore.Builder<Preference> builder = PreferenceStore.builder(SCHEMA)
                        .dynamoDbClient(target.async())
                        .tableName(table)
                        .clock(clock.clock())
                        .maxStaleness(STALENESS);
                if (scheduler != null) {
                    builder.scheduler(scheduler);
                }
                try (PreferenceStore<Preference> store = builder.build()) {
                    store.verifyTable().join(); // its one DescribeTable, before the count starts
                    clock.restartPacing();
                    stats.reset();
                    t0 = System.nanoTime();
                    try (Progress progress = context.progress("PreferenceStore.put", updates)) {
                        for (int s = 0; s < steps; s++) {
                            for (int u = 0; u < users; u++) {
                                store.put(preference(u, fixValue(s)));
                            }
                            clock.advance(step);
                            if (scheduler != null) {
                                scheduler.runDue(); // the store's window timer, on the test clock
                                if (store.pendingCount() == 0) {
                                    store.flush().join(); // a window just ended: its writes land before the next
                                }
                            }
                            progress.update((long) users * (s + 1));
                        }
                        store.flush().join();
                    }
                    fixMillis = millisSince(t0);
                    fixRequests = stats.requests();
                    fixUnits = stats.writeUnits(table);
                }
            } finally {
                if (scheduler != null) {
                    scheduler.shutdownNow();
                }
            }
            long wrong = wrongValues(target, table, users, fixValue(steps - 1));
            report.add(Row.of(Step.FIX, "PreferenceStore.put, " + STALENESS.toSeconds() + " s staleness: " + what)
                    .requests(fixRequests)
                    .units(fixUnits)
                    .items(updates)
                    .wrong(wrong)
                    .millis(fixMillis));
            report.add(Row.of(Step.FIX, extrapolated)
                    .dollars(prices.onDemandCost(fixUnits / updates * seedUpdatesPerSecond * secondsPerMonth, 0)));
            report.note(String.format(
                    Locale.ROOT,
                    "write-behind: updates of a user inside a window (%d ms) cost one item write, sent as"
                            + " BatchWriteItem calls of 25; lost/wrong = users whose stored value is not their last"
                            + " update",
                    STALENESS.minus(STALENESS.dividedBy(20)).toMillis()));
            report.note(String.format(
                    Locale.ROOT,
                    "extrapolated: the measured write units per update x %,.0f updates/s x %,.0f h, at $%.3f per million"
                            + " write request units (on demand; a BatchWriteItem call costs one unit per item)",
                    seedUpdatesPerSecond,
                    secondsPerMonth / 3600,
                    prices.onDemandWritePricePerMillion()));

            // 3. the follow-up: another instance reading through its near cache
            Duration cache = clock.simulated() ? CACHE_LIFETIME : Duration.ofSeconds(2);
            Duration readEvery = clock.simulated() ? READ_EVERY : Duration.ofMillis(250);
            report.followUp(String.format(
                    Locale.ROOT,
                    "other sessions see stale data? (instance A changes %s that instance B has cached; B reads each"
                            + " every %d ms for %d s)",
                    Plural.of(followUpUpdates(), "user"),
                    readEvery.toMillis(),
                    cache.toSeconds()));
            String logTable = target.tables().create(LOG_SCHEMA);
            LongAdder streamRequests = new LongAdder();
            int[] value = {0};
            Map<Mode, Staleness> staleness = new EnumMap<>(Mode.class);
            try (DynamoDbStreamsAsyncClient streams = streamsClient(target, streamRequests)) {
                for (Mode mode : Mode.values()) {
                    Staleness measured = staleness(
                            context, target, table, logTable, streams, streamRequests, mode, cache, readEvery, value);
                    staleness.put(mode, measured);
                    report.add(
                            Row.of(Step.FOLLOW_UP, mode.label(cache) + ": B stale up to " + seconds(measured.longest()))
                                    .requests(measured.requests())
                                    .items(measured.reads())
                                    .wrong(measured.stale())
                                    .millis(measured.millis()));
                }
            }
            report.note("lost/wrong in the follow-up = B's reads that returned the value A had already replaced in the"
                    + " table; requests = both instances' requests, stream reads included");
            report.note(String.format(
                    Locale.ROOT,
                    "stream invalidation: one instance holds a lease and reads the stream, every instance queries the"
                            + " invalidation log every %d ms (%s)",
                    POLL.toMillis(),
                    target.simulated() ? "on the test clock" : "in real time"));
            report.headline(
                    String.format(Locale.ROOT, "%,.0f write units", naiveUnits),
                    String.format(Locale.ROOT, "%,.0f write units", fixUnits),
                    String.format(
                            Locale.ROOT,
                            "%.0fx fewer writes; other sessions stale up to %s with stream invalidation (%s without)",
                            naiveUnits / Math.max(1, fixUnits),
                            seconds(staleness.get(Mode.CACHE_AND_STREAM).longest()),
                            seconds(staleness.get(Mode.CACHE).longest())));
        }
        return report;
    }

    private static Preference preference(int user, int value) {
        return new Preference("user-" + user, "theme-" + value % 4, value);
    }

    /** The font sizes the fix writes, apart from the problem's. */
    private static int fixValue(int step) {
        return 1_000 + step;
    }

    /** Users whose stored font size is not {@code expected} (read directly, consistently). */
    private static long wrongValues(DemoTarget target, String table, int users, int expected) {
        Map<String, Integer> stored = new HashMap<>();
        target.direct()
                .scanPaginator(b -> b.tableName(table).consistentRead(true))
                .items()
                .forEach(item -> {
                    AttributeValue size = item.get("fontSize");
                    stored.put(item.get("userId").s(), size == null ? null : Integer.valueOf(size.n()));
                });
        long wrong = 0;
        for (int u = 0; u < users; u++) {
            if (!Integer.valueOf(expected).equals(stored.get("user-" + u))) {
                wrong++;
            }
        }
        return wrong;
    }

    /** How the reading instance keeps its copies. */
    enum Mode {
        /** No near cache: every get is a GetItem. */
        NO_CACHE,
        /** A near cache, evicted only when its entries expire. */
        CACHE,
        /** A near cache evicted from the table's stream. */
        CACHE_AND_STREAM;

        String label(Duration cache) {
            return switch (this) {
                case NO_CACHE -> "no read cache: every get reads the table";
                case CACHE -> "read cache " + cache.toSeconds() + " s, no invalidation";
                case CACHE_AND_STREAM -> "read cache " + cache.toSeconds() + " s + invalidateFromStream";
            };
        }
    }

    /** What the reading instance saw after the writing instance's updates. */
    record Staleness(long reads, long stale, Duration longest, long requests, long millis) {}

    /**
     * For each of {@link #followUpUpdates()} users: instance A stores a value, instance B reads it (into its near
     * cache, when it has one), A stores a new value at once ({@code flush}), and B reads the user every
     * {@code readEvery} for a cache lifetime. Counts B's reads that returned the replaced value, and how long after
     * the write B first returned the new one.
     */
    private Staleness staleness(
            DemoContext context,
            DemoTarget target,
            String table,
            String logTable,
            DynamoDbStreamsAsyncClient streams,
            LongAdder streamRequests,
            Mode mode,
            Duration cache,
            Duration readEvery,
            int[] value) {
        DemoClock clock = target.clock();
        ClockScheduler scheduler = clock.simulated() ? new ClockScheduler(clock) : null;
        boolean stream = mode == Mode.CACHE_AND_STREAM;
        List<PreferenceStore<Preference>> instances = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                PreferenceStore.Builder<Preference> builder = PreferenceStore.builder(SCHEMA)
                        .dynamoDbClient(target.async())
                        .tableName(table)
                        .clock(clock.clock());
                if (mode == Mode.NO_CACHE) {
                    builder.maxStaleness(STALENESS);
                } else {
                    builder.maxStaleness(cache.plus(STALENESS)).readCacheLifetime(cache);
                }
                if (stream) {
                    builder.invalidateFromStream(streams, POLL)
                            .invalidationTable(logTable)
                            .invalidationLease(LEASE);
                }
                if (scheduler != null) {
                    builder.scheduler(scheduler);
                }
                instances.add(builder.build());
            }
            PreferenceStore<Preference> writer = instances.get(0);
            PreferenceStore<Preference> reader = instances.get(1);
            for (PreferenceStore<Preference> instance : instances) {
                instance.verifyTable().join(); // its one DescribeTable, before the count starts
            }
            Poller poller = new Poller(clock, scheduler, stream ? instances : List.of());
            poller.awaitReady();

            int readsPerUpdate = (int) (cache.toNanos() / readEvery.toNanos()) + 1;
            clock.restartPacing();
            target.stats().reset();
            streamRequests.reset();
            long t0 = System.nanoTime();
            long reads = 0;
            long stale = 0;
            Duration longest = Duration.ZERO;
            try (Progress progress =
                    context.progress("B reading, " + mode.label(cache), (long) readsPerUpdate * followUpUpdates())) {
                for (int update = 0; update < followUpUpdates(); update++) {
                    // a user of its own per update and mode: B's copy is always as old as A's change
                    String user = "user-" + (1_000 + 10 * mode.ordinal() + update);
                    writer.put(new Preference(user, "light", ++value[0]));
                    writer.flush().join();
                    reader.get(user).join(); // B has the current value in its near cache
                    int written = ++value[0];
                    writer.put(new Preference(user, "dark", written));
                    writer.flush().join();
                    Instant stored = clock.now();
                    Instant fresh = null;
                    for (int r = 0; r < readsPerUpdate; r++) {
                        if (r > 0) {
                            poller.advance(readEvery);
                        }
                        Optional<Preference> seen = reader.get(user).join();
                        reads++;
                        boolean current =
                                seen.map(p -> p.getFontSize() == written).orElse(false);
                        if (current && fresh == null) {
                            fresh = clock.now();
                        } else if (!current) {
                            stale++;
                        }
                        progress.update(reads);
                    }
                    Duration took =
                            fresh == null ? readEvery.multipliedBy(readsPerUpdate) : Duration.between(stored, fresh);
                    longest = longest.compareTo(took) < 0 ? took : longest;
                    poller.advance(readEvery);
                }
            }
            return new Staleness(
                    reads, stale, longest, target.stats().requests() + streamRequests.sum(), millisSince(t0));
        } finally {
            for (int i = instances.size() - 1; i >= 0; i--) {
                instances.get(i).close(); // the lease holder gives its lease up
            }
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        }
    }

    /**
     * Moves time for the follow-up: on the test clock, runs the stores' timers and stream polls that are due and
     * waits until each poll's requests are answered (its next poll is then scheduled); in real time, waits.
     */
    private static final class Poller {
        private final DemoClock clock;
        private final @Nullable ClockScheduler scheduler;
        private final List<PreferenceStore<Preference>> invalidating;

        Poller(DemoClock clock, @Nullable ClockScheduler scheduler, List<PreferenceStore<Preference>> invalidating) {
            this.clock = clock;
            this.scheduler = scheduler;
            this.invalidating = invalidating;
        }

        void advance(Duration step) {
            clock.advance(step);
            if (scheduler == null) {
                return;
            }
            if (invalidating.isEmpty()) {
                scheduler.runDue(); // the stores' window timers
            } else {
                // the polls one after the other, in a fixed order: each sees what the previous one wrote
                scheduler.runDueOneByOne(this::failed, WAIT);
                failure();
            }
        }

        private boolean failed() {
            return invalidating.stream().anyMatch(s -> s.invalidationReady().isCompletedExceptionally());
        }

        private void failure() {
            for (PreferenceStore<Preference> store : invalidating) {
                CompletableFuture<Void> ready = store.invalidationReady();
                if (ready.isCompletedExceptionally()) {
                    ready.join(); // throws the store's TableLayoutException, naming the table
                }
            }
        }

        /** Runs polls until every instance's stream invalidation is ready. */
        void awaitReady() throws RuntimeException {
            if (invalidating.isEmpty()) {
                return;
            }
            CompletableFuture<Void> ready = CompletableFuture.allOf(invalidating.stream()
                    .map(PreferenceStore::invalidationReady)
                    .toArray(CompletableFuture[]::new));
            if (scheduler == null) {
                ready.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
                return;
            }
            ClockScheduler held = scheduler;
            ready.whenComplete((ok, error) -> held.wake());
            for (int polls = 0; !ready.isDone(); polls++) {
                if (polls > 100) {
                    throw new IllegalStateException("stream invalidation not ready after 100 polls");
                }
                advance(POLL);
            }
            ready.join();
        }
    }

    /** A DynamoDB Streams client for the target's endpoint, counting its requests. */
    private static DynamoDbStreamsAsyncClient streamsClient(DemoTarget target, LongAdder requests) {
        DynamoDbServiceClientConfiguration config = target.direct().serviceClientConfiguration();
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                requests.increment();
            }
        };
        DynamoDbStreamsAsyncClientBuilder builder = DynamoDbStreamsAsyncClient.builder()
                .region(config.region())
                .credentialsProvider(config.credentialsProvider())
                .overrideConfiguration(o -> o.addExecutionInterceptor(counter));
        config.endpointOverride().ifPresent(endpoint -> builder.endpointOverride(streamsEndpoint(endpoint)));
        return builder.build();
    }

    /**
     * The Streams endpoint next to a DynamoDB endpoint: {@code streams.dynamodb.<region>...} for the service's
     * {@code dynamodb.<region>...}; DynamoDB Local serves both on one endpoint.
     */
    static URI streamsEndpoint(URI dynamoDb) {
        String host = dynamoDb.getHost();
        if (host == null || !host.startsWith("dynamodb.")) {
            return dynamoDb;
        }
        return URI.create(
                dynamoDb.getScheme() + "://streams." + host + (dynamoDb.getPort() < 0 ? "" : ":" + dynamoDb.getPort()));
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** An entry of the invalidation table (the store writes it; only its keys are mapped, to create the table). */
    static final class LogEntry {
        String table = "";
        Long position = 0L;
    }
}
