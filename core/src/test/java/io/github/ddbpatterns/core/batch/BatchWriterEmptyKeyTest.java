package io.github.ddbpatterns.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A key value DynamoDB refuses (an empty string or binary) fails its write before any request: sent, it would make
 * DynamoDB refuse the whole call of 25, and isolating it by bisection would cost 9 to 11 calls.
 */
@DynamoDbLocalTest
class BatchWriterEmptyKeyTest {

    @Test
    void write_whenAKeyValueIsEmpty_failsThatWriteUnsentNamingTableAndAttributeAndWritesTheOthersInOneCall(
            TestTables tables, DynamoDbEnhancedAsyncClient enhanced, DynamoDbClient direct) {
        String table = tables.create(BatchWriterTest.SCHEMA);
        List<WriteOp> writes = new ArrayList<>(IntStream.range(0, 23)
                .mapToObj(i -> BatchWriterTest.put(table, "p", "s-" + i, "ok"))
                .toList());
        writes.add(7, BatchWriterTest.put(table, "", "s-x", "raw put, empty partition key"));
        writes.add(15, WriteOp.delete(table, Map.of("pk", AttributeValue.fromS("p"), "sk", emptyBinary())));
        writes.add(WriteOp.put(enhanced.table(table, BatchWriterTest.SCHEMA), new Row("p", "", "mapped, empty sk")));
        writes.add(BatchWriterTest.put(table, " ", "  ", "whitespace is a value"));

        try (ProxiedDynamoDb db = ProxiedDynamoDb.start()) {
            BatchWriteResult result = db.batchWriter().build().write(writes).join();
            System.out.printf(
                    "empty key values: %d writes, BatchWriteItem calls=%d, failed=%d%n",
                    writes.size(), db.batchWriteRequests(), result.failed().size());

            assertThat(result.failed())
                    .extracting(WriteOutcome::write)
                    .containsExactly(writes.get(7), writes.get(15), writes.get(25));
            assertThat(result.failed()).allSatisfy(f -> {
                assertThat(f.cause())
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("of table " + table)
                        .hasMessageContaining("must not be empty");
                assertThat(f.attempts()).isZero();
            });
            assertThat(result.failed().get(0).cause())
                    .hasMessageContaining("'pk'")
                    .hasMessageContaining("string");
            assertThat(result.failed().get(1).cause())
                    .hasMessageContaining("'sk'")
                    .hasMessageContaining("binary");
            assertThat(result.failed().get(2).cause())
                    .hasMessageContaining("'sk'")
                    .hasMessageContaining("string");
            assertThat(result.outcomes()).filteredOn(WriteOutcome::isPersisted).hasSize(24);
            assertThat(result.requests()).isEqualTo(db.batchWriteRequests()).isEqualTo(1);
        }
        assertThat(direct.scan(b -> b.tableName(table).consistentRead(true)).count())
                .isEqualTo(24);
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
