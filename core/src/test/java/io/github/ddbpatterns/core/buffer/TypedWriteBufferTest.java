package io.github.ddbpatterns.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.testsupport.ProxiedDynamoDb;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.TestTables;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

@DynamoDbLocalTest
class TypedWriteBufferTest {

    static final TableSchema<BufferedItem> SCHEMA = TableSchema.fromBean(BufferedItem.class);

    static Key key(String id) {
        return Key.builder().partitionValue(id).build();
    }

    @Test
    void get_whenWritesPendingOrPersisted_readsYourOwnWrites(TestTables tables, DynamoDbEnhancedAsyncClient enhanced)
            throws Exception {
        DynamoDbAsyncTable<BufferedItem> table = enhanced.table(tables.create(SCHEMA), SCHEMA);
        table.putItem(new BufferedItem("gone", 1)).join();
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start();
                WriteBuffer buffer = WriteBuffer.builder()
                        .batchWriter(db.batchWriter().build())
                        .maxDelay(Duration.ofHours(1))
                        .build()) {
            TypedWriteBuffer<BufferedItem> items = TypedWriteBuffer.of(buffer, table);
            items.put(new BufferedItem("a", 1));
            items.put(new BufferedItem("a", 2));
            items.delete(key("gone"));

            assertThat(items.pending(key("a")))
                    .hasValueSatisfying(
                            p -> assertThat(p.item().orElseThrow().getVersion()).isEqualTo(2));
            assertThat(items.pending(key("gone")))
                    .hasValueSatisfying(p -> assertThat(p.isDelete()).isTrue());
            assertThat(items.pending(key("other"))).isEmpty();
            assertThat(items.get(key("a")).join().orElseThrow().getVersion()).isEqualTo(2);
            assertThat(items.get(key("gone")).join()).isEmpty();
            assertThat(db.batchWriteRequests()).isZero();

            buffer.flush().get(30, TimeUnit.SECONDS);

            assertThat(items.pending(key("a"))).isEmpty();
            assertThat(items.get(key("a")).join().orElseThrow().getVersion()).isEqualTo(2);
            assertThat(items.get(key("gone")).join()).isEmpty();
            assertThat(db.consumedWriteUnits(table.tableName())).isEqualTo(2);
        }
    }
}
