package io.github.ddbpatterns.testing.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Key attributes of a table (partition key, sort key or null) and its secondary indexes, as DescribeTable gives
 * them.
 *
 * @param tableArn the table's ARN ({@code arn:aws:dynamodb:ddblocal:000000000000:table/Name} on DynamoDB Local)
 * @param indexes GSIs and LSIs by index name
 */
record KeySchema(String partitionKey, String sortKey, String tableArn, Map<String, IndexSchema> indexes) {

    /** The partition key attribute of the table ({@code index == null}) or of an index, null if unknown. */
    String partitionKeyOf(String index) {
        if (index == null) {
            return partitionKey;
        }
        IndexSchema i = indexes.get(index);
        return i == null ? null : i.partitionKey();
    }

    /** The index named {@code index}, or null. */
    IndexSchema index(String index) {
        return index == null ? null : indexes.get(index);
    }

    boolean hasIndexes() {
        return !indexes.isEmpty();
    }

    /** The primary key attributes of {@code item} (an item or a Key map), or null when one is missing. */
    ObjectNode keyOf(JsonNode item) {
        if (item == null || !item.isObject()) {
            return null;
        }
        JsonNode pk = item.get(partitionKey);
        JsonNode sk = sortKey == null ? null : item.get(sortKey);
        if (pk == null || (sortKey != null && sk == null)) {
            return null;
        }
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        key.set(partitionKey, pk);
        if (sortKey != null) {
            key.set(sortKey, sk);
        }
        return key;
    }
}
