package io.github.ddbpatterns.capacity;

import io.github.ddbpatterns.core.InvalidInputException;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The cheapest strategy of a {@link SimulationReport} whose lost requests ({@link StrategyResult#failedRequests()})
 * stay within a budget (none by default), with the reason in one sentence.
 */
public final class Recommendation {

    private final @Nullable StrategyResult choice;
    private final String reason;

    private Recommendation(@Nullable StrategyResult choice, String reason) {
        this.choice = choice;
        this.reason = reason;
    }

    static Recommendation of(SimulationReport report, double maxFailedRequests) {
        if (!(maxFailedRequests >= 0) || Double.isInfinite(maxFailedRequests)) {
            throw InvalidInputException.of("maxFailedRequests", maxFailedRequests, "be a finite number >= 0");
        }
        Comparator<StrategyResult> byCost = Comparator.comparingDouble(StrategyResult::costPerDay);
        StrategyResult best = report.results().stream()
                .filter(r -> r.failedRequests() <= maxFailedRequests + 1e-6)
                .min(byCost)
                .orElse(null);
        String budget = maxFailedRequests == 0
                ? "throttles nothing"
                : "loses at most " + Strategy.units(maxFailedRequests) + " requests";
        if (best == null) {
            StrategyResult least = report.results().stream()
                    .min(Comparator.comparingDouble(StrategyResult::failedRequests)
                            .thenComparing(byCost))
                    .orElseThrow();
            double hotEverywhere = report.results().stream()
                    .mapToDouble(StrategyResult::partitionThrottledRequests)
                    .min()
                    .orElse(0);
            String hot = hotEverywhere <= maxFailedRequests + 1e-6
                    ? ""
                    : ", because a hot key throttles whatever the table has: " + hotKey(report) + ", so at least "
                            + Strategy.units(hotEverywhere) + " requests are refused under every strategy; spread"
                            + " that key over several partition keys with write sharding (ShardedTable) and plan"
                            + " again";
            return new Recommendation(
                    null,
                    "No strategy " + budget + hot + "; the one losing fewest is " + least.name() + " with "
                            + Strategy.units(least.failedRequests()) + " requests at " + money(least) + ".");
        }
        StrategyResult cheapest = report.results().stream().min(byCost).orElseThrow();
        if (cheapest == best) {
            return new Recommendation(
                    best, best.name() + " is the cheapest strategy and " + budget + ": " + money(best) + ".");
        }
        String cause = cheapest.partitionThrottledRequests() >= cheapest.throttledRequests() / 2
                        && cheapest.partitionThrottledRequests() > 0
                ? "because a hot key throttles whatever the table has: " + hotKey(report) + " ("
                        + Strategy.units(cheapest.partitionThrottledRequests()) + " refused by its partition;"
                        + " write sharding spreads it)"
                : cheapest.strategy().throttlingCause(cheapest, report.rules());
        return new Recommendation(
                best,
                best.name() + " is the cheapest strategy that " + budget + " (" + money(best) + "); "
                        + cheapest.name() + " is cheaper (" + money(cheapest) + ") but loses "
                        + Strategy.units(cheapest.failedRequests()) + " requests" + (cause.isEmpty() ? "" : ", ")
                        + cause + ".");
    }

    /**
     * The recommended strategy's result.
     *
     * @return the result, or empty when no strategy is within the budget
     */
    public Optional<StrategyResult> choice() {
        return Optional.ofNullable(choice);
    }

    /**
     * Why, in one sentence.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return reason;
    }

    /** "the hottest key takes 30 % of the traffic, 1,500 write units/s at the peak, one partition serves ...". */
    private static String hotKey(SimulationReport report) {
        double share = report.keyShares().isEmpty() ? 0 : report.keyShares().get(0);
        ServiceRules rules = report.rules();
        String reads = report.peakReadUnits() > 0
                ? " and " + Strategy.units(share * report.peakReadUnits()) + " read units/s"
                : "";
        return "its hottest partition key takes " + percent(share) + " of the traffic, "
                + Strategy.units(share * report.peakWriteUnits()) + " write units/s" + reads + " at the peak, while"
                + " one partition"
                + " serves at most " + Strategy.units(rules.partitionMaxWriteUnits()) + " WCU and "
                + Strategy.units(rules.partitionMaxReadUnits()) + " RCU a second in either capacity mode";
    }

    private static String percent(double share) {
        double p = share * 100;
        return (p == Math.rint(p) ? String.valueOf((long) p) : String.format(Locale.ROOT, "%.1f", p)) + " %";
    }

    private static String money(StrategyResult r) {
        return String.format(Locale.ROOT, "%.2f/day, %.2f/month", r.costPerDay(), r.costPerMonth());
    }
}
