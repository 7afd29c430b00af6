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
 * sort key value 1 to {@value #MAX_SORT_KEY_BYTES} bytes, key attributes present and of type S, N or B.
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
     * @throws InvalidInputException if a key attribute is missing, of the wrong type or of the wrong size,
     *     or the item is larger than {@value ItemSize#MAX_ITEM_BYTES} bytes
     */
    public long validateItem(Map<String, AttributeValue> item) {
        validateKey(item);
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
     * @throws InvalidInputException if missing, not S, N or B, or not 1..2048 bytes
     */
    public static void checkPartitionKey(String attribute, @Nullable AttributeValue value) {
        checkKeyValue("partition key attribute '" + attribute + "'", value, MAX_PARTITION_KEY_BYTES);
    }

    /**
     * Checks one sort key value.
     *
     * @throws InvalidInputException if missing, not S, N or B, or not 1..1024 bytes
     */
    public static void checkSortKey(String attribute, @Nullable AttributeValue value) {
        checkKeyValue("sort key attribute '" + attribute + "'", value, MAX_SORT_KEY_BYTES);
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
    }

    @Override
    public String toString() {
        return "KeyValidator[" + partitionKey + (sortKey == null ? "" : ", " + sortKey) + "]";
    }
}
