package io.github.ddbpatterns.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.examples.demo.DemoContext;
import io.github.ddbpatterns.examples.demo.Row;
import io.github.ddbpatterns.examples.demo.ScenarioReport;
import io.github.ddbpatterns.examples.demo.Step;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The directions of each scenario's numbers: the naive step shows the problem, the library's steps do not. */
class DemoScenariosTest {

    private static DynamoDbLocal local;

    @BeforeAll
    static void start() {
        local = DynamoDbLocal.start(DynamoDbLocalMode.SERVER);
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    private static ScenarioReport run(io.github.ddbpatterns.examples.demo.DemoScenario scenario) throws Exception {
        return scenario.run(DemoContext.local(
                local, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false));
    }

    @Test
    void hotPartition_whenOneKeyAt5xThePartitionLimit_naiveThrottlesAndLoses_shardedNeither_readsAgree()
            throws Exception {
        ScenarioReport report = run(new HotPartitionScenario());

        Row naive = report.rows(Step.PROBLEM).get(0);
        Row sharded = report.rows(Step.FIX).get(0);
        assertThat(naive.throttles()).isPositive();
        assertThat(naive.wrong()).isEqualTo(naive.throttles());
        assertThat(sharded.throttles()).isZero();
        assertThat(sharded.wrong()).isZero();
        List<Row> reads = report.rows(Step.FOLLOW_UP);
        assertThat(reads).hasSize(2);
        assertThat(reads.get(0).items()).isEqualTo((long) HotPartitionScenario.WRITES);
        assertThat(reads.get(1).items()).isEqualTo(reads.get(0).items());
        assertThat(reads.get(1).wrong()).isZero();
        assertThat(reads.get(0).requests()).isGreaterThanOrEqualTo(HotPartitionScenario.SHARDS);
        assertThat(report.headline()).isPresent();
    }

    @Test
    void telemetry_whenLastHourOfOneCompany_scanReadsMoreUnitsThanTheQuery_sameItems() throws Exception {
        ScenarioReport report = run(new TelemetryScenario());

        Row scan = report.rows(Step.PROBLEM).get(0);
        Row query = report.rows(Step.FIX).get(0);
        assertThat(scan.items()).isEqualTo(12L); // one reading every 5 minutes for an hour
        assertThat(query.items()).isEqualTo(scan.items());
        assertThat(query.wrong()).isZero();
        assertThat(scan.units()).isGreaterThan(10 * query.units());
        List<Row> week = report.rows(Step.FOLLOW_UP);
        assertThat(week.get(0).requests()).isEqualTo(7L);
        assertThat(week.get(0).items()).isEqualTo(7L * 24 * 12);
        assertThat(week.get(1).items()).isEqualTo(week.get(0).items());
        assertThat(week.get(1).wrong()).isZero();
    }

    @Test
    void expiredSessions_whenHalfHaveExpired_plainQueryReturnsThem_storeNever_nearCacheSendsNoRequest()
            throws Exception {
        ScenarioReport report = run(new ExpiredSessionsScenario());

        Row plain = report.rows(Step.PROBLEM).get(0);
        Row store = report.rows(Step.FIX).get(0);
        assertThat(plain.items()).isEqualTo((long) ExpiredSessionsScenario.SESSIONS);
        assertThat(plain.wrong()).isEqualTo(ExpiredSessionsScenario.SESSIONS / 2L);
        assertThat(store.items()).isEqualTo(ExpiredSessionsScenario.SESSIONS / 2L);
        assertThat(store.wrong()).isZero();
        List<Row> reads = report.rows(Step.FOLLOW_UP);
        assertThat(reads.get(0).requests()).isEqualTo((long) ExpiredSessionsScenario.READS);
        assertThat(reads.get(1).requests()).isLessThanOrEqualTo(1L);
        assertThat(reads.get(1).wrong()).isZero();
    }
}
