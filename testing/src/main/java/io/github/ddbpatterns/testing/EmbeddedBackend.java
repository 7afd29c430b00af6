package io.github.ddbpatterns.testing;

import java.net.URI;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/** DynamoDB Local in-process: no HTTP, sync client only. */
final class EmbeddedBackend implements DynamoDbLocal.LocalBackend {

    private final AmazonDynamoDBLocal local;
    private final DynamoDbClient client;

    private EmbeddedBackend(AmazonDynamoDBLocal local) {
        this.local = local;
        this.client = local.dynamoDbClient();
    }

    static EmbeddedBackend start() {
        // create(true): in memory, telemetry disabled
        return new EmbeddedBackend(DynamoDBEmbedded.create(true));
    }

    @Override
    public URI endpoint() {
        return null;
    }

    @Override
    public DynamoDbClient inProcessClient() {
        return client;
    }

    @Override
    public void stop() {
        client.close();
        local.shutdown();
    }
}
