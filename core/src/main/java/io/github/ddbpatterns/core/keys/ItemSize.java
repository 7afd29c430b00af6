package io.github.ddbpatterns.core.keys;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The size of a DynamoDB item as DynamoDB counts it for the 400 KB limit and for capacity units
 * (<a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html">
 * item sizes and formats</a>): the sum over attributes of the UTF-8 length of the name plus the size of
 * the value, where
 * <ul>
 *   <li>string: UTF-8 bytes; binary: raw bytes;</li>
 *   <li>number: 1 byte per two significant digits (leading and trailing zeros trimmed), rounded up,
 *       plus 1 byte (DynamoDB documents this as approximate);</li>
 *   <li>null and boolean: 1 byte;</li>
 *   <li>list and map: 3 bytes, plus for each element 1 byte and its size (map entries also count the
 *       key's UTF-8 bytes);</li>
 *   <li>sets (SS, NS, BS): the sum of their elements' sizes.</li>
 * </ul>
 *
 * <pre>{@code
 * long bytes = ItemSize.of(Map.of("pk", AttributeValue.fromS("user-42"),      // 2 + 7
 *                                 "n", AttributeValue.fromN("12345")));       // 1 + 3 + 1 = 5  -> 14
 * }</pre>
 */
public final class ItemSize {

    /** DynamoDB's largest item: 400 KB = 409,600 bytes. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;

    private static final int CONTAINER_OVERHEAD = 3;
    private static final int ELEMENT_OVERHEAD = 1;

    private ItemSize() {}

    /**
     * The size in bytes of {@code item}.
     *
     * @throws InvalidInputException if {@code item} is null or holds a null or empty-typed value
     */
    public static long of(Map<String, AttributeValue> item) {
        Checks.notNull("item", item);
        long total = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            total += attribute(attribute.getKey(), attribute.getValue());
        }
        return total;
    }

    /**
     * The size of one attribute: its name's UTF-8 bytes plus {@link #ofValue(AttributeValue)}.
     *
     * @throws InvalidInputException if {@code name} or {@code value} is null
     */
    public static long attribute(String name, AttributeValue value) {
        Checks.notNull("attribute name", name);
        return utf8Length(name) + ofValue(value);
    }

    /**
     * The size of a value without any attribute name.
     *
     * @throws InvalidInputException if {@code value} is null or has no type set
     */
    public static long ofValue(AttributeValue value) {
        Checks.notNull("value", value);
        AttributeValue.Type type = value.type();
        if (type == null) {
            throw InvalidInputException.of("value", "an AttributeValue with no type set", "have exactly one type set");
        }
        switch (type) {
            case S:
                return utf8Length(value.s());
            case N:
                return numberSize(value.n());
            case B:
                return binaryLength(value.b());
            case BOOL:
            case NUL:
                return 1;
            case SS: {
                long sum = 0;
                for (String s : value.ss()) {
                    sum += utf8Length(s);
                }
                return sum;
            }
            case NS: {
                long sum = 0;
                for (String n : value.ns()) {
                    sum += numberSize(n);
                }
                return sum;
            }
            case BS: {
                long sum = 0;
                for (SdkBytes b : value.bs()) {
                    sum += binaryLength(b);
                }
                return sum;
            }
            case L: {
                long sum = CONTAINER_OVERHEAD;
                List<AttributeValue> list = value.l();
                for (AttributeValue element : list) {
                    sum += ELEMENT_OVERHEAD + ofValue(element);
                }
                return sum;
            }
            case M: {
                long sum = CONTAINER_OVERHEAD;
                for (Map.Entry<String, AttributeValue> entry : value.m().entrySet()) {
                    sum += ELEMENT_OVERHEAD + utf8Length(entry.getKey()) + ofValue(entry.getValue());
                }
                return sum;
            }
            default:
                throw InvalidInputException.of(
                        "value type", value.type(), "be one of S, N, B, BOOL, NUL, SS, NS, BS, L, M");
        }
    }

    /**
     * The size DynamoDB counts for a number given as its decimal string: {@code ceil(significant / 2) + 1}.
     *
     * @throws InvalidInputException if {@code number} is not a decimal number
     */
    public static int numberSize(String number) {
        Checks.notNull("number", number);
        BigDecimal parsed;
        try {
            parsed = new BigDecimal(number.trim());
        } catch (NumberFormatException e) {
            throw InvalidInputException.of("number", number, "be a decimal number", e);
        }
        if (parsed.signum() == 0) {
            return 1;
        }
        int significant = parsed.stripTrailingZeros().precision();
        return (significant + 1) / 2 + 1;
    }

    /** The UTF-8 length of {@code text}, without allocating. */
    public static int utf8Length(String text) {
        int length = text.length();
        int bytes = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1; // an unpaired surrogate becomes '?' in String.getBytes(UTF_8)
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static long binaryLength(SdkBytes bytes) {
        return bytes.asByteBuffer().remaining();
    }
}
