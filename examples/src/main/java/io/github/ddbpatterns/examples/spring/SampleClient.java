package io.github.ddbpatterns.examples.spring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A JSON-over-HTTP client of the sample application (the JDK's {@link HttpClient}), for the demo and the tests.
 *
 * <pre>{@code
 * SampleClient client = new SampleClient(URI.create("http://127.0.0.1:8080"));
 * SampleClient.Answer answer = client.post("/sessions", Map.of("userId", "user-7"));
 * SampleClient.Answer page = client.get("/users/user-42/clicks" + SampleClient.query("limit", 10, "cursor", cursor));
 * String sessionId = answer.body().get("id").asText();
 * }</pre>
 */
public final class SampleClient {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule()) // instants as ISO-8601 strings
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final URI base;
    private final HttpClient http;

    /**
     * A client of the application at {@code base}.
     *
     * @param base e.g. {@code http://127.0.0.1:8080}
     */
    public SampleClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * An answer: its status and its JSON body ({@link MissingNode} when it has none).
     *
     * @param status the HTTP status
     * @param body the body
     */
    public record Answer(int status, JsonNode body) {

        /** The answer as one line: status and body. */
        @Override
        public String toString() {
            return status + (body.isMissingNode() ? "" : " " + body);
        }
    }

    /**
     * {@code GET path}.
     *
     * @param path the path and query, e.g. {@code /users/user-42/clicks?limit=10}
     * @return the answer
     */
    public Answer get(String path) {
        return await(getAsync(path));
    }

    /**
     * {@code GET path}, without waiting.
     *
     * @param path the path and query
     * @return the answer, when it comes
     */
    public CompletableFuture<Answer> getAsync(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    /**
     * {@code POST path} with {@code body} as JSON.
     *
     * @param path the path
     * @param body the body, written as JSON
     * @return the answer
     */
    public Answer post(String path, Object body) {
        return await(postAsync(path, body));
    }

    /**
     * {@code POST path} with {@code body} as JSON, without waiting.
     *
     * @param path the path
     * @param body the body, written as JSON
     * @return the answer, when it comes
     */
    public CompletableFuture<Answer> postAsync(String path, Object body) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body cannot be written as JSON: " + body, e);
        }
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /**
     * A query string of name and value pairs, each value URL-encoded: {@code query("from", from, "to", to)} gives
     * {@code ?from=...&to=...}.
     *
     * @param namesAndValues names, each followed by its value
     * @return the query string
     * @throws IllegalArgumentException if a name has no value
     */
    public static String query(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "namesAndValues must be pairs, got " + namesAndValues.length + " values");
        }
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            query.append(i == 0 ? '?' : '&')
                    .append(namesAndValues[i])
                    .append('=')
                    .append(URLEncoder.encode(String.valueOf(namesAndValues[i + 1]), StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    private CompletableFuture<Answer> send(HttpRequest.Builder request) {
        return http.sendAsync(
                        request.header("Accept", "application/json, application/problem+json")
                                .timeout(Duration.ofSeconds(60))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Answer(response.statusCode(), parse(response.body())));
    }

    private static JsonNode parse(String body) {
        if (body.isEmpty()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    private static Answer await(CompletableFuture<Answer> answer) {
        try {
            return answer.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw e;
        }
    }
}
