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
        ScenarioReport report = new ScenarioReport(name(), summary());
        if (context.local().isEmpty()) {
            return report.note("skipped: this scenario runs on DynamoDB Local only");
        }
        scenario.run(context.local().get(), context.out());
        return report;
    }
}
