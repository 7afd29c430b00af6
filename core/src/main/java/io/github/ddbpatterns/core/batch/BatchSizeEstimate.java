package io.github.ddbpatterns.core.batch;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Sizes the batch code needs: an item's size by DynamoDB's rules (for the 400 KB item limit) and an upper
 * estimate of a write's share of the JSON request (for the 16 MB request limit).
 *
 * <p>Private to the batch package on purpose: {@code core.keys.ItemSize} is the project-wide item-size
 * function; this one is to be replaced by it.
 */
final class BatchSizeEstimate {

    /** DynamoDB's maximum item size. */
    static final long MAX_ITEM_BYTES = 400 * 1024;

    /** DynamoDB's maximum BatchWriteItem / BatchGetItem request size. */
    static final long MAX_REQUEST_BYTES = 16L * 1024 * 1024;

    /** JSON framing of one write request around its item: {"PutRequest":{"Item":{...}}}, commas. */
    private static final int WRITE_REQUEST_OVERHEAD = 40;

    private BatchSizeEstimate() {
    }

    /**
     * The item's size as DynamoDB counts it: UTF-8 attribute names plus values (numbers approximated as
     * {@code 1 + ceil(digits / 2)} bytes, documents with 3 bytes of overhead plus 1 per element).
     */
    static long itemBytes(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += utf8(attribute.getKey()) + valueBytes(attribute.getValue());
        }
        return size;
    }

    private static long valueBytes(AttributeValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        }
        if (v.n() != null) {
            return numberBytes(v.n());
        }
        if (v.b() != null) {
            return v.b().asByteArrayUnsafe().length;
        }
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
            return 1;
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToLong(BatchSizeEstimate::utf8).sum();
        }
        if (v.hasNs()) {
            return v.ns().stream().mapToLong(BatchSizeEstimate::numberBytes).sum();
        }
        if (v.hasBs()) {
            return v.bs().stream().mapToLong(b -> b.asByteArrayUnsafe().length).sum();
        }
        if (v.hasL()) {
            long size = 3;
            for (AttributeValue element : v.l()) {
                size += 1 + valueBytes(element);
            }
            return size;
        }
        if (v.hasM()) {
            long size = 3;
            for (Map.Entry<String, AttributeValue> entry : v.m().entrySet()) {
                size += 1 + utf8(entry.getKey()) + valueBytes(entry.getValue());
            }
            return size;
        }
        return 1;
    }

    private static long numberBytes(String number) {
        long digits = number.chars().filter(Character::isDigit).count();
        return 1 + (digits + 1) / 2;
    }

    /** An upper estimate of the bytes {@code write} adds to a BatchWriteItem JSON request. */
    static long requestBytes(WriteOp write) {
        Map<String, AttributeValue> body = write.kind() == WriteOp.Kind.PUT ? write.item() : write.key();
        return WRITE_REQUEST_OVERHEAD + jsonBytes(body);
    }

    /** An upper estimate of the JSON size of an attribute map (escapes ignored, binary base64-encoded). */
    static long jsonBytes(Map<String, AttributeValue> attributes) {
        long size = 2;
        for (Map.Entry<String, AttributeValue> attribute : attributes.entrySet()) {
            size += utf8(attribute.getKey()) + 4 + jsonBytes(attribute.getValue());
        }
        return size;
    }

    private static long jsonBytes(AttributeValue v) {
        final long typed = 9; // {"S":""} plus a separator
        if (v.s() != null) {
            return typed + utf8(v.s());
        }
        if (v.n() != null) {
            return typed + v.n().length();
        }
        if (v.b() != null) {
            return typed + base64(v.b());
        }
        if (v.hasSs()) {
            return typed + strings(v.ss());
        }
        if (v.hasNs()) {
            return typed + strings(v.ns());
        }
        if (v.hasBs()) {
            return typed + v.bs().stream().mapToLong(b -> base64(b) + 3).sum();
        }
        if (v.hasL()) {
            return typed + v.l().stream().mapToLong(BatchSizeEstimate::jsonBytes).sum();
        }
        if (v.hasM()) {
            return typed + jsonBytes(v.m());
        }
        return typed + 5; // true, false, null
    }

    private static long strings(List<String> values) {
        return values.stream().mapToLong(s -> utf8(s) + 3).sum();
    }

    private static long base64(SdkBytes bytes) {
        return 4L * ((bytes.asByteArrayUnsafe().length + 2) / 3);
    }

    private static long utf8(String s) {
        // fast path for ASCII
        long length = s.length();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return length;
    }
}
