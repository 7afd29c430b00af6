package io.github.ddbpatterns.sessions;

import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteKey;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
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
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The {@link BatchWriter} of {@link PreferenceMode#VERSIONED}: each coalesced put becomes one conditional PutItem
 * that sets the version to the last version this instance saw plus one, and each coalesced delete one conditional
 * DeleteItem, on condition that the stored version is still the one it saw (or, when it saw none, that the item
 * has no version: absent, or stored before versioning). The write buffer never has two writes of one key in flight, so the versions known here advance one
 * write at a time. Requests go through the context's decorated client (the shared policy, once).
 *
 * <p>Versions known per key: a read moves it up only (a read that started before this instance's own write
 * landed must not move it back); a write sets it (to the new version, or forgets it after a delete); a lost race
 * sets it to what the table holds (its version, or none when the item is gone), so the next read-modify-write of
 * the key starts from the truth even after another instance deleted and recreated the item.
 */
final class VersionedWriter implements BatchWriter {

    private final DynamoDbAsyncClient client;
    private final String versionAttribute;
    private final TableSchema<?> schema;
    /** Last version seen per key (read or written here); absent: none (the item is expected absent). */
    private final Map<WriteKey, Long> known = new ConcurrentHashMap<>();

    VersionedWriter(DynamoDbAsyncClient client, String versionAttribute, TableSchema<?> schema) {
        this.client = client;
        this.versionAttribute = versionAttribute;
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
            outcomes.add(write(Checks.notNull("write", write)));
        }
        return BatchWriteResult.allOf(outcomes, outcomes.size()); // one request per write
    }

    private CompletableFuture<WriteOutcome> write(WriteOp write) {
        WriteKey key = write.writeKey();
        long expected = known.getOrDefault(key, 0L);
        // expected 0: the item is absent, or stored without a version (written before versioning was on)
        String condition = expected == 0 ? "attribute_not_exists(#v)" : "#v = :seen";
        Map<String, String> names = Map.of("#v", versionAttribute);
        Map<String, AttributeValue> values = new HashMap<>();
        if (expected != 0) {
            values.put(":seen", AttributeValue.fromN(Long.toString(expected)));
        }
        CompletableFuture<?> sent;
        if (write.kind() == WriteOp.Kind.PUT) {
            Map<String, AttributeValue> item = new HashMap<>(write.attributes());
            item.put(versionAttribute, AttributeValue.fromN(Long.toString(expected + 1)));
            PutItemRequest.Builder request = PutItemRequest.builder()
                    .tableName(write.tableName())
                    .item(item)
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
            if (!values.isEmpty()) {
                request.expressionAttributeValues(values);
            }
            sent = client.putItem(request.build());
        } else {
            DeleteItemRequest.Builder request = DeleteItemRequest.builder()
                    .tableName(write.tableName())
                    .key(write.key())
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
            if (!values.isEmpty()) {
                request.expressionAttributeValues(values);
            }
            sent = client.deleteItem(request.build());
        }
        return sent.handle((response, failure) -> {
            if (failure == null) {
                if (write.kind() == WriteOp.Kind.PUT) {
                    known.put(key, expected + 1);
                } else {
                    known.remove(key);
                }
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
        @Nullable Map<String, AttributeValue> stored = e.hasItem() && !e.item().isEmpty() ? e.item() : null;
        @Nullable Object current = null;
        long storedVersion = -1;
        if (stored != null) {
            storedVersion = versionOf(stored);
            current = schema.mapToItem(stored);
            known.put(write.writeKey(), storedVersion);
        } else if (expected != 0) {
            // the condition on our version failed and no item came back: the item is gone
            storedVersion = 0;
            known.remove(write.writeKey());
        }
        @Nullable Object attempted = write.item().map(schema::mapToItem).orElse(null);
        return PreferenceConflictException.of(
                write.kind() == WriteOp.Kind.PUT ? "write" : "delete",
                write.writeKey().toString(),
                attempted,
                current,
                expected,
                storedVersion,
                e);
    }

    long versionOf(Map<String, AttributeValue> item) {
        AttributeValue value = item.get(versionAttribute);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }
}
