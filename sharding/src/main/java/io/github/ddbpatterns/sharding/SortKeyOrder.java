package io.github.ddbpatterns.sharding;

import java.math.BigDecimal;
import java.util.Comparator;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's sort-key order: numbers by value, strings and binaries by their bytes compared unsigned (UTF-8
 * for strings), so a k-way merge of shards agrees with the order of each shard's Query.
 */
public final class SortKeyOrder implements Comparator<AttributeValue> {

    /** The one instance. */
    public static final SortKeyOrder INSTANCE = new SortKeyOrder();

    private SortKeyOrder() {}

    /**
     * Items of {@code schema} in this order of their {@code attribute} (a sort key, of the table or of an index).
     *
     * @param schema the item schema
     * @param attribute the sort-key attribute
     * @param <T> the item type
     * @return the comparator
     */
    public static <T> Comparator<T> of(TableSchema<T> schema, String attribute) {
        return (x, y) -> INSTANCE.compare(schema.attributeValue(x, attribute), schema.attributeValue(y, attribute));
    }

    /**
     * Compares two sort-key values of the same type.
     *
     * @throws IllegalStateException if the types differ or are not N, S or B
     */
    @Override
    public int compare(AttributeValue a, AttributeValue b) {
        if (a.n() != null && b.n() != null) {
            return new BigDecimal(a.n()).compareTo(new BigDecimal(b.n()));
        }
        if (a.s() != null && b.s() != null) {
            return compareUtf8(a.s(), b.s());
        }
        if (a.b() != null && b.b() != null) {
            return compareBytes(a.b(), b.b());
        }
        throw new IllegalStateException(
                "sort key values of different or unsupported types: " + a.type() + ", " + b.type());
    }

    /** Compares strings as DynamoDB does: by UTF-8 bytes, unsigned (equivalently by code point). */
    private static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private static int compareBytes(SdkBytes a, SdkBytes b) {
        byte[] x = a.asByteArrayUnsafe();
        byte[] y = b.asByteArrayUnsafe();
        return java.util.Arrays.compareUnsigned(x, y);
    }
}
