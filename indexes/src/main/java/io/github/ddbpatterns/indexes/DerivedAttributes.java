package io.github.ddbpatterns.indexes;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClientExtension;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbExtensionContext;
import software.amazon.awssdk.enhanced.dynamodb.extensions.WriteModification;
import software.amazon.awssdk.enhanced.dynamodb.internal.operations.OperationName;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An Enhanced client extension that writes {@link DerivedAttribute}s on every write: the Enhanced client's puts,
 * updates, batch and transaction writes, and every write path of ddb-patterns ({@code BatchWriter}, the write
 * buffer, the repositories' {@code put}/{@code putAll}), which run the table's extensions too.
 *
 * <pre>{@code
 * DdbPatterns ddb = DdbPatterns.builder()
 *         .dynamoDbClient(dynamoDb)
 *         .extensions(List.of(VersionedRecordExtension.builder().build(),
 *                 DerivedAttributes.onTable("orders", highValue, totalBand)))
 *         .build();
 * }</pre>
 *
 * <ul>
 *   <li>A put writes each derived attribute's value, or leaves the attribute out when it has none.
 *   <li>An update sets it, or removes it when it has none — only when the update sets one of its sources; an update
 *       that does not touch them (an {@code ignoreNulls} update of other attributes) leaves it as it is.
 *   <li>Other tables' items are left alone.
 * </ul>
 * A write made without the extension (another client, the console) does not maintain the attribute. Immutable and
 * thread-safe.
 */
public final class DerivedAttributes implements DynamoDbEnhancedClientExtension {

    private final String tableName;
    private final List<DerivedAttribute> attributes;

    private DerivedAttributes(String tableName, List<DerivedAttribute> attributes) {
        this.tableName = tableName;
        this.attributes = attributes;
    }

    /**
     * The extension for one table.
     *
     * @param tableName the table whose items get the attributes
     * @param attributes the derived attributes, at least one, distinct names
     * @return the extension
     * @throws InvalidInputException if an argument is null or empty, or two attributes share a name
     */
    public static DerivedAttributes onTable(String tableName, DerivedAttribute... attributes) {
        Checks.notEmpty("tableName", tableName);
        Checks.notNull("attributes", attributes);
        if (attributes.length == 0) {
            throw InvalidInputException.of("attributes", "[]", "hold at least one derived attribute");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < attributes.length; i++) {
            Checks.notNull("attributes[" + i + "]", attributes[i]);
            if (!names.add(attributes[i].name())) {
                throw InvalidInputException.of(
                        "attributes[" + i + "]", attributes[i].name(), "have a name no other derived attribute has");
            }
        }
        return new DerivedAttributes(tableName, List.of(attributes));
    }

    /**
     * The table this extension writes to.
     *
     * @return its name
     */
    public String tableName() {
        return tableName;
    }

    /**
     * The derived attributes.
     *
     * @return them, in order
     */
    public List<DerivedAttribute> attributes() {
        return attributes;
    }

    /**
     * Sets or removes each derived attribute of an item written to the table.
     *
     * @param context the write
     * @return the changed item, or no change for other tables and operations
     */
    @Override
    public WriteModification beforeWrite(DynamoDbExtensionContext.BeforeWrite context) {
        if (!tableName.equals(context.operationContext().tableName())) {
            return WriteModification.builder().build();
        }
        boolean update = context.operationName() == OperationName.UPDATE_ITEM;
        Map<String, AttributeValue> item = context.items();
        Map<String, AttributeValue> changed = new HashMap<>(item);
        for (DerivedAttribute attribute : attributes) {
            if (update && attribute.sources().stream().noneMatch(item::containsKey)) {
                continue; // the update does not touch the sources: the stored value stays right
            }
            Optional<AttributeValue> value = attribute.valueFor(item);
            if (value.isPresent()) {
                changed.put(attribute.name(), value.get());
            } else if (update) {
                changed.put(attribute.name(), AttributeValue.fromNul(true)); // the Enhanced client REMOVEs it
            } else {
                changed.remove(attribute.name());
            }
        }
        return WriteModification.builder().transformedItem(changed).build();
    }

    @Override
    public String toString() {
        return "DerivedAttributes[" + tableName + ": " + attributes + "]";
    }
}
