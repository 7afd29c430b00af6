package io.github.ddbpatterns.testing.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Key schemas of tables and their indexes (key attributes, projections, ARNs), asked from the target with DescribeTable using the caller's Authorization header
 * (DynamoDB Local keeps one database per access key and region) and cached per (credential, table).
 * Failed look-ups are not cached; a table is forgotten when CreateTable/DeleteTable/UpdateTable passes.
 */
final class KeySchemaCache {

    private final Upstream upstream;
    private final ObjectMapper json;
    private final Map<String, CompletableFuture<KeySchema>> cache = new ConcurrentHashMap<>();

    KeySchemaCache(Upstream upstream, ObjectMapper json) {
        this.upstream = upstream;
        this.json = json;
    }

    /** The key schema of {@code table}, or null when DescribeTable fails (e.g. the table does not exist). */
    CompletableFuture<KeySchema> get(List<Map.Entry<String, String>> callerHeaders, String table) {
        String key = cacheKey(callerHeaders, table);
        CompletableFuture<KeySchema> cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        CompletableFuture<KeySchema> fresh = new CompletableFuture<>();
        cached = cache.putIfAbsent(key, fresh);
        if (cached != null) {
            return cached;
        }
        describe(callerHeaders, table).whenComplete((schema, error) -> {
            if (error != null || schema == null) {
                cache.remove(key, fresh);
                fresh.complete(null);
            } else {
                fresh.complete(schema);
            }
        });
        return fresh;
    }

    void forget(List<Map.Entry<String, String>> callerHeaders, String table) {
        cache.remove(cacheKey(callerHeaders, table));
    }

    private CompletableFuture<KeySchema> describe(List<Map.Entry<String, String>> callerHeaders, String table) {
        List<Map.Entry<String, String>> headers = ownRequestHeaders(callerHeaders, "DescribeTable");
        byte[] body = ("{\"TableName\":" + json.getNodeFactory().textNode(table).toString() + "}")
                .getBytes(StandardCharsets.UTF_8);
        return upstream.send(headers, body).thenApply(r -> r.status() == 200 ? parse(r.body()) : null);
    }

    /**
     * Headers of a request the proxy makes itself with the caller's credentials (DynamoDB Local picks the database
     * by the access key and region; it does not verify the signature).
     */
    static List<Map.Entry<String, String>> ownRequestHeaders(List<Map.Entry<String, String>> callerHeaders, String op) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> h : callerHeaders) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("authorization") || name.equals("x-amz-date") || name.equals("x-amz-security-token")) {
                headers.add(h);
            }
        }
        headers.add(Map.entry("Content-Type", "application/x-amz-json-1.0"));
        headers.add(Map.entry("X-Amz-Target", "DynamoDB_20120810." + op));
        return headers;
    }

    private KeySchema parse(byte[] body) {
        try {
            JsonNode tableNode = json.readTree(body).path("Table");
            String pk = keyOf(tableNode.path("KeySchema"), "HASH");
            if (pk == null) {
                return null;
            }
            String sk = keyOf(tableNode.path("KeySchema"), "RANGE");
            Map<String, IndexSchema> indexes = new HashMap<>();
            for (JsonNode gsi : tableNode.path("GlobalSecondaryIndexes")) {
                IndexSchema index = index(gsi, true);
                if (index != null) {
                    indexes.put(index.name(), index);
                }
            }
            for (JsonNode lsi : tableNode.path("LocalSecondaryIndexes")) {
                IndexSchema index = index(lsi, false);
                if (index != null) {
                    indexes.put(index.name(), index);
                }
            }
            return new KeySchema(pk, sk, tableNode.path("TableArn").asText(""), Map.copyOf(indexes));
        } catch (Exception e) {
            return null;
        }
    }

    private static IndexSchema index(JsonNode description, boolean global) {
        String ipk = keyOf(description.path("KeySchema"), "HASH");
        if (ipk == null) {
            return null;
        }
        JsonNode projection = description.path("Projection");
        IndexSchema.Projection type;
        try {
            type = IndexSchema.Projection.valueOf(
                    projection.path("ProjectionType").asText("ALL"));
        } catch (IllegalArgumentException e) {
            type = IndexSchema.Projection.ALL;
        }
        List<String> nonKey = new ArrayList<>();
        projection.path("NonKeyAttributes").forEach(a -> nonKey.add(a.asText()));
        return new IndexSchema(
                description.path("IndexName").asText(),
                global,
                ipk,
                keyOf(description.path("KeySchema"), "RANGE"),
                type,
                List.copyOf(nonKey),
                description.path("IndexArn").asText(""));
    }

    private static String keyOf(JsonNode keySchema, String keyType) {
        for (JsonNode k : keySchema) {
            if (keyType.equals(k.path("KeyType").asText())) {
                return k.path("AttributeName").asText();
            }
        }
        return null;
    }

    static String cacheKey(List<Map.Entry<String, String>> headers, String table) {
        String credential = "";
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase("authorization")) {
                String auth = h.getValue();
                int start = auth.indexOf("Credential=");
                if (start >= 0) {
                    int end = auth.indexOf(',', start);
                    String scope = auth.substring(start + "Credential=".length(), end < 0 ? auth.length() : end);
                    String[] parts = scope.split("/");
                    credential = parts.length > 2 ? parts[0] + "/" + parts[2] : parts[0];
                }
            }
        }
        return credential + "\u0000" + table;
    }
}
