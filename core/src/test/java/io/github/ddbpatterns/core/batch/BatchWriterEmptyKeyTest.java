package io.github.ddbpatterns.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.testsupport.ProxiedDynamoDb;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.TestTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A key value DynamoDB refuses (an empty string or binary) is refused when the write is made, so it never reaches a
 * call: sent, it would make DynamoDB refuse the whole call of 25, and isolating it by bisection would cost 9 to 11
 * calls. Whitespace is a value like any other.
 */
@DynamoDbLocalTest
class BatchWriterEmptyKeyTest {

    @Test
    void writeOp_whenAKeyValueIsEmpty_isRefusedNamingTheAttribute(
            TestTables tables, DynamoDbEnhancedAsyncClient enhanced) {
        String table = tables.create(BatchWriterTest.SCHEMA);

        assertThatThrownBy(() -> BatchWriterTest.put(table, "", "s-x", "raw put, empty partition key"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("key attribute 'pk' must be 1..2048 bytes");
        assertThatThrownBy(() -> WriteOp.delete(table, Map.of("pk", AttributeValue.fromS("p"), "sk", emptyBinary())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("key attribute 'sk' must be 1..2048 bytes");
        assertThatThrownBy(() -> WriteOp.put(
                        enhanced.table(table, BatchWriterTest.SCHEMA), new Row("p", "", "mapped, empty sk")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("sort key attribute 'sk' must be 1..1024 bytes");
    }

    @Test
    void write_whenKeysAreWhitespace_storesThemInTheSameCall(TestTables tables, DynamoDbClient direct) {
        String table = tables.create(BatchWriterTest.SCHEMA);
        List<WriteOp> writes = new ArrayList<>(IntStream.range(0, 24)
                .mapToObj(i -> BatchWriterTest.put(table, "p", "s-" + i, "ok"))
                .toList());
        writes.add(BatchWriterTest.put(table, " ", "  ", "whitespace is a value"));

        try (ProxiedDynamoDb db = ProxiedDynamoDb.start()) {
            BatchWriteResult result = db.batchWriter().build().write(writes).join();

            assertThat(result.allPersisted()).isTrue();
            assertThat(result.requests()).isEqualTo(db.batchWriteRequests()).isEqualTo(1);
        }
        assertThat(direct.getItem(b -> b.tableName(table)
                                .key(Map.of("pk", AttributeValue.fromS(" "), "sk", AttributeValue.fromS("  ")))
                                .consistentRead(true))
                        .item()
                        .get("payload")
                        .s())
                .isEqualTo("whitespace is a value");
    }

    private static AttributeValue emptyBinary() {
        return AttributeValue.fromB(SdkBytes.fromByteArray(new byte[0]));
    }
}
