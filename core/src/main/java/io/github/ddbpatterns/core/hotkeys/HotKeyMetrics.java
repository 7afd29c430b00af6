package io.github.ddbpatterns.core.hotkeys;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes a {@link HotKeyTracker} to Micrometer. Always (low cardinality):
 * <ul>
 *   <li>{@code ddb.patterns.hotkeys.rate} tagged {@code access=read|write}, {@code rank=1..topN}: estimated
 *       capacity units per second of the rank-th hottest key (0 when fewer keys were seen);</li>
 *   <li>{@code ddb.patterns.hotkeys.total.rate} tagged {@code access}: all units per second (exact).</li>
 * </ul>
 * Only when asked with {@code tagHashedKeys(true)}: {@code ddb.patterns.hotkeys.key.rate} tagged
 * {@code access} and {@code key=<SHA-256 prefix>} for the current top N, updated by {@link #refresh()}
 * (call it periodically, e.g. once per slice). Raw keys are never tags, even when the tracker reveals them.
 *
 * <pre>{@code
 * HotKeyMetrics.builder(tracker).topN(5).tags(Tags.of("table", "events")).build().bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Each gauge read merges the tracker's window (microseconds for the default sizes).
 */
public final class HotKeyMetrics implements MeterBinder {

    private final HotKeyTracker tracker;
    private final int topN;
    private final boolean tagHashedKeys;
    private final Tags tags;
    private final Map<AccessType, MultiGauge> keyGauges = new EnumMap<>(AccessType.class);

    private HotKeyMetrics(Builder builder) {
        this.tracker = builder.tracker;
        this.topN = builder.topN;
        this.tagHashedKeys = builder.tagHashedKeys;
        this.tags = builder.tags;
    }

    /**
     * Binds rank gauges for the top 5 keys of {@code tracker} to {@code registry}, like micrometer's
     * {@code CaffeineCacheMetrics.monitor}.
     *
     * @throws InvalidInputException if an argument is null
     */
    public static HotKeyMetrics monitor(MeterRegistry registry, HotKeyTracker tracker, Iterable<Tag> tags) {
        Checks.notNull("registry", registry);
        HotKeyMetrics metrics = builder(tracker).tags(tags).build();
        metrics.bindTo(registry);
        return metrics;
    }

    /**
     * A builder for {@code tracker}'s metrics.
     *
     * @throws InvalidInputException if {@code tracker} is null
     */
    public static Builder builder(HotKeyTracker tracker) {
        return new Builder(Checks.notNull("tracker", tracker));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (AccessType access : AccessType.values()) {
            Tags accessTags = tags.and("access", access.tagValue());
            for (int rank = 1; rank <= topN; rank++) {
                int index = rank - 1;
                Gauge.builder("ddb.patterns.hotkeys.rate", () -> rateAtRank(access, index))
                        .tags(accessTags.and("rank", Integer.toString(rank)))
                        .description("Estimated capacity units per second of the rank-th hottest partition key")
                        .strongReference(true)
                        .register(registry);
            }
            Gauge.builder("ddb.patterns.hotkeys.total.rate", () -> tracker.totalUnitsPerSecond(access))
                    .tags(accessTags)
                    .description("Capacity units per second recorded over the hot-key window, all keys")
                    .strongReference(true)
                    .register(registry);
            if (tagHashedKeys) {
                synchronized (keyGauges) {
                    keyGauges.put(
                            access,
                            MultiGauge.builder("ddb.patterns.hotkeys.key.rate")
                                    .tags(accessTags)
                                    .description("Estimated capacity units per second of a hot partition key (hashed)")
                                    .register(registry));
                }
            }
        }
        refresh();
    }

    /**
     * Re-reads the tracker's top keys into the per-key gauges (a no-op unless {@code tagHashedKeys(true)}).
     * Keys that left the top N are removed.
     */
    public void refresh() {
        synchronized (keyGauges) {
            for (Map.Entry<AccessType, MultiGauge> entry : keyGauges.entrySet()) {
                List<MultiGauge.Row<?>> rows = new ArrayList<>();
                for (HotKey hot : tracker.top(entry.getKey(), topN)) {
                    rows.add(MultiGauge.Row.of(Tags.of("key", hot.keyHash()), hot.unitsPerSecond()));
                }
                entry.getValue().register(rows, true);
            }
        }
    }

    private double rateAtRank(AccessType access, int index) {
        List<HotKey> top = tracker.top(access, index + 1);
        return top.size() > index ? top.get(index).unitsPerSecond() : 0.0;
    }

    /** Builds {@link HotKeyMetrics}; each setter validates at once. */
    public static final class Builder {

        private final HotKeyTracker tracker;
        private int topN = 5;
        private boolean tagHashedKeys;
        private Tags tags = Tags.empty();

        private Builder(HotKeyTracker tracker) {
            this.tracker = tracker;
        }

        /**
         * How many ranks to publish per access type, 5 by default (1..100).
         *
         * @throws InvalidInputException if out of range
         */
        public Builder topN(int topN) {
            this.topN = Checks.inRange("topN", topN, 1, 100);
            return this;
        }

        /**
         * Also publish one gauge per hot key tagged with its hash (off by default: each distinct hot key
         * becomes a time series).
         */
        public Builder tagHashedKeys(boolean tagHashedKeys) {
            this.tagHashedKeys = tagHashedKeys;
            return this;
        }

        /**
         * Extra tags on every meter, e.g. {@code table}.
         *
         * @throws InvalidInputException if null
         */
        public Builder tags(Iterable<Tag> tags) {
            this.tags = Tags.of(Checks.notNull("tags", tags));
            return this;
        }

        /** The binder; call {@link HotKeyMetrics#bindTo(MeterRegistry)}. */
        public HotKeyMetrics build() {
            return new HotKeyMetrics(this);
        }
    }
}
