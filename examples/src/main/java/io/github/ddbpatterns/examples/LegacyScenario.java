package io.github.ddbpatterns.examples;

import io.github.ddbpatterns.examples.demo.DemoContext;
import io.github.ddbpatterns.examples.demo.DemoScenario;
import io.github.ddbpatterns.examples.demo.ScenarioReport;

/** A scenario that prints its own lines and has no rows yet (not in the summary), on the demo framework. */
final class LegacyScenario implements DemoScenario {

    private final Scenario scenario;

    LegacyScenario(Scenario scenario) {
        this.scenario = scenario;
    }

    @Override
    public String name() {
        return scenario.name();
    }

    @Override
    public String summary() {
        return scenario.summary();
    }

    @Override
    public ScenarioReport run(DemoContext context) throws Exception {
        scenario.run(context.local(), context.out());
        return new ScenarioReport(name(), summary());
    }
}
