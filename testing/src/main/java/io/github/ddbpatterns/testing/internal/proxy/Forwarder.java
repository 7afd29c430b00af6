package io.github.ddbpatterns.testing.internal.proxy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Sends one request to the target and returns its response. */
interface Forwarder {

    CompletableFuture<Upstream.Response> send(List<Map.Entry<String, String>> headers, byte[] body);
}
