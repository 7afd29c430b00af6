package io.github.ddbpatterns.capacity;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one {@link Strategy} did over a {@link TrafficProfile}: cost, requests throttled (and when), scaling
 * events, capacity second by second and, for smoothing, the queue.
 *
 * <p>Throttled requests are counted once and not retried (an SDK retrying them would add demand); for
 * {@link SmoothingStrategy} a write the table refuses stays queued and is counted each time it is refused.
 */
public final class StrategyResult {

    private final Strategy strategy;
    private final int seconds;
    private final double cost;
    private final double costPerDay;
    private final double costPerMonth;
    private final double throttledReads;
    private final double throttledWrites;
    private final double partitionThrottledRequests;
    private final List<ThrottleWindow> throttleWindows;
    private final List<ScalingEvent> scalingEvents;
    private final float[] writeCapacity;
    private final float[] readCapacity;
    private final float[] throttled;
    private final @Nullable QueueStats queue;
    private final float @Nullable [] queueDepth;

    StrategyResult(
            Strategy strategy,
            int seconds,
            double cost,
            double costPerDay,
            double costPerMonth,
            double throttledReads,
            double throttledWrites,
            double partitionThrottledRequests,
            List<ThrottleWindow> throttleWindows,
            List<ScalingEvent> scalingEvents,
            float[] writeCapacity,
            float[] readCapacity,
            float[] throttled,
            @Nullable QueueStats queue,
            float @Nullable [] queueDepth) {
        this.strategy = strategy;
        this.seconds = seconds;
        this.cost = cost;
        this.costPerDay = costPerDay;
        this.costPerMonth = costPerMonth;
        this.throttledReads = throttledReads;
        this.throttledWrites = throttledWrites;
        this.partitionThrottledRequests = partitionThrottledRequests;
        this.throttleWindows = throttleWindows;
        this.scalingEvents = scalingEvents;
        this.writeCapacity = writeCapacity;
        this.readCapacity = readCapacity;
        this.throttled = throttled;
        this.queue = queue;
        this.queueDepth = queueDepth;
    }

    /**
     * The strategy simulated.
     *
     * @return the strategy
     */
    public Strategy strategy() {
        return strategy;
    }

    /**
     * The strategy's name.
     *
     * @return a short label
     */
    public String name() {
        return strategy.name();
    }

    /**
     * Length of the run.
     *
     * @return seconds
     */
    public int seconds() {
        return seconds;
    }

    /**
     * Throughput cost of the whole run (storage and other charges excluded).
     *
     * @return in the currency of {@link ServiceRules#prices()}
     */
    public double cost() {
        return cost;
    }

    /**
     * Cost scaled to one day.
     *
     * @return cost per 24 hours
     */
    public double costPerDay() {
        return costPerDay;
    }

    /**
     * Cost scaled to a month of {@link ServiceRules#hoursPerMonth()} hours.
     *
     * @return cost per month
     */
    public double costPerMonth() {
        return costPerMonth;
    }

    /**
     * Read requests the table refused.
     *
     * @return requests
     */
    public double throttledReads() {
        return throttledReads;
    }

    /**
     * Write requests the table refused.
     *
     * @return requests
     */
    public double throttledWrites() {
        return throttledWrites;
    }

    /**
     * Read and write requests the table refused.
     *
     * @return requests
     */
    public double throttledRequests() {
        return throttledReads + throttledWrites;
    }

    /**
     * Of {@link #throttledRequests()}, those refused by the partition of a hot key the profile names
     * ({@link TrafficProfile#keyShares()}): a partition serves at most {@link ServiceRules#partitionMaxWriteUnits()}
     * write and {@link ServiceRules#partitionMaxReadUnits()} read units per second whatever the table has, so these
     * are refused under every strategy.
     *
     * @return requests (0 when the profile names no key)
     */
    public double partitionThrottledRequests() {
        return partitionThrottledRequests;
    }

    /**
     * When throttling happened, as runs of consecutive seconds.
     *
     * @return windows in time order
     */
    public List<ThrottleWindow> throttleWindows() {
        return throttleWindows;
    }

    /**
     * Capacity changes (auto scaling and scheduled scaling).
     *
     * @return events in decision order
     */
    public List<ScalingEvent> scalingEvents() {
        return scalingEvents;
    }

    /**
     * Write capacity in force in one second: provisioned WCU, or for on-demand the write request units per
     * second it serves at once.
     *
     * @param second 0-based
     * @return units per second
     */
    public double writeCapacityAt(int second) {
        return writeCapacity[second];
    }

    /**
     * Read capacity in force in one second (see {@link #writeCapacityAt}).
     *
     * @param second 0-based
     * @return units per second
     */
    public double readCapacityAt(int second) {
        return readCapacity[second];
    }

    /**
     * Read and write requests the table refused in one second.
     *
     * @param second 0-based
     * @return requests
     */
    public double throttledAt(int second) {
        return throttled[second];
    }

    /**
     * The smoothing queue's statistics, for {@link SmoothingStrategy}.
     *
     * @return the statistics, or empty for other strategies
     */
    public Optional<QueueStats> queue() {
        return Optional.ofNullable(queue);
    }

    /**
     * Writes waiting in the smoothing queue at the end of one second (0 for other strategies).
     *
     * @param second 0-based
     * @return writes
     */
    public double queueDepthAt(int second) {
        return queueDepth == null ? 0 : queueDepth[second];
    }

    /**
     * Requests that were not written in the end: throttled (except smoothing's, which are retried), rejected by
     * a full queue, or still queued when the profile ends.
     *
     * @return requests
     */
    public double failedRequests() {
        if (queue == null) {
            return throttledRequests();
        }
        return throttledReads + queue.rejectedWrites() + queue.pendingAtEnd();
    }

    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT,
                "%s: %.2f/day, %.2f/month, %,.0f throttled in %d windows",
                name(),
                costPerDay,
                costPerMonth,
                throttledRequests(),
                throttleWindows.size());
    }
}
