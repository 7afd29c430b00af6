package io.github.ddbpatterns.examples;

import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalMode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The ddb-patterns demo: starts DynamoDB Local in this JVM and runs every scenario (or the ones named).
 *
 * <pre>
 * mvn -B -q -Pdemo -DskipTests -pl examples -am package                       # all scenarios
 * mvn -B -q -Pdemo -DskipTests -pl examples -am package -Ddemo.args=--list    # list them
 * mvn -B -q -Pdemo -DskipTests -pl examples -am package -Ddemo.args=--serve   # the Spring Boot sample on :8080
 * </pre>
 */
@Command(
        name = "ddb-patterns-demo",
        mixinStandardHelpOptions = true,
        description = "Runs the ddb-patterns scenarios against DynamoDB Local started in this JVM.")
public final class Demo implements Callable<Integer> {

    @Option(
            names = "--mode",
            description = "How to run DynamoDB Local: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            defaultValue = "SERVER")
    DynamoDbLocalMode mode = DynamoDbLocalMode.SERVER;

    @Option(names = "--scenario", split = ",", description = "Scenarios to run (default: all).")
    List<String> only = new ArrayList<>();

    @Option(names = "--list", description = "List the scenarios and exit.")
    boolean list;

    @Option(
            names = "--serve",
            description = "Run the Spring Boot sample application (scenario " + SpringSampleScenario.NAME
                    + ") and keep it serving after its calls, until Ctrl-C.")
    boolean serve;

    @Option(
            names = "--port",
            description = "The sample application's HTTP port with --serve (default: ${DEFAULT-VALUE}; 0: any free"
                    + " port). Without --serve it takes any free port.",
            defaultValue = "8080")
    int port = 8080;

    @Spec
    CommandSpec spec;

    private final PrintStream out;

    Demo(PrintStream out) {
        this.out = out;
    }

    /** All scenarios, in the order the demo runs them; the Spring Boot sample stops after its calls. */
    static Map<String, Scenario> scenarios() {
        return scenarios(new SpringSampleScenario(false, 0));
    }

    private static Map<String, Scenario> scenarios(SpringSampleScenario springSample) {
        Map<String, Scenario> all = new LinkedHashMap<>();
        for (Scenario scenario : List.<Scenario>of(
                new RoundTripScenario(),
                new BatchWriteScenario(),
                new CoalescingScenario(),
                new HotKeyScenario(),
                new HotKeyShardingScenario(),
                new TimeSeriesScenario(),
                new SessionsScenario(),
                springSample)) {
            all.put(scenario.name(), scenario);
        }
        return all;
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Scenario> all = serve ? scenarios(new SpringSampleScenario(true, port)) : scenarios();
        if (list) {
            all.values().forEach(s -> out.printf("%-16s %s%n", s.name(), s.summary()));
            return 0;
        }
        for (String name : only) {
            if (!all.containsKey(name)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--scenario must be one of " + all.keySet() + ", got: '" + name + "'");
            }
        }
        if (serve) {
            if (!only.isEmpty() && !only.contains(SpringSampleScenario.NAME)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--serve serves the scenario " + SpringSampleScenario.NAME + ", which --scenario leaves out: "
                                + only);
            }
            if (only.isEmpty()) {
                only.add(SpringSampleScenario.NAME);
            }
            if (mode == DynamoDbLocalMode.EMBEDDED) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--serve needs DynamoDB Local over HTTP (--mode SERVER or CONTAINER), got: --mode " + mode);
            }
        }
        if (port < 0 || port > 65_535) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--port must be between 0 and 65535, got: " + port);
        }
        long started = System.nanoTime();
        try (DynamoDbLocal local = DynamoDbLocal.start(mode)) {
            out.printf("DynamoDB Local started (%s) in %d ms%n", local, (System.nanoTime() - started) / 1_000_000);
            for (Scenario scenario : all.values()) {
                if (only.isEmpty() || only.contains(scenario.name())) {
                    out.printf("%n== %s: %s%n", scenario.name(), scenario.summary());
                    long t0 = System.nanoTime();
                    scenario.run(local, out);
                    out.printf("   (%d ms)%n", (System.nanoTime() - t0) / 1_000_000);
                }
            }
        }
        out.printf("%nAll scenarios passed.%n");
        return 0;
    }

    /** Entry point; exits with 0 when every scenario ran. */
    public static void main(String[] args) {
        int exit = new CommandLine(new Demo(System.out))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
        System.exit(exit);
    }
}
