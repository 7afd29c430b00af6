package io.github.ddbpatterns.core.batch;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.internal.ExtensionWrites;
import io.github.ddbpatterns.core.keys.ItemSize;
import io.github.ddbpatterns.core.keys.KeyValidator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.MappedTableResource;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * One put or delete of one item in one table: the unit a {@link BatchWriter} sends and reports on.
 *
 * <p>A put carries the whole item; both kinds carry the item's primary key, which identifies the write
 * (two writes with the same table and key are "the same key" and never go into one BatchWriteItem call).
 * Build from an Enhanced table with {@link #put(MappedTableResource, Object)} /
 * {@link #delete(MappedTableResource, Object)}, or from raw attribute maps.
 *
 * <p>Key values are checked when the write is made, before any request: each must be of type S, N or B, a string
 * or binary value 1 to 2,048 bytes long (a sort key from an Enhanced table: 1 to 1,024) and every string
 * well-formed UTF-16 (see {@link KeyValidator}). What only the table knows — a key of type N where the table
 * declares S, say — is refused by DynamoDB; a {@link BatchWriter} then isolates that write and reports it failed
 * alone. The item's size is checked when the write is accepted (a {@link BatchWriter} reports an item over
 * 400 KB failed without sending it).
 */
public final class WriteOp {

    /** Put or delete. */
    public enum Kind {
        PUT,
        DELETE
    }

    private final Kind kind;
    private final String tableName;
    private final Map<String, AttributeValue> key;
    private final @Nullable Map<String, AttributeValue> item;
    private final WriteKey writeKey;

    private WriteOp(Kind kind, String tableName, Map<String, AttributeValue> key, Map<String, AttributeValue> item) {
        this.kind = kind;
        this.tableName = Checks.notEmpty("tableName", tableName);
        Checks.notNull("key", key);
        if (key.isEmpty()) {
            throw InvalidInputException.of("key", key, "hold the primary key attributes of table " + tableName);
        }
        for (Map.Entry<String, AttributeValue> k : key.entrySet()) {
            KeyValidator.checkKeyAttribute(k.getKey(), k.getValue());
        }
        this.key = Map.copyOf(key);
        this.item = item == null ? null : Map.copyOf(item);
        this.writeKey = new WriteKey(tableName, this.key);
    }

    /**
     * A put of a raw item; {@code key} is the item's primary key (a subset of {@code item}).
     *
     * @throws InvalidInputException if the table name is empty, the key is empty, a key value is invalid (see
     *     above), or a key attribute is missing from the item or differs from it
     */
    public static WriteOp put(String tableName, Map<String, AttributeValue> key, Map<String, AttributeValue> item) {
        Checks.notNull("item", item);
        for (Map.Entry<String, AttributeValue> k : Checks.notNull("key", key).entrySet()) {
            if (!k.getValue().equals(item.get(k.getKey()))) {
                throw InvalidInputException.of(
                        "item." + k.getKey(), item.get(k.getKey()), "equal the key attribute " + k.getValue());
            }
        }
        return new WriteOp(Kind.PUT, tableName, key, item);
    }

    /**
     * A delete of the item with primary key {@code key}.
     *
     * @throws InvalidInputException if the table name is empty, the key is empty or a key value is invalid
     */
    public static WriteOp delete(String tableName, Map<String, AttributeValue> key) {
        return new WriteOp(Kind.DELETE, tableName, key, null);
    }

    /**
     * A put of a mapped item into an Enhanced table (sync or async); null attributes are left out, and the table's
     * extensions run on the item as for the Enhanced client's own batch puts (see {@link ExtensionWrites}).
     */
    public static <T> WriteOp put(MappedTableResource<T> table, T item) {
        Checks.notNull("item", item);
        Map<String, AttributeValue> attributes = ExtensionWrites.putAttributes(table, item);
        return put(table.tableName(), keyOf(table.tableSchema(), attributes), attributes);
    }

    /** A delete, from an Enhanced table, of the item whose key attributes {@code keyItem} carries. */
    public static <T> WriteOp delete(MappedTableResource<T> table, T keyItem) {
        Checks.notNull("item", keyItem);
        TableSchema<T> schema = table.tableSchema();
        return delete(table.tableName(), keyOf(schema, schema.itemToMap(keyItem, true)));
    }

    private static Map<String, AttributeValue> keyOf(TableSchema<?> schema, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> key = new java.util.LinkedHashMap<>();
        for (String name : schema.tableMetadata().primaryKeys()) {
            AttributeValue value = attributes.get(name);
            if (value == null) {
                throw InvalidInputException.of(name, null, "be set: it is a primary key attribute");
            }
            key.put(name, value);
        }
        String partitionKey = schema.tableMetadata().primaryPartitionKey();
        KeyValidator.checkPartitionKey(partitionKey, key.get(partitionKey));
        schema.tableMetadata().primarySortKey().ifPresent(sort -> KeyValidator.checkSortKey(sort, key.get(sort)));
        return key;
    }

    /**
     * Checks what only the item tells: every value has a type and the item fits DynamoDB's 400 KB. Key values were
     * checked when this write was made.
     *
     * @return the item's size in bytes (0 for a delete)
     * @throws InvalidInputException if a value has no type, or the item is larger than
     *     {@value ItemSize#MAX_ITEM_BYTES} bytes (the message gives the write and its size, never values)
     */
    public long checkItem() {
        long size = item == null ? 0 : ItemSize.of(item);
        if (size > ItemSize.MAX_ITEM_BYTES) {
            throw InvalidInputException.of(
                    "item", this + " of " + size + " bytes", "be at most " + ItemSize.MAX_ITEM_BYTES + " bytes");
        }
        return size;
    }

    public Kind kind() {
        return kind;
    }

    public String tableName() {
        return tableName;
    }

    /** The primary key attributes. */
    public Map<String, AttributeValue> key() {
        return key;
    }

    /**
     * The whole item of a put.
     *
     * @return the item; empty for a delete
     */
    public Optional<Map<String, AttributeValue>> item() {
        return Optional.ofNullable(item);
    }

    /**
     * What the request carries for this write: the whole item of a put, the key of a delete.
     *
     * @return the attributes sent
     */
    public Map<String, AttributeValue> attributes() {
        return item != null ? item : key;
    }

    /** Table + primary key: equal for two writes of the same item. */
    public WriteKey writeKey() {
        return writeKey;
    }

    /** This write as the SDK's {@link WriteRequest}. */
    public WriteRequest toWriteRequest() {
        return kind == Kind.PUT
                ? WriteRequest.builder()
                        .putRequest(PutRequest.builder().item(item).build())
                        .build()
                : WriteRequest.builder()
                        .deleteRequest(DeleteRequest.builder().key(key).build())
                        .build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WriteOp other
                && kind == other.kind
                && writeKey.equals(other.writeKey)
                && Objects.equals(item, other.item);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, writeKey, item);
    }

    /** Shows table and key only: item values may be personal data. */
    @Override
    public String toString() {
        return kind + " " + writeKey;
    }
}
