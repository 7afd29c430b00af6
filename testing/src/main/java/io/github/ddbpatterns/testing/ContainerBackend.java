package io.github.ddbpatterns.testing;

import java.net.URI;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * DynamoDB Local in a Testcontainers container. Testcontainers is an optional dependency: this class is
 * only loaded when CONTAINER mode is asked for.
 */
final class ContainerBackend implements DynamoDbLocal.LocalBackend {

    /** The image, pinned to the same DynamoDB Local version as the embedded and server modes. */
    static final String IMAGE = "amazon/dynamodb-local:3.3.1";

    private static final int PORT = 8000;

    private final GenericContainer<?> container;
    private final URI endpoint;

    private ContainerBackend(GenericContainer<?> container) {
        this.container = container;
        this.endpoint = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(PORT));
    }

    static ContainerBackend start() {
        if (!isDockerAvailable()) {
            throw new IllegalStateException("DynamoDB Local CONTAINER mode needs a Docker engine, and none answers;"
                    + " use SERVER mode (-D" + DynamoDbLocalMode.PROPERTY + "=SERVER)");
        }
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withExposedPorts(PORT)
                .withCommand("-jar", "DynamoDBLocal.jar", "-inMemory", "-sharedDb", "-disableTelemetry");
        container.start();
        return new ContainerBackend(container);
    }

    static boolean isDockerAvailable() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory");
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable notAvailable) {
            return false;
        }
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void stop() {
        container.stop();
    }
}
