package io.github.ddbpatterns.sharding;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.batch.BatchGetResult;
import io.github.ddbpatterns.core.batch.BatchReader;
import io.github.ddbpatterns.core.batch.WriteKey;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A counter that takes more increments per second than one partition allows: each increment is an atomic
 * {@code ADD} on one random shard ({@code <name>#shard-<n>}), a read is the sum of all shards (one
 * BatchGetItem per 100 shards). Reads stay complete across shard-count changes when the counts come from a
 * {@link ShardMap} that keeps their history.
 *
 * <pre>{@code
 * ShardedCounter views = ShardedCounter.builder().client(dynamoDbAsyncClient).tableName("counters")
 *         .partitionKey("pk").shards(20).build();
 * views.increment("page#home", 1);
 * long total = views.read("page#home").join();
 * }</pre>
 */
public final class ShardedCounter {

    /** Default name of the attribute holding a shard's count. */
    public static final String DEFAULT_VALUE_ATTRIBUTE = "count";

    private final DynamoDbAsyncClient client;
    private final String tableName;
    private final String partitionKey;
    private final @Nullable String sortKey;
    private final @Nullable AttributeValue sortValue;
    private final String valueAttribute;
    private final ShardMap shardMap;
    private final ShardKeyCodec codec;
    private final BatchReader reader;

    private ShardedCounter(Builder b) {
        this.client = b.client;
        this.tableName = b.tableName;
        this.partitionKey = b.partitionKey;
        this.sortKey = b.sortKey;
        this.sortValue = b.sortValue;
        this.valueAttribute = b.valueAttribute;
        this.shardMap = b.shardMap;
        this.codec = b.codec;
        this.reader = BatchReader.builder()
                .client(client)
                .consistentRead(b.consistentRead)
                .build();
    }

    /** A builder; client, table name, partition key and shards are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds {@code delta} (may be negative) to the counter {@code name} on one random shard.
     *
     * @throws InvalidInputException if {@code name} is null or empty
     */
    public CompletableFuture<Void> increment(String name, long delta) {
        Checks.notEmpty("name", name);
        return shardMap.layout(name)
                .thenCompose(layout -> client.updateItem(b -> b.tableName(tableName)
                        .key(key(codec.encode(name, codec.randomShard(layout.current()))))
                        .updateExpression("ADD #v :d")
                        .expressionAttributeNames(Map.of("#v", valueAttribute))
                        .expressionAttributeValues(Map.of(":d", AttributeValue.fromN(Long.toString(delta))))))
                .thenApply(r -> null);
    }

    /**
     * The counter's value: the sum of every shard (0 when never incremented).
     *
     * @throws InvalidInputException if {@code name} is null or empty
     */
    public CompletableFuture<Long> read(String name) {
        Checks.notEmpty("name", name);
        return shardMap.layout(name)
                .thenCompose(layout -> {
                    List<WriteKey> keys = new ArrayList<>();
                    for (String physical : codec.allPhysicalKeys(name, layout.readWidth())) {
                        keys.add(new WriteKey(tableName, key(physical)));
                    }
                    return reader.read(keys);
                })
                .thenApply(this::sumOf);
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

    /** Builder of {@link ShardedCounter}; every setter validates at once. */
    public static final class Builder {
        private @Nullable DynamoDbAsyncClient client;
        private @Nullable String tableName;
        private @Nullable String partitionKey;
        private @Nullable String sortKey;
        private @Nullable AttributeValue sortValue;
        private String valueAttribute = DEFAULT_VALUE_ATTRIBUTE;
        private @Nullable ShardMap shardMap;
        private ShardKeyCodec codec = ShardKeyCodec.ofDefaults();
        private boolean consistentRead;

        private Builder() {}

        /**
         * The low-level async client (required).
         *
         * @throws InvalidInputException if null
         */
        public Builder client(DynamoDbAsyncClient client) {
            this.client = Checks.notNull("client", client);
            return this;
        }

        /**
         * The table (required).
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder tableName(String tableName) {
            this.tableName = Checks.notEmpty("tableName", tableName);
            return this;
        }

        /**
         * The table's partition key attribute, of type string (required).
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder partitionKey(String partitionKey) {
            this.partitionKey = Checks.notEmpty("partitionKey", partitionKey);
            return this;
        }

        /**
         * For a table with a sort key: its attribute and the value counter items use.
         *
         * @throws InvalidInputException if an argument is null or the name empty
         */
        public Builder sortKey(String sortKey, AttributeValue value) {
            this.sortKey = Checks.notEmpty("sortKey", sortKey);
            this.sortValue = Checks.notNull("sortKeyValue", value);
            return this;
        }

        /**
         * The number attribute holding a shard's count ({@value #DEFAULT_VALUE_ATTRIBUTE} by default).
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder valueAttribute(String valueAttribute) {
            this.valueAttribute = Checks.notEmpty("valueAttribute", valueAttribute);
            return this;
        }

        /**
         * Shards of every counter.
         *
         * @throws InvalidInputException if outside {@code 1 .. ShardKeyCodec.MAX_SHARDS}
         */
        public Builder shards(int shards) {
            this.shardMap = ShardMap.fixed(shards, Map.of());
            return this;
        }

        /**
         * Shard counts per counter (e.g. a {@link TableShardMap}).
         *
         * @throws InvalidInputException if null
         */
        public Builder shardMap(ShardMap shardMap) {
            this.shardMap = Checks.notNull("shardMap", shardMap);
            return this;
        }

        /**
         * The physical key format.
         *
         * @throws InvalidInputException if null
         */
        public Builder codec(ShardKeyCodec codec) {
            this.codec = Checks.notNull("codec", codec);
            return this;
        }

        /** Strongly consistent reads (default false). */
        public Builder consistentRead(boolean consistentRead) {
            this.consistentRead = consistentRead;
            return this;
        }

        /**
         * The counter.
         *
         * @throws InvalidInputException if client, table name, partition key or shards are missing
         */
        public ShardedCounter build() {
            if (client == null) {
                throw InvalidInputException.of("client", null, "be set");
            }
            if (tableName == null) {
                throw InvalidInputException.of("tableName", null, "be set");
            }
            if (partitionKey == null) {
                throw InvalidInputException.of("partitionKey", null, "be set");
            }
            if (shardMap == null) {
                throw InvalidInputException.of("shards", null, "be set (or a shardMap)");
            }
            return new ShardedCounter(this);
        }
    }
}
