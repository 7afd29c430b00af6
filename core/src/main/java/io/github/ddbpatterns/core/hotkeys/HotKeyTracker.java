package io.github.ddbpatterns.core.hotkeys;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Approximate top-K partition keys by consumed read and write units over a sliding window, so that hot
 * keys (those nearing DynamoDB's 1,000 WCU/s or 3,000 RCU/s per partition) can be found and sharded.
 *
 * <p>How: the window is {@code slices} time slices of {@code sliceDuration} each (10 x 1 s by default). Each
 * slice keeps one weighted Space-Saving summary of at most {@code capacity} keys per {@link AccessType};
 * {@link #top} merges the slices of the window, adding for a key missing from a full slice that slice's
 * smallest count to both its estimate and its error bound (mergeable summaries). A key's estimate never
 * undercounts it; any key whose true share of the window exceeds {@code total / capacity} is reported.
 * Memory is bounded by {@code slices x 2 x capacity} counters, whatever the number of distinct keys.
 *
 * <p>Cost: {@link #record} reads the clock, takes the current slice's lock and updates a heap of at most
 * {@code capacity} entries (O(log capacity)); it allocates nothing for an already monitored key.
 *
 * <p>Privacy: reports hash keys (SHA-256 prefix, see {@link HotKey#keyHash()}) unless built with
 * {@code revealKeys(true)}.
 *
 * <pre>{@code
 * HotKeyTracker tracker = HotKeyTracker.builder().capacity(100).slices(10).sliceDuration(Duration.ofSeconds(1)).build();
 * tracker.recordWrite("user-42", 1.0);                  // after each write, with the consumed WCU
 * tracker.recordRead("user-42", 0.5);
 * for (HotKey hot : tracker.top(AccessType.WRITE, 5)) {
 *     int shards = ShardCountAdvisor.ofDefaults().recommend(hot);
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class HotKeyTracker {

    private final Clock clock;
    private final int capacity;
    private final long sliceMillis;
    private final int sliceCount;
    private final boolean revealKeys;
    private final KeyHasher hasher;
    private final long createdAtMillis;
    private final Slice[] slices;

    private HotKeyTracker(Builder builder) {
        this.clock = builder.clock;
        this.capacity = builder.capacity;
        this.sliceMillis = builder.sliceDuration.toMillis();
        this.sliceCount = builder.slices;
        this.revealKeys = builder.revealKeys;
        this.hasher = new KeyHasher(builder.hashSalt.getBytes(StandardCharsets.UTF_8));
        this.createdAtMillis = clock.millis();
        this.slices = new Slice[sliceCount];
        for (int i = 0; i < sliceCount; i++) {
            slices[i] = new Slice(capacity);
        }
    }

    /** A tracker with the defaults: capacity 100, 10 slices of 1 s, system UTC clock, hashed keys. */
    public static HotKeyTracker ofDefaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of keys each slice monitors per access type. */
    public int capacity() {
        return capacity;
    }

    /** The window length: slices x slice duration. */
    public Duration window() {
        return Duration.ofMillis(sliceMillis * sliceCount);
    }

    /** The duration of one slice. */
    public Duration sliceDuration() {
        return Duration.ofMillis(sliceMillis);
    }

    /** Whether reports show raw keys instead of their hashes. */
    public boolean revealKeys() {
        return revealKeys;
    }

    /**
     * Records {@code units} capacity units consumed on {@code key}.
     *
     * @throws InvalidInputException if {@code key} or {@code access} is null, or {@code units} is negative
     *     or not finite
     */
    public void record(String key, double units, AccessType access) {
        Checks.notNull("key", key);
        Checks.notNull("access", access);
        if (!(units >= 0) || Double.isInfinite(units)) {
            throw InvalidInputException.of("units", units, "be a finite number >= 0");
        }
        if (units == 0) {
            return;
        }
        long epoch = Math.floorDiv(clock.millis(), sliceMillis);
        Slice slice = slices[(int) Math.floorMod(epoch, (long) sliceCount)];
        synchronized (slice) {
            if (slice.epoch < epoch) {
                slice.reset(epoch);
            }
            // A clock that stepped back lands in a newer slice: counted there rather than lost.
            slice.add(key, units, access);
        }
    }

    /**
     * Records write units (WCU) consumed on {@code key}.
     *
     * @throws InvalidInputException as {@link #record}
     */
    public void recordWrite(String key, double writeUnits) {
        record(key, writeUnits, AccessType.WRITE);
    }

    /**
     * Records read units (RCU) consumed on {@code key}.
     *
     * @throws InvalidInputException as {@link #record}
     */
    public void recordRead(String key, double readUnits) {
        record(key, readUnits, AccessType.READ);
    }

    /**
     * The {@code n} hottest keys of one access type over the window, hottest first.
     *
     * @throws InvalidInputException if {@code access} is null or {@code n} is not positive
     */
    public List<HotKey> top(AccessType access, int n) {
        Checks.notNull("access", access);
        Checks.positive("n", n);
        long now = clock.millis();
        double seconds = coveredMillis(now) / 1000.0;
        List<MergedCount> merged = merge(access, Math.floorDiv(now, sliceMillis));
        merged.sort(Comparator.comparingDouble(MergedCount::count).reversed().thenComparing(MergedCount::key));
        List<HotKey> result = new ArrayList<>(Math.min(n, merged.size()));
        for (int i = 0; i < merged.size() && result.size() < n; i++) {
            MergedCount m = merged.get(i);
            String hash = hasher.hash(m.key());
            result.add(new HotKey(revealKeys ? m.key() : hash, hash, access, m.count() / seconds, m.error() / seconds));
        }
        return List.copyOf(result);
    }

    /**
     * The {@code n} hottest keys for writes and the {@code n} hottest for reads (up to {@code 2n}), each
     * access type hottest first, writes before reads.
     *
     * @throws InvalidInputException if {@code n} is not positive
     */
    public List<HotKey> top(int n) {
        List<HotKey> all = new ArrayList<>(top(AccessType.WRITE, n));
        all.addAll(top(AccessType.READ, n));
        return List.copyOf(all);
    }

    /**
     * All units of {@code access} recorded over the window, per second (exact, not estimated).
     *
     * @throws InvalidInputException if {@code access} is null
     */
    public double totalUnitsPerSecond(AccessType access) {
        Checks.notNull("access", access);
        long now = clock.millis();
        long currentEpoch = Math.floorDiv(now, sliceMillis);
        double total = 0;
        for (Slice slice : slices) {
            synchronized (slice) {
                if (inWindow(slice.epoch, currentEpoch)) {
                    total += slice.totals.get(access);
                }
            }
        }
        return total / (coveredMillis(now) / 1000.0);
    }

    @Override
    public String toString() {
        return "HotKeyTracker[capacity=" + capacity + ", window=" + sliceCount + " x " + sliceMillis + " ms"
                + (revealKeys ? ", raw keys" : "") + "]";
    }

    private List<MergedCount> merge(AccessType access, long currentEpoch) {
        List<List<SpaceSavingSummary.Entry>> perSlice = new ArrayList<>();
        List<Double> bounds = new ArrayList<>();
        for (Slice slice : slices) {
            synchronized (slice) {
                if (inWindow(slice.epoch, currentEpoch)) {
                    SpaceSavingSummary summary = slice.summaries.get(access);
                    if (summary.size() > 0) {
                        perSlice.add(summary.entries());
                        bounds.add(summary.unmonitoredBound());
                    }
                }
            }
        }
        double boundSum = 0;
        for (double bound : bounds) {
            boundSum += bound;
        }
        double allBounds = boundSum;
        // Start every key at the sum of all slices' bounds, then swap in the exact counter where monitored.
        Map<String, double[]> merged = new HashMap<>();
        for (int s = 0; s < perSlice.size(); s++) {
            double bound = bounds.get(s);
            for (SpaceSavingSummary.Entry entry : perSlice.get(s)) {
                double[] acc = merged.computeIfAbsent(entry.key(), k -> new double[] {allBounds, allBounds});
                acc[0] += entry.count() - bound;
                acc[1] += entry.error() - bound;
            }
        }
        List<MergedCount> result = new ArrayList<>(merged.size());
        merged.forEach((key, acc) -> result.add(new MergedCount(key, acc[0], Math.max(0, acc[1]))));
        return result;
    }

    private boolean inWindow(long sliceEpoch, long currentEpoch) {
        return sliceEpoch != Long.MIN_VALUE && sliceEpoch > currentEpoch - sliceCount;
    }

    /** The time the window's data covers: since creation, at least one slice, at most the window. */
    private long coveredMillis(long now) {
        long window = sliceMillis * sliceCount;
        return Math.max(sliceMillis, Math.min(window, now - createdAtMillis));
    }

    private record MergedCount(String key, double count, double error) {}

    private static final class Slice {
        private long epoch = Long.MIN_VALUE;
        private final Map<AccessType, SpaceSavingSummary> summaries = new EnumMap<>(AccessType.class);
        private final Map<AccessType, Double> totals = new EnumMap<>(AccessType.class);

        Slice(int capacity) {
            for (AccessType access : AccessType.values()) {
                summaries.put(access, new SpaceSavingSummary(capacity));
                totals.put(access, 0.0);
            }
        }

        void reset(long newEpoch) {
            epoch = newEpoch;
            for (AccessType access : AccessType.values()) {
                summaries.get(access).clear();
                totals.put(access, 0.0);
            }
        }

        void add(String key, double units, AccessType access) {
            summaries.get(access).add(key, units);
            totals.merge(access, units, Double::sum);
        }
    }

    /** Builds a {@link HotKeyTracker}; each setter validates at once. */
    public static final class Builder {

        private Clock clock = Clock.systemUTC();
        private int capacity = 100;
        private Duration sliceDuration = Duration.ofSeconds(1);
        private int slices = 10;
        private boolean revealKeys;
        private String hashSalt = "";

        private Builder() {}

        /**
         * The clock slices are cut by, the system UTC clock by default.
         *
         * @throws InvalidInputException if null
         */
        public Builder clock(Clock clock) {
            this.clock = Checks.notNull("clock", clock);
            return this;
        }

        /**
         * Keys monitored per slice and access type, 100 by default (1..100,000). Keys whose share of the
         * window exceeds {@code 1 / capacity} of the total are always found.
         *
         * @throws InvalidInputException if out of range
         */
        public Builder capacity(int capacity) {
            this.capacity = Checks.inRange("capacity", capacity, 1, 100_000);
            return this;
        }

        /**
         * The length of one slice, 1 s by default; the window slides by this step.
         *
         * @throws InvalidInputException if null, or not a whole number of milliseconds of at least 1 ms
         */
        public Builder sliceDuration(Duration sliceDuration) {
            Checks.positive("sliceDuration", sliceDuration);
            if (sliceDuration.toMillis() < 1
                    || !Duration.ofMillis(sliceDuration.toMillis()).equals(sliceDuration)) {
                throw InvalidInputException.of(
                        "sliceDuration", sliceDuration, "be a whole number of milliseconds, at least 1 ms");
            }
            this.sliceDuration = sliceDuration;
            return this;
        }

        /**
         * The number of slices in the window, 10 by default (1..3,600).
         *
         * @throws InvalidInputException if out of range
         */
        public Builder slices(int slices) {
            this.slices = Checks.inRange("slices", slices, 1, 3600);
            return this;
        }

        /**
         * Whether reports show raw keys. Off by default: keys may be personal data.
         */
        public Builder revealKeys(boolean revealKeys) {
            this.revealKeys = revealKeys;
            return this;
        }

        /**
         * A secret prepended to keys before hashing, empty by default. Set one when keys are guessable
         * (sequential ids, e-mail addresses), so that a hash cannot be reversed by trying candidates.
         *
         * @throws InvalidInputException if null
         */
        public Builder hashSalt(String hashSalt) {
            this.hashSalt = Checks.notNull("hashSalt", hashSalt);
            return this;
        }

        /** The tracker. */
        public HotKeyTracker build() {
            return new HotKeyTracker(this);
        }
    }
}
