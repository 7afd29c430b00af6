package io.github.ddbpatterns.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.testsupport.ProxiedDynamoDb;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.TestTables;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * UnprocessedKeys of all the calls of one {@code read} are pooled and resent in full calls of 100, as the writer
 * does with UnprocessedItems.
 */
@DynamoDbLocalTest
class BatchReaderPoolingTest {

    static final String BATCH_GET = "BatchGetItem";

    @Test
    void read_whenThirtyPercentUnprocessedOf10050Keys_sendsAtMost115PercentOfTheIdealCalls(TestTables tables) {
        String table = tables.create(BatchWriterTest.SCHEMA);
        List<WriteOp> writes = new ArrayList<>();
        List<WriteKey> keys = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            WriteOp put = BatchWriterTest.put(table, "u-" + (i % 50), "s-" + i, "v" + i);
            writes.add(put);
            keys.add(put.writeKey());
        }
        for (int i = 0; i < 50; i++) {
            keys.add(new WriteKey(table, BatchWriterTest.key("nobody", "s-" + i)));
        }

        try (ProxiedDynamoDb db = ProxiedDynamoDb.start(
                b -> b.faults(FaultPlan.unprocessedItems(0.3).withSeed(21L).onOperation(BATCH_GET)))) {
            assertThat(db.batchWriter().build().write(writes).join().allPersisted())
                    .isTrue();

            BatchGetResult result = BatchReader.builder()
                    .dynamoDbClient(db.client())
                    .resilience(ProxiedDynamoDb.fastPolicy(6))
                    .maxUnprocessedAttempts(20) // 0.3^20: no key gives up by chance
                    .consistentRead(true)
                    .build()
                    .read(keys)
                    .join();

            long calls = db.proxy().stats().requests(BATCH_GET);
            long ideal = (long) Math.ceil(keys.size() / 100.0 / 0.7);
            long bound = (long) Math.floor(1.15 * ideal);
            System.out.printf(
                    "pooled resends: keys=%d BatchGetItem calls=%d ideal=%d bound=%d%n",
                    keys.size(), calls, ideal, bound);
            assertThat(result.isComplete()).isTrue();
            assertThat(result.items()).hasSize(10_000);
            assertThat(result.item(keys.get(1234)).orElseThrow().get("payload").s())
                    .isEqualTo("v1234");
            assertThat(result.missing()).hasSize(50);
            assertThat(result.requests()).isEqualTo(calls);
            assertThat(calls).isLessThanOrEqualTo(bound);
        }
    }
}
