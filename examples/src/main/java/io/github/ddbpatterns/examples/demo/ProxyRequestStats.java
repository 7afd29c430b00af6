package io.github.ddbpatterns.examples.demo;

import io.github.ddbpatterns.testing.ProxyStats;
import java.util.Objects;

/** {@link RequestStats} as the throttling proxy counts them (every attempt, units by its capacity rules). */
final class ProxyRequestStats implements RequestStats {

    private final ProxyStats stats;

    ProxyRequestStats(ProxyStats stats) {
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    @Override
    public long requests(String operation) {
        return stats.requests(operation);
    }

    @Override
    public long requests() {
        return stats.requests();
    }

    @Override
    public long throttled() {
        return stats.throttled();
    }

    @Override
    public double readUnits(String scope) {
        return stats.consumedReadUnits(scope).values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
    }

    @Override
    public double writeUnits(String scope) {
        return stats.totalWriteUnits(scope);
    }

    @Override
    public void reset() {
        stats.reset();
    }
}
