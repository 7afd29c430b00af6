package io.github.ddbpatterns.examples.demo;

import io.github.ddbpatterns.core.capacity.CostEstimator;

/**
 * The request units a scenario sends against a real endpoint, estimated before it runs.
 *
 * @param writeUnits write request units
 * @param readUnits read request units
 * @param tables tables it creates (each deleted afterwards)
 */
public record UnitEstimate(double writeUnits, double readUnits, int tables) {

    /** Nothing: a scenario that does not run against an endpoint. */
    public static final UnitEstimate NONE = new UnitEstimate(0, 0, 0);

    /** Checks the figures. */
    public UnitEstimate {
        if (writeUnits < 0 || readUnits < 0 || tables < 0) {
            throw new IllegalArgumentException("estimates must not be negative, got: " + writeUnits + " write units, "
                    + readUnits + " read units, " + tables + " tables");
        }
    }

    /**
     * The sum of this estimate and {@code other}.
     *
     * @param other another estimate
     * @return the sum
     */
    public UnitEstimate plus(UnitEstimate other) {
        return new UnitEstimate(writeUnits + other.writeUnits, readUnits + other.readUnits, tables + other.tables);
    }

    /**
     * What these units cost on demand.
     *
     * @param prices the price list
     * @return US dollars
     */
    public double dollars(CostEstimator prices) {
        return prices.onDemandCost(writeUnits, readUnits);
    }
}
