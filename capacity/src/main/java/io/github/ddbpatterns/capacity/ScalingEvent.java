package io.github.ddbpatterns.capacity;

/**
 * A change of provisioned capacity: decided (alarm or schedule) at one second, in force from a later one.
 *
 * @param decidedSecond when UpdateTable was issued
 * @param effectiveSecond from when the new capacity serves requests
 * @param dimension reads or writes
 * @param from capacity before, units per second
 * @param to capacity after, units per second
 */
public record ScalingEvent(int decidedSecond, int effectiveSecond, Dimension dimension, double from, double to) {

    /** Which capacity changed. */
    public enum Dimension {
        /** Read capacity units. */
        READ,
        /** Write capacity units. */
        WRITE
    }

    /**
     * Whether capacity went down.
     *
     * @return true for a decrease
     */
    public boolean decrease() {
        return to < from;
    }
}
