package io.github.ddbpatterns.capacity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code capacity plan} run in-process through picocli: files written, table printed, bad input in one line. */
class CapacityCliTest {

    private static final String SEED = "baseline=100,spike=10000x120s@10:00,spike=10000x120s@20:00";

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void plan_whenSeedGenerated_printsTheTableAndRecommendationAndWritesCsvAndCharts(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("plan");

        Run run = run("plan", "--generate", SEED, "--out", out.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.err).isEmpty();
        assertThat(run.out)
                .contains("strategy", "cost/day", "cost/month", "throttled", "first at", "queue delay p50/p99/max s")
                .contains("on-demand (new table)", "provisioned 10,000 WCU / 1 RCU", "auto-scaling 143-40,000 WCU")
                .contains("scheduled 10,000 WCU 5 min before spikes", "smoothed at 1,090 WCU")
                .contains("scheduled 10,000 WCU 5 min before spikes is the cheapest strategy that throttles nothing")
                .contains("spikes found (write units above 2 x the baseline): 2, first at 10:00:00 for 120 s");
        // the table the README shows, line for line
        assertThat(run.out.lines().toList())
                .containsSubsequence(
                        "strategy                                     cost/day     cost/month      throttled  windows"
                                + "   first at queue delay p50/p99/max s",
                        "on-demand (new table)                            6.28         191.17        960,000        2"
                                + "   10:00:00 -",
                        "provisioned 10,000 WCU / 1 RCU                 156.00        4745.09              0        0"
                                + "          - -",
                        "auto-scaling 143-40,000 WCU at 70 %              2.26          68.64      2,279,880        2"
                                + "   10:00:04 -",
                        "scheduled 10,000 WCU 5 min before spikes         3.73         113.42              0        0"
                                + "          - -",
                        "smoothed at 1,090 WCU                           17.01         517.30              0        0"
                                + "          - 0/940/981");
        assertThat(run.out)
                .contains("auto-scaling 143-40,000 WCU at 70 % is cheaper (2.26/day, 68.64/month) but loses 2,279,880"
                        + " requests, because auto scaling needs at least 240 s to add capacity (2 one-minute datapoints"
                        + " above target, then a 120 s table update) and each step grows only with what was consumed,"
                        + " while the longest throttled run lasted 116 s.");
        List<String> csv = Files.readAllLines(out.resolve("timeline.csv"), StandardCharsets.UTF_8);
        assertThat(csv).hasSize(1 + 86_400);
        assertThat(csv.get(0))
                .startsWith("second,time,demand_write_units,demand_read_units,on_demand_new_table_write_capacity,"
                        + "on_demand_new_table_read_capacity,on_demand_new_table_throttled,")
                .endsWith(",smoothed_at_1_090_wcu_throttled,smoothed_at_1_090_wcu_queued");
        // 10:00:00, the first second of the sale: a new on-demand table serves its 4,000 warm units, refuses 6,000
        assertThat(csv.get(1 + 36_000)).startsWith("36000,10:00:00,10000,0,4000,12000,6000,");
        assertThat(csv.get(1)).startsWith("0,00:00:00,100,0,");
        for (String chart : List.of("chart.png", "chart-first-spike.png")) {
            BufferedImage image = ImageIO.read(out.resolve(chart).toFile());
            assertThat(image.getWidth()).as(chart).isEqualTo(1600);
            assertThat(image.getHeight()).as(chart).isEqualTo(1000);
        }
        assertThat(run.out).contains("wrote " + out.resolve("timeline.csv") + " (86,400 rows, one per second)");
    }

