package io.github.ddbpatterns.testing;

import java.net.URI;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A running DynamoDB Local, and ready clients for it.
 *
 * <p>Start-up costs seconds, so tests share one instance per JVM through {@link #shared()}; its mode comes
 * from the system property {@value DynamoDbLocalMode#PROPERTY} (default {@link DynamoDbLocalMode#SERVER}).
 * The shared instance is stopped when the JVM exits (and by the JUnit extension at the end of the test
 * run); DynamoDB Local's threads are not daemons, so an instance that is never stopped keeps the JVM alive.
 *
 * <pre>{@code
 * try (DynamoDbLocal local = DynamoDbLocal.start(DynamoDbLocalMode.SERVER)) {
 *     DynamoDbEnhancedAsyncClient client = local.clients().enhancedAsync();
 *     ...
 * }
 * }</pre>
 *
 * <p>SERVER and CONTAINER speak real HTTP, so every client kind (and a {@link ThrottlingProxy}) works;
 * EMBEDDED is in-process and offers the sync clients only.
 */
public final class DynamoDbLocal implements AutoCloseable {

    private static volatile DynamoDbLocal shared;

    private final DynamoDbLocalMode mode;
    private final LocalBackend backend;
    private final LocalClients clients;
    private DynamoDbEnhancedClient enhanced;
    private volatile boolean closed;

    private DynamoDbLocal(DynamoDbLocalMode mode, LocalBackend backend) {
        this.mode = mode;
        this.backend = backend;
        URI endpoint = backend.endpoint();
        this.clients = endpoint == null ? null : LocalClients.forEndpoint(endpoint);
    }

    /**
     * Starts a new, private DynamoDB Local in the given mode. The caller must {@link #close()} it.
     *
     * @throws IllegalArgumentException if {@code mode} is null
     * @throws IllegalStateException if CONTAINER is asked for and no Docker engine answers, or start-up fails
     */
    public static DynamoDbLocal start(DynamoDbLocalMode mode) {
        if (mode == null) {
            throw new IllegalArgumentException("mode must be one of SERVER, EMBEDDED, CONTAINER, got: null");
        }
        LocalBackend backend = switch (mode) {
            case SERVER -> ServerBackend.start();
            case EMBEDDED -> EmbeddedBackend.start();
            case CONTAINER -> ContainerBackend.start();
        };
        return new DynamoDbLocal(mode, backend);
    }

    /**
     * The instance shared by the whole JVM, started on first use in the mode named by the system property
     * {@value DynamoDbLocalMode#PROPERTY} (default SERVER) and stopped when the JVM exits.
     *
     * @throws IllegalArgumentException if the property names no mode
     */
    public static DynamoDbLocal shared() {
        DynamoDbLocal instance = shared;
        if (instance == null) {
            synchronized (DynamoDbLocal.class) {
                instance = shared;
                if (instance == null) {
                    DynamoDbLocalMode mode = DynamoDbLocalMode.parse(
                            System.getProperty(DynamoDbLocalMode.PROPERTY, DynamoDbLocalMode.SERVER.name()));
                    instance = start(mode);
                    DynamoDbLocal stopping = instance;
                    Runtime.getRuntime().addShutdownHook(new Thread(stopping::close, "dynamodb-local-shutdown"));
                    shared = instance;
                }
            }
        }
        return instance;
    }

    /** Stops the shared instance if one runs; the next {@link #shared()} starts a new one. */
    public static void stopShared() {
        synchronized (DynamoDbLocal.class) {
            if (shared != null) {
                shared.close();
                shared = null;
            }
        }
    }

    /** True when a Docker engine answers, so {@link DynamoDbLocalMode#CONTAINER} can run. Never throws. */
    public static boolean isDockerAvailable() {
        return ContainerBackend.isDockerAvailable();
    }

    /** The mode this instance runs in. */
    public DynamoDbLocalMode mode() {
        return mode;
    }

    /**
     * The HTTP endpoint ({@code http://127.0.0.1:PORT}).
     *
     * @throws UnsupportedOperationException in EMBEDDED mode, which has no endpoint
     */
    public URI endpoint() {
        return clients().endpoint();
    }

    /**
     * Clients over HTTP: sync, async (Netty), Enhanced sync and async.
     *
     * @throws UnsupportedOperationException in EMBEDDED mode, which speaks no HTTP
     */
    public LocalClients clients() {
        checkOpen();
        if (clients == null) {
            throw new UnsupportedOperationException("DynamoDB Local in " + mode
                    + " mode has no HTTP endpoint; use SERVER or CONTAINER mode for async clients and proxies");
        }
        return clients;
    }

    /** A sync client; works in every mode. */
    public DynamoDbClient syncClient() {
        checkOpen();
        return clients == null ? backend.inProcessClient() : clients.sync();
    }

    /** An Enhanced sync client over {@link #syncClient()}; works in every mode. */
    public synchronized DynamoDbEnhancedClient enhancedClient() {
        if (enhanced == null) {
            enhanced = DynamoDbEnhancedClient.builder()
                    .dynamoDbClient(syncClient())
                    .build();
        }
        return enhanced;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("DynamoDB Local (" + mode + ") is stopped");
        }
    }

    /** Closes the clients and stops DynamoDB Local. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (clients != null) {
            clients.close();
        }
        backend.stop();
    }

    @Override
    public String toString() {
        return "DynamoDbLocal[" + mode + (clients == null ? "" : ", " + clients.endpoint()) + "]";
    }

    /** One way of running DynamoDB Local. */
    interface LocalBackend {
        /** The HTTP endpoint, or null when the backend is in-process. */
        URI endpoint();

        /** The in-process client, for backends without an endpoint. */
        default DynamoDbClient inProcessClient() {
            throw new UnsupportedOperationException("no in-process client");
        }

        void stop();
    }
}
