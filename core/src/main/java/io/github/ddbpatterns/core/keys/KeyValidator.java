package io.github.ddbpatterns.core.keys;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Checks items and keys against DynamoDB's size limits before any request is sent: item at most
 * {@value ItemSize#MAX_ITEM_BYTES} bytes, partition key value 1 to {@value #MAX_PARTITION_KEY_BYTES} bytes,
 * sort key value 1 to {@value #MAX_SORT_KEY_BYTES} bytes, key attributes present and of type S, N or B, and
 * every string well-formed UTF-16. A string with an unpaired surrogate (<code>"a&#92;uD800"</code>) has no UTF-8
 * encoding: on DynamoDB Local an item put under key <code>"a&#92;uD800"</code> is returned by a get of
 * <code>"a&#92;uDC00"</code>, so two different keys name one item. It is refused, in keys and in every string of
 * an item (nested ones included). Whitespace-only keys are valid: DynamoDB accepts them, and so does this
 * library.
 * Messages name the attribute and the size, never the value (keys may be personal data):
 * {@code partition key attribute 'pk' must be 1..2048 bytes, got: 2100 bytes (value not shown)}.
 *
 * <pre>{@code
 * KeyValidator validator = KeyValidator.of("pk", "sk");
 * long bytes = validator.validateItem(item);   // throws InvalidInputException, or returns the item size
 * validator.validateKey(Map.of("pk", fromS("user-42"), "sk", fromS("2024-11-20")));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class KeyValidator {

    /** The longest partition key value DynamoDB accepts, in bytes. */
    public static final int MAX_PARTITION_KEY_BYTES = 2048;
    /** The longest sort key value DynamoDB accepts, in bytes. */
    public static final int MAX_SORT_KEY_BYTES = 1024;

    private final String partitionKey;
    private final @Nullable String sortKey;

    private KeyValidator(String partitionKey, @Nullable String sortKey) {
        this.partitionKey = partitionKey;
        this.sortKey = sortKey;
    }

    /**
     * A validator for a table with only a partition key.
     *
     * @throws InvalidInputException if {@code partitionKey} is empty
     */
    public static KeyValidator of(String partitionKey) {
        return new KeyValidator(Checks.notEmpty("partitionKey", partitionKey), null);
    }

    /**
     * A validator for a table with a partition key and a sort key.
     *
     * @throws InvalidInputException if either name is empty or both are the same
     */
    public static KeyValidator of(String partitionKey, String sortKey) {
        Checks.notEmpty("partitionKey", partitionKey);
        Checks.notEmpty("sortKey", sortKey);
        if (partitionKey.equals(sortKey)) {
            throw InvalidInputException.of("sortKey", sortKey, "differ from partitionKey");
        }
        return new KeyValidator(partitionKey, sortKey);
    }

    /** The partition key attribute name. */
    public String partitionKey() {
        return partitionKey;
    }

    /** The sort key attribute name, if the table has one. */
    public Optional<String> sortKey() {
        return Optional.ofNullable(sortKey);
    }

    /**
     * Validates a whole item (key attributes and total size) and returns its size in bytes.
     *
     * @throws InvalidInputException if a key attribute is missing, of the wrong type or of the wrong size, a
     *     string holds an unpaired surrogate, or the item is larger than {@value ItemSize#MAX_ITEM_BYTES} bytes
     */
    public long validateItem(Map<String, AttributeValue> item) {
        validateKey(item);
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            checkWellFormed("item." + attribute.getKey(), attribute.getValue());
        }
        long size = ItemSize.of(item);
        if (size > ItemSize.MAX_ITEM_BYTES) {
            throw InvalidInputException.of(
                    "item", new ByteCount(size), "be at most " + ItemSize.MAX_ITEM_BYTES + " bytes (400 KB)");
        }
        return size;
    }

    /**
     * Validates the key attributes found in {@code key} (extra attributes are ignored).
     *
     * @throws InvalidInputException if a key attribute is missing, not S, N or B, or its value is empty or
     *     longer than its limit
     */
    public void validateKey(Map<String, AttributeValue> key) {
        Checks.notNull("key", key);
        checkPartitionKey(partitionKey, key.get(partitionKey));
        if (sortKey != null) {
            checkSortKey(sortKey, key.get(sortKey));
        }
    }

    /**
     * Checks one partition key value.
     *
     * @throws InvalidInputException if missing, not S, N or B, not 1..2048 bytes or not well-formed UTF-16
     */
    public static void checkPartitionKey(String attribute, @Nullable AttributeValue value) {
        checkKeyValue("partition key attribute '" + attribute + "'", value, MAX_PARTITION_KEY_BYTES);
    }

    /**
     * Checks one sort key value.
     *
     * @throws InvalidInputException if missing, not S, N or B, not 1..1024 bytes or not well-formed UTF-16
     */
    public static void checkSortKey(String attribute, @Nullable AttributeValue value) {
        checkKeyValue("sort key attribute '" + attribute + "'", value, MAX_SORT_KEY_BYTES);
    }

    /**
     * Checks one key attribute value when it is not known whether it is the partition or the sort key (a raw
     * {@link io.github.ddbpatterns.core.batch.WriteOp}): the partition key's limits apply, so a sort key of 1,025 to
     * 2,048 bytes is left to DynamoDB to refuse.
     *
     * @throws InvalidInputException if missing, not S, N or B, not 1..2048 bytes or not well-formed UTF-16
     */
    public static void checkKeyAttribute(String attribute, @Nullable AttributeValue value) {
        checkKeyValue("key attribute '" + attribute + "'", value, MAX_PARTITION_KEY_BYTES);
    }

    private static void checkKeyValue(String field, @Nullable AttributeValue value, int maxBytes) {
        if (value == null) {
            throw InvalidInputException.of(field, null, "be present");
        }
        AttributeValue.Type type = value.type();
        if (type != AttributeValue.Type.S && type != AttributeValue.Type.N && type != AttributeValue.Type.B) {
            throw InvalidInputException.of(field, "type " + type, "be of type S, N or B");
        }
        long bytes = ItemSize.ofValue(value);
        if (type != AttributeValue.Type.N && (bytes < 1 || bytes > maxBytes)) {
            throw InvalidInputException.of(field, new ByteCount(bytes), "be 1.." + maxBytes + " bytes");
        }
        checkWellFormed(field, value);
    }

    /**
     * Checks that a string is well-formed UTF-16 (every surrogate paired), so that it reaches DynamoDB unchanged.
     *
     * @param field the field named in the error
     * @param text the string
     * @return {@code text}
     * @throws InvalidInputException if {@code text} holds an unpaired surrogate (the message gives its index,
     *     never the text)
     */
    public static String checkWellFormed(String field, String text) {
        int index = unpairedSurrogate(text);
        if (index >= 0) {
            throw InvalidInputException.of(
                    field,
                    "a string with an unpaired surrogate at index " + index + " (value not shown)",
                    "be well-formed UTF-16: an unpaired surrogate has no UTF-8 encoding, so different keys could"
                            + " name one item");
        }
        return text;
    }

    private static void checkWellFormed(String field, AttributeValue value) {
        AttributeValue.Type type = value.type();
        if (type == AttributeValue.Type.S) {
            checkWellFormed(field, value.s());
        } else if (type == AttributeValue.Type.SS) {
            for (String s : value.ss()) {
                checkWellFormed(field, s);
            }
        } else if (type == AttributeValue.Type.L) {
            for (AttributeValue element : value.l()) {
                checkWellFormed(field, element);
            }
        } else if (type == AttributeValue.Type.M) {
            for (Map.Entry<String, AttributeValue> entry : value.m().entrySet()) {
                checkWellFormed(field + "." + checkWellFormed(field, entry.getKey()), entry.getValue());
            }
        }
    }

    /** The index of the first unpaired surrogate of {@code text}, or -1. */
    private static int unpairedSurrogate(String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "KeyValidator[" + partitionKey + (sortKey == null ? "" : ", " + sortKey) + "]";
    }
}
