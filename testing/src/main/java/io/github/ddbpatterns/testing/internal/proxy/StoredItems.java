package io.github.ddbpatterns.testing.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reads items from the target with the caller's credentials and strongly consistent reads: the before-image of
 * a write (and the after-image of an UpdateItem). These reads are the proxy's own: they are neither counted as
 * forwarded nor charged to any read bucket, and faults do not apply to them.
 */
final class StoredItems {

    private static final int MAX_BATCH_ROUNDS = 10;

    private final ObjectMapper json;

    StoredItems(ObjectMapper json) {
        this.json = json;
    }

    /** What a read found: {@code item} is null when there is no item. */
    record Image(JsonNode item) {}

    /**
     * The stored item of {@code key}, or null when the read failed (e.g. the table does not exist). Sent through
     * {@code upstream}: the caller's connection to the target, so the read costs no thread hop.
     */
    CompletableFuture<Image> get(
            Forwarder upstream, List<Map.Entry<String, String>> callerHeaders, String table, ObjectNode key) {
        ObjectNode request = json.createObjectNode();
        request.put("TableName", table);
        request.set("Key", key);
        request.put("ConsistentRead", true);
        return upstream.send(KeySchemaCache.ownRequestHeaders(callerHeaders, "GetItem"), bytes(request))
                .thenApply(r -> {
                    if (r.status() != 200) {
                        return null;
                    }
                    JsonNode item = tree(r.body()).get("Item");
                    return new Image(item != null && item.isObject() ? item : null);
                })
                .exceptionally(e -> null);
    }

    /**
     * The stored items of {@code keysByTable} (keys without duplicates), by {@link #identity}; an absent key has
     * no item. Null when a read failed.
     */
    CompletableFuture<Map<String, JsonNode>> getAll(
            Forwarder upstream,
            List<Map.Entry<String, String>> callerHeaders,
            Map<String, List<ObjectNode>> keysByTable,
            Map<String, KeySchema> schemas) {
        ObjectNode requestItems = json.createObjectNode();
        keysByTable.forEach((table, keys) -> {
            ObjectNode t = requestItems.putObject(table);
            t.put("ConsistentRead", true);
            ArrayNode array = t.putArray("Keys");
            keys.forEach(array::add);
        });
        return round(upstream, callerHeaders, requestItems, schemas, new HashMap<>(), 0)
                .exceptionally(e -> null);
    }

    private CompletableFuture<Map<String, JsonNode>> round(
            Forwarder upstream,
            List<Map.Entry<String, String>> callerHeaders,
            ObjectNode requestItems,
            Map<String, KeySchema> schemas,
            Map<String, JsonNode> found,
            int round) {
        ObjectNode request = json.createObjectNode();
        request.set("RequestItems", requestItems);
        return upstream.send(KeySchemaCache.ownRequestHeaders(callerHeaders, "BatchGetItem"), bytes(request))
                .thenCompose(r -> {
                    if (r.status() != 200) {
                        return CompletableFuture.completedFuture(null);
                    }
                    JsonNode response = tree(r.body());
                    for (Map.Entry<String, JsonNode> e :
                            fields(response.path("Responses")).entrySet()) {
                        KeySchema schema = schemas.get(e.getKey());
                        for (JsonNode item : e.getValue()) {
                            found.put(identity(e.getKey(), schema.keyOf(item)), item);
                        }
                    }
                    JsonNode unprocessed = response.path("UnprocessedKeys");
                    if (unprocessed.isObject() && unprocessed.size() > 0) {
                        if (round + 1 >= MAX_BATCH_ROUNDS) {
                            return CompletableFuture.completedFuture(null);
                        }
                        return round(upstream, callerHeaders, (ObjectNode) unprocessed, schemas, found, round + 1);
                    }
                    return CompletableFuture.completedFuture(found);
                });
    }

    /** A string naming one item of one table: equal for keys DynamoDB treats as equal ({@code N} by value). */
    static String identity(String table, JsonNode key) {
        StringBuilder s = new StringBuilder(table);
        for (Map.Entry<String, JsonNode> e : fields(key).entrySet()) {
            s.append('\u0000').append(e.getKey()).append('=').append(Partitioner.canonical(e.getValue()));
        }
        return s.toString();
    }

    private static Map<String, JsonNode> fields(JsonNode node) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (node != null) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize JSON", e);
        }
    }

    private JsonNode tree(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("target answered invalid JSON", e);
        }
    }
}
