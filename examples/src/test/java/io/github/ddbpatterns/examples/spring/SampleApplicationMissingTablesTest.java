package io.github.ddbpatterns.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.examples.spring.SampleClient.Answer;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Without its tables the sample application starts, and every endpoint answers 503 naming the missing table. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.create-tables=false")
@ActiveProfiles("local")
@DirtiesContext
class SampleApplicationMissingTablesTest {

    static final String PREFIX = SampleApplicationMissingTablesTest.class.getSimpleName() + "-";

    @DynamicPropertySource
    static void dynamoDbLocal(DynamicPropertyRegistry properties) {
        properties.add(
                "ddb.patterns.client.endpoint", () -> DynamoDbLocal.shared().endpoint());
        properties.add("ddb.patterns.table-name.prefix", () -> PREFIX);
    }

    @LocalServerPort
    int port;

    @Test
    void everyEndpoint_answers503WithTheTableLayoutMessage() {
        SampleClient client = new SampleClient(URI.create("http://127.0.0.1:" + port));
        Instant at = Instant.parse("2026-11-24T00:00:00Z");

        assertMissing(client.post("/users/user-42/clicks", Map.of("action", "view")), "clicks", "ShardedTable");
        assertMissing(client.get("/users/user-42/clicks"), "clicks", "ShardedTable");
        assertMissing(
                client.post("/companies/company-1/telemetry", Map.of("at", at, "value", 1)),
                "telemetry",
                "TimeSeriesTable");
        assertMissing(
                client.get("/companies/company-1/telemetry" + SampleClient.query("from", at, "to", at.plusSeconds(60))),
                "telemetry",
                "TimeSeriesTable");
        assertMissing(client.post("/sessions", Map.of("userId", "user-7")), "sessions", "SessionStore");
        assertMissing(client.get("/sessions/some-id"), "sessions", "SessionStore");
    }

    private static void assertMissing(Answer answer, String table, String component) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
        assertThat(answer.body().get("table").asText()).isEqualTo(PREFIX + table);
        assertThat(answer.body().get("detail").asText())
                .startsWith("table '" + PREFIX + table + "' does not exist; " + component + " needs table '")
                .contains("Create it with createTable()");
    }
}
