package io.github.ddbpatterns.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoTest {

    private static String run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CommandLine cli = new CommandLine(new Demo(out)).setCaseInsensitiveEnumValuesAllowed(true);
        StringBuilder errors = new StringBuilder();
        cli.setExecutionExceptionHandler((e, c, p) -> {
            errors.append(e);
            return 1;
        });
        int exit = cli.execute(args);
        assertThat(exit).as("exit code, errors: " + errors).isZero();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void demo_whenRunEmbedded_runsTheRoundTrip() {
        String output = run("--mode", "embedded", "--scenario", "round-trip");
        assertThat(output).contains("query sensor-1 -> 2 readings", "All scenarios passed.");
    }

    @Test
    void demo_whenRunOnServer_passesEveryScenario() {
        String output = run("--mode", "server");
        assertThat(output).contains("BatchWriter:", "0 failed", "10 updates per key", "All scenarios passed.");
        for (String name : Demo.scenarios().keySet()) {
            assertThat(output).contains("== " + name + ":");
        }
    }

    @Test
    void demo_springSample_callsEveryEndpointOverHttp_andListsTheLibrarysMeters() {
        String output = run("--scenario", "spring-sample");
        assertThat(output)
                .contains(
                        "== spring-sample:",
                        "30 clicks sent at once, 30 x 201",
                        "30 clicks read from 10 shards, each once, newest first",
                        "-> 400 {",
                        "\"field\":\"limit\"",
                        "the range [from, to) excludes 02:00",
                        "\"field\":\"to\"",
                        "POST /sessions",
                        "-> 404 {",
                        "ddb.patterns.resilience.calls",
                        "ddb.patterns.buffer.persisted",
                        "All scenarios passed.")
                .doesNotContain("== round-trip:");
    }

    @Test
    void demo_whenServeWithoutTheSpringSample_failsNamingTheOptions() {
        assertThat(runFailing("--serve", "--scenario", "round-trip"))
                .contains("--serve serves the scenario spring-sample", "[round-trip]");
    }

    @Test
    void demo_whenServeEmbedded_failsNamingTheMode() {
        assertThat(runFailing("--serve", "--mode", "embedded"))
                .contains("--serve needs DynamoDB Local over HTTP", "--mode EMBEDDED");
    }

    @Test
    void demo_whenPortOutOfRange_failsNamingTheOption() {
        assertThat(runFailing("--serve", "--port", "70000")).contains("--port must be between 0 and 65535, got: 70000");
    }

    @Test
    void demo_whenListing_namesEveryScenario() {
        assertThat(run("--list")).contains(Demo.scenarios().keySet().toArray(String[]::new));
    }

    @Test
    void demo_whenScenarioUnknown_failsNamingTheOption() {
        assertThat(runFailing("--scenario", "nope")).contains("--scenario must be one of", "'nope'");
    }

    /** Runs the demo, expecting it to fail on its arguments; returns what it printed on its error stream. */
    private static String runFailing(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new Demo(new PrintStream(new ByteArrayOutputStream())))
                .setCaseInsensitiveEnumValuesAllowed(true);
        cli.setErr(new java.io.PrintWriter(err, true));
        int exit = cli.execute(args);
        assertThat(exit).isNotZero();
        return err.toString(StandardCharsets.UTF_8);
    }
}
