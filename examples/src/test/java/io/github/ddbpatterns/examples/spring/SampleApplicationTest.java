package io.github.ddbpatterns.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbpatterns.examples.spring.SampleClient.Answer;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample application over HTTP, on the shared DynamoDB Local, with tables of its own (a table-name prefix) and a
 * clock the test moves.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
@DirtiesContext // closed after the class, while DynamoDB Local still runs
class SampleApplicationTest {

    static final String PREFIX = SampleApplicationTest.class.getSimpleName() + "-";
    static final Duration SESSION_LIFETIME = Duration.ofMinutes(30); // sample.sessions.time-to-live

    @DynamicPropertySource
    static void dynamoDbLocal(DynamicPropertyRegistry properties) {
        properties.add(
                "ddb.patterns.client.endpoint", () -> DynamoDbLocal.shared().endpoint());
        properties.add("ddb.patterns.table-name.prefix", () -> PREFIX);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        MutableClock testClock() { // the application's Clock bean: the starter's steps back
            return MutableClock.atSystemTime();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    SampleClient client;

    @BeforeEach
    void client() {
        client = new SampleClient(URI.create("http://127.0.0.1:" + port));
    }

    @AfterAll
    static void deleteTables() {
        var dynamoDb = DynamoDbLocal.shared().syncClient();
        dynamoDb.listTables().tableNames().stream()
                .filter(name -> name.startsWith(PREFIX))
                .forEach(name -> dynamoDb.deleteTable(b -> b.tableName(name)));
    }

    @Test
    void clicks_ofTheHotUser_pageWithTheCursor_everyClickOnceNewestFirst() {
        Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        List<CompletableFuture<Answer>> posted = new ArrayList<>();
        for (int i = 0; i < 25; i++) { // sent at once: they share the write buffer's calls
            posted.add(client.postAsync(
                    "/users/user-42/clicks", Map.of("action", "view-" + i, "at", start.plusSeconds(i))));
        }
        clock.advance(Duration.ofSeconds(1));
        Answer latest = client.post("/users/user-42/clicks", Map.of("action", "buy")); // at: the application's clock
        List<Answer> answers =
                new ArrayList<>(posted.stream().map(CompletableFuture::join).toList());
        answers.add(latest);
        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(201));
        assertThat(latest.body().get("at").asText()).isEqualTo(clock.instant().toString());
        assertThat(latest.body().get("userId").asText()).isEqualTo("user-42");
        Set<String> ids = new HashSet<>();
        answers.forEach(answer -> ids.add(answer.body().get("id").asText()));

        List<JsonNode> read = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            Answer page = client.get("/users/user-42/clicks"
                    + (cursor == null
                            ? SampleClient.query("limit", 7)
                            : SampleClient.query("limit", 7, "cursor", cursor)));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            List<JsonNode> items = items(page.body());
            read.addAll(items);
            pageSizes.add(items.size());
            cursor = page.body().get("cursor").isNull()
                    ? null
                    : page.body().get("cursor").asText();
        } while (cursor != null);

        assertThat(pageSizes).containsExactly(7, 7, 7, 5);
        assertThat(read).extracting(click -> click.get("id").asText()).doesNotHaveDuplicates();
        assertThat(read).extracting(click -> click.get("id").asText()).containsExactlyInAnyOrderElementsOf(ids);
        List<Instant> times = read.stream()
                .map(click -> Instant.parse(click.get("at").asText()))
                .toList();
        assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a)).doesNotHaveDuplicates();
        assertThat(read.get(0).get("action").asText()).isEqualTo("buy");
        assertThat(read.get(25).get("action").asText()).isEqualTo("view-0");
    }

    @Test
    void clicks_aCursorOfAnotherUser_isRefusedWith400NamingTheCursor() {
        Instant at = clock.instant().minusSeconds(60);
        assertThat(client.post("/users/user-1/clicks", Map.of("action", "a", "at", at))
                        .status())
                .isEqualTo(201);
        assertThat(client.post("/users/user-1/clicks", Map.of("action", "b", "at", at.plusSeconds(1)))
                        .status())
                .isEqualTo(201);
        String cursor =
                client.get("/users/user-1/clicks?limit=1").body().get("cursor").asText();
        assertThat(client.get("/users/user-1/clicks" + SampleClient.query("limit", 1, "cursor", cursor))
                        .body()
                        .get("items")
                        .get(0)
                        .get("action")
                        .asText())
                .isEqualTo("a");

        Answer foreign = client.get("/users/user-2/clicks" + SampleClient.query("cursor", cursor));

        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.body().get("field").asText()).isEqualTo("cursor");
        assertThat(foreign.body().get("detail").asText()).startsWith("cursor ");
    }

    @Test
    void clicks_badInput_answers400WithTheLibrarysMessageNamingTheField() {
        Answer zero = client.get("/users/user-42/clicks?limit=0");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.body().get("field").asText()).isEqualTo("limit");
        assertThat(zero.body().get("detail").asText()).isEqualTo("limit must be between 1 and 10000, got: 0");

        Answer garbage = client.get("/users/user-42/clicks?cursor=not-a-cursor");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.body().get("field").asText()).isEqualTo("cursor");
        assertThat(garbage.body().get("detail").asText()).startsWith("cursor ").contains("'not-a-cursor'");

        Answer noAction = client.post("/users/user-42/clicks", Map.of("at", clock.instant()));
        assertThat(noAction.status()).isEqualTo(400);
        assertThat(noAction.body().get("field").asText()).isEqualTo("action");
        assertThat(noAction.body().get("detail").asText()).isEqualTo("action must not be empty, got: null");

        Answer notANumber = client.get("/users/user-42/clicks?limit=many");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.body().get("detail").asText()).contains("'limit'");
    }

    @Test
    void telemetry_rangeIsHalfOpen_andPagesResumeWithTheCursor() {
        Instant midnight = Instant.parse("2026-11-24T00:00:00Z");
        for (int hour = -3; hour <= 2; hour++) { // 21:00 .. 02:00, over two day buckets
            Answer stored = client.post(
                    "/companies/company-9/telemetry",
                    Map.of("at", midnight.plus(Duration.ofHours(hour)), "value", 20 + hour, "id", "r" + hour));
            assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        }
        Instant from = midnight.minus(Duration.ofHours(2));
        Instant to = midnight.plus(Duration.ofHours(2)); // a reading at exactly `to`: excluded

        Answer first =
                client.get("/companies/company-9/telemetry" + SampleClient.query("from", from, "to", to, "limit", 3));
        Answer second = client.get("/companies/company-9/telemetry"
                + SampleClient.query(
                        "from",
                        from,
                        "to",
                        to,
                        "limit",
                        3,
                        "cursor",
                        first.body().get("cursor").asText()));

        assertThat(first.status()).isEqualTo(200);
        assertThat(items(first.body())).extracting(r -> r.get("id").asText()).containsExactly("r-2", "r-1", "r0");
        assertThat(items(second.body())).extracting(r -> r.get("id").asText()).containsExactly("r1");
        assertThat(second.body().get("cursor").isNull()).isTrue();
        assertThat(items(second.body()).get(0).get("at").asText()).isEqualTo("2026-11-24T01:00:00Z");
        assertThat(items(second.body()).get(0).get("value").asDouble()).isEqualTo(21.0);
    }

    @Test
    void telemetry_badInput_answers400NamingTheField() {
        Instant at = Instant.parse("2026-11-24T00:00:00Z");
        Answer empty = client.get("/companies/company-9/telemetry" + SampleClient.query("from", at, "to", at));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().get("field").asText()).isEqualTo("to");
        assertThat(empty.body().get("detail").asText()).startsWith("to must be after from 2026-11-24T00:00:00Z");

        Answer reversed =
                client.get("/companies/company-9/telemetry" + SampleClient.query("from", at, "to", at.minusSeconds(1)));
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.body().get("field").asText()).isEqualTo("to");

        Answer noFrom = client.get("/companies/company-9/telemetry" + SampleClient.query("to", at));
        assertThat(noFrom.status()).isEqualTo(400);
        assertThat(noFrom.body().get("detail").asText()).contains("'from'");

        Answer noTime = client.post("/companies/company-9/telemetry", Map.of("value", 1));
        assertThat(noTime.status()).isEqualTo(400);
        assertThat(noTime.body().get("field").asText()).isEqualTo("at");
    }

    @Test
    void sessions_loginThenFound_then404OnceExpired() {
        Answer login = client.post("/sessions", Map.of("userId", "user-7", "attributes", Map.of("role", "admin")));
        assertThat(login.status()).isEqualTo(201);
        String id = login.body().get("id").asText();

        Answer live = client.get("/sessions/" + id);
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body().get("userId").asText()).isEqualTo("user-7");
        assertThat(live.body().get("attributes").get("role").asText()).isEqualTo("admin");

        clock.advance(SESSION_LIFETIME.minusSeconds(1));
        assertThat(client.get("/sessions/" + id).status())
                .as("a second before it expires")
                .isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        Answer expired = client.get("/sessions/" + id);
        assertThat(expired.status())
                .as("expired, though DynamoDB still stores it")
                .isEqualTo(404);
        assertThat(expired.body().get("detail").asText()).contains("no live session");

        assertThat(client.get("/sessions/never-created").status()).isEqualTo(404);
        Answer anonymous = client.post("/sessions", Map.of("attributes", Map.of()));
        assertThat(anonymous.status()).isEqualTo(400);
        assertThat(anonymous.body().get("field").asText()).isEqualTo("userId");
    }

    @Test
    void actuatorMetrics_listTheLibrarysMeters() {
        assertThat(client.post("/users/user-5/clicks", Map.of("action", "view")).status())
                .isEqualTo(201);
        assertThat(client.post("/companies/company-5/telemetry", Map.of("at", clock.instant(), "value", 1))
                        .status())
                .isEqualTo(201);
        assertThat(client.post("/sessions", Map.of("userId", "user-5")).status())
                .isEqualTo(201);

        Answer metrics = client.get("/actuator/metrics");

        assertThat(metrics.status()).isEqualTo(200);
        List<String> names = StreamSupport.stream(metrics.body().get("names").spliterator(), false)
                .map(JsonNode::asText)
                .toList();
        assertThat(names)
                .contains(
                        "ddb.patterns.resilience.calls",
                        "ddb.patterns.buffer.persisted",
                        "ddb.patterns.batch.requests",
                        "ddb.patterns.sharding.writes",
                        "ddb.patterns.timeseries.writes")
                .contains("jvm.memory.used", "http.server.requests");
        Answer calls = client.get("/actuator/metrics/ddb.patterns.resilience.calls");
        assertThat(calls.status()).isEqualTo(200);
        assertThat(calls.body().get("measurements").get(0).get("value").asDouble())
                .isPositive();
    }

    private static List<JsonNode> items(JsonNode page) {
        return StreamSupport.stream(page.get("items").spliterator(), false).toList();
    }
}
