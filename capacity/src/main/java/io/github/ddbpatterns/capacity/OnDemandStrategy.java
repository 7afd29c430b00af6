package io.github.ddbpatterns.capacity;

import io.github.ddbpatterns.core.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * On-demand billing: pay per request unit consumed. The table serves at once up to the larger of its warm
 * throughput and {@link ServiceRules#onDemandPeakMultiplier() 2x} the highest rate it served at least
 * {@link ServiceRules#onDemandPeakWindow() 30 minutes} ago, within the per-table quota; above that it throttles
 * (the modelled reading of "more than double the previous peak within 30 minutes may throttle"). Reads and
 * writes are tracked separately.
 */
public final class OnDemandStrategy extends Strategy {

    private final @Nullable String name;
    private final double warmWriteUnits; // NaN: the rules' new-table value
    private final double warmReadUnits;

    OnDemandStrategy(@Nullable String name, double warmWriteUnits, double warmReadUnits) {
        this.name = name;
        this.warmWriteUnits = warmWriteUnits;
        this.warmReadUnits = warmReadUnits;
    }

    /**
     * A copy whose table was pre-warmed (warm throughput raised ahead of time) or has served these rates before.
     *
     * @param writeUnits write request units per second served at once, &gt; 0
     * @param readUnits read request units per second served at once, &gt; 0
     * @return the copy
     * @throws InvalidInputException if a value is not positive
     */
    public OnDemandStrategy prewarmed(double writeUnits, double readUnits) {
        return new OnDemandStrategy(name, capacity("warmWriteUnits", writeUnits), capacity("warmReadUnits", readUnits));
    }

    /**
     * A copy with another name.
     *
     * @param newName the label
     * @return the copy
     * @throws InvalidInputException if blank
     */
    public OnDemandStrategy named(String newName) {
        return new OnDemandStrategy(checkName(newName), warmWriteUnits, warmReadUnits);
    }

    @Override
    public String name() {
        if (name != null) {
            return name;
        }
        return Double.isNaN(warmWriteUnits)
                ? "on-demand (new table)"
                : "on-demand (pre-warmed " + units(warmWriteUnits) + " WRU/s)";
    }

    @Override
    StrategyResult simulate(TrafficProfile profile, ServiceRules rules) {
        int window = (int) rules.onDemandPeakWindow().toSeconds();
        PeakLimit writes = new PeakLimit(
                Double.isNaN(warmWriteUnits) ? rules.onDemandWarmWriteUnits() : warmWriteUnits,
                rules.onDemandPeakMultiplier(),
                rules.onDemandTableMaxWriteUnits(),
                window);
        PeakLimit reads = new PeakLimit(
                Double.isNaN(warmReadUnits) ? rules.onDemandWarmReadUnits() : warmReadUnits,
                rules.onDemandPeakMultiplier(),
                rules.onDemandTableMaxReadUnits(),
                window);
        Recorder recorder = new Recorder(profile, rules);
        PartitionLimits partitions = recorder.partitions();
        for (int t = 0; t < profile.seconds(); t++) {
            double writeLimit = writes.limit(t);
            double readLimit = reads.limit(t);
            double w = profile.writeUnits(t);
            double r = profile.readUnits(t);
            double pw = partitions.refusedWriteUnits(w);
            double pr = partitions.refusedReadUnits(r);
            double servedW = Math.min(w - pw, writeLimit);
            double servedR = Math.min(r - pr, readLimit);
            writes.served(t, servedW);
            reads.served(t, servedR);
            recorder.second(t, writeLimit, readLimit, servedW, servedR, w - servedW, r - servedR, pw, pr);
        }
        double cost = rules.prices().onDemandCost(recorder.servedWriteUnits(), recorder.servedReadUnits());
        return recorder.finish(this, cost, rules, null, null);
    }

    @Override
    String throttlingCause(StrategyResult result, ServiceRules rules) {
        return "because traffic rose above " + trim(rules.onDemandPeakMultiplier())
                + "x the previous peak (or the new table's warm throughput) within "
                + rules.onDemandPeakWindow().toMinutes() + " minutes";
    }

    static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw InvalidInputException.of("name", name, "be a non-blank label");
        }
        return name;
    }

    /** Instant limit of one on-demand dimension. */
    private static final class PeakLimit {
        private final double warm;
        private final double multiplier;
        private final double tableMax;
        private final double[] ring; // served units of the last `window` seconds
        private double oldPeak; // highest served at least `window` seconds ago

        PeakLimit(double warm, double multiplier, double tableMax, int window) {
            this.warm = warm;
            this.multiplier = multiplier;
            this.tableMax = tableMax;
            this.ring = new double[window];
        }

        double limit(int t) {
            int slot = t % ring.length;
            oldPeak = Math.max(oldPeak, ring[slot]); // served at t - window
            ring[slot] = 0;
            return Math.min(tableMax, Math.max(warm, multiplier * oldPeak));
        }

        void served(int t, double units) {
            ring[t % ring.length] = units;
        }
    }
}
