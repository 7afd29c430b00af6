package io.github.ddbpatterns.examples.demo;

import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where one scenario's tables live and its requests go.
 *
 * <ul>
 *   <li><b>DynamoDB Local</b>: a {@link ThrottlingProxy} in front of it adds the service's partition limits (scaled
 *       down, {@link #scale()}) on a test clock the scenario moves ({@link #clock()}); the proxy counts requests and
 *       units.
 *   <li><b>A real endpoint</b> ({@code --endpoint}): no proxy, the throttling is the service's own, at full scale
 *       and in real time; the demo's clients count requests and ask DynamoDB for the units it charged.
 * </ul>
 *
 * Tables are created under the scenario's prefix and deleted when the target closes.
 */
public final class DemoTarget implements AutoCloseable {

    /** Where the simulated clock starts, so that the tables' timestamps read the same from run to run. */
    static final Instant SIMULATED_START = Instant.parse("2026-11-24T10:00:00Z");

    private final @Nullable ThrottlingProxy proxy;
    private final DynamoDbAsyncClient async;
    private final DynamoDbAsyncClient oneAttemptAsync;
    private final DynamoDbClient sync;
    private final DynamoDbClient direct;
    private final DynamoDbAsyncClient directAsync;
    private final TestTables tables;
    private final RequestStats stats;
    private final DemoClock clock;
    private final int scale;
    private final List<AutoCloseable> owned = new ArrayList<>();

    private DemoTarget(Parts parts) {
        this.proxy = parts.proxy;
        this.async = parts.async;
        this.oneAttemptAsync = parts.oneAttemptAsync;
        this.sync = parts.sync;
        this.direct = parts.direct;
        this.directAsync = parts.directAsync;
        this.tables = parts.tables;
        this.stats = parts.stats;
        this.clock = parts.clock;
        this.scale = parts.scale;
        this.owned.addAll(parts.owned);
    }

    /**
     * A proxy in front of DynamoDB Local, with the limits {@code limits} sets, on a test clock.
     *
     * @param local DynamoDB Local (server or container mode)
     * @param prefix table name prefix
     * @param limits the proxy's limits, latency and faults (the target is set already)
     * @return the started target
     */
    static DemoTarget local(DynamoDbLocal local, String prefix, UnaryOperator<ThrottlingProxy.Builder> limits) {
        MutableClock testClock = MutableClock.at(SIMULATED_START);
        ThrottlingProxy proxy = limits.apply(
                        ThrottlingProxy.builder().target(local.endpoint()).clock(testClock))
                .build()
                .start();
        Parts parts = new Parts();
        parts.proxy = proxy;
        parts.async = proxy.clients().async();
        parts.oneAttemptAsync = proxy.clients()
                .asyncBuilder()
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        parts.sync = proxy.clients().sync();
        parts.direct = local.syncClient();
        parts.directAsync = local.clients().async();
        parts.tables = new TestTables(local, prefix);
        parts.stats = new ProxyRequestStats(proxy.stats());
        parts.clock = DemoClock.simulated(testClock);
        parts.scale = 10;
        parts.owned.add(parts.oneAttemptAsync);
        parts.owned.add(proxy);
        return new DemoTarget(parts);
    }

    /**
     * A real DynamoDB endpoint, with the default credentials chain (environment, profile, instance role).
     *
     * @param endpoint the endpoint, for example {@code https://dynamodb.eu-west-1.amazonaws.com}
     * @param region the signing region
     * @param prefix table name prefix
     * @return the target
     */
    static DemoTarget endpoint(URI endpoint, Region region, String prefix) {
        EndpointRequestStats stats = new EndpointRequestStats();
        Parts parts = new Parts();
        List<ExecutionInterceptor> measured = stats.interceptors();
        parts.async = asyncTo(endpoint, region, o -> o.executionInterceptors(measured));
        parts.oneAttemptAsync = asyncTo(
                endpoint, region, o -> o.executionInterceptors(measured).retryStrategy(AwsRetryStrategy.doNotRetry()));
        parts.sync = syncTo(endpoint, region, o -> o.executionInterceptors(measured));
        parts.direct = syncTo(endpoint, region, o -> {});
        parts.directAsync = asyncTo(endpoint, region, o -> {});
        parts.tables = new TestTables(parts.direct, prefix);
        parts.stats = stats;
        parts.clock = DemoClock.real();
        parts.scale = 1;
        parts.owned.addAll(List.of(parts.async, parts.oneAttemptAsync, parts.sync, parts.direct, parts.directAsync));
        return new DemoTarget(parts);
    }

    /**
     * Whether limits are simulated by the proxy on a test clock (DynamoDB Local), not the service's own.
     *
     * @return true against DynamoDB Local
     */
    public boolean simulated() {
        return proxy != null;
    }

    /**
     * How far the limits are scaled down: 10 against DynamoDB Local (a partition takes 100 WCU instead of 1,000, so a
     * 2-core machine can reach it), 1 against a real endpoint.
     *
     * @return the divisor
     */
    public int scale() {
        return scale;
    }

    /**
     * The measured client, with the SDK's default retries.
     *
     * @return the async client
     */
    public DynamoDbAsyncClient async() {
        return async;
    }

    /**
     * The measured client with one attempt per call, so that every throttle reaches the caller and is counted.
     *
     * @return the async client
     */
    public DynamoDbAsyncClient oneAttemptAsync() {
        return oneAttemptAsync;
    }

    /**
     * The measured sync client.
     *
     * @return the sync client
     */
    public DynamoDbClient sync() {
        return sync;
    }

    /**
     * A client that is not measured and never throttled by the proxy: for loading data and counting what was stored.
     *
     * @return the sync client
     */
    public DynamoDbClient direct() {
        return direct;
    }

    /**
     * The async form of {@link #direct()}.
     *
     * @return the async client
     */
    public DynamoDbAsyncClient directAsync() {
        return directAsync;
    }

    /**
     * Counts the items stored in a table (a {@code COUNT} scan through {@link #direct()}, so it is not measured).
     *
     * @param table the table
     * @return the items stored
     */
    public long countItems(String table) {
        return direct.scanPaginator(b -> b.tableName(table).select("COUNT")).stream()
                .mapToLong(page -> page.count())
                .sum();
    }

    /**
     * The scenario's tables: created under its prefix, deleted when this target closes.
     *
     * @return the tables
     */
    public TestTables tables() {
        return tables;
    }

    /**
     * Requests and units of the measured clients.
     *
     * @return the counters
     */
    public RequestStats stats() {
        return stats;
    }

    /**
     * The time the load runs on.
     *
     * @return the clock
     */
    public DemoClock clock() {
        return clock;
    }

    /**
     * The proxy, against DynamoDB Local: for latency, faults and the per-partition figures only it knows.
     *
     * @return the proxy, empty against a real endpoint
     */
    public Optional<ThrottlingProxy> proxy() {
        return Optional.ofNullable(proxy);
    }

    /** Deletes the tables and closes the clients this target created. */
    @Override
    public void close() {
        tables.close();
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not close " + resource, e);
            }
        }
    }

    private static DynamoDbAsyncClient asyncTo(
            URI endpoint, Region region, Consumer<ClientOverrideConfiguration.Builder> configuration) {
        return DynamoDbAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(configuration)
                .build();
    }

    private static DynamoDbClient syncTo(
            URI endpoint, Region region, Consumer<ClientOverrideConfiguration.Builder> configuration) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(configuration)
                .build();
    }

    private static final class Parts {
        @Nullable
        ThrottlingProxy proxy;

        DynamoDbAsyncClient async;
        DynamoDbAsyncClient oneAttemptAsync;
        DynamoDbClient sync;
        DynamoDbClient direct;
        DynamoDbAsyncClient directAsync;
        TestTables tables;
        RequestStats stats;
        DemoClock clock;
        int scale;
        final List<AutoCloseable> owned = new ArrayList<>();
    }
}
