package io.github.ddbpatterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.buffer.DeadLetter;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.testing.Latency;
import io.github.ddbpatterns.testing.LocalClients;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local (its own server, on disk so its data survives) is stopped while a write buffer flushes and started
 * again on the same port: with default settings the buffer resends what failed until the server is back, and every
 * key ends with its last write; nothing fails, nothing is lost.
 */
class RestartDuringFlushTest {

    static final int KEYS = 3_000;

    @Test
    void flush_whenDynamoDbStopsAndRestarts_storesEveryWrite(@TempDir Path dbPath) throws Exception {
        int port = freePort();
        DynamoDBProxyServer server = startServer(dbPath, port);
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        LocalClients clients = LocalClients.forEndpoint(endpoint);
        String table = "restart-during-flush";
        try (DynamoDbClient direct = clients.syncBuilder().build()) {
            RawTable.create(direct, table);
        }
        ConcurrentLinkedQueue<DeadLetter> deadLetters = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        Map<String, String> last = new HashMap<>();
        long forwardedWhenStopped;
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(endpoint)
                        .writeCapacityPerPartition(1_000_000)
                        .latency(Latency.fixed(Duration.ofMillis(20))) // a flush of 120 calls lasts about a second
                        .build()
                        .start();
                DynamoDbAsyncClient client = proxy.clients().asyncBuilder().build()) {
            DdbPatterns ddb = DdbPatterns.builder().dynamoDbClient(client).build();
            try (WriteBuffer buffer = ddb.writeBuffer()
                    .maxDelay(Duration.ofMinutes(1))
                    .deadLetter(deadLetters::add)
                    .build()) {
                for (int i = 0; i < 2 * KEYS; i++) {
                    String key = "k-" + (i % KEYS);
                    writes.add(buffer.submit(RawTable.put(table, key, "v-" + i)));
                    last.put(key, "v-" + i);
                }
                CompletableFuture<Void> flushed = buffer.flush();
                awaitForwarded(proxy, 10); // the flush is under way: some calls are written, most are not
                server.stop();
                forwardedWhenStopped = proxy.stats().forwarded("BatchWriteItem");
                server = startServer(dbPath, port);
                flushed.get(5, TimeUnit.MINUTES);
            }
            System.out.printf(
                    "restart during flush: %d writes to %d keys, DynamoDB stopped after %d calls; proxy: %s%n",
                    writes.size(), KEYS, forwardedWhenStopped, proxy.stats());
        } finally {
            server.stop();
        }

        assertThat(writes).allMatch(w -> w.isDone() && !w.isCompletedExceptionally());
        assertThat(deadLetters).isEmpty();
        assertThat(forwardedWhenStopped).isLessThan(KEYS / 25);
        DynamoDBProxyServer reopened = startServer(dbPath, port); // read what is on disk, from a fresh server
        try (DynamoDbClient direct = clients.syncBuilder().build()) {
            Map<String, String> stored = new HashMap<>();
            direct.scanPaginator(b -> b.tableName(table).consistentRead(true))
                    .items()
                    .forEach(
                            item -> stored.put(item.get("pk").s(), item.get("v").s()));
            assertThat(stored).isEqualTo(last);
        } finally {
            reopened.stop();
            clients.close();
        }
    }

    private static DynamoDBProxyServer startServer(Path dbPath, int port) throws Exception {
        Files.createDirectories(dbPath);
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(new String[] {
            "-dbPath", dbPath.toString(), "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)
        });
        server.start();
        return server;
    }

    private static void awaitForwarded(ThrottlingProxy proxy, long calls) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (proxy.stats().forwarded("BatchWriteItem") < calls && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        assertThat(proxy.stats().forwarded("BatchWriteItem")).isGreaterThanOrEqualTo(calls);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
