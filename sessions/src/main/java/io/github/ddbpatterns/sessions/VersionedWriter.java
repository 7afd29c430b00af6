package io.github.ddbpatterns.sessions;

import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteKey;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The {@link BatchWriter} of {@link PreferenceMode#VERSIONED}: each coalesced put becomes one conditional PutItem
 * that sets the version to the last version this instance saw plus one, on condition that the stored version is
 * still the one it saw (or that the item is absent when it saw none). The write buffer never has two writes of one
 * key in flight, so the versions known here advance one write at a time.
 */
final class VersionedPutWriter implements BatchWriter {

    private final DynamoDbAsyncClient client;
    private final ResiliencePolicy policy;
    private final String versionAttribute;
    private final String partitionKey;
    private final TableSchema<?> schema;
    /** Last version seen per key (read or written here); only grows. */
    private final Map<WriteKey, Long> known = new ConcurrentHashMap<>();

    VersionedPutWriter(
            DynamoDbAsyncClient client,
            ResiliencePolicy policy,
            String versionAttribute,
            String partitionKey,
            TableSchema<?> schema) {
        this.client = client;
        this.policy = policy;
        this.versionAttribute = versionAttribute;
        this.partitionKey = partitionKey;
        this.schema = schema;
    }

    /** Records a version read from the table (never moves a known version back). */
    void seen(WriteKey key, long version) {
        known.merge(key, version, Math::max);
    }

    @Override
    public CompletableFuture<BatchWriteResult> write(Collection<WriteOp> writes) {
        Checks.notNull("writes", writes);
        List<CompletableFuture<WriteOutcome>> outcomes = new ArrayList<>(writes.size());
        for (WriteOp write : writes) {
            outcomes.add(put(Checks.notNull("write", write)));
        }
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> {
                    List<WriteOutcome> done = new ArrayList<>(outcomes.size());
                    for (CompletableFuture<WriteOutcome> outcome : outcomes) {
                        done.add(outcome.join());
                    }
                    return new BatchWriteResult(done, done.size());
                });
    }

    private CompletableFuture<WriteOutcome> put(WriteOp write) {
        if (write.kind() != WriteOp.Kind.PUT) {
            return CompletableFuture.completedFuture(WriteOutcome.failed(
                    write, new UnsupportedOperationException("versioned preference stores only put"), 0));
        }
        WriteKey key = write.writeKey();
        long expected = known.getOrDefault(key, 0L);
        Map<String, AttributeValue> item = new HashMap<>(write.item());
        item.put(versionAttribute, AttributeValue.fromN(Long.toString(expected + 1)));
        PutItemRequest.Builder request = PutItemRequest.builder()
                .tableName(write.tableName())
                .item(item)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        if (expected == 0) {
            request.conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", partitionKey));
        } else {
            request.conditionExpression("#v = :seen")
                    .expressionAttributeNames(Map.of("#v", versionAttribute))
                    .expressionAttributeValues(Map.of(":seen", AttributeValue.fromN(Long.toString(expected))));
        }
        PutItemRequest built = request.build();
        return policy.execute("PutItem", () -> client.putItem(built)).handle((response, failure) -> {
            if (failure == null) {
                seen(key, expected + 1);
                return WriteOutcome.persisted(write, 1);
            }
            Throwable cause = DynamoDbErrors.unwrap(failure);
            if (cause instanceof ConditionalCheckFailedException conflict) {
                return WriteOutcome.failed(write, conflict(write, expected, conflict), 1);
            }
            return WriteOutcome.failed(write, cause, 1);
        });
    }

    private PreferenceConflictException conflict(WriteOp write, long expected, ConditionalCheckFailedException e) {
        @Nullable Map<String, AttributeValue> stored = e.hasItem() ? e.item() : null;
        long storedVersion = -1;
        @Nullable Object current = null;
        if (stored != null && !stored.isEmpty()) {
            storedVersion = versionOf(stored);
            current = schema.mapToItem(stored);
            seen(write.writeKey(), storedVersion);
        }
        return PreferenceConflictException.of(
                write.writeKey().toString(), schema.mapToItem(write.item()), current, expected, storedVersion, e);
    }

    long versionOf(Map<String, AttributeValue> item) {
        AttributeValue value = item.get(versionAttribute);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }
}
