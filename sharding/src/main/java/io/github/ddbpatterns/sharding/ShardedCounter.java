package io.github.ddbpatterns.sharding;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.SharedSettings;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.KeyValidator;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import io.github.ddbpatterns.core.table.KeyAttribute;
import io.github.ddbpatterns.core.table.TableLayout;
import io.github.ddbpatterns.core.table.TableLayoutException;
import io.github.ddbpatterns.core.table.TableRepository;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A counter that takes more increments per second than one partition allows: each increment is an atomic
 * {@code ADD} on one shard ({@code <name>#shard-<n>}; each instance takes a counter's shards in turn, so each
 * gets an equal share), a read is the sum of all shards (one
 * BatchGetItem per 100 shards). Reads stay complete across shard-count changes when the counts come from a
 * {@link ShardMap} that keeps their history.
 *
 * <pre>{@code
 * PatternsContext context = PatternsContext.builder().dynamoDbClient(DynamoDbAsyncClient.create()).build();
 * ShardedCounter views = ShardedCounter.builder(context)
 *         .tableName("counters")
 *         .partitionKey("pk")
 *         .shards(20)
 *         .build();
 * views.increment("page#home", 1).join();
 * long total = views.get("page#home").join();
 * }</pre>
 *
 * <p>Every request goes through the context's client (increments are retried by the context's policy, each
 * one at most {@code maxAttempts} requests), and the table is checked once before the first request: a missing
 * table or one with another key schema fails with {@link TableLayoutException} before any data request.
 */
public interface ShardedCounter extends TableRepository {

    /** Default name of the attribute holding a shard's count. */
    String DEFAULT_VALUE_ATTRIBUTE = "count";

    /**
     * A standalone builder; {@code dynamoDbClient}, table name, partition key and shards are required.
     *
     * @return the builder
     */
    static Builder builder() {
        return new Builder(null);
    }

    /**
     * A builder with the client, policy and registry of {@code context}; table name, partition key and shards
     * are required.
     *
     * @param context the shared settings
     * @return the builder
     * @throws InvalidInputException if {@code context} is null
     */
    static Builder builder(PatternsContext context) {
        return new Builder(Checks.notNull("context", context));
    }

    /**
     * The table this counter needs: the partition key (a string) and, when configured, the sort key, named as
     * configured.
     *
     * @return the layout
     */
    @Override
    TableLayout tableLayout();

    /**
     * Adds {@code delta} (may be negative) to the counter {@code name} on its next shard (in turn): one UpdateItem, or
     * with {@link Builder#exactlyOnce} one idempotent TransactWriteItems. An increment that completes is counted
     * exactly once; one that fails is counted at most once, or with {@code exactlyOnce} not at all.
     *
     * @param name the counter
     * @param delta what to add
     * @return completes when the shard is updated
     * @throws InvalidInputException if {@code name} is null, empty or too long for a partition key
     */
    CompletableFuture<Void> increment(String name, long delta);

    /**
     * The counter's value: the sum of every shard (0 when never incremented).
     *
     * @param name the counter
     * @return the value
     * @throws InvalidInputException if {@code name} is null, empty or too long for a partition key
     */
    CompletableFuture<Long> get(String name);

    /**
     * A blocking view of this counter.
     *
     * @return the blocking twin
     */
    default SyncShardedCounter sync() {
        return new SyncShardedCounter(this);
    }

    /**
     * Builder of {@link ShardedCounter}; every setter validates at once. The shared settings
     * ({@code dynamoDbClient}, {@code resilience}, {@code meterRegistry}, {@code checkTables}...) come from
     * {@link SharedSettings}.
     */
    final class Builder extends SharedSettings<Builder> {
        @Nullable
        String tableName;

        @Nullable
        String partitionKey;

        @Nullable
        String sortKey;

        @Nullable
        AttributeValue sortValue;

        String valueAttribute = DEFAULT_VALUE_ATTRIBUTE;

        @Nullable
        ShardMap shardMap;

        ShardKeyCodec codec = ShardKeyCodec.ofDefaults();
        boolean consistentRead;
        boolean exactlyOnce;

        private Builder(@Nullable PatternsContext base) {
            super(base);
        }

        /**
         * The table (required).
         *
         * @param tableName the name
         * @return this builder
         * @throws InvalidInputException if null or empty
         */
        public Builder tableName(String tableName) {
            this.tableName = Checks.notEmpty("tableName", tableName);
            return this;
        }

