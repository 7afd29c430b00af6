package io.github.ddbpatterns.sharding;

import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.batch.BatchGetResult;
import io.github.ddbpatterns.core.batch.BatchReader;
import io.github.ddbpatterns.core.batch.WriteKey;
import io.github.ddbpatterns.core.internal.CheckedTableRepository;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.KeyValidator;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import io.github.ddbpatterns.core.table.TableLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The standard {@link ShardedCounter}: UpdateItem ADD (or an idempotent one-item transaction) through the context's
 * client, reads by BatchReader.
 */
final class DefaultShardedCounter extends CheckedTableRepository implements ShardedCounter {

    private static final String COMPONENT = "ShardedCounter";

    private final DynamoDbAsyncClient client;
    private final String tableName;
    private final String partitionKey;
    private final @Nullable String sortKey;
    private final @Nullable AttributeValue sortValue;
    private final String valueAttribute;
    private final ShardMap shardMap;
    private final ShardKeyCodec codec;
    private final BatchReader reader;
    private final boolean exactlyOnce;
    private final ShardRotation rotation = new ShardRotation();

    DefaultShardedCounter(ShardedCounter.Builder b, PatternsContext context, TableLayout layout, ShardMap shardMap) {
        super(context, layout, COMPONENT);
        this.client = context.dynamoDbClient();
        this.tableName = layout.tableName();
        this.partitionKey = layout.partitionKey().name();
        this.sortKey = b.sortKey;
        this.sortValue = b.sortValue;
        this.valueAttribute = b.valueAttribute;
        this.shardMap = shardMap;
        this.codec = b.codec;
        this.reader = context.batchReader().consistentRead(b.consistentRead).build();
        this.exactlyOnce = b.exactlyOnce;
    }

    @Override
    public CompletableFuture<Void> increment(String name, long delta) {
        checkName(name);
        return check.then(() -> shardMap.layout(name)
                .thenCompose(l -> add(key(codec.encode(name, rotation.next(name, l.current()))), delta)));
    }

    /**
     * One ADD on one shard. As a transaction it carries one client request token for all its attempts (the context's
     * client adds it), so retries on any error are applied once; as an UpdateItem it is retried on throttling only.
     */
    private CompletableFuture<Void> add(Map<String, AttributeValue> key, long delta) {
        Update add = Update.builder()
                .tableName(tableName)
                .key(key)
                .updateExpression("ADD #v :d")
                .expressionAttributeNames(Map.of("#v", valueAttribute))
                .expressionAttributeValues(Map.of(":d", AttributeValue.fromN(Long.toString(delta))))
                .build();
        if (exactlyOnce) {
            return client.transactWriteItems(b -> b.transactItems(item -> item.update(add)))
                    .thenApply(r -> null);
        }
        return client.updateItem(b -> b.tableName(add.tableName())
                        .key(add.key())
                        .updateExpression(add.updateExpression())
                        .expressionAttributeNames(add.expressionAttributeNames())
                        .expressionAttributeValues(add.expressionAttributeValues()))
                .thenApply(r -> null);
    }

    @Override
    public CompletableFuture<Long> get(String name) {
        checkName(name);
        return check.then(() -> shardMap.layout(name)
                .thenCompose(l -> {
                    List<WriteKey> keys = new ArrayList<>();
                    for (String physical : codec.allPhysicalKeys(name, l.readWidth())) {
                        keys.add(new WriteKey(tableName, key(physical)));
                    }
                    return reader.read(keys);
                })
                .thenApply(this::sumOf));
    }

    /** The name, checked now: not empty, and its longest physical key fits a partition key. */
    private void checkName(String name) {
        Checks.notEmpty("name", name);
        KeyValidator.checkPartitionKey(
                partitionKey, AttributeValue.fromS(codec.encode(name, ShardKeyCodec.MAX_SHARDS - 1)));
    }

    private long sumOf(BatchGetResult result) {
        if (!result.failures().isEmpty()) {
            throw new CompletionException(result.failures().values().iterator().next());
        }
        long total = 0;
        for (Map<String, AttributeValue> item : result.foundItems()) {
            AttributeValue value = item.get(valueAttribute);
            if (value != null && value.n() != null) {
                total += Long.parseLong(value.n());
            }
        }
        return total;
    }

    private Map<String, AttributeValue> key(String physical) {
        Map<String, AttributeValue> key = new HashMap<>(2);
        key.put(partitionKey, AttributeValue.fromS(physical));
        if (sortKey != null && sortValue != null) {
            key.put(sortKey, sortValue);
        }
        return key;
    }

    @Override
    public String toString() {
        return "ShardedCounter[" + tableName + ", " + shardMap + "]";
    }
}
