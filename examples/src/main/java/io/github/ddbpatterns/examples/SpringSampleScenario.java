package io.github.ddbpatterns.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbpatterns.examples.spring.SampleApplication;
import io.github.ddbpatterns.examples.spring.SampleClient;
import io.github.ddbpatterns.examples.spring.SampleClient.Answer;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalMode;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot starter's sample application ({@link SampleApplication}) on this DynamoDB Local: starts it, calls
 * every endpoint over HTTP and prints the answers and the {@code ddb.patterns.*} meters of {@code /actuator/metrics},
 * then stops it; with {@code --serve}, keeps it serving until the JVM is stopped (Ctrl-C).
 */
final class SpringSampleScenario implements Scenario {

    static final String NAME = "spring-sample";
    static final Instant CLICKS_FROM = Instant.parse("2026-11-24T10:00:00Z");
    static final Instant MIDNIGHT = Instant.parse("2026-11-24T00:00:00Z");

    private final boolean serve;
    private final int port;

    /**
     * The scenario.
     *
     * @param serve whether the application keeps serving after the calls, until the JVM is stopped
     * @param port the application's HTTP port (0: any free port)
     */
    SpringSampleScenario(boolean serve, int port) {
        this.serve = serve;
        this.port = port;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Spring Boot starter sample: REST endpoints for clicks, telemetry and sessions, /actuator/metrics";
    }

    @Override
    public void run(DynamoDbLocal local, PrintStream out) throws InterruptedException {
        if (local.mode() == DynamoDbLocalMode.EMBEDDED) {
            out.printf("  skipped: the application's async client needs an HTTP endpoint (run with --mode SERVER)%n");
            return;
        }
        ConfigurableApplicationContext app = SampleApplication.runOnDynamoDbLocal(
                local.endpoint(),
                "server.port=" + port,
                "spring.main.banner-mode=off",
                "logging.level.root=" + (serve ? "info" : "warn"));
        try {
            int actualPort = ((WebServerApplicationContext) app).getWebServer().getPort();
            URI base = URI.create("http://127.0.0.1:" + actualPort);
            out.printf("  started on %s with tables clicks, telemetry and sessions (profile local)%n", base);
            SampleClient client = new SampleClient(base);
            clicks(client, out);
            telemetry(client, out);
            sessions(client, out);
            metrics(client, out);
            if (serve) {
                serveUntilStopped(base, out);
            }
        } finally {
            app.close(); // flushes the write buffer, stops the web server
        }
    }

