package io.github.ddbpatterns.indexes;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.SharedSettings;
import io.github.ddbpatterns.core.fanout.FanOut;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.table.IndexLayout;
import io.github.ddbpatterns.core.table.TableLayout;
import io.github.ddbpatterns.core.table.TableRepository;
import io.github.ddbpatterns.sharding.ShardQuery;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * Reads of one secondary index (global or local) through the paged-query contract every ddb-patterns repository
 * shares: a {@link ShardQuery} (sort-key condition, filter, order, exact limit, signed cursor) of one index key
 * value. When the index's partition key is spread over shards ({@link IndexShards}, written by {@link
 * DerivedAttribute#shardedKey}), a read queries every shard of the value in parallel through core's {@link FanOut}
 * and merges them in index sort-key order, so the limit stays exact: {@code top(item, 10)} over 8 shards is the
 * true top 10.
 *
 * <pre>{@code
 * SecondaryIndex<Order> highValue = SecondaryIndex.builder(context, Order.SCHEMA)
 *         .tableName("orders").indexName("byHighValue")
 *         .build();
 * Page<Order> biggest = highValue.query("customer-1", ShardQuery.all().newestFirst().limit(100)).join();
 * }</pre>
 *
 * <p>Global secondary indexes are eventually consistent: a read shortly after a write may miss it, and {@code
 * consistentRead(true)} is refused before any request (DynamoDB rejects it on a GSI). Local secondary indexes
 * allow it. The index is checked against the schema when the repository is built and against the table (one
 * DescribeTable) before its first read.
 *
 * <p><b>Projection.</b> A read maps the items through the schema from what the index holds. By default the index
 * read must project ALL, so the items are whole; the table check refuses an index that projects less, naming it and
 * its projection, rather than return items whose other attributes are silently missing. To read a {@code
 * KEYS_ONLY} or {@code INCLUDE} index, declare it with {@link Builder#projection}: the items then hold the table's
 * and the index's key attributes (and the included ones), every other attribute left as the schema's new item has
 * it (null in a bean) — read the table for the rest, e.g. to apply the exact condition to the candidates of a
 * banded index. The schema's other indexes are checked by their keys only (a schema carries no projection), and
 * {@link #createTable()} creates them with projection ALL, the index read with the projection declared.
 *
 * <pre>{@code
 * SecondaryIndex<Order> bands = SecondaryIndex.builder(context, Order.SCHEMA)
 *         .tableName("orders").indexName("byTotalBand")
 *         .projection(ProjectionType.KEYS_ONLY, List.of()) // items hold customerId, orderId and totalBand
 *         .build();
 * }</pre>
 *
 * @param <T> the item type
 */
public interface SecondaryIndex<T> extends TableRepository {

    /**
     * A builder for items described by {@code schema}, with the settings of {@code context}.
     *
     * @param context the shared settings
     * @param schema the item schema, with the index among its indexes
     * @param <T> the item type
     * @return the builder
     * @throws InvalidInputException if an argument is null
     */
    static <T> Builder<T> builder(PatternsContext context, TableSchema<T> schema) {
        return new Builder<>(Checks.notNull("context", context), Checks.notNull("schema", schema));
    }

    /**
     * The index's name.
     *
     * @return the name
     */
    String indexName();

    /**
     * Whether the index is global (eventually consistent, its own capacity) rather than local.
     *
     * @return true for a GSI
     */
    boolean isGlobal();

    /**
     * The partition key values a read of {@code key} queries (one, or the value and its shards). With
     * {@linkplain IndexShards#adaptive adaptive} shards, those of the layout cached now ({@link
     * IndexShards#readKeys(String)}); a read loads the layout first ({@link IndexShards#readKeysAsync}).
     *
     * @param key the index key value
     * @return the physical key values
     * @throws InvalidInputException if {@code key} is null or empty
     */
    List<String> readKeys(String key);

    /**
     * One page of the items whose index partition key is {@code key}, in index sort-key order.
     *
     * @param key the index partition key value (the logical one, for a sharded index)
     * @param query condition, order, limit and cursor
     * @return the page
     * @throws InvalidInputException if an argument is null, {@code key} is empty, or the query asks a GSI for a
     *     consistent read
     * @throws io.github.ddbpatterns.core.InvalidCursorException if the cursor is not one of this query's (with
     *     {@linkplain IndexShards#adaptive adaptive} shards whose layout of {@code key} is not cached yet, the
     *     future fails with it instead, once the layout is read; a cursor issued under another read width of
     *     {@code key} is not one of this query's)
     */
    CompletableFuture<Page<T>> query(String key, ShardQuery query);

    /**
     * Every item of {@code key} from the query's cursor on, with backpressure; the query's limit is ignored.
     *
     * @param key the index partition key value
     * @param query condition, order and cursor
     * @return the items
     * @throws InvalidInputException as {@link #query}
     */
    SdkPublisher<T> stream(String key, ShardQuery query);

    /**
     * The {@code n} items of {@code key} with the largest index sort key (the top {@code n} by score when the sort
     * key is a {@link DerivedAttribute#scoreKey score key}), largest first.
     *
     * @param key the index partition key value
     * @param n how many, 1 to {@value io.github.ddbpatterns.core.PagedQuery#MAX_LIMIT}
     * @return the items
     * @throws InvalidInputException if {@code key} is empty or {@code n} out of range
     */
    default CompletableFuture<List<T>> top(String key, int n) {
        return query(key, ShardQuery.all().newestFirst().limit(n)).thenApply(Page::items);
    }

    /**
     * Builds a {@link SecondaryIndex}.
     *
     * @param <T> the item type
     */
    final class Builder<T> extends SharedSettings<Builder<T>> {
        final TableSchema<T> schema;

        @Nullable
        String tableName;

        @Nullable
        String indexName;

        IndexShards shards = IndexShards.none();

        ProjectionType projection = ProjectionType.ALL;

        List<String> nonKeyAttributes = List.of();

        @Nullable
        FanOut fanOut;

        private Builder(PatternsContext base, TableSchema<T> schema) {
            super(base);
            this.schema = schema;
        }

        /**
         * The table name (required).
         *
         * @param tableName the name
         * @return this builder
         * @throws InvalidInputException if null or empty
         */
        public Builder<T> tableName(String tableName) {
            this.tableName = Checks.notEmpty("tableName", tableName);
            return this;
        }

        /**
         * The index read (required): one of the schema's indexes.
         *
         * @param indexName the index name
         * @return this builder
         * @throws InvalidInputException if null or empty
         */
        public Builder<T> indexName(String indexName) {
            this.indexName = Checks.notEmpty("indexName", indexName);
            return this;
        }

        /**
         * What the index read projects, at least (default ALL: whole items). The table check refuses an index that
         * projects less; the items a read returns hold only what is projected — with {@code KEYS_ONLY} the table's
         * and the index's key attributes, with {@code INCLUDE} also {@code nonKeyAttributes} — and every other
         * attribute as the schema's new item has it. {@link SecondaryIndex#createTable()} creates the index with
         * this projection.
         *
         * @param projection ALL, KEYS_ONLY or INCLUDE
         * @param nonKeyAttributes the non-key attributes of an INCLUDE projection (empty otherwise)
         * @return this builder
         * @throws InvalidInputException if an argument is null, an attribute is empty, or the attributes do not
         *     match the projection
         */
        public Builder<T> projection(ProjectionType projection, List<String> nonKeyAttributes) {
            Checks.notNull("projection", projection);
            Checks.notNull("nonKeyAttributes", nonKeyAttributes);
            if (projection == ProjectionType.UNKNOWN_TO_SDK_VERSION) {
                throw InvalidInputException.of("projection", projection, "be ALL, KEYS_ONLY or INCLUDE");
            }
            nonKeyAttributes.forEach(attribute -> Checks.notEmpty("nonKeyAttributes[]", attribute));
            if ((projection == ProjectionType.INCLUDE) == nonKeyAttributes.isEmpty()) {
                throw InvalidInputException.of(
                        "nonKeyAttributes", nonKeyAttributes, "be given exactly when the projection is INCLUDE");
            }
            this.projection = projection;
            this.nonKeyAttributes = List.copyOf(nonKeyAttributes);
            return this;
        }

        /**
         * How the index's partition key values are spread over shards (default {@link IndexShards#none()}): the
         * same policy the {@link DerivedAttribute#shardedKey} writing them uses (for an {@linkplain
         * IndexShards#adaptive adaptive} one, the same instance or one on the same shard map).
         *
         * @param shards the policy
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder<T> shards(IndexShards shards) {
            this.shards = Checks.notNull("shards", shards);
            return this;
        }

        /**
         * The fan-out reads go through (default: one from the shared settings, 50 queries at a time).
         *
         * @param fanOut the fan-out
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder<T> fanOut(FanOut fanOut) {
            this.fanOut = Checks.notNull("fanOut", fanOut);
            return this;
        }

        /**
         * Builds the repository.
         *
         * @return the index reader
         * @throws InvalidInputException if the table or index name is missing, or the schema has no such index
         */
        public SecondaryIndex<T> build() {
            if (tableName == null) {
                throw InvalidInputException.of("tableName", null, "be set");
            }
            if (indexName == null) {
                throw InvalidInputException.of("indexName", null, "be set");
            }
            TableLayout.Builder tableLayout = TableLayout.from(tableName, schema);
            TableLayout layout = tableLayout.build();
            String name = indexName;
            boolean global = layout.globalSecondaryIndexes().stream()
                    .anyMatch(i -> i.name().equals(name));
            boolean local = layout.localSecondaryIndexes().stream()
                    .anyMatch(i -> i.name().equals(name));
            if (!global && !local) {
                throw InvalidInputException.of(
                        "indexName",
                        name,
                        "name an index of the schema (it has "
                                + Stream.concat(
                                                layout.globalSecondaryIndexes().stream(),
                                                layout.localSecondaryIndexes().stream())
                                        .map(IndexLayout::name)
                                        .toList()
                                + ")");
            }
            // the schema's indexes have no projection; the one read must project what its items are mapped from
            layout = tableLayout
                    .indexProjection(name, projection, nonKeyAttributes)
                    .build();
            PatternsContext context = context();
            FanOut reads = fanOut;
            if (reads == null) {
                reads = context.fanOut()
                        .name(tableName + "/" + name)
                        .concurrency(50)
                        .build();
            }
            return new DefaultSecondaryIndex<>(this, context, layout, name, global, reads);
        }
    }
}
