package io.github.ddbpatterns.examples;

import io.github.ddbpatterns.core.capacity.CostEstimator;
import io.github.ddbpatterns.examples.demo.ChartFile;
import io.github.ddbpatterns.examples.demo.DemoContext;
import io.github.ddbpatterns.examples.demo.DemoScenario;
import io.github.ddbpatterns.examples.demo.Plural;
import io.github.ddbpatterns.examples.demo.ScenarioReport;
import io.github.ddbpatterns.examples.demo.Tables;
import io.github.ddbpatterns.examples.demo.UnitEstimate;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.regions.Region;

/**
 * The ddb-patterns demo: starts DynamoDB Local in this JVM and runs every scenario (or the ones named).
 *
 * <pre>
 * mvn -B -q -Pdemo -DskipTests -pl examples -am package                       # all scenarios
 * mvn -B -q -Pdemo -DskipTests -pl examples -am package -Ddemo.args=--list    # list them
 * mvn -B -q -Pdemo -DskipTests -pl examples -am package -Ddemo.args="--scenario hot-partition --report target/demo"
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

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description = "Also write the tables as Markdown to DIR/demo.md, and the charts as PNG beside it.")
    @Nullable
    Path report;

    @Option(
            names = "--charts",
            paramLabel = "DIR",
            description = "Where charts go without --report (default: ${DEFAULT-VALUE}).",
            defaultValue = "target/demo-charts")
    Path charts = Path.of("target/demo-charts");

    @Option(
            names = "--endpoint",
            paramLabel = "URL",
            description = "Run against this DynamoDB endpoint with the default AWS credentials, instead of DynamoDB"
                    + " Local (tables are created under --table-prefix and deleted afterwards; it costs money).")
    @Nullable
    URI endpoint;

    @Option(names = "--region", description = "The endpoint's region (with --endpoint).")
    @Nullable
    String region;

    @Option(
            names = "--table-prefix",
            description = "Prefix of the tables created with --endpoint (default: ${DEFAULT-VALUE}).",
            defaultValue = "ddb-patterns-demo")
    String tablePrefix = "ddb-patterns-demo";

    @Option(names = "--yes", description = "With --endpoint: do not ask before creating tables.")
    boolean yes;

    /** Exit code of bad arguments (picocli's usage-error code). */
    static final int USAGE_ERROR = 2;

    private final PrintStream out;
    private final PrintWriter err;
    private final boolean terminal;
    private final BufferedReader in;

    Demo(PrintStream out, PrintWriter err, boolean terminal) {
        this(out, err, terminal, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    }

    Demo(PrintStream out, PrintWriter err, boolean terminal, BufferedReader in) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.in = in;
    }

    /**
     * All scenarios, in the order the demo runs them: the seven classic problems, then the extras; the Spring Boot
     * sample runs only when named and stops after its calls.
     */
    static Map<String, DemoScenario> scenarios() {
        return scenarios(new SpringSampleScenario(false, 0));
    }

    private static Map<String, DemoScenario> scenarios(SpringSampleScenario springSample) {
        Map<String, DemoScenario> all = new LinkedHashMap<>();
        for (DemoScenario scenario : List.<DemoScenario>of(
                new HotPartitionScenario(),
                new TelemetryScenario(),
                new ExpiredSessionsScenario(),
                new HighValueOrdersScenario(),
                new FlashSaleScenario(),
                new PreferencesScenario(),
                new RecommendationsScenario(),
                // extras after the classic problems
                new BatchWriteScenario(),
                new LegacyScenario(springSample))) {
            all.put(scenario.name(), scenario);
        }
        return all;
    }

    @Override
    public Integer call() throws Exception {
        Map<String, DemoScenario> all = serve ? scenarios(new SpringSampleScenario(true, port)) : scenarios();
        if (list) {
            all.values()
                    .forEach(s -> out.printf(
                            "%-18s %s%s%n",
                            s.name(),
                            s.summary(),
                            s.name().equals(SpringSampleScenario.NAME)
                                    ? " (runs only when named, or with --serve)"
                                    : ""));
            return 0;
        }
        for (String name : only) {
            if (!all.containsKey(name)) {
                err.println("unknown scenario '" + name + "' (known: " + String.join(", ", all.keySet()) + ")");
                err.flush();
                return USAGE_ERROR;
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
        if (mode == DynamoDbLocalMode.EMBEDDED) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "the scenarios need DynamoDB Local over HTTP (the throttling proxy sits in front of it): --mode"
                            + " SERVER or CONTAINER, got: --mode " + mode);
        }
        if ((endpoint == null) != (region == null)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--endpoint and --region go together, got: --endpoint " + endpoint + " --region " + region);
        }
        // the Spring Boot sample is not a classic problem: it runs when named (or with --serve)
        List<DemoScenario> chosen = all.values().stream()
                .filter(s -> only.isEmpty() ? !s.name().equals(SpringSampleScenario.NAME) : only.contains(s.name()))
                .toList();
        long started = System.nanoTime();
        List<ScenarioReport> reports = new ArrayList<>();
        Path chartDir = report != null ? report : charts;
        if (endpoint != null) {
            if (!confirmEndpointRun(chosen)) {
                out.println("Nothing was created.");
                return 0;
            }
            DemoContext context = DemoContext.endpoint(endpoint, Region.of(region), tablePrefix, out, terminal);
            runAll(chosen, context, chartDir, reports);
        } else {
            out.printf("Starting DynamoDB Local (%s)...%n", mode.name().toLowerCase(Locale.ROOT));
            out.flush();
            try (DynamoDbLocal local = DynamoDbLocal.start(mode)) {
                out.printf("DynamoDB Local started (%s) in %,d ms%n", local, (System.nanoTime() - started) / 1_000_000);
                runAll(chosen, DemoContext.local(local, out, terminal), chartDir, reports);
            }
        }
        out.printf("%nSummary%n");
        Tables.summary(reports, false).forEach(out::println);
        out.printf(
                "%n%s ran in %,.1f s.%n", Plural.of(reports.size(), "scenario"), (System.nanoTime() - started) / 1e9);
        if (report != null) {
            Path file = writeReport(report, reports);
            out.printf("Report written to %s%n", file);
        }
        return 0;
    }

    private void runAll(List<DemoScenario> chosen, DemoContext context, Path chartDir, List<ScenarioReport> reports)
            throws Exception {
        for (DemoScenario scenario : chosen) {
            out.printf("%n== %s: %s%n", scenario.name(), scenario.summary());
            long t0 = System.nanoTime();
            ScenarioReport report = scenario.run(context);
            report.followUpQuestion().ifPresent(q -> out.printf("  follow-up: %s%n", q));
            Tables.text(report).forEach(out::println);
            for (ChartFile chart : report.charts()) {
                Files.createDirectories(chartDir);
                Path png = chartDir.resolve(chart.fileName());
                chart.writer().write(png);
                out.printf("  chart: %s (%s)%n", png, chart.caption());
            }
            out.printf("  (%,d ms)%n", (System.nanoTime() - t0) / 1_000_000);
            reports.add(report);
        }
    }

    /** Prints what an endpoint run creates and costs, and asks to go on (unless {@code --yes}). */
    private boolean confirmEndpointRun(List<DemoScenario> chosen) throws IOException {
        UnitEstimate total = UnitEstimate.NONE;
        for (DemoScenario scenario : chosen) {
            total = total.plus(scenario.endpointUnits());
        }
        CostEstimator prices = CostEstimator.ofDefaults();
        out.printf("Against %s (%s), with the default AWS credentials:%n", endpoint, region);
        out.printf(
                "  %s named %s-<scenario>-<n>, on demand, deleted when each scenario ends%n",
                Plural.of(total.tables(), "table"), tablePrefix);
        out.printf(
                "  about %,.0f write and %,.0f read request units: about $%.4f at on-demand prices (%s)%n",
                total.writeUnits(), total.readUnits(), total.dollars(prices), prices);
        if (yes) {
            return true;
        }
        out.print("Create the tables and run? [y/N] ");
        out.flush();
        String answer = in.readLine();
        return answer != null
                && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
    }

    private static Path writeReport(Path dir, List<ScenarioReport> reports) throws IOException {
        Files.createDirectories(dir);
        List<String> lines = new ArrayList<>();
        lines.add("# ddb-patterns demo");
        lines.add("");
        for (ScenarioReport r : reports) {
            lines.addAll(Tables.markdown(r));
            for (ChartFile chart : r.charts()) {
                lines.add("![" + chart.caption() + "](" + chart.fileName() + ")");
                lines.add("");
            }
        }
        lines.add("## Summary");
        lines.add("");
        lines.addAll(Tables.summary(reports, true));
        Path file = dir.resolve("demo.md");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /**
     * The command line, with the demo's handling of bad arguments: one line naming the problem and exit code 2, no
     * usage text.
     */
    static CommandLine commandLine(Demo demo) {
        CommandLine cli = new CommandLine(demo).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println(e.getMessage() + " (try --help)");
            e.getCommandLine().getErr().flush();
            return USAGE_ERROR;
        });
        return cli;
    }

    /** Entry point; exits with 0 when every scenario ran, 2 on bad arguments, 1 when a scenario failed. */
    public static void main(String[] args) {
        Demo demo = new Demo(System.out, new PrintWriter(System.err, true), System.console() != null);
        int exit = commandLine(demo).execute(args);
        System.exit(exit);
    }
}
