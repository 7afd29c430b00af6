package io.github.ddbpatterns.core.internal;

import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClientExtension;
import software.amazon.awssdk.enhanced.dynamodb.MappedTableResource;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.WriteModification;
import software.amazon.awssdk.enhanced.dynamodb.internal.extensions.DefaultDynamoDbExtensionContext;
import software.amazon.awssdk.enhanced.dynamodb.internal.operations.DefaultOperationContext;
import software.amazon.awssdk.enhanced.dynamodb.internal.operations.OperationName;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Runs an Enhanced table's extensions on an item the library writes itself (in a BatchWriteItem, through the write
 * buffer), as the Enhanced client does for its own batch puts: the item the extensions return is written; a
 * condition they add is dropped, because BatchWriteItem takes none (so {@code @DynamoDbVersionAttribute} sets and
 * increments the version but does not guard a batched put, exactly as in {@code DynamoDbEnhancedClient.batchWriteItem}).
 */
public final class ExtensionWrites {

    private ExtensionWrites() {}

    /**
     * The attributes to put for {@code item}: its non-null attributes, transformed by the table's extensions.
     *
     * @param table the mapped table
     * @param item the item
     * @param <T> the item type
     * @return the attributes to write
     */
    public static <T> Map<String, AttributeValue> putAttributes(MappedTableResource<T> table, T item) {
        return beforePut(table, table.tableSchema().itemToMap(item, true));
    }

    /**
     * {@code attributes} transformed by the table's extensions, as for a PutItem.
     *
     * @param table the mapped table
     * @param attributes the item's attributes
     * @param <T> the item type
     * @return the attributes to write (the same map when no extension changes them)
     */
    public static <T> Map<String, AttributeValue> beforePut(
            MappedTableResource<T> table, Map<String, AttributeValue> attributes) {
        DynamoDbEnhancedClientExtension extension = table.mapperExtension();
        if (extension == null) {
            return attributes;
        }
        TableSchema<T> schema = table.tableSchema();
        WriteModification modification = extension.beforeWrite(DefaultDynamoDbExtensionContext.builder()
                .items(attributes)
                .tableSchema(schema)
                .tableMetadata(schema.tableMetadata())
                .operationContext(DefaultOperationContext.create(table.tableName()))
                .operationName(OperationName.PUT_ITEM)
                .build());
        return modification == null || modification.transformedItem() == null
                ? attributes
                : modification.transformedItem();
    }
}
