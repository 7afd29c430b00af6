package io.github.ddbpatterns.testing.internal.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * What the proxy answers: status, headers and body (with a fresh {@code x-amz-crc32}), or a connection reset.
 * Content-Length is set by the front end from the body.
 */
record ProxyReply(int status, List<Map.Entry<String, String>> headers, byte[] body, boolean reset) {

    static final ProxyReply RESET = new ProxyReply(0, List.of(), new byte[0], true);
    private static final String JSON_10 = "application/x-amz-json-1.0";
    private static final Set<String> DROPPED =
            Set.of("content-length", "x-amz-crc32", "connection", "transfer-encoding", "keep-alive");

    /** A reply with the given body; headers are copied except framing ones, and the CRC32 is recomputed. */
    static ProxyReply of(int status, List<Map.Entry<String, String>> upstreamHeaders, byte[] body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> h : upstreamHeaders) {
            if (!DROPPED.contains(h.getKey())) {
                headers.add(h);
            }
        }
        headers.add(Map.entry("x-amz-crc32", crc32(body)));
        return new ProxyReply(status, List.copyOf(headers), body, false);
    }

    /** The same reply with another body (and its CRC32). */
    ProxyReply withBody(byte[] newBody) {
        return of(status, headers, newBody);
    }

    /** The same reply with an {@code x-amz-crc32} header that does not match its body. */
    ProxyReply withCorruptedChecksum() {
        List<Map.Entry<String, String>> corrupted = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            corrupted.add(
                    h.getKey().equals("x-amz-crc32")
                            ? Map.entry(h.getKey(), Long.toString((Long.parseLong(h.getValue()) + 1) & 0xFFFFFFFFL))
                            : h);
        }
        return new ProxyReply(status, List.copyOf(corrupted), body, reset);
    }

    /** DynamoDB's JSON error: {@code {"__type":"com.amazonaws.dynamodb.v20120810#<code>","message":"..."}}. */
    static ProxyReply error(int status, String code, String message) {
        String body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + code + "\",\"message\":\""
                + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        return of(
                status,
                List.of(
                        Map.entry("content-type", JSON_10),
                        Map.entry("x-amzn-requestid", UUID.randomUUID().toString())),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * DynamoDB's JSON throttling error with a list of throttling reasons, as the service sends since 2025:
     * {@code "ThrottlingReasons":[{"reason":"IndexWriteProvisionedThroughputExceeded","resource":"<index ARN>"}]}
     * ({@code reasonsField} is {@code ThrottlingReasons} or, for {@code ThrottlingException}, {@code
     * throttlingReasons}: so the SDK's service model names them).
     */
    static ProxyReply throttlingError(
            String code, String message, String reasonsField, String reason, String resource) {
        String body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + code + "\",\"message\":\""
                + escape(message) + "\",\"" + reasonsField + "\":[{\"reason\":\"" + escape(reason)
                + "\",\"resource\":\"" + escape(resource) + "\"}]}";
        return of(
                400,
                List.of(
                        Map.entry("content-type", JSON_10),
                        Map.entry("x-amzn-requestid", UUID.randomUUID().toString())),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** A locally made 200 response with a JSON body. */
    static ProxyReply ok(byte[] body) {
        return of(
                200,
                List.of(
                        Map.entry("content-type", JSON_10),
                        Map.entry("x-amzn-requestid", UUID.randomUUID().toString())),
                body);
    }

    private static String crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return Long.toString(crc.getValue());
    }
}