    private static void clicks(SampleClient client, PrintStream out) {
        String clicks = "/users/user-42/clicks";
        List<CompletableFuture<Answer>> posted = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            posted.add(client.postAsync(
                    clicks, Map.of("action", i % 3 == 0 ? "buy" : "view", "at", CLICKS_FROM.plusSeconds(i))));
        }
        List<Answer> answers = posted.stream().map(CompletableFuture::join).toList();
        out.printf(
                "  POST %s %s%n    -> %s%n",
                clicks, "{\"action\":\"buy\",\"at\":\"" + CLICKS_FROM + "\"}", answers.get(0));
        check(answers.stream().allMatch(a -> a.status() == 201), "every click answers 201: " + answers);
        out.printf("  ... 30 clicks sent at once, 30 x 201 (persisted through the write buffer)%n");

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            String path = clicks
                    + (cursor == null
                            ? SampleClient.query("limit", 12)
                            : SampleClient.query("limit", 12, "cursor", cursor));
            Answer page = client.get(path);
            check(page.status() == 200, "a page answers 200: " + page);
            List<JsonNode> items = items(page.body());
            items.forEach(click -> seen.add(click.get("at").asText()));
            cursor = page.body().get("cursor").isNull()
                    ? null
                    : page.body().get("cursor").asText();
            out.printf(
                    "  GET %s%n    -> 200: %d clicks, %s .. %s, cursor %s%n",
                    abbreviate(path),
                    items.size(),
                    items.get(0).get("at").asText(),
                    items.get(items.size() - 1).get("at").asText(),
                    cursor == null ? "null (last page)" : abbreviate(cursor));
        } while (cursor != null);
        List<String> expected = new ArrayList<>();
        for (int i = 29; i >= 0; i--) {
            expected.add(CLICKS_FROM.plusSeconds(i).toString());
        }
        check(seen.equals(expected), "every click once, newest first: " + seen);
        out.printf("  -> %d clicks read from 10 shards, each once, newest first%n", seen.size());
        showFailure(client, clicks + "?limit=0", out);
        showFailure(client, clicks + "?cursor=not-a-cursor", out);
    }

    private static void telemetry(SampleClient client, PrintStream out) {
        String telemetry = "/companies/company-123/telemetry";
        for (int hour = -3; hour <= 2; hour++) {
            Answer stored = client.post(
                    telemetry,
                    Map.of("at", MIDNIGHT.plus(Duration.ofHours(hour)), "value", 20 + hour, "id", "r" + hour));
            check(stored.status() == 201, "a reading answers 201: " + stored);
            if (hour == -3) {
                out.printf(
                        "  POST %s {\"at\":\"%s\",\"value\":17,\"id\":\"r-3\"}%n    -> %s%n",
                        telemetry, MIDNIGHT.minus(Duration.ofHours(3)), stored);
            }
        }
        out.printf("  ... 6 readings, one an hour from 21:00 to 02:00 (two day buckets)%n");
        String path = telemetry
                + SampleClient.query(
                        "from", MIDNIGHT.minus(Duration.ofHours(2)), "to", MIDNIGHT.plus(Duration.ofHours(2)));
        Answer answer = client.get(path);
        List<String> ids =
                items(answer.body()).stream().map(r -> r.get("id").asText()).toList();
        check(ids.equals(List.of("r-2", "r-1", "r0", "r1")), "the range [from, to) excludes to: " + answer);
        out.printf("  GET %s%n    -> %s%n", path, answer);
        out.printf("  -> readings 22:00, 23:00, 00:00, 01:00: the range [from, to) excludes 02:00%n");
        showFailure(client, telemetry + SampleClient.query("from", MIDNIGHT, "to", MIDNIGHT), out);
    }

    private static void sessions(SampleClient client, PrintStream out) {
        Answer login = client.post("/sessions", Map.of("userId", "user-7", "attributes", Map.of("role", "admin")));
        check(login.status() == 201, "login answers 201: " + login);
        out.printf("  POST /sessions {\"userId\":\"user-7\",\"attributes\":{\"role\":\"admin\"}}%n    -> %s%n", login);
        String id = login.body().get("id").asText();
        Answer live = client.get("/sessions/" + id);
        check(live.status() == 200, "a live session answers 200: " + live);
        out.printf("  GET /sessions/%s%n    -> %s%n", id, live);
        showFailure(client, "/sessions/no-such-session", out);
    }

    private static void metrics(SampleClient client, PrintStream out) {
        Answer metrics = client.get("/actuator/metrics");
        List<String> ours = StreamSupport.stream(metrics.body().get("names").spliterator(), false)
                .map(JsonNode::asText)
                .filter(name -> name.startsWith("ddb.patterns."))
                .sorted()
                .toList();
        check(!ours.isEmpty(), "/actuator/metrics lists ddb.patterns.* meters: " + metrics);
        out.printf(
                "  GET /actuator/metrics -> %d names, %d of them ddb.patterns.*:%n",
                metrics.body().get("names").size(), ours.size());
        ours.forEach(name -> out.printf("    %s%n", name));
        Answer calls = client.get("/actuator/metrics/ddb.patterns.buffer.persisted");
        out.printf("  GET /actuator/metrics/ddb.patterns.buffer.persisted%n    -> %s%n", calls);
    }

    private static void serveUntilStopped(URI base, PrintStream out) throws InterruptedException {
        out.printf(
                "%n  serving on %s until Ctrl-C; for example:%n"
                        + "    curl -i -X POST %s/users/user-42/clicks -H 'Content-Type: application/json'"
                        + " -d '{\"action\":\"view\"}'%n"
                        + "    curl '%s/users/user-42/clicks?limit=5'%n"
                        + "    curl -i -X POST %s/companies/company-123/telemetry -H 'Content-Type: application/json'"
                        + " -d '{\"at\":\"%s\",\"value\":21.5}'%n"
                        + "    curl '%s/companies/company-123/telemetry?from=%s&to=%s'%n"
                        + "    curl -i -X POST %s/sessions -H 'Content-Type: application/json' -d '{\"userId\":\"user-7\"}'%n"
                        + "    curl %s/actuator/metrics/ddb.patterns.resilience.calls%n",
                base,
                base,
                base,
                base,
                MIDNIGHT,
                base,
                MIDNIGHT.minus(Duration.ofHours(3)),
                MIDNIGHT.plus(Duration.ofHours(3)),
                base,
                base);
        out.flush();
        Thread.currentThread().join(); // until the JVM stops: Spring's shutdown hook then closes the application
    }

    /** Sends a GET expected to fail and prints its answer. */
    private static void showFailure(SampleClient client, String path, PrintStream out) {
        Answer answer = client.get(path);
        check(answer.status() >= 400, "an error answer: " + answer);
        out.printf("  GET %s%n    -> %s%n", abbreviate(path), answer);
    }

    private static List<JsonNode> items(JsonNode page) {
        return StreamSupport.stream(page.get("items").spliterator(), false).toList();
    }

    /** A path with its cursor shortened, or a cursor shortened. */
    private static String abbreviate(String text) {
        if (text.startsWith("/")) {
            return text.replaceAll("(cursor=[^&]{16})[^&]{8,}", "$1…");
        }
        return text.length() > 24 ? text.substring(0, 16) + "… (" + text.length() + " chars)" : text;
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("expected " + what);
        }
    }
}
