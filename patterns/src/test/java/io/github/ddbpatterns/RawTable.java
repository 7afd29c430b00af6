package io.github.ddbpatterns;

import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.TestTables;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The raw table of the reliability tests: partition key {@code pk} (S), a value {@code v}; made and written raw. */
final class RawTable {

    private RawTable() {}

    /** Creates a fresh raw table on the shared DynamoDB Local and returns its name. */
    static String create(TestTables tables) {
        String table = tables.uniqueName();
        create(DynamoDbLocal.shared().syncClient(), table);
        return table;
    }

    /** Creates the raw table {@code table} through {@code client}. */
    static void create(DynamoDbClient client, String table) {
        client.createTable(b -> b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder()
                        .attributeName("pk")
                        .keyType(KeyType.HASH)
                        .build())
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("pk")
                        .attributeType(ScalarAttributeType.S)
                        .build()));
    }

    /** A put of {@code {pk: key, v: value}}. */
    static WriteOp put(String table, String key, String value) {
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS(key), "v", AttributeValue.fromS(value));
        return WriteOp.put(table, Map.of("pk", item.get("pk")), item);
    }
}
