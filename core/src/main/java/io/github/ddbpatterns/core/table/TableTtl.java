package io.github.ddbpatterns.core.table;

import io.github.ddbpatterns.core.internal.Checks;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Enables DynamoDB TTL on a table after checking that the attribute can work as a TTL attribute: a Number of
 * epoch seconds. Expired items are then deleted by DynamoDB eventually (typically within 48 hours), which is why
 * readers must check expiry themselves (the sessions module's {@code SessionStore} does on every read). Repositories
 * enable it through {@code createTable()} when their layout has a TTL attribute.
 *
 * <pre>{@code
 * TableTtl.enable(dynamoDbAsyncClient, "sessions", "expiresAt").join();
 * }</pre>
 */
public final class TableTtl {

    /** Values above this (year 5138 in seconds) are taken for milliseconds or finer. */
    static final long MAX_PLAUSIBLE_EPOCH_SECONDS = 100_000_000_000L;

    private static final int SAMPLE = 25;

    private TableTtl() {}

    /**
     * Enables TTL on {@code attribute}; does nothing when it is already enabled there. Before enabling, checks
     * the attribute's declared type (when it is a key of the table or an index) and a sample of stored items.
     *
     * @return completes exceptionally with {@link TtlConfigurationException} when the attribute is not a Number
     *     of epoch seconds or TTL is enabled on another attribute
     * @throws io.github.ddbpatterns.core.InvalidInputException if an argument is null or empty
     */
    public static CompletableFuture<Void> enable(DynamoDbAsyncClient client, String tableName, String attribute) {
        Checks.notNull("client", client);
        Checks.notEmpty("tableName", tableName);
        Checks.notEmpty("attribute", attribute);
        return client.describeTimeToLive(b -> b.tableName(tableName)).thenCompose(ttl -> {
            TimeToLiveDescription description = ttl.timeToLiveDescription();
            TimeToLiveStatus status = description == null ? null : description.timeToLiveStatus();
            if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) {
                if (attribute.equals(description.attributeName())) {
                    return CompletableFuture.completedFuture(null);
                }
                throw TtlConfigurationException.otherAttribute(tableName, attribute, description.attributeName());
            }
            return checkDeclaredType(client, tableName, attribute)
                    .thenCompose(ignored -> checkSample(client, tableName, attribute))
                    .thenCompose(ignored -> client.updateTimeToLive(b -> b.tableName(tableName)
                            .timeToLiveSpecification(s -> s.enabled(true).attributeName(attribute))))
                    .thenApply(ignored -> null);
        });
    }

    private static CompletableFuture<Void> checkDeclaredType(
            DynamoDbAsyncClient client, String tableName, String attribute) {
        return client.describeTable(b -> b.tableName(tableName)).thenAccept(table -> {
            for (AttributeDefinition definition : table.table().attributeDefinitions()) {
                if (definition.attributeName().equals(attribute)
                        && definition.attributeType() != ScalarAttributeType.N) {
                    throw TtlConfigurationException.declaredNotNumber(
                            tableName, attribute, definition.attributeTypeAsString());
                }
            }
        });
    }

    private static CompletableFuture<Void> checkSample(DynamoDbAsyncClient client, String tableName, String attribute) {
        return client.scan(b -> b.tableName(tableName)
                        .limit(SAMPLE)
                        .filterExpression("attribute_exists(#t)")
                        .projectionExpression("#t")
                        .expressionAttributeNames(Map.of("#t", attribute)))
                .thenAccept(page -> {
                    for (Map<String, AttributeValue> item : page.items()) {
                        check(tableName, attribute, item.get(attribute));
                    }
                });
    }

    /**
     * Checks one stored TTL value.
     *
     * @throws TtlConfigurationException if it is not a Number of plausible epoch seconds
     */
    static void check(String tableName, String attribute, AttributeValue value) {
        if (value == null) {
            return;
        }
        if (value.type() != AttributeValue.Type.N) {
            throw TtlConfigurationException.storedNotNumber(tableName, attribute, String.valueOf(value.type()));
        }
        double number = Double.parseDouble(value.n());
        if (number > MAX_PLAUSIBLE_EPOCH_SECONDS) {
            throw TtlConfigurationException.notSeconds(tableName, attribute, value.n());
        }
    }
}
