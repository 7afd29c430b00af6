package io.github.ddbpatterns.examples.demo;

/** The three steps of a scenario, in the order they run. */
public enum Step {
    /** The problem, reproduced the way hand-written code does it. */
    PROBLEM("problem"),
    /** The library's fix. */
    FIX("fix"),
    /** The follow-up question a user asks once the fix is in, answered. */
    FOLLOW_UP("follow-up");

    private final String label;

    Step(String label) {
        this.label = label;
    }

    /**
     * The step's label in tables.
     *
     * @return the label
     */
    public String label() {
        return label;
    }
}
