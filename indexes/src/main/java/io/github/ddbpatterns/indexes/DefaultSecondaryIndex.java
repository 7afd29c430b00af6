package io.github.ddbpatterns.indexes;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.fanout.FanOut;
import io.github.ddbpatterns.core.fanout.FanOutQuery;
import io.github.ddbpatterns.core.fanout.QuerySource;
import io.github.ddbpatterns.core.internal.CheckedTableRepository;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.internal.DeferredPublisher;
import io.github.ddbpatterns.core.keys.KeyValidator;
import io.github.ddbpatterns.core.table.TableLayout;
import io.github.ddbpatterns.sharding.ShardQuery;
import io.github.ddbpatterns.sharding.SortKeyOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncIndex;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The {@link SecondaryIndex} over one index of one table. */
final class DefaultSecondaryIndex<T> extends CheckedTableRepository implements SecondaryIndex<T> {

    private static final String COMPONENT = "SecondaryIndex";

    private final String tableName;
    private final String indexName;
    private final boolean global;
    private final DynamoDbAsyncIndex<T> index;
    private final IndexShards shards;
    private final FanOut fanOut;
    private final String indexPartitionKey;
    private final @Nullable Comparator<T> sortOrder;

    DefaultSecondaryIndex(
            SecondaryIndex.Builder<T> b,
            PatternsContext context,
            TableLayout layout,
            String indexName,
            boolean global,
            FanOut fanOut) {
        super(context, layout, COMPONENT);
        TableSchema<T> schema = b.schema;
        this.tableName = layout.tableName();
        this.indexName = indexName;
        this.global = global;
        this.index = context.enhancedClient().table(tableName, schema).index(indexName);
        this.shards = b.shards;
        this.fanOut = fanOut;
        this.indexPartitionKey = schema.tableMetadata().indexPartitionKey(indexName);
        this.sortOrder = schema.tableMetadata()
                .indexSortKey(indexName)
                .map(sortKey -> SortKeyOrder.of(schema, sortKey))
                .orElse(null);
    }

    @Override
    public String indexName() {
        return indexName;
    }

    @Override
    public boolean isGlobal() {
        return global;
    }

    @Override
    public List<String> readKeys(String key) {
        return shards.readKeys(checkKey(key));
    }

    @Override
    public CompletableFuture<Page<T>> query(String key, ShardQuery query) {
        String checkedKey = checkKey(key);
        ShardQuery checkedQuery = checkQuery(query);
        CompletableFuture<List<String>> physicalKeys = shards.readKeysAsync(checkedKey);
        if (physicalKeys.isDone() && !physicalKeys.isCompletedExceptionally()) {
            FanOutQuery<T> fanOutQuery = fanOutQuery(checkedKey, checkedQuery, physicalKeys.join(), true);
            fanOut.checkCursor(fanOutQuery); // a bad cursor fails at the call, before any request
            return check.then(() -> fanOut.query(fanOutQuery));
        }
        // an adaptive layout not cached: known after one GetItem, and the cursor checked then
        return physicalKeys.thenCompose(keys -> {
            FanOutQuery<T> fanOutQuery = fanOutQuery(checkedKey, checkedQuery, keys, true);
            fanOut.checkCursor(fanOutQuery);
            return check.then(() -> fanOut.query(fanOutQuery));
        });
    }

    @Override
    public SdkPublisher<T> stream(String key, ShardQuery query) {
        String checkedKey = checkKey(key);
        ShardQuery checkedQuery = checkQuery(query);
        CompletableFuture<List<String>> physicalKeys = shards.readKeysAsync(checkedKey);
        if (physicalKeys.isDone() && !physicalKeys.isCompletedExceptionally()) {
            FanOutQuery<T> fanOutQuery = fanOutQuery(checkedKey, checkedQuery, physicalKeys.join(), false);
            fanOut.checkCursor(fanOutQuery);
            return subscriber -> DeferredPublisher.after(
                            check.then(() -> CompletableFuture.completedFuture(fanOutQuery)), fanOut::stream)
                    .subscribe(subscriber);
        }
        return subscriber -> DeferredPublisher.after(
                        check.then(() -> physicalKeys.thenApply(keys -> {
                            FanOutQuery<T> fanOutQuery = fanOutQuery(checkedKey, checkedQuery, keys, false);
                            fanOut.checkCursor(fanOutQuery);
                            return fanOutQuery;
                        })),
                        fanOut::stream)
                .subscribe(subscriber);
    }

    @Override
    public String toString() {
        return COMPONENT + "[" + tableName + "/" + indexName + (global ? " (GSI)" : " (LSI)") + ", " + shards + "]";
    }

    private String checkKey(String key) {
        Checks.notEmpty("key", key);
        KeyValidator.checkKeyAttribute(indexPartitionKey, AttributeValue.fromS(key));
        return key;
    }

    private ShardQuery checkQuery(ShardQuery query) {
        Checks.notNull("query", query);
        if (global && query.consistentRead()) {
            throw InvalidInputException.of(
                    "query.consistentRead",
                    true,
                    "be false on the global secondary index " + indexName
                            + " (GSIs are eventually consistent; DynamoDB refuses consistent reads on them)");
        }
        return query;
    }

    private FanOutQuery<T> fanOutQuery(String key, ShardQuery query, List<String> physicalKeys, boolean limited) {
        List<QuerySource<T>> sources = new ArrayList<>(physicalKeys.size());
        for (String physicalKey : physicalKeys) {
            sources.add(QuerySource.of(index, query.requestFor(physicalKey)));
        }
        FanOutQuery.Builder<T> builder = FanOutQuery.<T>builder()
                .scope("index|" + tableName + "|" + indexName + "|" + key)
                .sources(sources)
                .order(query.mergeOrder(sortOrder))
                .cursor(query.cursor().orElse(null));
        if (limited) {
            builder.limit(query.limit());
        }
        return builder.build();
    }
}
