package io.github.ddbpatterns.testing.internal.proxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Forwards requests to the target (DynamoDB Local) with the JDK's async HTTP/1.1 client, keeping the caller's
 * headers (Authorization picks DynamoDB Local's database) except hop-by-hop ones and Accept-Encoding (so the
 * proxy always reads a plain body).
 */
final class Upstream implements Forwarder, AutoCloseable {

    static final Set<String> SKIPPED = Set.of(
            "host",
            "content-length",
            "connection",
            "expect",
            "upgrade",
            "keep-alive",
            "transfer-encoding",
            "te",
            "trailer",
            "proxy-connection",
            "accept-encoding");

    private final URI target;
    private final ExecutorService executor;
    private final HttpClient client;

    Upstream(URI target) {
        this.target = target;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ddb-proxy-upstream-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
    }

    /** A response from the target. Headers are lower-case names. */
    record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {}

    @Override
    public CompletableFuture<Response> send(List<Map.Entry<String, String>> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, String> h : headers) {
            if (!SKIPPED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                request.header(h.getKey(), h.getValue());
            }
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(r -> new Response(r.statusCode(), flatten(r.headers().map()), r.body()));
    }

    private static List<Map.Entry<String, String>> flatten(Map<String, List<String>> map) {
        List<Map.Entry<String, String>> out = new java.util.ArrayList<>();
        map.forEach((name, values) -> {
            if (!name.startsWith(":")) {
                for (String v : values) {
                    out.add(Map.entry(name.toLowerCase(Locale.ROOT), v));
                }
            }
        });
        return out;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
