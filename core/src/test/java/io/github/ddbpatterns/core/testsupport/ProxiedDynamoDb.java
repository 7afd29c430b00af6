package io.github.ddbpatterns.core.testsupport;

import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.core.resilience.SdkRetryAlignment;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * Test fixture: a {@link ThrottlingProxy} in front of the shared DynamoDB Local and an async client through it
 * whose SDK makes one attempt ({@link SdkRetryAlignment}), so that every attempt of our code is one request the
 * proxy counts. Writers built with {@link #batchWriter()} are the real {@link BatchWriter}.
 */
public final class ProxiedDynamoDb implements AutoCloseable {

    /** BatchWriteItem as the proxy names it in its counters. */
    public static final String BATCH_WRITE = "BatchWriteItem";

    private final ThrottlingProxy proxy;
    private final DynamoDbAsyncClient client;

    private ProxiedDynamoDb(ThrottlingProxy proxy) {
        this.proxy = proxy;
        this.client =
                SdkRetryAlignment.configure(proxy.clients().asyncBuilder()).build();
    }

    /**
     * Capacity no test load can exhaust: the proxy's own default (1,000 WCU/s on one partition) is reached by
     * a fast machine, which would make tests that are not about throttling depend on the machine's speed.
     */
    private static final long AMPLE_UNITS = 1_000_000_000L;

    /** A proxy with ample capacity and no faults. */
    public static ProxiedDynamoDb start() {
        return start(b -> b);
    }

    /** A proxy configured by {@code settings}; the target is set, and capacity is ample unless settings lower it. */
    public static ProxiedDynamoDb start(UnaryOperator<ThrottlingProxy.Builder> settings) {
        ThrottlingProxy.Builder builder = ThrottlingProxy.builder()
                .target(DynamoDbLocal.shared().endpoint())
                .writeCapacityPerPartition(AMPLE_UNITS)
                .readCapacityPerPartition(AMPLE_UNITS);
        return new ProxiedDynamoDb(settings.apply(builder).build().start());
    }

    /** A policy with short waits, so retry-heavy tests stay fast. */
    public static ResiliencePolicy fastPolicy(int maxAttempts) {
        return ResiliencePolicy.builder()
                .maxAttempts(maxAttempts)
                .backoff(Duration.ofMillis(2), Duration.ofMillis(50))
                .build();
    }

    /** A builder of the real BatchWriter over this proxy, with {@link #fastPolicy(int) fastPolicy(6)}. */
    public BatchWriter.Builder batchWriter() {
        return BatchWriter.builder().dynamoDbClient(client).resilience(fastPolicy(6));
    }

    public ThrottlingProxy proxy() {
        return proxy;
    }

    /** The async client through the proxy (one SDK attempt). */
    public DynamoDbAsyncClient client() {
        return client;
    }

    /** BatchWriteItem requests the proxy received. */
    public long batchWriteRequests() {
        return proxy.stats().requests(BATCH_WRITE);
    }

    /** Write units the proxy charged to {@code table}, all partitions. */
    public double consumedWriteUnits(String table) {
        return proxy.stats().consumedWriteUnits(table).values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
    }

    @Override
    public void close() {
        client.close();
        proxy.close();
    }
}
