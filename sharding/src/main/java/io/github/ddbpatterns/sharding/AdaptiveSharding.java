package io.github.ddbpatterns.sharding;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import java.time.Duration;

/**
 * Settings of adaptive sharding ({@link AdaptiveShardController}): every logical key gets the shards its write
 * rate needs, decided from the write units and throttles that all instances add to the key's
 * {@link TableShardMap} item, raised at once when over target or throttled and lowered only after a cool-down.
 * Immutable; every setter of the builder validates at once, so bad settings fail before any request.
 *
 * <pre>{@code
 * AdaptiveSharding adaptive = AdaptiveSharding.builder()
 *         .targetUtilisation(0.8)                 // plan each shard at 80 % of a partition's 1,000 WCU/s
 *         .coolDown(Duration.ofMinutes(5))        // lower only after 5 minutes of recommending fewer shards
 *         .maxShards(100)
 *         .build();
 * }</pre>
 *
 * @see ShardedTable.Builder#adaptive(AdaptiveSharding)
 */
public final class AdaptiveSharding {

    /** Default evaluation window. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    /** Default cool-down. */
    public static final Duration DEFAULT_COOL_DOWN = Duration.ofMinutes(5);
    /** Default largest shard count. */
    public static final int DEFAULT_MAX_SHARDS = 100;

    private static final AdaptiveSharding DEFAULTS = builder().build();

    private final double targetUtilisation;
    private final double writeUnitsPerPartition;
    private final Duration coolDown;
    private final int maxShards;
    private final Duration window;
    private final boolean dryRun;
    private final ShardDecisionListener listener;
    private final double reportThreshold;
    private final int trackedKeys;
    private final boolean revealKeys;

    private AdaptiveSharding(Builder b) {
        this.targetUtilisation = b.targetUtilisation;
        this.writeUnitsPerPartition = b.writeUnitsPerPartition;
        this.coolDown = b.coolDown;
        this.maxShards = b.maxShards;
        this.window = b.window;
        this.dryRun = b.dryRun;
        this.listener = b.listener;
        this.reportThreshold =
                b.reportThreshold >= 0 ? b.reportThreshold : 0.1 * writeUnitsPerPartition * targetUtilisation;
        this.trackedKeys = b.trackedKeys;
        this.revealKeys = b.revealKeys;
    }

