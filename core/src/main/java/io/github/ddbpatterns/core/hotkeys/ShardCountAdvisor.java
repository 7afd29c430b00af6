package io.github.ddbpatterns.core.hotkeys;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.capacity.CapacityUnits;
import io.github.ddbpatterns.core.capacity.ReadConsistency;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;

/**
 * Turns a rate into a shard count from DynamoDB's per-partition limits (1,000 WCU/s and 3,000 RCU/s in
 * provisioned and on-demand mode, configurable) and a target utilisation (0.8 by default, headroom for
 * bursts and uneven shards):
 * {@code shards = max(ceil(WCU/s / (1000 x 0.8)), ceil(RCU/s / (3000 x 0.8)))}, clamped to
 * {@code 1 .. maxShards} (at most {@value ShardKeyCodec#MAX_SHARDS}).
 *
 * <pre>{@code
 * ShardCountAdvisor advisor = ShardCountAdvisor.ofDefaults();
 * advisor.recommend(5_000, 1_024, 0, 0);     // 5,000 WCU/s / 800 = 6.25 -> 7 shards
 * advisor.recommend(hotKey);                 // from a HotKeyTracker report
 * }</pre>
 *
 * <p>Reads: the read term assumes reads spread over the shards (point reads of a calculated shard). A
 * fan-out read of a whole logical key queries every shard, so sharding does not lower its per-shard read
 * rate: size such keys by writes. Immutable and thread-safe.
 */
public final class ShardCountAdvisor {

    private static final double EPSILON = 1e-9;
    private static final ShardCountAdvisor DEFAULTS = builder().build();

    private final double writeUnitsPerPartition;
    private final double readUnitsPerPartition;
    private final double targetUtilisation;
    private final ReadConsistency readConsistency;
    private final int maxShards;

    private ShardCountAdvisor(Builder builder) {
        this.writeUnitsPerPartition = builder.writeUnitsPerPartition;
        this.readUnitsPerPartition = builder.readUnitsPerPartition;
        this.targetUtilisation = builder.targetUtilisation;
        this.readConsistency = builder.readConsistency;
        this.maxShards = builder.maxShards;
    }

    /** 1,000 WCU/s and 3,000 RCU/s per partition, 0.8 target utilisation, strongly consistent reads, 1,000 shards max. */
    public static ShardCountAdvisor ofDefaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this advisor's settings. */
    public Builder toBuilder() {
        return new Builder()
                .writeUnitsPerPartition(writeUnitsPerPartition)
                .readUnitsPerPartition(readUnitsPerPartition)
                .targetUtilisation(targetUtilisation)
                .readConsistency(readConsistency)
                .maxShards(maxShards);
    }

    /** Write units per second one partition sustains. */
    public double writeUnitsPerPartition() {
        return writeUnitsPerPartition;
    }

    /** Read units per second one partition sustains. */
    public double readUnitsPerPartition() {
        return readUnitsPerPartition;
    }

    /** The share of a partition's limit each shard is planned to use. */
    public double targetUtilisation() {
        return targetUtilisation;
    }

    /** How reads given in bytes are costed. */
    public ReadConsistency readConsistency() {
        return readConsistency;
    }

    /** The largest count recommended. */
    public int maxShards() {
        return maxShards;
    }

    /**
     * Shards for a rate of requests: {@code writesPerSecond} writes of {@code itemBytes} (one WCU per
     * started KB) and {@code readsPerSecond} single-item reads of {@code readBytes}.
     *
     * @throws InvalidInputException if a rate or size is negative or not finite
     */
    public int recommend(double writesPerSecond, long itemBytes, double readsPerSecond, long readBytes) {
        checkRate("writesPerSecond", writesPerSecond);
        checkRate("readsPerSecond", readsPerSecond);
        double writeUnits = writesPerSecond == 0 ? 0 : writesPerSecond * CapacityUnits.writeUnits(itemBytes);
        double readUnits =
                readsPerSecond == 0 ? 0 : readsPerSecond * CapacityUnits.readUnits(readBytes, readConsistency);
        return recommendForUnits(writeUnits, readUnits);
    }

