package io.github.ddbpatterns.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.core.resilience.SdkRetryAlignment;
import io.github.ddbpatterns.core.testsupport.ProxiedDynamoDb;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.LocalClients;
import io.github.ddbpatterns.testing.TestTables;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

@DynamoDbLocalTest
class BatchReaderTest {

    static final TableSchema<Row> SCHEMA = TableSchema.fromBean(Row.class);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<DynamoDbAsyncClient> ownClients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        ownClients.forEach(DynamoDbAsyncClient::close);
    }

    private DynamoDbAsyncClient client(LocalClients clients, ExecutionInterceptor... interceptors) {
        DynamoDbAsyncClient client = SdkRetryAlignment.configure(clients.asyncBuilder()
                        .overrideConfiguration(o -> Arrays.stream(interceptors).forEach(o::addExecutionInterceptor)))
                .build();
        ownClients.add(client);
        return client;
    }

    private BatchReader.Builder reader(DynamoDbAsyncClient client) {
        return BatchReader.builder()
                .dynamoDbClient(client)
                .meterRegistry(registry)
                .consistentRead(true)
                .resilience(ResiliencePolicy.builder()
                        .maxAttempts(5)
                        .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                        .build());
    }

    private static WriteKey key(String table, String pk, String sk) {
        return new WriteKey(table, BatchWriterTest.key(pk, sk));
    }

    /** Writes {@code count} rows per table (pk "r", sk "s-i", payload table + i) and returns their keys. */
    private static List<WriteKey> seed(DynamoDbAsyncClient client, int count, String... tables) {
        List<WriteOp> writes = new ArrayList<>();
        for (String table : tables) {
            IntStream.range(0, count).forEach(i -> writes.add(BatchWriterTest.put(table, "r", "s-" + i, table + i)));
        }
        assertThat(BatchWriter.builder()
                        .dynamoDbClient(client)
                        .build()
                        .write(writes)
                        .join()
                        .allPersisted())
                .isTrue();
        return writes.stream().map(WriteOp::writeKey).toList();
    }

    @Test
    void read_keysAcrossTables_returnsFoundItemsAndReportsMissingOnes(TestTables tables, LocalClients clients) {
        String a = tables.create(SCHEMA);
        String b = tables.create(SCHEMA);
        DynamoDbAsyncClient client = client(clients);
        List<WriteKey> stored = seed(client, 130, a, b);
        List<WriteKey> keys = new ArrayList<>(stored);
        IntStream.range(0, 7).forEach(i -> keys.add(key(b, "r", "absent-" + i)));
        keys.add(stored.get(0)); // duplicate: read once

        BatchGetResult result = reader(client).build().read(keys).join();

        assertThat(result.isComplete()).isTrue();
        assertThat(result.items()).hasSize(260);
        assertThat(result.missing())
                .hasSize(7)
                .allSatisfy(k -> assertThat(k.tableName()).isEqualTo(b));
        assertThat(result.item(key(a, "r", "s-129"))
                        .orElseThrow()
                        .get("payload")
                        .s())
                .isEqualTo(a + 129);
        assertThat(result.item(key(b, "r", "absent-1"))).isEmpty();
        assertThat(result.requests()).isEqualTo(3); // 267 distinct keys in calls of <= 100
        assertThat(registry.find("ddb.patterns.batch.consumed.capacity")
                        .tag("operation", "BatchGetItem")
                        .counters())
                .isNotEmpty();
    }

    @Test
    void read_whenProxyReturnsKeysUnprocessed_resendsThem(TestTables tables, LocalClients clients) {
        String table = tables.create(SCHEMA);
        List<WriteKey> keys = seed(client(clients), 150, table);

        try (ProxiedDynamoDb db = ProxiedDynamoDb.start(b ->
                b.faults(FaultPlan.unprocessedItems(0.5).atRequests(1, 2, 3).onOperation("BatchGetItem")))) {
            BatchGetResult result = reader(db.client()).build().read(keys).join();

            assertThat(db.proxy().stats().unprocessedItems()).isPositive();
            assertThat(result.isComplete()).isTrue();
            assertThat(result.missing()).isEmpty();
            assertThat(result.items()).hasSize(150);
            assertThat(result.requests())
                    .isEqualTo(db.proxy().stats().requests("BatchGetItem"))
                    .isGreaterThan(2);
            assertThat(registry.get("ddb.patterns.batch.unprocessed")
                            .tag("operation", "BatchGetItem")
                            .counter()
                            .count())
                    .isEqualTo(db.proxy().stats().unprocessedItems());
        }
    }

    @Test
    void read_whenAlwaysUnprocessed_reportsEveryKeyFailed(TestTables tables, LocalClients clients) {
        String table = tables.create(SCHEMA);
        List<WriteKey> keys = seed(client(clients), 4, table);

        try (ProxiedDynamoDb db = ProxiedDynamoDb.start(b -> b.faults(FaultPlan.unprocessedItems(1.0)))) {
            BatchGetResult result = reader(db.client())
                    .maxUnprocessedAttempts(2)
                    .build()
                    .read(keys)
                    .join();

            assertThat(result.failures()).containsOnlyKeys(keys);
            assertThat(result.failures().values())
                    .allSatisfy(e -> assertThat(e).isInstanceOf(UnprocessedException.class));
            assertThat(result.items()).isEmpty();
            assertThat(db.proxy().stats().requests("BatchGetItem")).isEqualTo(2);
        }
    }

    @Test
    void read_whenATableIsMissingOrAKeyInvalid_failsOnlyThoseKeys(TestTables tables, LocalClients clients) {
        String table = tables.create(SCHEMA);
        DynamoDbAsyncClient client = client(clients);
        List<WriteKey> keys = new ArrayList<>(seed(client, 5, table));
        WriteKey noTable = key("no-such-table-" + tables.uniqueName(), "r", "s-1");
        WriteKey wrongType =
                new WriteKey(table, Map.of("pk", AttributeValue.fromN("1"), "sk", AttributeValue.fromS("s-1")));
        keys.add(noTable);
        keys.add(wrongType);

        BatchGetResult result = reader(client).build().read(keys).join();

        assertThat(result.items()).hasSize(5);
        assertThat(result.failures()).containsOnlyKeys(noTable, wrongType);
        assertThat(result.failures().get(noTable)).isInstanceOf(ResourceNotFoundException.class);
        assertThat(result.failures().get(wrongType))
                .isInstanceOfSatisfying(
                        DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    @Test
    void read_whenNullKey_throwsNamingIt(LocalClients clients) {
        List<WriteKey> keys = new ArrayList<>();
        keys.add(null);
        assertThatThrownBy(() -> reader(client(clients)).build().read(keys))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("keys[0]");
        assertThatThrownBy(() -> BatchReader.builder().build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dynamoDbClient");
    }
}
