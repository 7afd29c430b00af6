package io.github.ddbpatterns.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.ddbpatterns.examples.demo.ChartFile;
import io.github.ddbpatterns.examples.demo.DemoContext;
import io.github.ddbpatterns.examples.demo.DemoScenario;
import io.github.ddbpatterns.examples.demo.Row;
import io.github.ddbpatterns.examples.demo.ScenarioReport;
import io.github.ddbpatterns.examples.demo.Step;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalMode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

/**
 * The flash-sale and preferences scenarios against DynamoDB Local behind the proxy, on its test clock: the directions
 * of their numbers and the figures the test clock makes exact; then each once against DynamoDB Local as if it were a
 * real endpoint (no proxy, real time, a small size), leaving no table behind.
 */
class CapacityAndPreferenceScenariosTest {

    private static DynamoDbLocal local;

    @BeforeAll
    static void start() {
        local = DynamoDbLocal.start(DynamoDbLocalMode.SERVER);
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static ScenarioReport run(DemoScenario scenario) throws Exception {
        return scenario.run(DemoContext.local(local, quiet(), false));
    }

    @Test
    void flashSale_whenTheSeedSaleIsPlanned_autoScalingThrottlesTheRecommendationDoesNotAndAPacedBurstIsNeverThrottled(
            @TempDir Path dir) throws Exception {
        ScenarioReport report = run(new FlashSaleScenario());

        // the planner, on the seed's day (deterministic: the simulator plays the rules second by second)
        List<Row> problem = report.rows(Step.PROBLEM);
        assertThat(problem.get(0).label()).startsWith("auto-scaling 143-40,000 WCU");
        assertThat(problem.get(0).throttles()).isEqualTo(1_139_940L);
        assertThat(problem.get(0).dollars()).isCloseTo(2.25, within(0.005));
        assertThat(problem.get(1).label()).isEqualTo("on-demand, new table");
        assertThat(problem.get(1).throttles()).isEqualTo(720_000L); // 10,000/s against a new table's 4,000 for 120 s
        assertThat(problem.get(1).dollars()).isCloseTo(5.69, within(0.005));
        List<Row> fix = report.rows(Step.FIX);
        assertThat(fix.get(0).label()).isEqualTo("recommended: scheduled 10,000 WCU 5 min before");
        assertThat(fix.get(0).throttles()).isZero();
        assertThat(fix.get(0).dollars()).isCloseTo(2.98, within(0.005));
        assertThat(fix).hasSize(3).allSatisfy(row -> assertThat(row.throttles()).isZero());
        assertThat(fix.subList(1, 3))
                .allSatisfy(row -> assertThat(row.label()).startsWith("also loses nothing: "))
                .allSatisfy(row ->
                        assertThat(row.dollars()).isGreaterThan(fix.get(0).dollars()));

        // the follow-up: the alarm comes after the sale, and the capacity two minutes later still
        assertThat(report.followUpQuestion()).contains("auto-scaling still throttles?");
        assertThat(report.notes())
                .contains("  10:01:59  alarm: 2 one-minute datapoints above 70 % -> UpdateTable to 205 WCU (what was"
                        + " consumed / 70 %: throttled writes consume nothing)")
                .contains("  10:02:00  the sale ends: 1,139,940 of its 1,200,000 writes refused")
                .contains("  10:04:00  205 WCU in force, 120 s after the sale ended (the update takes 120 s)");

        // the burst of 500 writes of 2 units into 100 WCU with 2 s of credit: unpaced throttled, paced not; none lost
        List<Row> burst = report.rows(Step.FOLLOW_UP);
        Row unpaced = burst.get(0);
        Row paced = burst.get(1);
        assertThat(unpaced.throttles()).isPositive();
        assertThat(unpaced.wrong()).isZero();
        assertThat(unpaced.items()).isEqualTo(500L);
        assertThat(paced.throttles()).isZero();
        assertThat(paced.wrong()).isZero();
        assertThat(paced.items()).isEqualTo(500L);
        assertThat(paced.units()).isEqualTo(1_000.0);
        assertThat(paced.requests()).isEqualTo(20L); // 25 writes a call
        // at 100 units a second, the last 100 units go out 9 s after the first (test clock)
        assertThat(paced.label()).isEqualTo("WriteBuffer.writeUnitsPerSecond(100): sent in 9.0 s");
        assertThat(report.notes()).contains("pacing: 1,000 units in 20 calls, longest wait 9.0 s, mean 4.5 s");

        // the chart of the sale, second by second
        ChartFile chart = report.charts().get(0);
        assertThat(chart.fileName()).isEqualTo("flash-sale-timeline.png");
        Path png = dir.resolve(chart.fileName());
        chart.writer().write(png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1600);
        assertThat(image.getHeight()).isEqualTo(1000);
        assertThat(report.headline()).isPresent();
    }

    @Test
    void preferences_whenUsersUpdateTenTimesASecond_theStoreWritesEachOncePerWindow_streamInvalidationEndsStaleness()
            throws Exception {
        ScenarioReport report = run(new PreferencesScenario());

        // 200 users x 10 updates a second for 2 s: 4,000 PutItems, or 2 windows of 200 keys in calls of 25
        Row naive = report.rows(Step.PROBLEM).get(0);
        assertThat(naive.requests()).isEqualTo(4_000L);
        assertThat(naive.units()).isEqualTo(4_000.0);
        Row store = report.rows(Step.FIX).get(0);
        assertThat(store.items()).isEqualTo(4_000L);
        assertThat(store.requests()).isEqualTo(16L);
        assertThat(store.units()).isEqualTo(400.0);
        assertThat(store.wrong()).isZero(); // every user's last update is what the table holds
        // at 100,000 users x 10 updates/s: 1 and 0.1 unit an update x 2,628,000 s a month x $0.625 a million
        assertThat(report.rows(Step.PROBLEM).get(1).dollars()).isCloseTo(1_642_500.0, within(0.01));
        assertThat(report.rows(Step.FIX).get(1).dollars()).isCloseTo(164_250.0, within(0.01));

        // for each of 3 users: B caches the user, A changes it, B reads it every 0.5 s for 20 s (41 reads)
        List<Row> followUp = report.rows(Step.FOLLOW_UP);
        Row noCache = followUp.get(0);
        Row cache = followUp.get(1);
        Row stream = followUp.get(2);
        assertThat(List.of(noCache, cache, stream))
                .allSatisfy(row -> assertThat(row.items()).isEqualTo(123L));
        // without a cache B is never stale, at a GetItem a read: per user A's 2 writes, B's first read and 41 more
        assertThat(noCache.wrong()).isZero();
        assertThat(noCache.label()).endsWith("B stale up to 0.0 s");
        assertThat(noCache.requests()).isEqualTo(3L * (2 + 1 + 41));
        // a 20 s cache without invalidation: stale until the entry expires, 40 reads a user
        assertThat(cache.label()).endsWith("B stale up to 20.0 s");
        assertThat(cache.wrong()).isEqualTo(3L * 40);
        // with stream invalidation: only the read right after the write; the next polls evict it (A reads the
        // stream and logs the key, then B reads the log, in that order on the test clock)
        assertThat(stream.label()).endsWith("B stale up to 0.5 s");
        assertThat(stream.wrong()).isEqualTo(3L);
        assertThat(stream.requests()).isGreaterThan(cache.requests());
        assertThat(report.headline()).isPresent();
    }

    @Test
    void flashSale_againstAnEndpoint_runsWithoutTheProxyAndLeavesNoTable() throws Exception {
        ScenarioReport report = runAgainstEndpoint(new FlashSaleScenario(0.1));

        List<Row> burst = report.rows(Step.FOLLOW_UP);
        assertThat(burst).hasSize(2).allSatisfy(row -> {
            assertThat(row.items()).isEqualTo(500L); // 5,000 at the service's scale, a tenth of it here
            assertThat(row.wrong()).isZero();
        });
        assertThat(report.notes()).anyMatch(n -> n.contains("against the endpoint's table"));
        assertThat(tablesLeft("t-" + FlashSaleScenario.NAME)).isEmpty();
    }

    @Test
    void preferences_againstAnEndpoint_runsWithoutTheProxyAndLeavesNoTable() throws Exception {
        ScenarioReport report = runAgainstEndpoint(new PreferencesScenario(0.1));

        Row naive = report.rows(Step.PROBLEM).get(0);
        Row store = report.rows(Step.FIX).get(0);
        assertThat(naive.requests()).isEqualTo(200L); // 20 users x 10 updates/s for 1 s
        assertThat(store.wrong()).isZero();
        assertThat(store.units()).isLessThan(naive.units());
        assertThat(report.rows(Step.FOLLOW_UP)).hasSize(3);
        assertThat(tablesLeft("t-" + PreferencesScenario.NAME)).isEmpty();
    }

    /** Runs the scenario with DynamoDB Local as its "real" endpoint, credentials from system properties. */
    private static ScenarioReport runAgainstEndpoint(DemoScenario scenario) throws Exception {
        @Nullable String accessKey = System.getProperty("aws.accessKeyId");
        @Nullable String secretKey = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.accessKeyId", "demo");
        System.setProperty("aws.secretAccessKey", "demo");
        try {
            return scenario.run(DemoContext.endpoint(local.endpoint(), Region.US_EAST_1, "t", quiet(), false));
        } finally {
            restore("aws.accessKeyId", accessKey);
            restore("aws.secretAccessKey", secretKey);
        }
    }

    private static void restore(String property, @Nullable String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    private static List<String> tablesLeft(String prefix) {
        return local.syncClient().listTablesPaginator().tableNames().stream()
                .filter(name -> name.startsWith(prefix))
                .toList();
    }
}
