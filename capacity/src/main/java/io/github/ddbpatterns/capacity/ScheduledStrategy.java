package io.github.ddbpatterns.capacity;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Provisioned capacity changed at known times (scheduled scaling): raise it before a known event, lower it
 * after. Each change is an UpdateTable in force {@link ServiceRules#scalingUpdateLag()} after it is issued; a
 * decrease the {@link ServiceRules#freeDecreasesPerDay() decrease quota} does not allow yet is retried every
 * second until it does. Between actions the capacity stays where it is (no target tracking).
 */
public final class ScheduledStrategy extends Strategy {

    private final @Nullable String name;
    private final double initialWcu;
    private final double initialRcu;
    private final List<ScheduledAction> actions;

    ScheduledStrategy(@Nullable String name, double initialWcu, double initialRcu, List<ScheduledAction> actions) {
        this.name = name;
        this.initialWcu = capacity("initialWcu", initialWcu);
        this.initialRcu = capacity("initialRcu", initialRcu);
        List<ScheduledAction> sorted = new ArrayList<>(Checks.notNull("actions", actions));
        for (ScheduledAction action : sorted) {
            Checks.notNull("actions element", action);
        }
        sorted.sort(Comparator.comparingInt(ScheduledAction::second));
        this.actions = List.copyOf(sorted);
    }

    /**
     * Scales up to the given capacity {@code lead} seconds before each write spike and back to the baseline
     * capacity when it ends.
     *
     * @param baselineWcu write capacity outside spikes, &gt; 0
     * @param peakWcu write capacity during spikes, &gt; 0
     * @param rcu read capacity throughout, &gt; 0
     * @param spikes the spikes, repeating ones expanded over {@code seconds}
     * @param leadSeconds how long before a spike to issue the increase, &gt;= 0
     * @param seconds length of the profile
     * @return the strategy
     * @throws InvalidInputException if a value is out of range
     */
    public static ScheduledStrategy aroundSpikes(
            double baselineWcu, double peakWcu, double rcu, List<Spike> spikes, int leadSeconds, int seconds) {
        Checks.notNull("spikes", spikes);
        if (leadSeconds < 0) {
            throw InvalidInputException.of("leadSeconds", leadSeconds, "not be negative");
        }
        List<ScheduledAction> actions = new ArrayList<>();
        for (Spike spike : spikes) {
            for (int start = spike.startSecond(); start < seconds; start += spike.everySeconds()) {
                actions.add(ScheduledAction.at(Math.max(0, start - leadSeconds), peakWcu, rcu));
                actions.add(ScheduledAction.at(start + spike.durationSeconds(), baselineWcu, rcu));
                if (spike.everySeconds() == 0) {
                    break;
                }
            }
        }
        return new ScheduledStrategy(null, baselineWcu, rcu, actions);
    }

    /**
     * A copy with another name.
     *
     * @param newName the label
     * @return the copy
     * @throws InvalidInputException if blank
     */
    public ScheduledStrategy named(String newName) {
        return new ScheduledStrategy(OnDemandStrategy.checkName(newName), initialWcu, initialRcu, actions);
    }

    /**
     * The actions, by time.
     *
     * @return an unmodifiable list
     */
    public List<ScheduledAction> actions() {
        return actions;
    }

    @Override
    public String name() {
        return name != null ? name : "scheduled (" + actions.size() + " actions)";
    }

    @Override
    StrategyResult simulate(TrafficProfile profile, ServiceRules rules) {
        Recorder recorder = new Recorder(profile, rules);
        PartitionLimits partitions = recorder.partitions();
        DecreaseQuota quota = new DecreaseQuota(rules);
        int lag = (int) rules.scalingUpdateLag().toSeconds();
        int window = (int) rules.burstWindow().toSeconds();
        BurstBucket writeBurst = new BurstBucket(window, initialWcu);
        BurstBucket readBurst = new BurstBucket(window, initialRcu);
        Scheduled writes = new Scheduled(initialWcu, ScalingEvent.Dimension.WRITE);
        Scheduled reads = new Scheduled(initialRcu, ScalingEvent.Dimension.READ);
        int next = 0;
        for (int t = 0; t < profile.seconds(); t++) {
            while (next < actions.size() && actions.get(next).second() <= t) {
                writes.desired = actions.get(next).wcu();
                reads.desired = actions.get(next).rcu();
                next++;
            }
            writes.step(t, lag, quota, recorder);
            reads.step(t, lag, quota, recorder);
            double w = profile.writeUnits(t);
            double r = profile.readUnits(t);
            double pw = partitions.refusedWriteUnits(w);
            double pr = partitions.refusedReadUnits(r);
            double servedW = writeBurst.serve(w - pw, writes.capacity);
            double servedR = readBurst.serve(r - pr, reads.capacity);
            recorder.second(t, writes.capacity, reads.capacity, servedW, servedR, w - servedW, r - servedR, pw, pr);
        }
        return recorder.finish(this, ProvisionedStrategy.provisionedCost(recorder, profile, rules), rules, null, null);
    }

    @Override
    String throttlingCause(StrategyResult result, ServiceRules rules) {
        return "because the schedule leaves demand above the capacity in force (is the increase issued "
                + rules.scalingUpdateLag().toSeconds() + " s or more before the spike?)";
    }

    /** One dimension: capacity in force, the capacity asked for, and an update in flight. */
    private static final class Scheduled {
        private final ScalingEvent.Dimension dimension;
        double capacity;
        double desired;
        private double inFlight = Double.NaN;
        private int inFlightAt;

        Scheduled(double initial, ScalingEvent.Dimension dimension) {
            this.capacity = initial;
            this.desired = initial;
            this.dimension = dimension;
        }

        void step(int t, int lag, DecreaseQuota quota, Recorder recorder) {
            if (!Double.isNaN(inFlight)) {
                if (t < inFlightAt) {
                    return;
                }
                capacity = inFlight;
                inFlight = Double.NaN;
            }
            if (desired == capacity) {
                return;
            }
            if (desired < capacity) {
                if (!quota.allowed(t)) {
                    return;
                }
                quota.record(t);
            }
            recorder.event(new ScalingEvent(t, t + lag, dimension, capacity, desired));
            if (lag == 0) {
                capacity = desired;
            } else {
                inFlight = desired;
                inFlightAt = t + lag;
            }
        }
    }
}
