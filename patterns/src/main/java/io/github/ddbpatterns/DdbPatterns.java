package io.github.ddbpatterns;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.SharedSettings;
import io.github.ddbpatterns.core.batch.BatchReader;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.core.fanout.CursorCodec;
import io.github.ddbpatterns.core.fanout.FanOut;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.indexes.SecondaryIndex;
import io.github.ddbpatterns.sessions.PreferenceStore;
import io.github.ddbpatterns.sessions.SessionStore;
import io.github.ddbpatterns.sharding.ShardedCounter;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.sharding.TableShardMap;
import io.github.ddbpatterns.timeseries.TimeSeriesTable;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * The one object an application builds to use ddb-patterns: it holds what every pattern shares — the DynamoDB
 * client, the {@link ResiliencePolicy} applied to every request, the meter registry, the {@link CursorCodec} that
 * signs page cursors, the clock, an optional executor — and creates every pattern from it. Immutable and
 * thread-safe; build it once (the Spring Boot starter exposes it as one bean).
 *
 * <pre>{@code
 * DdbPatterns ddb = DdbPatterns.builder()
 *         .dynamoDbClient(DynamoDbAsyncClient.create())
 *         .resilience(ResiliencePolicy.ofDefaults())            // every request, exactly once
 *         .cursorCodec(CursorCodec.withKey(secret))              // the same key on every instance
 *         .meterRegistry(registry)
 *         .build();
 *
 * ShardedTable<Event> events = ddb.shardedTable(EVENT_SCHEMA).tableName("events")
 *         .logicalKey(Event::getUserId).shards(100).build();
 * SessionStore sessions = ddb.sessions().tableName("sessions").build();
 * }</pre>
 *
 * <p>Every builder it returns starts with these shared settings; setting one on the builder ({@code resilience},
 * {@code meterRegistry}, {@code clock}, ...) overrides it for that pattern only. No pattern creates a client or a
 * policy of its own: every request goes through {@link #dynamoDbClient()}, the given client decorated with the
 * policy, with one SDK attempt per policy attempt (see {@link ResiliencePolicy#decorate}).
 */
public final class DdbPatterns {

    private final PatternsContext context;

    private DdbPatterns(PatternsContext context) {
        this.context = context;
    }

    /**
     * A builder; {@code dynamoDbClient} is required, every other setting has a default (see {@link SharedSettings}).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder(null);
    }

    /**
     * The entry point over an existing context.
     *
     * @param context the shared settings
     * @return the entry point
     * @throws InvalidInputException if {@code context} is null
     */
    public static DdbPatterns of(PatternsContext context) {
        return new DdbPatterns(Checks.notNull("context", context));
    }

    /**
     * A builder holding these settings (the same client, policy and registry instances), to derive a variant.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder(context);
    }

    /**
     * The shared settings every pattern is created with.
     *
     * @return the context
     */
    public PatternsContext context() {
        return context;
    }

    /**
     * The client every pattern sends its requests through: the given client with every request run through the
     * policy. Use it for your own calls to get the same retries.
     *
     * @return the decorated client
     */
    public DynamoDbAsyncClient dynamoDbClient() {
        return context.dynamoDbClient();
    }

    /**
     * An Enhanced async client over {@link #dynamoDbClient()}.
     *
     * @return the Enhanced client
     */
    public DynamoDbEnhancedAsyncClient enhancedClient() {
        return context.enhancedClient();
    }

    /**
     * A write-sharded table of items described by {@code schema}: a hot logical key spread over
     * {@code <key>#shard-<n>} partitions, read back by a parallel, merged, exactly limited fan-out.
     *
     * @param schema the item schema; its partition key (a String) holds the physical key
     * @param <T> the item type
     * @return the builder (table name, logical key and shards are required; {@code build()} refuses a schema whose
     *     partition key is not a String)
     * @throws InvalidInputException if {@code schema} is null
     */
    public <T> ShardedTable.Builder<T> shardedTable(TableSchema<T> schema) {
        return ShardedTable.builder(context, schema);
    }

    /**
     * A counter spread over shards, for more increments per second than one partition takes.
     *
     * @return the builder (table name, partition key and shards are required)
     */
    public ShardedCounter.Builder shardedCounter() {
        return ShardedCounter.builder(context);
    }

    /**
     * Per-key shard counts stored in the table, so every instance agrees when a hot key is resharded.
     *
     * @return the builder (table name and partition key are required)
     */
    public TableShardMap.Builder shardMap() {
        return TableShardMap.builder(context);
    }

    /**
     * Paged reads of one secondary index (GSI or LSI) of a table of items described by {@code schema}, through the
     * same query contract as the other repositories; a hot index key can be spread over shards read in parallel.
     *
     * @param schema the item schema, with the index among its indexes
     * @param <T> the item type
     * @return the builder (table name and index name are required)
     * @throws InvalidInputException if {@code schema} is null
     */
    public <T> SecondaryIndex.Builder<T> secondaryIndex(TableSchema<T> schema) {
        return SecondaryIndex.builder(context, schema);
    }

    /**
     * A time series stored as {@code <entity>#<bucket>} partitions and read as one ordered stream.
     *
     * @param schema the item schema; a String partition key and a String sort key, filled by the table
     * @param <T> the item type
     * @return the builder (table name, entity id and timestamp are required)
     * @throws InvalidInputException if {@code schema} is null or its keys are not two String attributes
     */
    public <T> TimeSeriesTable.Builder<T> timeSeries(TableSchema<T> schema) {
        return TimeSeriesTable.builder(context, schema);
    }

    /**
     * A session store that never returns an expired session.
     *
     * @return the builder (table name is required)
     */
    public SessionStore.Builder sessions() {
        return SessionStore.builder(context);
    }

    /**
     * A write-behind store for small, frequently updated items, with bounded staleness.
     *
     * @param schema the item schema
     * @param <T> the item type
     * @return the builder (table name is required)
     * @throws InvalidInputException if {@code schema} is null
     */
    public <T> PreferenceStore.Builder<T> preferences(TableSchema<T> schema) {
        return PreferenceStore.builder(context, schema);
    }

    /**
     * A BatchWriteItem writer that never drops {@code UnprocessedItems}.
     *
     * @return the builder
     */
    public BatchWriter.Builder batchWriter() {
        return context.batchWriter();
    }

    /**
     * A BatchGetItem reader that resends {@code UnprocessedKeys}.
     *
     * @return the builder
     */
    public BatchReader.Builder batchReader() {
        return context.batchReader();
    }

    /**
     * A write-coalescing buffer in front of a {@link BatchWriter} of these settings.
     *
     * @return the builder
     */
    public WriteBuffer.Builder writeBuffer() {
        return context.writeBuffer();
    }

    /**
     * A parallel fan-out with ordered merge and signed cursors, for your own sources.
     *
     * @return the builder
     */
    public FanOut.Builder fanOut() {
        return context.fanOut();
    }

    @Override
    public String toString() {
        return "DdbPatterns[" + context + "]";
    }

    /** Builder of {@link DdbPatterns}: the shared settings, each checked at once. */
    public static final class Builder extends SharedSettings<Builder> {

        private Builder(@Nullable PatternsContext base) {
            super(base);
        }

        /**
         * The entry point.
         *
         * @return the entry point
         * @throws InvalidInputException if no {@code dynamoDbClient} was given
         */
        public DdbPatterns build() {
            return new DdbPatterns(context());
        }
    }
}