    /** The defaults: target 0.8 of 1,000 WCU/s, cool-down 5 min, at most 100 shards, 10 s windows, applied. */
    public static AdaptiveSharding ofDefaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.targetUtilisation = targetUtilisation;
        b.writeUnitsPerPartition = writeUnitsPerPartition;
        b.coolDown = coolDown;
        b.maxShards = maxShards;
        b.window = window;
        b.dryRun = dryRun;
        b.listener = listener;
        b.reportThreshold = reportThreshold;
        b.trackedKeys = trackedKeys;
        b.revealKeys = revealKeys;
        return b;
    }

    /** The share of a partition's write limit each shard is planned to use, in (0, 1]. */
    public double targetUtilisation() {
        return targetUtilisation;
    }

    /** Write units per second one partition sustains (1,000 on DynamoDB). */
    public double writeUnitsPerPartition() {
        return writeUnitsPerPartition;
    }

    /** How long every evaluation must recommend fewer shards before a key is lowered. */
    public Duration coolDown() {
        return coolDown;
    }

    /** The largest shard count a key is raised to. */
    public int maxShards() {
        return maxShards;
    }

    /** The evaluation window: instances report and decide once per window. */
    public Duration window() {
        return window;
    }

    /** Whether decisions are only reported (to the listener and metrics), never applied. */
    public boolean dryRun() {
        return dryRun;
    }

    /** The listener told of every decision, which may veto it. */
    public ShardDecisionListener listener() {
        return listener;
    }

    /**
     * The write units per second one instance must see on a key before it reports the key (default a tenth of
     * the per-shard target): keys sharded already are reported whatever their rate.
     */
    public double reportThreshold() {
        return reportThreshold;
    }

    /** How many of its hottest keys an instance considers per window. */
    public int trackedKeys() {
        return trackedKeys;
    }

    /** Whether metric tags show raw logical keys instead of their hashes. */
    public boolean revealKeys() {
        return revealKeys;
    }

    @Override
    public String toString() {
        return "AdaptiveSharding[target " + targetUtilisation + " of " + writeUnitsPerPartition + " WCU/s, cool-down "
                + coolDown + ", max " + maxShards + " shards, window " + window + (dryRun ? ", dry run" : "") + "]";
    }

    /** Builds {@link AdaptiveSharding}; each setter validates at once and names the field and value. */
    public static final class Builder {
        private double targetUtilisation = 0.8;
        private double writeUnitsPerPartition = 1000;
        private Duration coolDown = DEFAULT_COOL_DOWN;
        private int maxShards = DEFAULT_MAX_SHARDS;
        private Duration window = DEFAULT_WINDOW;
        private boolean dryRun;
        private ShardDecisionListener listener = ShardDecisionListener.ALLOW_ALL;
        private double reportThreshold = -1;
        private int trackedKeys = 20;
        private boolean revealKeys;

        private Builder() {}

        /**
         * The share of a partition's write limit each shard is planned to use, 0.8 by default (headroom for bursts
         * and uneven shards).
         *
         * @param targetUtilisation the share
         * @return this builder
         * @throws InvalidInputException if not in (0, 1]
         */
        public Builder targetUtilisation(double targetUtilisation) {
            if (!(targetUtilisation > 0 && targetUtilisation <= 1)) {
                throw InvalidInputException.of("targetUtilisation", targetUtilisation, "be in (0, 1]");
            }
            this.targetUtilisation = targetUtilisation;
            return this;
        }

        /**
         * Write units per second one partition sustains, 1,000 by default (lower it to test at a throttling
         * proxy's scale).
         *
         * @param units the limit
         * @return this builder
         * @throws InvalidInputException if not a finite number &gt; 0
         */
        public Builder writeUnitsPerPartition(double units) {
            if (!(units > 0) || Double.isInfinite(units)) {
                throw InvalidInputException.of("writeUnitsPerPartition", units, "be a finite number > 0");
            }
            this.writeUnitsPerPartition = units;
            return this;
        }

        /**
         * How long every evaluation must recommend fewer shards before a key is lowered, 5 minutes by default.
         *
         * @param coolDown the cool-down
         * @return this builder
         * @throws InvalidInputException if null, zero or negative
         */
        public Builder coolDown(Duration coolDown) {
            this.coolDown = Checks.positive("coolDown", coolDown);
            return this;
        }

        /**
         * The largest shard count a key is raised to, 100 by default: a read of a
         * key fans out over this many Queries at most.
         *
         * @param maxShards the count
         * @return this builder
         * @throws InvalidInputException if not in {@code 1 .. ShardKeyCodec.MAX_SHARDS}
         */
        public Builder maxShards(int maxShards) {
            this.maxShards = Checks.inRange("maxShards", maxShards, 1, ShardKeyCodec.MAX_SHARDS);
            return this;
        }

        /**
         * The evaluation window, 10 s by default: each instance reports what it saw and decides once per window;
         * every instance must use the same window (window attributes are stamped with its number since the epoch).
         *
         * @param window the window
         * @return this builder
         * @throws InvalidInputException if not a whole number of milliseconds of at least 100 ms
         */
        public Builder window(Duration window) {
            Checks.positive("window", window);
            if (window.toMillis() < 100 || !Duration.ofMillis(window.toMillis()).equals(window)) {
                throw InvalidInputException.of("window", window, "be a whole number of milliseconds, at least 100 ms");
            }
            this.window = window;
            return this;
        }

        /**
         * Whether decisions are only reported (listener, metrics, {@link AdaptiveShardController#evaluate()}),
         * never applied; off by default.
         *
         * @param dryRun true to only recommend
         * @return this builder
         */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /**
         * The listener told of every decision before it is applied, which may veto it.
         *
         * @param listener the listener
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder listener(ShardDecisionListener listener) {
            this.listener = Checks.notNull("listener", listener);
            return this;
        }

        /**
         * The write units per second one instance must see on a key before it reports the key, a tenth of the
         * per-shard target by default. With N instances sharing a key's traffic evenly, keep it below
         * {@code target / N} so that the shares add up.
         *
         * @param unitsPerSecond the threshold
         * @return this builder
         * @throws InvalidInputException if negative or not finite
         */
        public Builder reportThreshold(double unitsPerSecond) {
            if (!(unitsPerSecond >= 0) || Double.isInfinite(unitsPerSecond)) {
                throw InvalidInputException.of("reportThreshold", unitsPerSecond, "be a finite number >= 0");
            }
            this.reportThreshold = unitsPerSecond;
            return this;
        }

        /**
         * How many of its hottest keys an instance considers per window, 20 by default.
         *
         * @param trackedKeys the number
         * @return this builder
         * @throws InvalidInputException if not in 1..10,000
         */
        public Builder trackedKeys(int trackedKeys) {
            this.trackedKeys = Checks.inRange("trackedKeys", trackedKeys, 1, 10_000);
            return this;
        }

        /**
         * Whether metric tags show raw logical keys; off by default (keys may be personal data), tags hold the
         * key's hash.
         *
         * @param revealKeys true to tag with raw keys
         * @return this builder
         */
        public Builder revealKeys(boolean revealKeys) {
            this.revealKeys = revealKeys;
            return this;
        }

        /**
         * The settings.
         *
         * @return the settings
         */
        public AdaptiveSharding build() {
            return new AdaptiveSharding(this);
        }
    }
}
