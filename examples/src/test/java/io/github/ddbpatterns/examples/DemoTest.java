package io.github.ddbpatterns.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalMode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoTest {

    private static String run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CommandLine cli = Demo.commandLine(new Demo(out, new PrintWriter(System.err, true), false));
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
    void demo_whenReportRequested_printsTablesAndSummary_andWritesThemAsMarkdown(@TempDir Path dir) throws Exception {
        String output = run("--scenario", "batch-write", "--report", dir.toString());

        assertThat(output)
                .contains("== batch-write:", "BatchWriter, UnprocessedItems resent", "Summary", "1 scenario ran in")
                .doesNotContain("All scenarios passed", "1 scenarios");
        String markdown = Files.readString(dir.resolve("demo.md"));
        assertThat(markdown)
                .contains(
                        "## batch-write",
                        "| step",
                        "| problem",
                        "| fix",
                        "## Summary",
                        "| batch-write |",
                        "0 items lost");
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
                        "1 scenario ran in")
                .doesNotContain("== batch-write:");
    }

    @Test
    void demo_whenServeWithoutTheSpringSample_failsNamingTheOptions() {
        assertThat(runFailing("--serve", "--scenario", "batch-write"))
                .contains("--serve serves the scenario spring-sample", "[batch-write]");
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
    void demo_whenScenarioUnknown_printsOneLineNamingTheKnownOnes_andExitsWith2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Demo demo = new Demo(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true),
                false);

        int exit = Demo.commandLine(demo).execute("--scenario", "hot-partition", "--scenario", "nope");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("unknown scenario 'nope' (known: "
                        + String.join(", ", Demo.scenarios().keySet()) + ")" + System.lineSeparator());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void demo_whenOptionUnknown_printsOneLine_andExitsWith2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = Demo.commandLine(
                new Demo(new PrintStream(new ByteArrayOutputStream()), new PrintWriter(System.err, true), false));
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("--sceanrio", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .hasSize(1)
                .first()
                .asString()
                .contains("--sceanrio");
    }

    @Test
    void demo_whenEndpointRefusedAtThePrompt_printsTablesAndCostFirst_andCreatesNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Demo demo = new Demo(
                new PrintStream(bytes, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true),
                false,
                new BufferedReader(new StringReader("n\n")));

        // nothing listens on port 9: a request sent there would fail the run
        int exit = Demo.commandLine(demo)
                .execute("--endpoint", "http://localhost:9", "--region", "eu-west-1", "--scenario", "telemetry");

        assertThat(exit).isZero();
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains(
                        "Against http://localhost:9 (eu-west-1)",
                        "1 table named ddb-patterns-demo-<scenario>-<n>",
                        "about 11,520 write and",
                        "at on-demand prices",
                        "Create the tables and run? [y/N]",
                        "Nothing was created.")
                .doesNotContain("Starting DynamoDB Local", "== telemetry");
    }

    @Test
    void demo_whenEndpointConfirmed_runsWithoutTheProxy_andDeletesItsTables() {
        try (DynamoDbLocal local = DynamoDbLocal.start(DynamoDbLocalMode.SERVER)) {
            String key = System.setProperty("aws.accessKeyId", "demo");
            String secret = System.setProperty("aws.secretAccessKey", "demo");
            try {
                String output = run(
                        "--endpoint",
                        local.endpoint().toString(),
                        "--region",
                        "us-east-1",
                        "--yes",
                        "--table-prefix",
                        "endpoint-test",
                        "--scenario",
                        "telemetry",
                        "--scenario",
                        "expired-sessions",
                        "--scenario",
                        "spring-sample");

                assertThat(output)
                        .contains(
                                "Against " + local.endpoint(),
                                "== telemetry:",
                                "the endpoint's round trip",
                                "== expired-sessions:",
                                "10 expired sessions returned",
                                "skipped: this scenario runs on DynamoDB Local only",
                                "3 scenarios ran in")
                        .doesNotContain("Starting DynamoDB Local", "Create the tables and run?");
                assertThat(local.syncClient().listTables().tableNames()).isEmpty();
            } finally {
                restore("aws.accessKeyId", key);
                restore("aws.secretAccessKey", secret);
            }
        }
    }

    @Test
    void demo_whenEndpointWithoutRegion_failsNamingBoth() {
        assertThat(runFailing("--endpoint", "http://localhost:9"))
                .contains("--endpoint and --region go together", "--region null");
    }

    @Test
    void demo_whenEmbeddedMode_failsNamingTheMode() {
        assertThat(runFailing("--mode", "embedded", "--scenario", "telemetry"))
                .contains("need DynamoDB Local over HTTP", "--mode EMBEDDED");
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    /** Runs the demo, expecting it to fail on its arguments; returns what it printed on its error stream. */
    private static String runFailing(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = Demo.commandLine(
                new Demo(new PrintStream(new ByteArrayOutputStream()), new PrintWriter(System.err, true), false));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        assertThat(exit).isNotZero();
        return err.toString(StandardCharsets.UTF_8);
    }
}
