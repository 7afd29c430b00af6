package io.github.ddbpatterns.capacity;

import io.github.ddbpatterns.core.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * Provisioned capacity with target-tracking auto scaling of reads and writes (each its own policy), playing by
 * every rule of {@link ServiceRules}: one-minute datapoints of consumed / provisioned capacity, scale-out after
 * 2 consecutive datapoints above the target, the update in force after the lag, scale-in after 15 datapoints
 * below target minus 20 points, at most 4 decreases at any time in a UTC day then one per hour, burst capacity.
 * Consumed capacity excludes throttled requests, so one scale-out step can at most multiply capacity by about
 * (capacity + burst) / capacity / target.
 */
public final class AutoScalingStrategy extends Strategy {

    private final @Nullable String name;
    private final double minWcu;
    private final double maxWcu;
    private final double minRcu;
    private final double maxRcu;
    private final double targetUtilisation; // NaN: the rules' default

    AutoScalingStrategy(
            @Nullable String name, double minWcu, double maxWcu, double minRcu, double maxRcu, double target) {
        this.name = name;
        this.minWcu = capacity("minWcu", minWcu);
        this.maxWcu = checkMax("maxWcu", maxWcu, minWcu);
        this.minRcu = capacity("minRcu", minRcu);
        this.maxRcu = checkMax("maxRcu", maxRcu, minRcu);
        this.targetUtilisation = target;
    }

    /**
     * A copy that also scales reads between {@code minRcu} and {@code maxRcu}.
     *
     * @param minRcu lowest read capacity, &gt; 0
     * @param maxRcu highest read capacity, &gt;= {@code minRcu}
     * @return the copy
     * @throws InvalidInputException if {@code minRcu} is not positive or exceeds {@code maxRcu}
     */
    public AutoScalingStrategy reads(double minRcu, double maxRcu) {
        return new AutoScalingStrategy(name, minWcu, maxWcu, minRcu, maxRcu, targetUtilisation);
    }

    /**
     * A copy with another target utilisation (checked again against the simulator's rules).
     *
     * @param target a fraction between {@link ServiceRules#DEFAULT_MIN_TARGET_UTILISATION} and
     *     {@link ServiceRules#DEFAULT_MAX_TARGET_UTILISATION}
     * @return the copy
     * @throws InvalidInputException if outside that range
     */
    public AutoScalingStrategy targetUtilisation(double target) {
        ServiceRules.ofDefaults().checkTargetUtilisation("targetUtilisation", target);
        return new AutoScalingStrategy(name, minWcu, maxWcu, minRcu, maxRcu, target);
    }

    /**
     * A copy with another name.
     *
     * @param newName the label
     * @return the copy
     * @throws InvalidInputException if blank
     */
    public AutoScalingStrategy named(String newName) {
        return new AutoScalingStrategy(
                OnDemandStrategy.checkName(newName), minWcu, maxWcu, minRcu, maxRcu, targetUtilisation);
    }

    @Override
    public String name() {
        if (name != null) {
            return name;
        }
        String target = Double.isNaN(targetUtilisation) ? "" : " at " + Math.round(targetUtilisation * 100) + " %";
        return "auto-scaling " + units(minWcu) + "-" + units(maxWcu) + " WCU" + target;
    }

    @Override
    StrategyResult simulate(TrafficProfile profile, ServiceRules rules) {
        double target = Double.isNaN(targetUtilisation)
                ? rules.defaultTargetUtilisation()
                : rules.checkTargetUtilisation("targetUtilisation", targetUtilisation);
        Recorder recorder = new Recorder(profile, rules);
        PartitionLimits partitions = recorder.partitions();
        DecreaseQuota quota = new DecreaseQuota(rules);
        TargetTracker writes =
                new TargetTracker(minWcu, maxWcu, minWcu, target, rules, quota, recorder, ScalingEvent.Dimension.WRITE);
        TargetTracker reads =
                new TargetTracker(minRcu, maxRcu, minRcu, target, rules, quota, recorder, ScalingEvent.Dimension.READ);
        int window = (int) rules.burstWindow().toSeconds();
        BurstBucket writeBurst = new BurstBucket(window, minWcu);
        BurstBucket readBurst = new BurstBucket(window, minRcu);
        for (int t = 0; t < profile.seconds(); t++) {
            double wcu = writes.capacityAt(t);
            double rcu = reads.capacityAt(t);
            double w = profile.writeUnits(t);
            double r = profile.readUnits(t);
            double pw = partitions.refusedWriteUnits(w);
            double pr = partitions.refusedReadUnits(r);
            double servedW = writeBurst.serve(w - pw, wcu);
            double servedR = readBurst.serve(r - pr, rcu);
            recorder.second(t, wcu, rcu, servedW, servedR, w - servedW, r - servedR, pw, pr);
            writes.consumed(t, servedW);
            reads.consumed(t, servedR);
        }
        return recorder.finish(this, ProvisionedStrategy.provisionedCost(recorder, profile, rules), rules, null, null);
    }

    @Override
    String throttlingCause(StrategyResult result, ServiceRules rules) {
        int longest = 0;
        for (ThrottleWindow window : result.throttleWindows()) {
            longest = Math.max(longest, window.seconds());
        }
        long reaction =
                rules.scaleOutDatapoints() * 60L + rules.scalingUpdateLag().toSeconds();
        return "because auto scaling needs at least " + reaction + " s to add capacity ("
                + rules.scaleOutDatapoints() + " one-minute datapoints above target, then a "
                + rules.scalingUpdateLag().toSeconds() + " s table update) and each step grows only with what"
                + " was consumed, while the longest throttled run lasted " + longest + " s";
    }

    private static double checkMax(String field, double max, double min) {
        capacity(field, max);
        if (max < min) {
            throw InvalidInputException.of(field, max, "be at least the minimum " + min);
        }
        return max;
    }
}