        /**
         * The table's partition key attribute, of type string (required).
         *
         * @param partitionKey the attribute name
         * @return this builder
         * @throws InvalidInputException if null or empty
         */
        public Builder partitionKey(String partitionKey) {
            this.partitionKey = Checks.notEmpty("partitionKey", partitionKey);
            return this;
        }

        /**
         * For a table with a sort key: its attribute and the value counter items use (its type, S, N or B, is the
         * sort key's type in {@link ShardedCounter#tableLayout()}).
         *
         * @param sortKey the attribute name
         * @param value the value of every counter item
         * @return this builder
         * @throws InvalidInputException if an argument is null, the name empty, or the value not a non-empty S, N
         *     or B
         */
        public Builder sortKey(String sortKey, AttributeValue value) {
            Checks.notEmpty("sortKey", sortKey);
            Checks.notNull("sortKeyValue", value);
            KeyValidator.checkSortKey(sortKey, value);
            this.sortKey = sortKey;
            this.sortValue = value;
            return this;
        }

        /**
         * The number attribute holding a shard's count ({@value ShardedCounter#DEFAULT_VALUE_ATTRIBUTE} by default).
         *
         * @param valueAttribute the attribute name
         * @return this builder
         * @throws InvalidInputException if null or empty
         */
        public Builder valueAttribute(String valueAttribute) {
            this.valueAttribute = Checks.notEmpty("valueAttribute", valueAttribute);
            return this;
        }

        /**
         * Shards of every counter.
         *
         * @param shards the count
         * @return this builder
         * @throws InvalidInputException if outside {@code 1 .. ShardKeyCodec.MAX_SHARDS}
         */
        public Builder shards(int shards) {
            this.shardMap = ShardMap.fixed(shards, Map.of());
            return this;
        }

        /**
         * Shard counts per counter (e.g. a {@link TableShardMap}).
         *
         * @param shardMap the map
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder shardMap(ShardMap shardMap) {
            this.shardMap = Checks.notNull("shardMap", shardMap);
            return this;
        }

        /**
         * The physical key format.
         *
         * @param codec the codec
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder codec(ShardKeyCodec codec) {
            this.codec = Checks.notNull("codec", codec);
            return this;
        }

        /**
         * Strongly consistent reads (default false).
         *
         * @param consistentRead whether {@link ShardedCounter#get} reads consistently
         * @return this builder
         */
        public Builder consistentRead(boolean consistentRead) {
            this.consistentRead = consistentRead;
            return this;
        }

        /**
         * Counts every increment exactly once, whatever fails on the way (default: false). An increment is then
         * sent as a one-item {@code TransactWriteItems} whose client request token is the same on every attempt,
         * so DynamoDB applies it once however often it is retried (within its 10-minute idempotency window), and
         * the policy retries it on every retryable error — a lost response, a reset, a corrupted checksum — not
         * only on throttling. It costs 2 write units per increment instead of 1.
         *
         * <p>By default an increment is one {@code UpdateItem ADD}, retried only when DynamoDB did not apply it
         * (throttling): an increment that completes is counted exactly once, and one that fails was counted at
         * most once (its request may have been applied before the response was lost).
         *
         * @param exactlyOnce whether increments are idempotent transactions
         * @return this builder
         */
        public Builder exactlyOnce(boolean exactlyOnce) {
            this.exactlyOnce = exactlyOnce;
            return this;
        }

        /**
         * The counter.
         *
         * @return the counter
         * @throws InvalidInputException if the client (standalone builder), table name, partition key or shards
         *     are missing, or the table name is not a valid DynamoDB name
         */
        public ShardedCounter build() {
            if (tableName == null) {
                throw InvalidInputException.of("tableName", null, "be set");
            }
            if (partitionKey == null) {
                throw InvalidInputException.of("partitionKey", null, "be set");
            }
            if (shardMap == null) {
                throw InvalidInputException.of("shards", null, "be set (or a shardMap)");
            }
            TableLayout.Builder layout = TableLayout.builder(tableName).partitionKey(KeyAttribute.string(partitionKey));
            if (sortKey != null && sortValue != null) {
                layout.sortKey(new KeyAttribute(sortKey, typeOf(sortValue)));
            }
            return new DefaultShardedCounter(this, context(), layout.build(), shardMap);
        }

        private static ScalarAttributeType typeOf(AttributeValue value) {
            return switch (value.type()) {
                case N -> ScalarAttributeType.N;
                case B -> ScalarAttributeType.B;
                default -> ScalarAttributeType.S;
            };
        }
    }
}
