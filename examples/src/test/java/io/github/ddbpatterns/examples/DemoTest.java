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
    void demo_whenListing_namesEveryScenario() {
        assertThat(run("--list")).contains(Demo.scenarios().keySet().toArray(String[]::new));
    }

    @Test
    void demo_whenScenarioUnknown_failsNamingTheOption() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new Demo(new PrintStream(new ByteArrayOutputStream())));
        cli.setErr(new java.io.PrintWriter(err, true));
        int exit = cli.execute("--scenario", "nope");
        assertThat(exit).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--scenario must be one of", "'nope'");
    }
}
