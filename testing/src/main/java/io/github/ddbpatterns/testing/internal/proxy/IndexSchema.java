package io.github.ddbpatterns.testing.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One secondary index of a table: its key attributes, projection and ARN.
 *
 * @param global true for a GSI (own partitions and capacity), false for an LSI (the table's partitions and
 *     capacity)
 * @param sortKey the index sort key attribute, or null
 * @param nonKeyAttributes the projected non-key attributes of an {@code INCLUDE} projection
 */
record IndexSchema(
        String name,
        boolean global,
        String partitionKey,
        String sortKey,
        Projection projection,
        List<String> nonKeyAttributes,
        String arn) {

    /** DynamoDB's projection types. */
    enum Projection {
        KEYS_ONLY,
        INCLUDE,
        ALL
    }

    /** True when {@code item} has every key attribute of the index, i.e. the item is in the index. */
    boolean contains(JsonNode item) {
        return item != null && item.isObject() && item.has(partitionKey) && (sortKey == null || item.has(sortKey));
    }

    /**
     * The index entry of {@code item} (which must be {@linkplain #contains in the index}): the table's and the
     * index's key attributes and the projected ones; the whole item for {@code ALL}.
     */
    ObjectNode entry(JsonNode item, KeySchema table) {
        if (projection == Projection.ALL) {
            return (ObjectNode) item;
        }
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        copy(item, entry, table.partitionKey());
        copy(item, entry, table.sortKey());
        copy(item, entry, partitionKey);
        copy(item, entry, sortKey);
        if (projection == Projection.INCLUDE) {
            for (String attribute : nonKeyAttributes) {
                copy(item, entry, attribute);
            }
        }
        return entry;
    }

    private static void copy(JsonNode from, ObjectNode to, String attribute) {
        if (attribute != null && from.has(attribute)) {
            to.set(attribute, from.get(attribute));
        }
    }
}
