package io.github.ddbpatterns.capacity;

import io.github.ddbpatterns.core.InvalidInputException;

/**
 * A scheduled change of provisioned capacity: at {@code second} the table is updated to {@code wcu} and
 * {@code rcu} (in force {@link ServiceRules#scalingUpdateLag()} later; a decrease waits for the decrease quota).
 *
 * @param second when the update is issued, from the start of the profile
 * @param wcu write capacity to set
 * @param rcu read capacity to set
 */
public record ScheduledAction(int second, double wcu, double rcu) {

    /**
     * Validates the action.
     *
     * @throws InvalidInputException if the second is negative or a capacity not positive
     */
    public ScheduledAction {
        if (second < 0) {
            throw InvalidInputException.of("second", second, "not be negative");
        }
        Strategy.capacity("wcu", wcu);
        Strategy.capacity("rcu", rcu);
    }

    /**
     * Shorthand for the constructor.
     *
     * @param second when the update is issued
     * @param wcu write capacity to set
     * @param rcu read capacity to set
     * @return the action
     * @throws InvalidInputException if the second is negative or a capacity not positive
     */
    public static ScheduledAction at(int second, double wcu, double rcu) {
        return new ScheduledAction(second, wcu, rcu);
    }
}
