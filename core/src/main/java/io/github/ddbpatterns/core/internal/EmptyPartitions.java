package io.github.ddbpatterns.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Whether partition key values hold nothing: the emptiness probe of adaptive sharding, for a sharded table's dropped
 * shards and for a sharded index key's alike.
 */
public final class EmptyPartitions {

    private EmptyPartitions() {}

    /**
     * Whether no item has any of {@code partitionValues} as its partition key: one Query of at most one item per
     * value, sent in parallel, strongly consistent on the table and eventually consistent on a global secondary
     * index (which has no other reads).
     *
     * @param client the client to send them with (a context's, so that its policy retries them)
     * @param tableName the table
     * @param indexName the global secondary index to query instead of the table, or null
     * @param partitionKey the partition key attribute of the table or the index (a string)
     * @param partitionValues the values to probe
     * @return true when every value holds nothing (true for no value)
     */
    public static CompletableFuture<Boolean> all(
            DynamoDbAsyncClient client,
            String tableName,
            @Nullable String indexName,
            String partitionKey,
            List<String> partitionValues) {
        List<CompletableFuture<Boolean>> probes = new ArrayList<>(partitionValues.size());
        for (String value : partitionValues) {
            QueryRequest.Builder query = QueryRequest.builder()
                    .tableName(tableName)
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", partitionKey))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(value)))
                    .limit(1)
                    .select(Select.COUNT);
            if (indexName == null) {
                query.consistentRead(true);
            } else {
                query.indexName(indexName);
            }
            probes.add(client.query(query.build()).thenApply(r -> r.count() == 0 && !r.hasLastEvaluatedKey()));
        }
        return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new))
                .thenApply(v -> probes.stream().allMatch(CompletableFuture::join));
    }
}
