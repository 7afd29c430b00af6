package io.github.ddbpatterns.benchmarks;

import io.github.ddbpatterns.core.resilience.SdkRetryAlignment;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalMode;
import io.github.ddbpatterns.testing.Latency;
import io.github.ddbpatterns.testing.LocalClients;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * What an end-to-end benchmark runs against: a private DynamoDB Local (server mode) and a
 * {@link ThrottlingProxy} in front of it that adds a fixed round trip, so that ratios measured here mean
 * what they mean against the service. Capacity limits are set high enough never to throttle: benchmarks
 * measure latency behaviour, tests measure throttling.
 */
final class BenchEnvironment implements AutoCloseable {

    private final DynamoDbLocal local;
    private final ThrottlingProxy proxy;
    private final TestTables tables;
    private final DynamoDbAsyncClient patternsClient;

    private BenchEnvironment(DynamoDbLocal local, ThrottlingProxy proxy) {
        this.local = local;
        this.proxy = proxy;
        this.tables = new TestTables(local.syncClient(), "bench");
        this.patternsClient =
                SdkRetryAlignment.configure(proxy.clients().asyncBuilder()).build();
    }

    /** Starts DynamoDB Local and a proxy adding {@code roundTrip} to every request. */
    static BenchEnvironment start(Duration roundTrip) {
        DynamoDbLocal local = DynamoDbLocal.start(DynamoDbLocalMode.SERVER);
        ThrottlingProxy proxy = ThrottlingProxy.builder()
                .target(local.endpoint())
                .latency(roundTrip.isZero() ? Latency.none() : Latency.fixed(roundTrip))
                .partitions(1)
                .writeCapacityPerPartition(100_000_000L)
                .readCapacityPerPartition(100_000_000L)
                .build()
                .start();
        return new BenchEnvironment(local, proxy);
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

    /** Clients straight to DynamoDB Local (no added latency), for loading data fast. */
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

    @Override
    public void close() {
        tables.close();
        patternsClient.close();
        proxy.close();
        local.close();
    }
}
