package io.github.ddbpatterns.benchmarks;

import io.github.ddbpatterns.core.resilience.SdkRetryAlignment;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.Latency;
import io.github.ddbpatterns.testing.LocalClients;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * What an end-to-end benchmark runs against: DynamoDB Local (server mode, shared by the whole run) and a
 * {@link ThrottlingProxy} in front of it that adds a fixed round trip, so that ratios measured here mean what they
 * mean against the service. By default capacity limits are set high enough never to throttle (latency benchmarks);
 * a benchmark of throttling or faults changes the proxy with {@code proxySettings}.
 */
final class BenchEnvironment implements AutoCloseable {

    private final ThrottlingProxy proxy;
    private final DynamoDbLocal local;
    private final TestTables tables;
    private final DynamoDbAsyncClient patternsClient;

    private BenchEnvironment(DynamoDbLocal local, ThrottlingProxy proxy) {
        this.local = local;
        this.proxy = proxy;
        this.tables = new TestTables(local.syncClient(), "bench");
        this.patternsClient =
                SdkRetryAlignment.configure(proxy.clients().asyncBuilder()).build();
    }

    /**
     * A proxy adding {@code roundTrip} to every request in front of {@code local} (which the caller keeps and
     * closes), changed by {@code proxySettings}.
     */
    static BenchEnvironment start(
            DynamoDbLocal local, Duration roundTrip, Consumer<ThrottlingProxy.Builder> proxySettings) {
        ThrottlingProxy.Builder builder = ThrottlingProxy.builder()
                .target(local.endpoint())
                .latency(roundTrip.isZero() ? Latency.none() : Latency.fixed(roundTrip))
                .partitions(1)
                .writeCapacityPerPartition(100_000_000L)
                .readCapacityPerPartition(100_000_000L);
        proxySettings.accept(builder);
        return new BenchEnvironment(local, builder.build().start());
    }

    /** A latency-only proxy adding {@code roundTrip} in front of {@code local}. */
    static BenchEnvironment start(DynamoDbLocal local, Duration roundTrip) {
        return start(local, roundTrip, b -> {});
    }

    /** Clients through the latency proxy. */
    LocalClients clients() {
        return proxy.clients();
    }

    /**
     * The client the library's contenders get, through the latency proxy: built as the README recommends (one SDK
     * attempt per call, so the resilience policy needs no per-request override).
     */
    DynamoDbAsyncClient patternsClient() {
        return patternsClient;
    }

    /** Clients straight to DynamoDB Local (no added latency), for loading and counting data fast. */
    LocalClients directClients() {
        return local.clients();
    }

    ThrottlingProxy proxy() {
        return proxy;
    }

    /** Unique table names, deleted on close. */
    TestTables tables() {
        return tables;
    }

    /**
     * Creates {@code table} straight on DynamoDB Local, with the partition key {@code pk} (a String) only, on demand,
     * waits until it exists and returns its name.
     */
    String createKeyOnlyTable(String table) {
        DynamoDbClient direct = directClients().sync();
        direct.createTable(b -> b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder()
                        .attributeName("pk")
                        .keyType(KeyType.HASH)
                        .build())
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("pk")
                        .attributeType(ScalarAttributeType.S)
                        .build()));
        direct.waiter().waitUntilTableExists(b -> b.tableName(table));
        return table;
    }

    /** Items in {@code table}, counted with a Scan straight to DynamoDB Local. */
    long count(String table) {
        long n = 0;
        for (var page : directClients()
                .sync()
                .scanPaginator(
                        b -> b.tableName(table).select(software.amazon.awssdk.services.dynamodb.model.Select.COUNT))) {
            n += page.count();
        }
        return n;
    }

    @Override
    public void close() {
        tables.close();
        patternsClient.close();
        proxy.close();
    }
}
