package io.github.ddbpatterns.testing;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Ready SDK clients for one DynamoDB endpoint (DynamoDB Local, or a {@link ThrottlingProxy} in front of it).
 *
 * <p>All clients use the same static credentials and region, so they all see the same DynamoDB Local
 * database even when it runs without {@code -sharedDb}. Clients are created lazily, once, and closed by
 * {@link #close()}. For a client with other settings (retry strategy, timeouts, concurrency), start from
 * {@link #syncBuilder()} or {@link #asyncBuilder()}: the caller then owns and closes what it builds.
 *
 * <pre>{@code
 * LocalClients clients = DynamoDbLocal.shared().clients();
 * DynamoDbEnhancedAsyncClient enhanced = clients.enhancedAsync();
 * }</pre>
 */
public final class LocalClients implements AutoCloseable {

    /** Access key used by every client; letters and digits only, as DynamoDB Local requires. */
    public static final String ACCESS_KEY = "ddbpatterns";
    /** Secret key used by every client. */
    public static final String SECRET_KEY = "local";
    /** Region used by every client. */
    public static final Region REGION = Region.US_EAST_1;
    /** Connection pool size of the async client: large enough for a 100-way fan-out. */
    public static final int ASYNC_MAX_CONCURRENCY = 256;

    private final URI endpoint;
    private final List<AutoCloseable> created = new ArrayList<>();
    private DynamoDbClient sync;
    private DynamoDbAsyncClient async;
    private DynamoDbEnhancedClient enhanced;
    private DynamoDbEnhancedAsyncClient enhancedAsync;
    private boolean closed;

    /**
     * Clients for the given endpoint.
     *
     * @throws IllegalArgumentException if {@code endpoint} is not an absolute http(s) URI
     */
    public static LocalClients forEndpoint(URI endpoint) {
        return new LocalClients(endpoint);
    }

    private LocalClients(URI endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.getScheme() == null || !endpoint.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("endpoint must be an http(s) URI, got: " + endpoint);
        }
        this.endpoint = endpoint;
    }

    /** The endpoint these clients talk to. */
    public URI endpoint() {
        return endpoint;
    }

    /** A builder for a sync client preset with this endpoint, credentials, region and a URL-connection HTTP client. */
    public DynamoDbClientBuilder syncBuilder() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)));
    }

    /** A builder for an async client preset with this endpoint, credentials, region and a Netty HTTP client. */
    public DynamoDbAsyncClientBuilder asyncBuilder() {
        return DynamoDbAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .maxConcurrency(ASYNC_MAX_CONCURRENCY)
                        .connectionAcquisitionTimeout(Duration.ofSeconds(60))
                        .readTimeout(Duration.ofSeconds(60)));
    }

    /** The static credentials every client here uses. */
    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /** The shared sync client. */
    public synchronized DynamoDbClient sync() {
        checkOpen();
        if (sync == null) {
            sync = track(syncBuilder().build());
        }
        return sync;
    }

    /** The shared async (Netty) client. */
    public synchronized DynamoDbAsyncClient async() {
        checkOpen();
        if (async == null) {
            async = track(asyncBuilder().build());
        }
        return async;
    }

    /** The shared Enhanced sync client, over {@link #sync()}. */
    public synchronized DynamoDbEnhancedClient enhanced() {
        if (enhanced == null) {
            enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(sync()).build();
        }
        return enhanced;
    }

    /** The shared Enhanced async client, over {@link #async()}. */
    public synchronized DynamoDbEnhancedAsyncClient enhancedAsync() {
        if (enhancedAsync == null) {
            enhancedAsync = DynamoDbEnhancedAsyncClient.builder()
                    .dynamoDbClient(async())
                    .build();
        }
        return enhancedAsync;
    }

    private <T extends AutoCloseable> T track(T client) {
        created.add(client);
        return client;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("LocalClients for " + endpoint + " are closed");
        }
    }

    /** Closes every client created here. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        for (AutoCloseable client : created) {
            try {
                client.close();
            } catch (Exception ignored) {
                // closing a client is best effort
            }
        }
        created.clear();
    }
}
