package io.github.ddbpatterns.sharding;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.hotkeys.AccessType;
import io.github.ddbpatterns.core.hotkeys.HotKey;
import io.github.ddbpatterns.core.hotkeys.HotKeyTracker;
import io.github.ddbpatterns.core.hotkeys.ShardCountAdvisor;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The loop of adaptive sharding for one {@link ShardedTable}: the table's writes feed it (the write units of every
 * put and update, batched or not, 1 per delete, and the throttles the table saw); once per {@linkplain AdaptiveSharding#window() window}
 * {@link #evaluate()} adds what this instance saw to each key's {@link TableShardMap} item and decides on the sum
 * of all instances. Obtained from {@link ShardedTable#adaptive()}, or for keys of your own (a global secondary
 * index's sharded partition key values) from {@link #forKeys}; run it with {@link #start()} or call
 * {@link #evaluate()} from your own scheduler (tests call it on a test clock).
 *
 * <p><b>Coordination.</b> Each instance sees only its share of a key's traffic. Per window, for each key it saw
 * at or above {@link AdaptiveSharding#reportThreshold()}, or saw throttled, or knows to be sharded, it sends one
 * UpdateItem to the key's shard-map item that {@code ADD}s its write units and throttles to the attributes of the
 * current window ({@code adaptiveUnits#<window>}, {@code adaptiveThrottles#<window>}, window = epoch millis /
 * window length) and returns the whole item. The key's rate is the larger of the current window's sum so far and
 * the previous window's (complete) sum, divided by the window: an instance that reports first still sees the
 * other instances' previous reports. Throttles seen by any instance count for all. Layout changes are
 * conditional on the item's version, so two instances never apply conflicting layouts; the loser reads and
 * accepts the winner's layout ({@link ShardDecisionResult.Outcome#LOST_RACE}).
 *
 * <p><b>Decision.</b> {@code advised} is the {@link ShardCountAdvisor}'s count for the key's rate at
 * {@link AdaptiveSharding#targetUtilisation()} of {@link AdaptiveSharding#writeUnitsPerPartition()}, at most
 * {@link AdaptiveSharding#maxShards()}. A key is <em>raised</em> at once to {@code advised} when that is more than
 * its current count, or to at least one more shard when it was throttled while its layout was settled (unchanged
 * for the shard map's {@linkplain TableShardMap#raiseDelay() raise delay} plus two windows and a tenth: the two
 * windows read, each reaching a tenth of a window back, then began after every instance wrote with the layout, so
 * no throttle counted comes from an old layout). It is <em>lowered</em> only after every evaluation for a whole {@link AdaptiveSharding#coolDown()}
 * recommended fewer shards, to the largest count recommended during the cool-down (hysteresis: one busy window
 * restarts the cool-down, a rate hovering at a boundary cannot flap faster than once per cool-down), never below 1.
 *
 * <p><b>Retirement.</b> Shards are numbered from 0 whatever the count, so layouts nest: shards {@code 0 .. n-1} of
 * a smaller count are shards of a larger one, and reads always cover every shard of every count still listed
 * ({@link ShardLayout#readWidth()}). Raising therefore needs no move: once settled, a previous count smaller than
 * the current one is retired at once (round-robin or random sharding; with calculated sharding an item's shard
 * depends on the count, so its older copy is found through the previous counts, which are then never retired
 * automatically).
 * Lowering moves no item: the dropped shards {@code current .. readWidth-1} stay covered by reads until a
 * consistent Query of each finds none (items deleted, or expired by TTL), then the wider count is retired. So a
 * lowered key writes to fewer shards at once but reads narrower only when its dropped shards are empty.
 *
 * <p>Thread-safe; {@link #evaluate()} runs once per window (a second call in the same window reports nothing).
 */
public final class AdaptiveShardController implements AutoCloseable {

    private final AdaptiveSharding settings;
    private final TableShardMap shardMap;
    private final Clock clock;
    private final ShardCountAdvisor advisor;
    private final HotKeyTracker units;
    private final HotKeyTracker throttles;
    private final AdaptiveMetrics metrics;
    private final ShardProbe probe;
    private final boolean calculated;
    private final ScheduledExecutorService scheduler;
    private static final int SLICES = 11;

    private final long windowMillis;
    private final long sliceMillis;
    private final long createdAtMillis;
    /** Keys with more than one shard to read, and their metric tags: reported every window whatever their rate. */
    private final Map<String, String> watched = new ConcurrentHashMap<>();

    private final Map<String, CoolDown> coolDowns = new ConcurrentHashMap<>();
    private final AtomicLong lastWindow = new AtomicLong(Long.MIN_VALUE);
    private @Nullable ScheduledFuture<?> task;

    AdaptiveShardController(
            AdaptiveSharding settings,
            TableShardMap shardMap,
            Clock clock,
            MeterRegistry registry,
            String tableName,
            boolean calculated,
            ShardProbe probe,
            ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.shardMap = shardMap;
        this.clock = clock;
        this.advisor = ShardCountAdvisor.builder()
                .writeUnitsPerPartition(settings.writeUnitsPerPartition())
                .targetUtilisation(settings.targetUtilisation())
                .maxShards(settings.maxShards())
                .build();
        this.windowMillis = settings.window().toMillis();
        // 11 slices of a tenth of the window: evaluated at a window's end, the tracker still holds the whole window
        this.sliceMillis = Math.max(1, windowMillis / 10);
        Duration slice = Duration.ofMillis(sliceMillis);
        // raw keys stay inside the controller: metrics and decisions show hashes unless revealKeys
        this.units = HotKeyTracker.builder()
                .clock(clock)
                .capacity(Math.max(100, settings.trackedKeys() * 2))
                .sliceDuration(slice)
                .slices(SLICES)
                .revealKeys(true)
                .build();
        this.throttles = HotKeyTracker.builder()
                .clock(clock)
                .capacity(Math.max(100, settings.trackedKeys() * 2))
                .sliceDuration(slice)
                .slices(SLICES)
                .revealKeys(true)
                .build();
        this.metrics = new AdaptiveMetrics(registry, tableName);
        this.probe = probe;
        this.calculated = calculated;
        this.scheduler = scheduler;
        this.createdAtMillis = clock.millis();
    }

    /**
     * A controller for keys that are not a {@link ShardedTable}'s, for example the sharded partition key values of
     * a global secondary index ({@code IndexShards.adaptive} in {@code ddb-patterns-indexes}): the caller records
     * each write with {@link #recordWrite} (and each throttle with {@link #recordThrottle}), writes to the
     * {@linkplain ShardLayout#current() current} count of the key's layout in {@code shardMap}, and reads every
     * shard below its {@linkplain ShardLayout#readWidth() read width}. Because reads cover every shard below the
     * read width and nothing looks an entry up on the shard of one particular count, a previous count smaller than
     * the current one is retired once the layout is settled, and a lowered count's dropped shards once
     * {@code probe} finds them empty, whatever picks an entry's shard (a hash of another attribute included).
     * Metrics are tagged {@code table=name}; the clock, meter registry and scheduler are the context's.
     *
     * @param settings the adaptive settings
     * @param shardMap where the keys' layouts and every instance's reports are stored; use logical keys that no
     *     other user of the same shard map has (a prefix of your own)
     * @param context the clock, meter registry and scheduler ({@link #start()})
     * @param name the value of the metrics' {@code table} tag
     * @param probe whether the dropped shards of a lowered key hold nothing any more
     * @return the controller, not started
     * @throws InvalidInputException if an argument is null or {@code name} is empty
     */
    public static AdaptiveShardController forKeys(
            AdaptiveSharding settings, TableShardMap shardMap, PatternsContext context, String name, ShardProbe probe) {
        Checks.notNull("settings", settings);
        Checks.notNull("shardMap", shardMap);
        Checks.notNull("context", context);
        Checks.notEmpty("name", name);
        Checks.notNull("probe", probe);
        return new AdaptiveShardController(
                settings,
                shardMap,
                context.clock(),
                context.meterRegistry(),
                name,
                false,
                probe,
                context.resilience().scheduler());
    }

    /** The settings. */
    public AdaptiveSharding settings() {
        return settings;
    }

    /**
     * Records the write units of one write of {@code logicalKey} (offered load: recorded whatever its outcome);
     * {@link #evaluate()} reports them to the shard map.
     *
     * @param logicalKey the key written
     * @param writeUnits the write units of the write, at least 0
     * @throws InvalidInputException if {@code logicalKey} is null or empty, or
     *     {@code writeUnits} is negative
     */
    public void recordWrite(String logicalKey, long writeUnits) {
        Checks.notEmpty("logicalKey", logicalKey);
        if (writeUnits < 0) {
            throw InvalidInputException.of("writeUnits", writeUnits, "be at least 0");
        }
        units.recordWrite(logicalKey, writeUnits);
    }

    /**
     * Records that a write of {@code logicalKey} was throttled: evidence, counted for every instance, that the
     * key needs one more shard once its layout is settled.
     *
     * @param logicalKey the key whose write was throttled
     * @throws InvalidInputException if {@code logicalKey} is null or empty
     */
    public void recordThrottle(String logicalKey) {
        Checks.notEmpty("logicalKey", logicalKey);
        throttles.recordWrite(logicalKey, 1);
    }

    /**
     * Runs {@link #evaluate()} once per window on the context's scheduler until {@link #close()}.
     *
     * @return this controller
     */
    public synchronized AdaptiveShardController start() {
        if (task == null) {
            task = scheduler.scheduleAtFixedRate(
                    () -> evaluate().exceptionally(e -> List.of()), windowMillis, windowMillis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /**
     * Whether the periodic evaluation of {@link #start()} is scheduled: true from {@code start()} until
     * {@link #close()}.
     *
     * @return true while started
     */
    public synchronized boolean isRunning() {
        return task != null;
    }

    /** Stops the periodic evaluation started by {@link #start()}. */
    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    /**
     * One evaluation: reports what this instance saw in the last window to the shard map (one UpdateItem per key
     * considered) and decides on the sums of all instances; does nothing when this window was evaluated already.
     *
     * @return the decisions taken, with what became of them
     */
    public CompletableFuture<List<ShardDecisionResult>> evaluate() {
        long now = clock.millis();
        long window = Math.floorDiv(now, windowMillis);
        long last = lastWindow.get();
        if (last >= window || !lastWindow.compareAndSet(last, window)) {
            return CompletableFuture.completedFuture(List.of());
        }
        // the trackers' rates are over the time they cover: back to counts of the last window (+ up to a tenth)
        double seenSeconds = Math.max(1, Math.min(sliceMillis * SLICES, now - createdAtMillis)) / 1000.0;
        Map<String, Observed> observed = new LinkedHashMap<>();
        for (HotKey hot : units.top(AccessType.WRITE, settings.trackedKeys())) {
            if (hot.unitsPerSecond() >= settings.reportThreshold()) {
                observed.computeIfAbsent(hot.key(), k -> new Observed(tag(hot))).units =
                        Math.round(hot.unitsPerSecond() * seenSeconds);
            }
        }
        for (HotKey throttled : throttles.top(AccessType.WRITE, settings.trackedKeys())) {
            observed.computeIfAbsent(throttled.key(), k -> new Observed(tag(throttled))).throttles =
                    Math.max(1, Math.round(throttled.guaranteedUnitsPerSecond() * seenSeconds));
        }
        watched.forEach((key, tag) -> observed.computeIfAbsent(key, k -> new Observed(tag)));
        List<CompletableFuture<@Nullable ShardDecisionResult>> results = new ArrayList<>(observed.size());
        observed.forEach((key, seen) -> {
            metrics.report();
            results.add(shardMap.report(key, window, seen.units, seen.throttles).thenCompose(load -> {
                countAvoided(key, seen.units, load, now);
                return decide(key, seen.tag, load, now);
            }));
        });
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(v -> results.stream()
                        .map(CompletableFuture::join)
                        .filter(Objects::nonNull)
                        .toList());
    }

    private String tag(HotKey key) {
        return settings.revealKeys() ? key.key() : key.keyHash();
    }

    /**
     * Adds to the {@code throttles.avoided} counter this instance's share of the write units that one partition
     * could not have taken in the window just ended: when the key's writers used more than one shard during the
     * whole window, its units times {@code 1 - limit / rate} (the key's rate from every instance's reports).
     */
    /**
     * A key's write rate from every instance's reports: the larger of this window's sum so far and the previous
     * window's full sum, per second.
     */
    private double rate(KeyLoad load) {
        return Math.max(load.units(), load.previousUnits()) * 1000.0 / windowMillis;
    }

    private void countAvoided(String key, long ownUnits, KeyLoad load, long now) {
        double rate = rate(load);
        if (ownUnits == 0 || rate <= settings.writeUnitsPerPartition()) {
            return;
        }
        if (shardMap.writeCount(key, now - windowMillis) > 1) {
            metrics.avoided(ownUnits * (1 - settings.writeUnitsPerPartition() / rate));
        }
    }

    private CompletableFuture<@Nullable ShardDecisionResult> decide(String key, String tag, KeyLoad load, long now) {
        ShardLayout layout = load.layout();
        metrics.shards(tag, layout.readWidth() > 1 ? layout.current() : 1);
        if (layout.readWidth() > 1) {
            watched.put(key, tag);
        } else {
            watched.remove(key);
        }
        double rate = rate(load);
        long throttleCount = Math.max(load.throttles(), load.previousThrottles());
        // throttles count once every window they may come from began after every instance had the layout
        boolean settled = load.changedAtMillis() == 0
                || now - load.changedAtMillis() >= shardMap.raiseDelay().toMillis() + 2 * windowMillis + sliceMillis;
        boolean throttled = settled && throttleCount > 0;
        int current = layout.current();
        int advised = advisor.recommendForUnits(rate, 0);
        ShardDecision.Direction direction = null;
        ShardDecision.Reason reason = null;
        int target = current;
        if (advised > current || (throttled && current < settings.maxShards())) {
            coolDowns.remove(key);
            direction = ShardDecision.Direction.RAISE;
            reason = advised > current ? ShardDecision.Reason.OVER_TARGET : ShardDecision.Reason.THROTTLED;
            target = Math.max(advised, throttled ? Math.min(settings.maxShards(), current + 1) : advised);
        } else if (advised < current) {
            CoolDown coolDown = coolDowns.compute(
                    key,
                    (k, old) -> old == null || old.version() != load.version()
                            ? new CoolDown(now, advised, load.version())
                            : new CoolDown(old.sinceMillis(), Math.max(old.maxAdvised(), advised), old.version()));
            if (settled && now - coolDown.sinceMillis() >= settings.coolDown().toMillis()) {
                direction = ShardDecision.Direction.LOWER;
                reason = ShardDecision.Reason.COOLED;
                target = coolDown.maxAdvised();
            }
        } else {
            coolDowns.remove(key);
        }
        if (direction != null) {
            return apply(
                    decision(key, tag, direction, reason, current, target, rate, throttleCount, load, now), layout);
        }
        if (!settled || layout.previous().isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        int widest = layout.readWidth();
        boolean smallerOnly = widest == current;
        if (smallerOnly) {
            if (calculated) {
                return CompletableFuture.completedFuture(null);
            }
            return apply(
                    decision(
                            key,
                            tag,
                            ShardDecision.Direction.RETIRE,
                            ShardDecision.Reason.NESTED,
                            current,
                            current,
                            rate,
                            throttleCount,
                            load,
                            now),
                    layout);
        }
        if (calculated && layout.previous().stream().anyMatch(c -> c < current)) {
            return CompletableFuture.completedFuture(null);
        }
        return probe.empty(key, current, widest)
                .thenCompose(empty -> empty
                        ? apply(
                                decision(
                                        key,
                                        tag,
                                        ShardDecision.Direction.RETIRE,
                                        ShardDecision.Reason.DRAINED,
                                        current,
                                        current,
                                        rate,
                                        throttleCount,
                                        load,
                                        now),
                                layout)
                        : CompletableFuture.completedFuture(null));
    }

    private ShardDecision decision(
            String key,
            String tag,
            ShardDecision.Direction direction,
            ShardDecision.Reason reason,
            int from,
            int to,
            double rate,
            long throttleCount,
            KeyLoad load,
            long now) {
        return new ShardDecision(
                key, tag, direction, reason, from, to, rate, throttleCount, load.version(), Instant.ofEpochMilli(now));
    }

    private CompletableFuture<@Nullable ShardDecisionResult> apply(ShardDecision decision, ShardLayout before) {
        ShardDecisionListener listener = settings.listener();
        if (settings.dryRun()) {
            listener.onDecision(decision);
            return CompletableFuture.completedFuture(
                    finish(decision, ShardDecisionResult.Outcome.DRY_RUN, before, false));
        }
        if (!listener.onDecision(decision)) {
            return CompletableFuture.completedFuture(
                    finish(decision, ShardDecisionResult.Outcome.VETOED, before, false));
        }
        String key = decision.logicalKey();
        CompletableFuture<ShardLayout> change = decision.direction() == ShardDecision.Direction.RETIRE
                ? shardMap.retire(key, decision.version())
                : shardMap.reshard(key, decision.toShards(), decision.version());
        return change.handle((layout, e) -> {
                    if (e == null) {
                        return CompletableFuture.completedFuture(
                                finish(decision, ShardDecisionResult.Outcome.APPLIED, layout, true));
                    }
                    Throwable cause = DynamoDbErrors.unwrap(e);
                    if (cause instanceof ShardMapConflictException) {
                        return shardMap.storedLayout(key)
                                .thenApply(winner ->
                                        finish(decision, ShardDecisionResult.Outcome.LOST_RACE, winner, true));
                    }
                    return CompletableFuture.<@Nullable ShardDecisionResult>failedFuture(
                            new CompletionException(cause));
                })
                .thenCompose(f -> f);
    }

    private ShardDecisionResult finish(
            ShardDecision decision, ShardDecisionResult.Outcome outcome, ShardLayout now, boolean changed) {
        ShardDecisionResult result = new ShardDecisionResult(decision, outcome, now);
        coolDowns.remove(decision.logicalKey());
        if (changed) {
            metrics.shards(decision.keyTag(), now.readWidth() > 1 ? now.current() : 1);
            if (now.readWidth() > 1) {
                watched.put(decision.logicalKey(), decision.keyTag());
            } else {
                watched.remove(decision.logicalKey());
            }
        }
        metrics.result(result);
        settings.listener().onResult(result);
        return result;
    }

    @Override
    public String toString() {
        return "AdaptiveShardController[" + shardMap + ", " + settings + "]";
    }

    /** What this instance saw of one key in the last window, and the key's metric tag. */
    private static final class Observed {
        private final String tag;
        private long units;
        private long throttles;

        Observed(String tag) {
            this.tag = tag;
        }
    }

    /** A key recommended fewer shards since {@code sinceMillis} (on one version of its layout). */
    private record CoolDown(long sinceMillis, int maxAdvised, long version) {}
}
