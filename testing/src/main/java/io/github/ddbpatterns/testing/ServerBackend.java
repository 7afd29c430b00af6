package io.github.ddbpatterns.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/** DynamoDB Local's Jetty server in this JVM, in memory, on a free loopback port. */
final class ServerBackend implements DynamoDbLocal.LocalBackend {

    private static final int START_ATTEMPTS = 5;

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private ServerBackend(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    static ServerBackend start() {
        Exception last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freePort();
            try {
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                        new String[] {"-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)});
                server.start();
                return new ServerBackend(server, port);
            } catch (Exception e) {
                last = e; // most likely the port was taken between probing and binding: try another
            }
        }
        throw new IllegalStateException(
                "DynamoDB Local server did not start after " + START_ATTEMPTS + " attempts", last);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port for DynamoDB Local", e);
        }
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local server at " + endpoint + " did not stop cleanly", e);
        }
    }
}
