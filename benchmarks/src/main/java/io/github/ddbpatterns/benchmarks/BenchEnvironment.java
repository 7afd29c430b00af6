package io.github.ddbpatterns.benchmarks;

import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalMode;
import io.github.ddbpatterns.testing.Latency;
import io.github.ddbpatterns.testing.LocalClients;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;

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

    private BenchEnvironment(DynamoDbLocal local, ThrottlingProxy proxy) {
        this.local = local;
        this.proxy = proxy;
        this.tables = new TestTables(local.syncClient(), "bench");
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
        proxy.close();
        local.close();
    }
}
