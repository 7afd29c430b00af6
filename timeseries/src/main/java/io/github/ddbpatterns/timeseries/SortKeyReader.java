package io.github.ddbpatterns.timeseries;

import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads the sort-key string of a mapped item through its table schema. */
final class SortKeyReader<T> {

    private final TableSchema<T> schema;
    private final String attribute;
    private final List<String> attributes;

    SortKeyReader(TableSchema<T> schema, String attribute) {
        this.schema = schema;
        this.attribute = attribute;
        this.attributes = List.of(attribute);
    }

    String attribute() {
        return attribute;
    }

    String sortKey(T item) {
        AttributeValue value = schema.itemToMap(item, attributes).get(attribute);
        if (value == null || value.s() == null) {
            throw new IllegalStateException("item lacks its sort key attribute '" + attribute + "'");
        }
        return value.s();
    }
}