    /**
     * Shards for a rate of capacity units.
     *
     * @throws InvalidInputException if a rate is negative or not finite
     */
    public int recommendForUnits(double writeUnitsPerSecond, double readUnitsPerSecond) {
        checkRate("writeUnitsPerSecond", writeUnitsPerSecond);
        checkRate("readUnitsPerSecond", readUnitsPerSecond);
        double forWrites = Math.ceil(writeUnitsPerSecond / (writeUnitsPerPartition * targetUtilisation) - EPSILON);
        double forReads = Math.ceil(readUnitsPerSecond / (readUnitsPerPartition * targetUtilisation) - EPSILON);
        double shards = Math.max(forWrites, forReads);
        return (int) Math.max(1, Math.min(maxShards, shards));
    }

    /**
     * Shards for a key reported by {@link HotKeyTracker}, from its estimated rate (an upper bound, so the
     * recommendation errs on the safe side).
     *
     * @throws InvalidInputException if {@code hotKey} is null
     */
    public int recommend(HotKey hotKey) {
        Checks.notNull("hotKey", hotKey);
        return hotKey.access() == AccessType.WRITE
                ? recommendForUnits(hotKey.unitsPerSecond(), 0)
                : recommendForUnits(0, hotKey.unitsPerSecond());
    }

    @Override
    public String toString() {
        return "ShardCountAdvisor[" + writeUnitsPerPartition + " WCU/s, " + readUnitsPerPartition
                + " RCU/s per partition, target " + targetUtilisation + ", " + readConsistency + " reads, max "
                + maxShards + "]";
    }

    private static double checkRate(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw InvalidInputException.of(field, value, "be a finite number >= 0");
        }
        return value;
    }

    private static double checkPositive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw InvalidInputException.of(field, value, "be a finite number > 0");
        }
        return value;
    }

    /** Builds a {@link ShardCountAdvisor}; each setter validates at once. */
    public static final class Builder {

        private double writeUnitsPerPartition = 1000;
        private double readUnitsPerPartition = 3000;
        private double targetUtilisation = 0.8;
        private ReadConsistency readConsistency = ReadConsistency.STRONG;
        private int maxShards = ShardKeyCodec.MAX_SHARDS;

        private Builder() {}

        /**
         * Write units per second per partition, 1,000 by default (lower it to test with a throttling proxy).
         *
         * @throws InvalidInputException if not a finite number &gt; 0
         */
        public Builder writeUnitsPerPartition(double units) {
            this.writeUnitsPerPartition = checkPositive("writeUnitsPerPartition", units);
            return this;
        }

        /**
         * Read units per second per partition, 3,000 by default.
         *
         * @throws InvalidInputException if not a finite number &gt; 0
         */
        public Builder readUnitsPerPartition(double units) {
            this.readUnitsPerPartition = checkPositive("readUnitsPerPartition", units);
            return this;
        }

        /**
         * The share of a partition's limit to plan for, 0.8 by default.
         *
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
         * How reads given in bytes are costed, {@link ReadConsistency#STRONG} by default (the safe side).
         *
         * @throws InvalidInputException if null
         */
        public Builder readConsistency(ReadConsistency readConsistency) {
            this.readConsistency = Checks.notNull("readConsistency", readConsistency);
            return this;
        }

        /**
         * The largest count recommended, {@value ShardKeyCodec#MAX_SHARDS} by default.
         *
         * @throws InvalidInputException if not in 1..1000
         */
        public Builder maxShards(int maxShards) {
            this.maxShards = Checks.inRange("maxShards", maxShards, 1, ShardKeyCodec.MAX_SHARDS);
            return this;
        }

        /** The advisor. */
        public ShardCountAdvisor build() {
            return new ShardCountAdvisor(this);
        }
    }
}
