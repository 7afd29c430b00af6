package io.github.ddbpatterns;

import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.testing.LocalClients;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A process for {@link ShutdownHookTest}: submits writes to a buffer that waits a minute before flushing, then
 * returns from main without closing it. Only the buffer's shutdown hook can persist them.
 *
 * <p>Arguments: DynamoDB endpoint, table name, number of writes.
 */
public final class ShutdownHookMain {

    private ShutdownHookMain() {}

    public static void main(String[] args) {
        URI endpoint = URI.create(args[0]);
        String table = args[1];
        int writes = Integer.parseInt(args[2]);
        DdbPatterns ddb = DdbPatterns.builder()
                .dynamoDbClient(
                        LocalClients.forEndpoint(endpoint).asyncBuilder().build())
                .build();
        WriteBuffer buffer = ddb.writeBuffer()
                .maxDelay(Duration.ofMinutes(1))
                .maxPendingKeys(10_000)
                .flushOnShutdown(true)
                .build();
        for (int i = 0; i < writes; i++) {
            Map<String, AttributeValue> item =
                    Map.of("pk", AttributeValue.fromS("k-" + i), "v", AttributeValue.fromS("v-" + i));
            buffer.submit(WriteOp.put(table, Map.of("pk", item.get("pk")), item));
        }
        System.out.println("submitted " + writes + ", pending " + buffer.pendingCount());
        System.exit(0); // the buffer is not closed: only its shutdown hook can persist the writes
    }
}
