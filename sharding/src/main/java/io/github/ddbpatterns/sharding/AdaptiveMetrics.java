package io.github.ddbpatterns.sharding;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Meters of one table's {@link AdaptiveShardController} ({@code ddb.patterns.sharding.adaptive.*}, tag
 * {@code table}): {@code decisions} ({@code direction=raise|lower|retire}, {@code outcome=applied|dry_run|vetoed|
 * lost_race}), {@code reports} (shard-map ADDs sent), {@code throttles.avoided} (write units above one partition's
 * limit that the shards of a hot key took: what one partition would have throttled, estimated per window from each
 * key's rate) and the gauge {@code shards} (current count) of every key with
 * more than one shard, tagged {@code key} with the key's hash unless keys are revealed; the gauge of a key is
 * removed when it is back to one shard, so the tag's cardinality is the number of sharded keys.
 */
final class AdaptiveMetrics {

    private final MeterRegistry registry;
    private final String table;
    private final Counter reports;
    private final Counter avoided;
    private final Map<String, AtomicInteger> shardCounts = new ConcurrentHashMap<>();
    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

    AdaptiveMetrics(MeterRegistry registry, String table) {
        this.registry = registry;
        this.table = table;
        this.reports = Counter.builder("ddb.patterns.sharding.adaptive.reports")
                .tag("table", table)
                .register(registry);
        this.avoided = Counter.builder("ddb.patterns.sharding.adaptive.throttles.avoided")
                .description("write units above one partition's limit taken by a hot key's shards")
                .baseUnit("write units")
                .tag("table", table)
                .register(registry);
    }

    void report() {
        reports.increment();
    }

    void avoided(double writeUnits) {
        avoided.increment(writeUnits);
    }

    void result(ShardDecisionResult result) {
        Counter.builder("ddb.patterns.sharding.adaptive.decisions")
                .tag("table", table)
                .tag("direction", result.decision().direction().name().toLowerCase(Locale.ROOT))
                .tag("outcome", result.outcome().name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    /** Sets the gauge of a key shown as {@code tag}: registered above one shard, removed at one. */
    void shards(String tag, int count) {
        if (count <= 1) {
            AtomicInteger removed = shardCounts.remove(tag);
            Gauge gauge = gauges.remove(tag);
            if (removed != null && gauge != null) {
                registry.remove(gauge);
            }
            return;
        }
        shardCounts
                .computeIfAbsent(tag, t -> {
                    AtomicInteger value = new AtomicInteger(count);
                    gauges.put(
                            t,
                            Gauge.builder("ddb.patterns.sharding.adaptive.shards", value, AtomicInteger::get)
                                    .tag("table", table)
                                    .tag("key", t)
                                    .baseUnit("shards")
                                    .register(registry));
                    return value;
                })
                .set(count);
    }
}
