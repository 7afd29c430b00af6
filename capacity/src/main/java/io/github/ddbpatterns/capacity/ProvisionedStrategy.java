package io.github.ddbpatterns.capacity;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Provisioned capacity at a fixed level, with {@link ServiceRules#burstWindow() burst}: demand above the
 * capacity is served from saved-up unused capacity until it runs out, then throttled.
 */
public final class ProvisionedStrategy extends Strategy {

    private final @Nullable String name;
    private final double wcu;
    private final double rcu;

    ProvisionedStrategy(@Nullable String name, double wcu, double rcu) {
        this.name = name;
        this.wcu = capacity("wcu", wcu);
        this.rcu = capacity("rcu", rcu);
    }

    /**
     * A copy with another name.
     *
     * @param newName the label
     * @return the copy
     * @throws io.github.ddbpatterns.core.InvalidInputException if blank
     */
    public ProvisionedStrategy named(String newName) {
        return new ProvisionedStrategy(OnDemandStrategy.checkName(newName), wcu, rcu);
    }

    /**
     * Provisioned write capacity.
     *
     * @return WCU
     */
    public double wcu() {
        return wcu;
    }

    /**
     * Provisioned read capacity.
     *
     * @return RCU
     */
    public double rcu() {
        return rcu;
    }

    @Override
    public String name() {
        return name != null ? name : "provisioned " + units(wcu) + " WCU / " + units(rcu) + " RCU";
    }

    @Override
    StrategyResult simulate(TrafficProfile profile, ServiceRules rules) {
        int window = (int) rules.burstWindow().toSeconds();
        BurstBucket writes = new BurstBucket(window, wcu);
        BurstBucket reads = new BurstBucket(window, rcu);
        Recorder recorder = new Recorder(profile, rules);
        PartitionLimits partitions = recorder.partitions();
        for (int t = 0; t < profile.seconds(); t++) {
            double w = profile.writeUnits(t);
            double r = profile.readUnits(t);
            double pw = partitions.refusedWriteUnits(w);
            double pr = partitions.refusedReadUnits(r);
            double servedW = writes.serve(w - pw, wcu);
            double servedR = reads.serve(r - pr, rcu);
            recorder.second(t, wcu, rcu, servedW, servedR, w - servedW, r - servedR, pw, pr);
        }
        return recorder.finish(this, provisionedCost(recorder, profile, rules), rules, null, null);
    }

    @Override
    String throttlingCause(StrategyResult result, ServiceRules rules) {
        return "because demand stays above " + units(wcu) + " WCU / " + units(rcu) + " RCU after the "
                + rules.burstWindow().toSeconds() + " s of burst are spent";
    }

    static double provisionedCost(Recorder recorder, TrafficProfile profile, ServiceRules rules) {
        return rules.prices()
                .provisionedCost(
                        recorder.billedWriteCapacity(rules.provisionedBilling()),
                        recorder.billedReadCapacity(rules.provisionedBilling()),
                        Duration.ofSeconds(profile.seconds()));
    }
}
