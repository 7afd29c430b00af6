package io.github.ddbpatterns.testing.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * DynamoDB's item size, approximated from the JSON wire form, and the capacity units it costs.
 *
 * <p>Size = sum over attributes of (name UTF-8 bytes + value size). Value sizes: S = UTF-8 bytes; N = (number
 * of significant digits + 1) / 2 + 1 (DynamoDB: "approximately"); B = decoded bytes; BOOL and NULL = 1; SS,
 * NS, BS = sum of their elements; L and M = 3 + per element 1 + element size (M adds the key bytes). This is
 * DynamoDB's documented model without the per-index overhead, exact enough for capacity tests.
 */
final class ItemSize {

    /** Bytes in one write capacity unit. */
    public static final int WRITE_UNIT_BYTES = 1024;
    /** Bytes in one read capacity unit (strongly consistent). */
    public static final int READ_UNIT_BYTES = 4096;

    private ItemSize() {}

    /** Size in bytes of an item (a JSON object of attribute name to typed value); 0 for null/missing. */
    public static long of(JsonNode item) {
        if (item == null || !item.isObject()) {
            return 0;
        }
        long size = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            size += utf8(e.getKey()) + valueSize(e.getValue());
        }
        return size;
    }

    /** Size in bytes of one typed attribute value ({@code {"S": "..."}} etc.). */
    public static long valueSize(JsonNode value) {
        if (value == null || !value.isObject() || value.size() == 0) {
            return 0;
        }
        Map.Entry<String, JsonNode> typed = value.fields().next();
        JsonNode v = typed.getValue();
        switch (typed.getKey()) {
            case "S":
                return utf8(v.asText());
            case "N":
                return numberSize(v.asText());
            case "B":
                return binarySize(v.asText());
            case "BOOL":
            case "NULL":
                return 1;
            case "SS": {
                long s = 0;
                for (JsonNode e : v) {
                    s += utf8(e.asText());
                }
                return s;
            }
            case "NS": {
                long s = 0;
                for (JsonNode e : v) {
                    s += numberSize(e.asText());
                }
                return s;
            }
            case "BS": {
                long s = 0;
                for (JsonNode e : v) {
                    s += binarySize(e.asText());
                }
                return s;
            }
            case "L": {
                long s = 3;
                for (JsonNode e : v) {
                    s += 1 + valueSize(e);
                }
                return s;
            }
            case "M": {
                long s = 3;
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    s += 1 + utf8(e.getKey()) + valueSize(e.getValue());
                }
                return s;
            }
            default:
                return 0;
        }
    }

    /** Write units for an item of {@code bytes}: 1 per started KB, at least 1. */
    public static double writeUnits(long bytes) {
        return Math.max(1, (bytes + WRITE_UNIT_BYTES - 1) / WRITE_UNIT_BYTES);
    }

    /** Read units for {@code bytes}: 1 per started 4 KB (at least 1), half when eventually consistent. */
    public static double readUnits(long bytes, boolean consistent) {
        double units = Math.max(1, (bytes + READ_UNIT_BYTES - 1) / READ_UNIT_BYTES);
        return consistent ? units : units / 2;
    }

    private static long numberSize(String n) {
        int digits = 0;
        boolean leading = true;
        int trailingZeros = 0;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c == 'e' || c == 'E') {
                break;
            }
            if (c < '0' || c > '9') {
                continue;
            }
            if (leading && c == '0') {
                continue;
            }
            leading = false;
            digits++;
            trailingZeros = c == '0' ? trailingZeros + 1 : 0;
        }
        int significant = Math.max(1, digits - trailingZeros);
        return (significant + 1) / 2 + 1;
    }

    private static long binarySize(String base64) {
        int len = base64.length();
        int padding = 0;
        if (len > 0 && base64.charAt(len - 1) == '=') {
            padding++;
            if (len > 1 && base64.charAt(len - 2) == '=') {
                padding++;
            }
        }
        return Math.max(0, (long) len * 3 / 4 - padding);
    }

    private static long utf8(String s) {
        int len = s.length();
        long bytes = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
