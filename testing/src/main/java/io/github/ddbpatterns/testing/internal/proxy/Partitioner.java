package io.github.ddbpatterns.testing.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Maps a partition key value to one of P partitions: a stable 64-bit FNV-1a hash of (scope, type, canonical
 * value) modulo P. Numbers are canonical ({@code 1.0} and {@code 1} hash alike), as DynamoDB compares them.
 */
final class Partitioner {

    private Partitioner() {}

    static int partition(String scope, JsonNode keyValue, int partitions) {
        if (partitions == 1) {
            return 0;
        }
        String canonical = canonical(keyValue);
        long h = 0xcbf29ce484222325L;
        h = mix(h, scope.getBytes(StandardCharsets.UTF_8));
        h = mix(h, new byte[] {0});
        h = mix(h, canonical.getBytes(StandardCharsets.UTF_8));
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) Math.floorMod(h, (long) partitions);
    }

    static String canonical(JsonNode value) {
        if (value == null || !value.isObject() || value.size() == 0) {
            return "";
        }
        Map.Entry<String, JsonNode> typed = value.fields().next();
        String text = typed.getValue().asText();
        if ("N".equals(typed.getKey())) {
            try {
                text = new BigDecimal(text).stripTrailingZeros().toPlainString();
            } catch (NumberFormatException ignored) {
                // keep the text as sent; DynamoDB will reject it anyway
            }
        }
        return typed.getKey() + ":" + text;
    }

    private static long mix(long h, byte[] bytes) {
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
