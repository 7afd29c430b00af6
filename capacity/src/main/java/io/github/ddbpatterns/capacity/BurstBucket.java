package io.github.ddbpatterns.capacity;

/**
 * One provisioned dimension (reads or writes) of a table with burst: unused capacity is saved up to
 * {@code windowSeconds} times the current capacity and spent when demand exceeds the capacity. Starts full,
 * like a table that ran below its capacity for the whole window.
 */
final class BurstBucket {

    private final int windowSeconds;
    private double credit;

    BurstBucket(int windowSeconds, double initialCapacity) {
        this.windowSeconds = windowSeconds;
        this.credit = windowSeconds * initialCapacity;
    }

    /** Serves one second of {@code demand} units at {@code capacity} units/s; returns the units served. */
    double serve(double demand, double capacity) {
        double max = windowSeconds * capacity;
        if (credit > max) {
            credit = max;
        }
        if (demand <= capacity) {
            credit = Math.min(max, credit + capacity - demand);
            return demand;
        }
        double extra = Math.min(demand - capacity, credit);
        credit -= extra;
        return capacity + extra;
    }

    double credit() {
        return credit;
    }
}
