package io.github.ddbpatterns.core.batch;

import io.github.ddbpatterns.core.keys.ItemSize;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An upper estimate of a write's share of a BatchWriteItem JSON request, for the 16 MB request limit.
 *
 * <p>Item sizes by DynamoDB's rules (the 400 KB limit) are {@link ItemSize}'s job; this class only covers
 * what the wire format adds: attribute-type wrappers, quotes, base64 for binary.
 */
final class RequestSizeEstimate {

    /** DynamoDB's maximum BatchWriteItem / BatchGetItem request size. */
    static final long MAX_REQUEST_BYTES = 16L * 1024 * 1024;

    /** JSON framing of one write request around its item: {"PutRequest":{"Item":{...}}}, commas. */
    private static final int WRITE_REQUEST_OVERHEAD = 40;

    private RequestSizeEstimate() {}

    /** An upper estimate of the bytes {@code write} adds to a BatchWriteItem JSON request. */
    static long requestBytes(WriteOp write) {
        Map<String, AttributeValue> body = write.attributes();
        return WRITE_REQUEST_OVERHEAD + jsonBytes(body);
    }

    /** An upper estimate of the JSON size of an attribute map (escapes ignored, binary base64-encoded). */
    static long jsonBytes(Map<String, AttributeValue> attributes) {
        long size = 2;
        for (Map.Entry<String, AttributeValue> attribute : attributes.entrySet()) {
            size += ItemSize.utf8Length(attribute.getKey()) + 4 + jsonBytes(attribute.getValue());
        }
        return size;
    }

    private static long jsonBytes(AttributeValue v) {
        final long typed = 9; // {"S":""} plus a separator
        if (v.s() != null) {
            return typed + ItemSize.utf8Length(v.s());
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
            return typed
                    + v.l().stream().mapToLong(RequestSizeEstimate::jsonBytes).sum();
        }
        if (v.hasM()) {
            return typed + jsonBytes(v.m());
        }
        return typed + 5; // true, false, null
    }

    private static long strings(List<String> values) {
        return values.stream().mapToLong(s -> ItemSize.utf8Length(s) + 3).sum();
    }

    private static long base64(SdkBytes bytes) {
        return 4L * ((bytes.asByteBuffer().remaining() + 2) / 3);
    }
}
