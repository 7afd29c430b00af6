package io.github.ddbpatterns.capacity;

/**
 * Target-tracking auto scaling of one dimension: one-minute datapoints of consumed / provisioned capacity;
 * scale out after {@link ServiceRules#scaleOutDatapoints()} consecutive datapoints above the target, scale in
 * after {@link ServiceRules#scaleInDatapoints()} consecutive datapoints below target minus
 * {@link ServiceRules#scaleInMargin()} when the {@link DecreaseQuota} allows; the new capacity (consumed / target,
 * rounded up, within min..max) is in force {@link ServiceRules#scalingUpdateLag()} later. One update at a time
 * (a table being updated cannot be updated again).
 */
final class TargetTracker {

    private final double min;
    private final double max;
    private final double target;
    private final int outDatapoints;
    private final int inDatapoints;
    private final double inThreshold;
    private final int lagSeconds;
    private final DecreaseQuota quota;
    private final Recorder recorder;
    private final ScalingEvent.Dimension dimension;

    private double capacity;
    private double pendingCapacity = Double.NaN;
    private int pendingAt;
    private double minuteConsumed;
    private double minuteCapacity;
    private int high;
    private int low;

    TargetTracker(
            double min,
            double max,
            double initial,
            double target,
            ServiceRules rules,
            DecreaseQuota quota,
            Recorder recorder,
            ScalingEvent.Dimension dimension) {
        this.min = min;
        this.max = max;
        this.target = target;
        this.outDatapoints = rules.scaleOutDatapoints();
        this.inDatapoints = rules.scaleInDatapoints();
        this.inThreshold = target - rules.scaleInMargin();
        this.lagSeconds = (int) rules.scalingUpdateLag().toSeconds();
        this.quota = quota;
        this.recorder = recorder;
        this.dimension = dimension;
        this.capacity = initial;
    }

    /** Capacity in force at second {@code t} (applies a pending update that is due). */
    double capacityAt(int t) {
        if (!Double.isNaN(pendingCapacity) && t >= pendingAt) {
            capacity = pendingCapacity;
            pendingCapacity = Double.NaN;
        }
        return capacity;
    }

    /** Records the units consumed in second {@code t}; evaluates the alarms at the end of each minute. */
    void consumed(int t, double units) {
        minuteConsumed += units;
        minuteCapacity += capacity;
        if (t % 60 == 59) {
            evaluate(t);
        }
    }

    private void evaluate(int t) {
        double consumed = minuteConsumed / 60;
        double utilisation = consumed / (minuteCapacity / 60);
        minuteConsumed = 0;
        minuteCapacity = 0;
        high = utilisation > target ? high + 1 : 0;
        low = utilisation < inThreshold ? low + 1 : 0;
        if (!Double.isNaN(pendingCapacity)) {
            return;
        }
        double desired = Math.min(max, Math.max(min, Math.ceil(consumed / target - 1e-9)));
        if (high >= outDatapoints && desired > capacity) {
            schedule(t, desired);
        } else if (low >= inDatapoints && desired < capacity && quota.allowed(t)) {
            quota.record(t);
            schedule(t, desired);
        }
    }

    private void schedule(int t, double desired) {
        pendingCapacity = desired;
        pendingAt = t + 1 + lagSeconds;
        recorder.event(new ScalingEvent(t, pendingAt, dimension, capacity, desired));
    }
}
