package io.github.ddbpatterns.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.examples.demo.DemoContext;
import io.github.ddbpatterns.examples.demo.DemoScenario;
import io.github.ddbpatterns.examples.demo.Row;
import io.github.ddbpatterns.examples.demo.ScenarioReport;
import io.github.ddbpatterns.examples.demo.Step;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/**
 * The index scenarios: the naive step shows the problem, the library's steps do not, and the top-N answers equal
 * brute force; each also runs once as against a real endpoint (DynamoDB Local without the proxy, on the system clock)
 * and leaves no table behind.
 */
class IndexScenariosTest {

    private static DynamoDbLocal local;

    @BeforeAll
    static void start() {
        local = DynamoDbLocal.start(DynamoDbLocalMode.SERVER);
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    private static ScenarioReport run(DemoScenario scenario) throws Exception {
        return scenario.run(DemoContext.local(local, quiet(), false));
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    void highValueOrders_whenTwoPercentAreOver1000_filterReadsEveryOrderIndexOnlyThem_exactKeyMovesEveryUpdate()
            throws Exception {
        ScenarioReport report = run(new HighValueOrdersScenario());

        Row filtered = report.rows(Step.PROBLEM).get(0);
        Row sparse = report.rows(Step.FIX).get(0);
        assertThat(filtered.label()).contains("1,000 orders read");
        assertThat(filtered.items()).isEqualTo(20L); // one order in 50 of customer-1's 1,000
        assertThat(sparse.items()).isEqualTo(filtered.items());
        assertThat(sparse.wrong()).isZero();
        assertThat(sparse.requests()).isEqualTo(1L);
        assertThat(filtered.units()).isEqualTo(44.5); // 1,000 orders of about 420 bytes, eventually consistent
        assertThat(sparse.units()).isEqualTo(1.0); // the 20 entries only
        assertThat(filtered.units()).isGreaterThanOrEqualTo(40 * sparse.units());

        List<Row> followUp = report.rows(Step.FOLLOW_UP);
        assertThat(followUp).hasSize(4);
        Row exact = followUp.get(0);
        Row banded = followUp.get(1);
        assertThat(exact.requests()).isEqualTo((long) HighValueOrdersScenario.UPDATES);
        assertThat(exact.throttles()).isZero();
        assertThat(exact.items()).isEqualTo((long) HighValueOrdersScenario.UPDATES); // every update moves the entry
        assertThat(exact.units()).isEqualTo(2.0 * exact.items()); // a delete and a put each
        assertThat(banded.items()).isEqualTo(7L); // totals that crossed a multiple of 500 (seeded updates)
        assertThat(banded.units()).isEqualTo(2.0 * banded.items());
        assertThat(banded.units()).isLessThanOrEqualTo(exact.units() / 10);

        Row exactPressed = followUp.get(2);
        Row bandedPressed = followUp.get(3);
        // 20 s of updates asking 40 index units a second of 10: about 105 of the 400 fit (one run: 296 refused)
        assertThat(exactPressed.throttles()).isGreaterThanOrEqualTo(280L);
        assertThat(exactPressed.wrong()).isEqualTo(exactPressed.throttles());
        assertThat(bandedPressed.throttles()).isZero();
        assertThat(report.notes())
                .anyMatch(n -> n.contains("IndexWriteProvisionedThroughputExceeded") && n.contains("byHighValue"));
        assertThat(report.headline()).isPresent();
    }

    @Test
    void recommendations_whenAnItemIsHot_scanReadsTheTableIndexesMatchBruteForce_shardedIndexDoesNotThrottle()
            throws Exception {
        ScenarioReport report = run(new RecommendationsScenario());

        Row scan = report.rows(Step.PROBLEM).get(0);
        List<Row> fix = report.rows(Step.FIX);
        assertThat(scan.label()).contains("5,000 items read");
        assertThat(scan.items()).isEqualTo(10L);
        assertThat(scan.wrong()).isZero();
        assertThat(fix.get(0).requests()).isEqualTo(1L);
        assertThat(fix.get(0).items()).isEqualTo(10L);
        assertThat(fix.get(0).wrong()).isZero();
        assertThat(scan.units()).isGreaterThanOrEqualTo(100 * fix.get(0).units());
        assertThat(fix.get(1).requests()).isEqualTo(2L * RecommendationsScenario.CHECKED); // one Query each
        assertThat(fix.get(1).items()).isPositive();
        assertThat(fix.get(1).wrong()).isZero();

        List<Row> followUp = report.rows(Step.FOLLOW_UP);
        Row plain = followUp.get(0);
        Row sharded = followUp.get(1);
        Row reads = followUp.get(2);
        long written = 1_000L * RecommendationsScenario.SECONDS;
        // item-0000's writes go to one index partition that admits at most 300 in 3 s (a full bucket of 100, then
        // 100 a second); the other items sharing it depend on the table's name (one run: 421 refused in all)
        long hotWrites = new RecommendationsScenario.Interactions(RecommendationsScenario.STREAM_SEED)
                .next((int) written).stream()
                        .filter(x -> x.itemId.equals(RecommendationsScenario.HOT_ITEM))
                        .count();
        assertThat(hotWrites).isGreaterThan(600L);
        assertThat(plain.throttles()).isGreaterThanOrEqualTo(hotWrites - 300);
        assertThat(plain.wrong()).isEqualTo(plain.throttles()); // every refused write came from the hot index
        assertThat(plain.items()).isEqualTo(written - plain.wrong());
        assertThat(plain.units()).isEqualTo(2.0 * plain.items()); // LSI + GSI: twice the table's units
        assertThat(sharded.throttles()).isZero();
        assertThat(sharded.wrong()).isZero();
        assertThat(sharded.items()).isEqualTo(written);
        assertThat(sharded.units()).isEqualTo(2.0 * written);
        assertThat(reads.wrong()).isZero();
        assertThat(reads.requests()).isGreaterThan(2L * RecommendationsScenario.CHECKED); // hot items: their shards
        assertThat(report.notes())
                .anyMatch(n -> n.contains("= 2.0"))
                .anyMatch(n -> n.contains("item-0000 x12, item-0001 x5"))
                .anyMatch(n -> n.contains("item-0000 is read as 13 index keys"));
    }

    @Test
    void indexScenarios_againstAnEndpoint_runWithoutTheProxyAndLeaveNoTable() throws Exception {
        String accessKey = System.getProperty("aws.accessKeyId");
        String secretKey = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.accessKeyId", "demo");
        System.setProperty("aws.secretAccessKey", "demo");
        try {
            DemoContext endpoint = DemoContext.endpoint(local.endpoint(), Region.US_EAST_1, "t", quiet(), false);

            ScenarioReport orders = new HighValueOrdersScenario(0.05).run(endpoint);
            ScenarioReport recommendations = new RecommendationsScenario(0.01).run(endpoint);

            assertThat(orders.rows(Step.FIX).get(0).wrong()).isZero();
            assertThat(orders.rows(Step.FOLLOW_UP)).hasSize(2); // no back-pressure run without the proxy
            assertThat(orders.notes()).anyMatch(n -> n.contains("DynamoDB Local only"));
            assertThat(recommendations.rows(Step.FIX)).allMatch(r -> r.wrong() == 0);
            assertThat(recommendations.rows(Step.FOLLOW_UP).get(2).wrong()).isZero();
            assertThat(local.syncClient().listTables().tableNames()).noneMatch(name -> name.startsWith("t-"));
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
}
