package io.github.ddbpatterns.capacity;

import io.github.ddbpatterns.core.InvalidInputException;
import java.util.List;

/**
 * One way to run a table's capacity, simulated by {@link CapacitySimulator}. Immutable; each {@code with}-style
 * method returns a copy and validates its argument at once.
 *
 * <pre>{@code
 * List<Strategy> options = List.of(
 *         Strategy.onDemand(),
 *         Strategy.provisioned(10_000, 1),
 *         Strategy.autoScaling(100, 40_000),
 *         Strategy.scheduled(100, 1, List.of(ScheduledAction.at(35_400, 10_000, 1), ScheduledAction.at(36_300, 143, 1))),
 *         Strategy.smoothed(1_000, 1));
 * }</pre>
 */
public abstract sealed class Strategy
        permits OnDemandStrategy, ProvisionedStrategy, AutoScalingStrategy, ScheduledStrategy, SmoothingStrategy {

    Strategy() {}

    /**
     * On-demand billing on a new table (warm throughput of {@link ServiceRules#onDemandWarmWriteUnits()}).
     *
     * @return the strategy
     */
    public static OnDemandStrategy onDemand() {
        return new OnDemandStrategy(null, Double.NaN, Double.NaN);
    }

    /**
     * Provisioned at a fixed capacity.
     *
     * @param wcu write capacity units, &gt; 0
     * @param rcu read capacity units, &gt; 0
     * @return the strategy
     * @throws InvalidInputException if a capacity is not positive
     */
    public static ProvisionedStrategy provisioned(double wcu, double rcu) {
        return new ProvisionedStrategy(null, wcu, rcu);
    }

    /**
     * Provisioned with target-tracking auto scaling of writes between {@code minWcu} and {@code maxWcu} (reads
     * fixed at 1 RCU until {@link AutoScalingStrategy#reads} is set), at the rules' default target utilisation.
     *
     * @param minWcu lowest write capacity, &gt; 0
     * @param maxWcu highest write capacity, &gt;= {@code minWcu}
     * @return the strategy
     * @throws InvalidInputException if {@code minWcu} is not positive or exceeds {@code maxWcu}
     */
    public static AutoScalingStrategy autoScaling(double minWcu, double maxWcu) {
        return new AutoScalingStrategy(null, minWcu, maxWcu, 1, 1, Double.NaN);
    }

    /**
     * Provisioned capacity changed at set times (scheduled scaling).
     *
     * @param initialWcu write capacity at second 0, &gt; 0
     * @param initialRcu read capacity at second 0, &gt; 0
     * @param actions the changes
     * @return the strategy
     * @throws InvalidInputException if a capacity is not positive or {@code actions} is null
     */
    public static ScheduledStrategy scheduled(double initialWcu, double initialRcu, List<ScheduledAction> actions) {
        return new ScheduledStrategy(null, initialWcu, initialRcu, actions);
    }

    /**
     * Provisioned at a fixed capacity, with writes queued client-side and sent at most at {@code wcu} units per
     * second.
     *
     * @param wcu write capacity units, &gt; 0
     * @param rcu read capacity units, &gt; 0
     * @return the strategy
     * @throws InvalidInputException if a capacity is not positive
     */
    public static SmoothingStrategy smoothed(double wcu, double rcu) {
        return new SmoothingStrategy(null, wcu, rcu, wcu, SmoothingStrategy.DEFAULT_MAX_QUEUED_WRITES);
    }

    /**
     * A short label for tables and charts.
     *
     * @return the name
     */
    public abstract String name();

    /** Runs the strategy over the profile. */
    abstract StrategyResult simulate(TrafficProfile profile, ServiceRules rules);

    /**
     * One clause saying why this strategy throttled, to follow "throttles N requests" (empty when it did not).
     */
    abstract String throttlingCause(StrategyResult result, ServiceRules rules);

    @Override
    public String toString() {
        return name();
    }

    static double capacity(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw InvalidInputException.of(field, value, "be a finite number of units > 0");
        }
        return value;
    }

    static String units(double value) {
        return String.format(java.util.Locale.ROOT, "%,.0f", value);
    }
}
