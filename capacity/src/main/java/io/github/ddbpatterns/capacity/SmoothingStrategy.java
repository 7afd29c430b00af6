package io.github.ddbpatterns.capacity;

import io.github.ddbpatterns.core.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * Provisioned capacity at a fixed level with client-side write smoothing: writes enter a bounded FIFO queue
 * and are sent at most at {@link #paceWriteUnits()} units per second; a write the table refuses stays at the
 * head of the queue; a write arriving when the queue is full is rejected. A hot key's share of what is sent above its
 * partition's limit ({@link TrafficProfile#keyShares()}) is refused and stays queued, the queue taken to hold the
 * profile's mix of keys. Reads are not queued. Reports the
 * queue depth and the delay writes spent queued (to the second).
 */
public final class SmoothingStrategy extends Strategy {

    /** Queue bound used unless {@link #maxQueuedWrites(long)} sets another: one million writes. */
    public static final long DEFAULT_MAX_QUEUED_WRITES = 1_000_000;

    private final @Nullable String name;
    private final double wcu;
    private final double rcu;
    private final double paceWriteUnits;
    private final long maxQueuedWrites;

    SmoothingStrategy(@Nullable String name, double wcu, double rcu, double pace, long maxQueuedWrites) {
        this.name = name;
        this.wcu = capacity("wcu", wcu);
        this.rcu = capacity("rcu", rcu);
        this.paceWriteUnits = capacity("paceWriteUnits", pace);
        if (maxQueuedWrites <= 0) {
            throw InvalidInputException.of("maxQueuedWrites", maxQueuedWrites, "be positive");
        }
        this.maxQueuedWrites = maxQueuedWrites;
    }

    /**
     * A copy sending at most {@code units} write units per second (the provisioned WCU by default).
     *
     * @param units write units per second, &gt; 0
     * @return the copy
     * @throws InvalidInputException if not positive
     */
    public SmoothingStrategy pace(double units) {
        return new SmoothingStrategy(name, wcu, rcu, units, maxQueuedWrites);
    }

    /**
     * A copy with another queue bound.
     *
     * @param writes most writes queued, &gt; 0
     * @return the copy
     * @throws InvalidInputException if not positive
     */
    public SmoothingStrategy maxQueuedWrites(long writes) {
        return new SmoothingStrategy(name, wcu, rcu, paceWriteUnits, writes);
    }

    /**
     * A copy with another name.
     *
     * @param newName the label
     * @return the copy
     * @throws InvalidInputException if blank
     */
    public SmoothingStrategy named(String newName) {
        return new SmoothingStrategy(OnDemandStrategy.checkName(newName), wcu, rcu, paceWriteUnits, maxQueuedWrites);
    }

    /**
     * The pace of the queue.
     *
     * @return write units per second
     */
    public double paceWriteUnits() {
        return paceWriteUnits;
    }

    @Override
    public String name() {
        return name != null ? name : "smoothed at " + units(paceWriteUnits) + " WCU";
    }

    @Override
    StrategyResult simulate(TrafficProfile profile, ServiceRules rules) {
        int n = profile.seconds();
        CohortQueue queue = new CohortQueue();
        float[] depth = new float[n];
        double maxDepth = 0;
        double rejected = 0;
        int window = (int) rules.burstWindow().toSeconds();
        BurstBucket writeBurst = new BurstBucket(window, wcu);
        BurstBucket readBurst = new BurstBucket(window, rcu);
        Recorder recorder = new Recorder(profile, rules);
        PartitionLimits partitions = recorder.partitions();
        for (int t = 0; t < n; t++) {
            double arriving = profile.writes(t);
            double accepted = Math.min(arriving, maxQueuedWrites - queue.writes());
            rejected += arriving - accepted;
            if (accepted > 0) {
                queue.add(t, accepted, profile.writeUnitsPerRequest(t));
            }
            double sent = Math.min(queue.units(), paceWriteUnits);
            // a hot key's share of what is sent (the queue taken to hold the profile's mix) above its partition's
            // limit is refused and stays queued
            double pw = partitions.refusedWriteUnits(sent);
            double servedW = writeBurst.serve(sent - pw, wcu);
            queue.take(t, servedW);
            depth[t] = (float) queue.writes();
            maxDepth = Math.max(maxDepth, queue.writes());
            double r = profile.readUnits(t);
            double pr = partitions.refusedReadUnits(r);
            double servedR = readBurst.serve(r - pr, rcu);
            // a refused write stays queued: count it as throttled at this second's write size
            recorder.second(t, wcu, rcu, servedW, servedR, sent - servedW, r - servedR, pw, pr);
        }
        QueueStats stats = new QueueStats(
                maxDepth,
                queue.delayPercentile(0.50),
                queue.delayPercentile(0.99),
                queue.delayPercentile(1.0),
                rejected,
                queue.writes());
        return recorder.finish(
                this, ProvisionedStrategy.provisionedCost(recorder, profile, rules), rules, stats, depth);
    }

    @Override
    String throttlingCause(StrategyResult result, ServiceRules rules) {
        QueueStats queue = result.queue().orElseThrow();
        if (queue.rejectedWrites() > 0 || queue.pendingAtEnd() > 0) {
            return "because its queue of " + units(maxQueuedWrites) + " writes at " + units(paceWriteUnits)
                    + " WCU cannot hold or drain the spikes (" + units(queue.rejectedWrites()) + " rejected, "
                    + units(queue.pendingAtEnd()) + " still queued at the end)";
        }
        return "because its pace of " + units(paceWriteUnits) + " write units/s exceeds the " + units(wcu)
                + " WCU provisioned once burst is spent";
    }
}
