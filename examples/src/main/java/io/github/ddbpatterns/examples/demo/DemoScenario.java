package io.github.ddbpatterns.examples.demo;

/** One demo scenario: sets up its tables, runs its steps, returns what it measured, cleans up. */
public interface DemoScenario {

    /**
     * Short name used on the command line ({@code --scenario NAME}).
     *
     * @return the name
     */
    String name();

    /**
     * One line saying what the scenario shows.
     *
     * @return the summary
     */
    String summary();

    /**
     * Runs the scenario.
     *
     * @param context DynamoDB Local, output and progress
     * @return the rows and headline measured
     * @throws Exception if the scenario fails; the demo then exits non-zero
     */
    ScenarioReport run(DemoContext context) throws Exception;

    /**
     * What the scenario consumes against a real endpoint ({@code --endpoint}), at the service's scale, for the cost
     * the demo prints before it asks to go on.
     *
     * @return the request units, {@link UnitEstimate#NONE} for a scenario that runs on DynamoDB Local only
     */
    default UnitEstimate endpointUnits() {
        return UnitEstimate.NONE;
    }
}