    @Test
    void plan_whenCsvProfileAndOptions_usesThem(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("sale.csv");
        StringBuilder text = new StringBuilder("second,reads,writes\n");
        for (int t = 0; t < 7_200; t++) {
            text.append(t)
                    .append(",10,")
                    .append(t >= 3_600 && t < 3_660 ? 2_000 : 50)
                    .append('\n');
        }
        Files.writeString(csv, text, StandardCharsets.UTF_8);

        Run run = run(
                "plan",
                "--profile",
                csv.toString(),
                "--out",
                dir.resolve("out").toString(),
                "--provisioned",
                "500",
                "--auto-min",
                "80",
                "--auto-max",
                "4000",
                "--target",
                "50",
                "--schedule",
                "00:55=2000,01:05=80",
                "--smooth",
                "300",
                "--budget",
                "100000",
                "--billing",
                "hourly-peak",
                "--lag",
                "1m");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out)
                .contains("provisioned 500 WCU / 5 RCU", "auto-scaling 80-4,000 WCU at 50 %", "scheduled (2 actions)")
                .contains("smoothed at 300 WCU", "target 50 %, scaling update lag 60 s", "billing hourly-peak")
                .contains("loses at most 100,000 requests");
        assertThat(Files.readAllLines(dir.resolve("out/timeline.csv"))).hasSize(1 + 7_200);
        assertThat(dir.resolve("out/chart-first-spike.png")).exists();
    }

    @Test
    void plan_whenAHotKeyTakes30PercentOf5000Writes_everyStrategyThrottlesAndTheReasonPointsAtWriteSharding(
            @TempDir Path dir) {
        Run run = run("plan", "--generate", "duration=1h,writes=5000,hotKey=0.3", "--out", dir.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out)
                .contains("hot keys: [0.3] of the traffic each", "by hot key")
                .contains("No strategy throttles nothing, because a hot key throttles whatever the table has")
                .contains("write sharding (ShardedTable)");
        // a new on-demand table also refuses what its 4,000 warm units cannot serve; the others only the hot key's
        assertThat(run.out.lines().filter(line -> line.contains("      1,800,000 ")))
                .hasSize(5)
                .filteredOn(line -> line.contains("2,700,000      1,800,000"))
                .singleElement()
                .asString()
                .startsWith("on-demand (new table)");
    }

    @Test
    void plan_whenKeySharesOptionGiven_appliesThemToACsvOrGeneratedProfile(@TempDir Path dir) {
        Run run = run(
                "plan", "--generate", "duration=1h,writes=5000", "--key-shares", "0.3,0.1", "--out", dir.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).contains("hot keys: [0.3, 0.1] of the traffic each", "a hot key throttles");
    }

    @Test
    void plan_whenProgressAskedWithoutConsole_printsPlainLinesOnStandardError(@TempDir Path dir) {
        Run run = run("plan", "--generate", "duration=2h,baseline=10", "--out", dir.toString(), "--progress");

        assertThat(run.exitCode).isZero();
        assertThat(run.err.lines())
                .contains(
                        "simulating 7,200 s: 0/5 strategies",
                        "simulating 7,200 s: 5/5 strategies (smoothed at 10 WCU)");
        assertThat(run.err).doesNotContain("\r");
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = " => ",
            quoteCharacter = '"',
            value = {
                "--generate baseline=-5 => capacity plan: baseline must be a finite number >= 0, got: -5.0",
                "--generate baseline=100,spike=10000x120s@25:00 => capacity plan: spike must start at HH:MM[:SS] of the"
                        + " first day, got: '25:00'",
                "--generate baseline=100,surge=5 => capacity plan: spec key must be one of duration, writes, baseline,"
                        + " reads, writeKb, readKb, consistency, spike, readSpike, curve, hotKey, keyShares, got:"
                        + " 'surge'",
                "--generate baseline=100 --target 95 => capacity plan: --target must be a utilisation between 20 and 90"
                        + " (percent), got: '95'",
                "--generate baseline=100 --target 10 => capacity plan: --target must be a utilisation between 20 and 90"
                        + " (percent), got: '10'",
                "--generate baseline=100 --auto-min 500 --auto-max 100 => capacity plan: --auto-max must be at least"
                        + " --auto-min 500, got: '100'",
                "--generate baseline=100 --provisioned -5 => capacity plan: --provisioned must be a finite number > 0,"
                        + " got: '-5'",
                "--generate baseline=100 --schedule 09:55 => capacity plan: --schedule must be TIME=WCU[/RCU] parts"
                        + " separated by commas, e.g. 09:55=10000, got: '09:55'",
                "--generate baseline=100 --lag 2x => capacity plan: Invalid value for option '--lag': '2x' is not a"
                        + " duration such as 120, 120s, 2m, 1h or 1d (at most 31 days) (see --help)",
                "--generate baseline=100 --billing monthly => capacity plan: Invalid value for option '--billing':"
                        + " 'monthly' is not per-second or hourly-peak (see --help)",
                "--generate baseline=100 --key-shares 0.7,0.6 => capacity plan: --key-shares must be fractions in"
                        + " (0, 1] adding up to at most 1 (keyShares must add up to at most 1, got: '[0.7, 0.6]'), got:"
                        + " '[0.7, 0.6]'",
                "--out x => capacity plan: Error: Missing required argument (specify one of these): (--profile=CSV |"
                        + " --generate=SPEC) (see --help)",
            })
    void plan_whenBadInput_failsWithOneLineNamingTheOptionAndValueAndExitCode2(String args, String message) {
        Run run = run(("plan " + args.strip()).split(" "));

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err.lines()).containsExactly(message.strip());
        assertThat(run.out).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "0,1,1\\n2,1,1\\n1,1,1\\n | second must be greater than the previous second 2 (line 3 of t.csv), got:"
                        + " '1'",
                "0,1,1\\n1,1,-5\\n | writes must be a finite number >= 0 (line 2 of t.csv), got: '-5'",
                "0,-1,1\\n | reads must be a finite number >= 0 (line 1 of t.csv), got: '-1'",
            })
    void plan_whenCsvProfileBad_failsWithOneLineNamingFieldLineAndValue(String text, String message, @TempDir Path dir)
            throws Exception {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, text.replace("\\n", "\n"), StandardCharsets.UTF_8);

        Run run = run(
                "plan", "--profile", csv.toString(), "--out", dir.resolve("out").toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err.lines()).containsExactly("capacity plan: " + message.strip());
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void plan_whenProfileFileMissing_failsWithOneLineNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.csv");

        Run run = run("plan", "--profile", missing.toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err.lines())
                .containsExactly(
                        "capacity plan: cannot read traffic profile " + missing + ": NoSuchFileException " + missing);
    }

    @Test
    void capacity_whenNoSubcommand_saysToUsePlan() {
        Run run = run();

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err.lines()).containsExactly("capacity: missing subcommand: use 'capacity plan' (see --help)");
    }

    @Test
    void planHelp_documentsTheGeneratorSpec() {
        Run run = run("plan", "--help");

        assertThat(run.exitCode).isZero();
        assertThat(run.out)
                .contains("spike=RATExDURATION@START[/EVERY]", "--generate=SPEC", "--profile=CSV", "--budget=REQUESTS");
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CapacityCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private record Run(int exitCode, String out, String err) {}
}
