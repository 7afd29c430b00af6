package io.github.ddbpatterns.capacity;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Plays a {@link TrafficProfile} second by second against each {@link Strategy} under the {@link ServiceRules}
 * and reports cost, throttling and capacity over time. Deterministic: the same inputs give the same report.
 *
 * <pre>{@code
 * SimulationReport report = CapacitySimulator.ofDefaults().simulate(profile, List.of(
 *         Strategy.onDemand(), Strategy.autoScaling(100, 40_000), Strategy.smoothed(1_000, 1)));
 * System.out.println(report.table());
 * System.out.println(report.recommend().reason());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class CapacitySimulator {

    private static final CapacitySimulator DEFAULTS = new CapacitySimulator(ServiceRules.ofDefaults());

    private final ServiceRules rules;

    private CapacitySimulator(ServiceRules rules) {
        this.rules = rules;
    }

    /**
     * A simulator playing by {@link ServiceRules#ofDefaults()}.
     *
     * @return the simulator
     */
    public static CapacitySimulator ofDefaults() {
        return DEFAULTS;
    }

    /**
     * A simulator playing by the given rules.
     *
     * @param rules the rules
     * @return the simulator
     * @throws InvalidInputException if {@code rules} is null
     */
    public static CapacitySimulator of(ServiceRules rules) {
        return new CapacitySimulator(Checks.notNull("rules", rules));
    }

    /**
     * The rules this simulator plays by.
     *
     * @return the rules
     */
    public ServiceRules rules() {
        return rules;
    }

    /**
     * Simulates one strategy.
     *
     * @param profile the traffic
     * @param strategy the strategy
     * @return its result
     * @throws InvalidInputException if an argument is null or a strategy setting breaks the rules (for example a
     *     target utilisation outside their range)
     */
    public StrategyResult simulate(TrafficProfile profile, Strategy strategy) {
        Checks.notNull("profile", profile);
        return Checks.notNull("strategy", strategy).simulate(profile, rules);
    }

    /**
     * Simulates each strategy over the same profile.
     *
     * @param profile the traffic
     * @param strategies at least one
     * @return the results, in the order given
     * @throws InvalidInputException if an argument is null or empty, or a strategy setting breaks the rules
     */
    public SimulationReport simulate(TrafficProfile profile, List<? extends Strategy> strategies) {
        return simulate(profile, strategies, result -> {});
    }

    /**
     * Simulates each strategy over the same profile, telling {@code onResult} as each one finishes (a progress
     * counter for long profiles; it runs on the calling thread).
     *
     * @param profile the traffic
     * @param strategies at least one
     * @param onResult called with each result, in the order given
     * @return the results, in the order given
     * @throws InvalidInputException if an argument is null or empty, or a strategy setting breaks the rules
     */
    public SimulationReport simulate(
            TrafficProfile profile, List<? extends Strategy> strategies, Consumer<? super StrategyResult> onResult) {
        Checks.notNull("profile", profile);
        Checks.notNull("strategies", strategies);
        Checks.notNull("onResult", onResult);
        if (strategies.isEmpty()) {
            throw InvalidInputException.of("strategies", strategies, "hold at least one strategy");
        }
        List<StrategyResult> results = new ArrayList<>(strategies.size());
        for (Strategy strategy : strategies) {
            StrategyResult result = simulate(profile, strategy);
            results.add(result);
            onResult.accept(result);
        }
        return new SimulationReport(rules, profile, results);
    }
}
