package io.github.ddbpatterns.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.TestTables;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Number keys spelled in non-canonical form ({@code "1.0"}) in the batch reader and writer, over DynamoDB Local. */
@DynamoDbLocalTest
class BatchNumberKeyTest {

    static final TableSchema<NumberKeyRow> SCHEMA = TableSchema.fromBean(NumberKeyRow.class);

    /**
     * DynamoDB stores numbers normalized ("10.0" is stored and returned as "10"). The reader matches returned
     * items to requested keys by exact attribute-value equality, so an item requested as "10.0" comes back as
     * "10", matches nothing, and is dropped and reported missing although it exists.
     */
    @Test
    void read_whenNumberKeyIsNotInCanonicalForm_returnsTheStoredItem(TestTables tables, DynamoDbAsyncClient client) {
        String table = tables.create(SCHEMA);
        client.putItem(b -> b.tableName(table)
                        .item(Map.of("id", AttributeValue.fromN("10"), "payload", AttributeValue.fromS("stored"))))
                .join();
        WriteKey requested = new WriteKey(table, Map.of("id", AttributeValue.fromN("10.0")));

        BatchGetResult result = BatchReader.builder()
                .dynamoDbClient(client)
                .consistentRead(true)
                .build()
                .read(List.of(requested))
                .join();

        assertThat(result.missing()).isEmpty();
        assertThat(result.item(requested))
                .hasValueSatisfying(item -> assertThat(item.get("payload").s()).isEqualTo("stored"));
    }

    /**
     * WriteKey compares number key values as strings, so "10" and "10.0" (the same DynamoDB item) are two keys:
     * the writer puts both writes in one generation, hence possibly one BatchWriteItem call (rejected as holding
     * duplicate keys, then bisected into two concurrent calls that may land in either order), and the buffer keeps
     * two slots for one item instead of coalescing them. The invariant "a key's writes run in input order" breaks.
     */
    @Test
    void generations_whenOneItemIsWrittenWithTwoNumberSpellings_putsTheWritesInSuccessiveGenerations() {
        WriteOp first = WriteOp.put(
                "t",
                Map.of("id", AttributeValue.fromN("10")),
                Map.of("id", AttributeValue.fromN("10"), "payload", AttributeValue.fromS("first")));
        WriteOp second = WriteOp.put(
                "t",
                Map.of("id", AttributeValue.fromN("10.0")),
                Map.of("id", AttributeValue.fromN("10.0"), "payload", AttributeValue.fromS("second")));

        List<List<WriteOp>> generations = WritePlan.generations(List.of(first, second), WriteOp::writeKey);

        assertThat(generations).containsExactly(List.of(first), List.of(second));
    }
}
