package io.github.ddbpatterns.core.batch;

import java.util.Map;
import java.util.TreeMap;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Identity of an item: table name plus primary key. Two writes with equal {@code WriteKey}s target the same
 * item, so they may not share a BatchWriteItem call, and a coalescing buffer keeps only the last.
 *
 * @param tableName the table
 * @param key the primary key attributes
 */
public record WriteKey(String tableName, Map<String, AttributeValue> key) {

    public WriteKey {
        key = Map.copyOf(key);
    }

    /** Shows the table and the key attribute names only (key values may be personal data). */
    @Override
    public String toString() {
        return tableName + new TreeMap<>(key).keySet();
    }
}
