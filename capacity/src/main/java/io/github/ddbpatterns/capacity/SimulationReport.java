package io.github.ddbpatterns.capacity;

import io.github.ddbpatterns.core.InvalidInputException;
import java.util.List;
import java.util.Locale;

/** The results of several strategies over one profile, with a {@link Recommendation}. Immutable. */
public final class SimulationReport {

    private final ServiceRules rules;
    private final int seconds;
    private final List<StrategyResult> results;
    private final List<Double> keyShares;
    private final double peakWriteUnits;
    private final double peakReadUnits;

    SimulationReport(ServiceRules rules, TrafficProfile profile, List<StrategyResult> results) {
        this.rules = rules;
        this.seconds = profile.seconds();
        this.results = List.copyOf(results);
        this.keyShares = profile.keyShares();
        this.peakWriteUnits = keyShares.isEmpty() ? 0 : profile.peakWriteUnits();
        this.peakReadUnits = keyShares.isEmpty() ? 0 : profile.peakReadUnits();
    }

    /**
     * The shares of the traffic the profile sends to single partition keys ({@link TrafficProfile#keyShares()}).
     *
     * @return fractions, largest first; empty when the traffic is taken as spread evenly
     */
    public List<Double> keyShares() {
        return keyShares;
    }

    double peakWriteUnits() {
        return peakWriteUnits;
    }

    double peakReadUnits() {
        return peakReadUnits;
    }

    /**
     * The rules the simulation played by.
     *
     * @return the rules
     */
    public ServiceRules rules() {
        return rules;
    }

    /**
     * Length of the profile.
     *
     * @return seconds
     */
    public int seconds() {
        return seconds;
    }

    /**
     * One result per strategy, in the order the strategies were given.
     *
     * @return the results
     */
    public List<StrategyResult> results() {
        return results;
    }

    /**
     * The result of the strategy with this name.
     *
     * @param name a {@link Strategy#name()}
     * @return the result
     * @throws InvalidInputException if no strategy has that name
     */
    public StrategyResult result(String name) {
        for (StrategyResult result : results) {
            if (result.name().equals(name)) {
                return result;
            }
        }
        throw InvalidInputException.of(
                "name",
                name,
                "be one of " + results.stream().map(StrategyResult::name).toList());
    }

    /**
     * The cheapest strategy that loses no request.
     *
     * @return the recommendation
     */
    public Recommendation recommend() {
        return Recommendation.of(this, 0);
    }

    /**
     * The cheapest strategy that loses at most {@code maxFailedRequests}.
     *
     * @param maxFailedRequests the throttle budget, &gt;= 0
     * @return the recommendation
     * @throws InvalidInputException if the budget is negative or not finite
     */
    public Recommendation recommend(double maxFailedRequests) {
        return Recommendation.of(this, maxFailedRequests);
    }

    /**
     * A plain-text comparison table: strategy, cost per day and month, throttled requests (and, when the profile
     * names hot keys and their partitions refused some, how many of them a hot key's partition refused), requests
     * lost (when a strategy lost some it did not throttle: smoothing's writes rejected by a full queue or still
     * queued at the end, {@link StrategyResult#failedRequests()}), windows, first throttled second, smoothing delays.
     *
     * @return the table, one line per strategy after a header
     */
    public String table() {
        boolean hot = results.stream().anyMatch(r -> r.partitionThrottledRequests() > 0);
        // smoothing retries what its capacity throttles; what it loses is rejected by a full queue or still queued
        boolean lostUncounted = results.stream().anyMatch(r -> r.failedRequests() > r.throttledRequests() + 1e-6);
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%-40s %12s %14s %14s" + (hot ? " %14s" : "%s") + (lostUncounted ? " %14s" : "%s") + " %8s %10s %s%n",
                "strategy",
                "cost/day",
                "cost/month",
                "throttled",
                hot ? "by hot key" : "",
                lostUncounted ? "lost" : "",
                "windows",
                "first at",
                "queue delay p50/p99/max s"));
        for (StrategyResult r : results) {
            String first = r.throttleWindows().isEmpty()
                    ? "-"
                    : clock(r.throttleWindows().get(0).startSecond());
            String queue = r.queue()
                    .map(q -> q.p50DelaySeconds() + "/" + q.p99DelaySeconds() + "/" + q.maxDelaySeconds())
                    .orElse("-");
            out.append(String.format(
                    Locale.ROOT,
                    "%-40s %12.2f %14.2f %,14.0f%s%s %8d %10s %s%n",
                    r.name(),
                    r.costPerDay(),
                    r.costPerMonth(),
                    r.throttledRequests(),
                    hot ? String.format(Locale.ROOT, " %,14.0f", r.partitionThrottledRequests()) : "",
                    lostUncounted ? String.format(Locale.ROOT, " %,14.0f", r.failedRequests()) : "",
                    r.throttleWindows().size(),
                    first,
                    queue));
        }
        return out.toString();
    }

    static String clock(int second) {
        int day = second / 86_400;
        int s = second % 86_400;
        String time = String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        return day == 0 ? time : "d" + (day + 1) + " " + time;
    }
}
