package io.github.ddbpatterns.testing.internal.proxy;

import java.util.Map;

/**
 * Partition key attribute names of a table and of its indexes (GSIs and LSIs, by index name).
 */
record KeySchema(String partitionKey, Map<String, String> indexPartitionKeys) {

    /** The partition key attribute of the table ({@code index == null}) or of an index, null if unknown. */
    String partitionKeyOf(String index) {
        return index == null ? partitionKey : indexPartitionKeys.get(index);
    }
}
