package io.github.ddbpatterns.core.capacity;

/** How a read is made, which sets what a 4 KB read unit costs. */
public enum ReadConsistency {

    /** Eventually consistent: half a read unit per 4 KB. */
    EVENTUAL(0.5),
    /** Strongly consistent: one read unit per 4 KB. */
    STRONG(1.0),
    /** Inside a transaction (TransactGetItems): two read units per 4 KB. */
    TRANSACTIONAL(2.0);

    private final double unitsPer4Kb;

    ReadConsistency(double unitsPer4Kb) {
        this.unitsPer4Kb = unitsPer4Kb;
    }

    /** Read units consumed per started 4 KB. */
    public double unitsPer4Kb() {
        return unitsPer4Kb;
    }
}
