package io.github.ddbpatterns.core.fanout;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A {@link PagedSource} over one Enhanced async Query (of a table or of a secondary index): each fetch sends one
 * Query with the template's condition, filter, direction, consistency and projection, plus the fetch's
 * {@code Limit} and {@code ExclusiveStartKey}, and takes exactly one page from the SDK's publisher.
 *
 * <pre>{@code
 * QuerySource<Event> shard7 = QuerySource.of(eventsTable, QueryEnhancedRequest.builder()
 *         .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue("user-42#7")))
 *         .scanIndexForward(false)
 *         .build());
 * }</pre>
 *
 * <p>Item keys (for cursors) are read with {@code TableSchema.itemToMap(item, keyAttributes)}: the table's
 * primary key, plus the index key for an index query. A projection must therefore keep those attributes.
 *
 * @param <T> the item type
 */
public final class QuerySource<T> implements PagedSource<T> {

    private final Function<QueryEnhancedRequest, SdkPublisher<Page<T>>> query;
    private final QueryEnhancedRequest template;
    private final TableSchema<T> schema;
    private final List<String> keyAttributes;
    private final String fingerprint;

    private QuerySource(
            Function<QueryEnhancedRequest, SdkPublisher<Page<T>>> query,
            QueryEnhancedRequest template,
            TableSchema<T> schema,
            String tableName,
            @Nullable String indexName) {
        Checks.notNull("request.queryConditional", template.queryConditional());
        this.query = query;
        this.template = template;
        this.schema = schema;
        TableMetadata metadata = schema.tableMetadata();
        Collection<String> keys = new LinkedHashSet<>(metadata.primaryKeys());
        if (indexName != null) {
            keys.addAll(metadata.indexKeys(indexName));
        }
        this.keyAttributes = List.copyOf(keys);
        this.fingerprint = fingerprint(template, schema, tableName, indexName);
    }

    /**
     * Pages of {@code table.query(request)}; the request's {@code limit} and {@code exclusiveStartKey} are
     * replaced by each fetch's.
     *
     * @throws InvalidInputException if an argument is null or the request has no query conditional
     */
    public static <T> QuerySource<T> of(DynamoDbAsyncTable<T> table, QueryEnhancedRequest request) {
        Checks.notNull("table", table);
        Checks.notNull("request", request);
        return new QuerySource<>(table::query, request, table.tableSchema(), table.tableName(), null);
    }

    /**
     * Pages of {@code index.query(request)}; the request's {@code limit} and {@code exclusiveStartKey} are
     * replaced by each fetch's.
     *
     * @throws InvalidInputException if an argument is null or the request has no query conditional
     */
    public static <T> QuerySource<T> of(DynamoDbAsyncIndex<T> index, QueryEnhancedRequest request) {
        Checks.notNull("index", index);
        Checks.notNull("request", request);
        return new QuerySource<>(index::query, request, index.tableSchema(), index.tableName(), index.indexName());
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    /** The attributes forming an item's position: table key, plus index key for an index query. */
    public List<String> keyAttributes() {
        return keyAttributes;
    }

    @Override
    public CompletableFuture<SourcePage<T>> fetch(@Nullable Map<String, AttributeValue> exclusiveStartKey, int limit) {
        Checks.positive("limit", limit);
        QueryEnhancedRequest request = template.toBuilder()
                .exclusiveStartKey(exclusiveStartKey)
                .limit(limit)
                .build();
        FirstPage<T> first = new FirstPage<>();
        query.apply(request).subscribe(first);
        return first.result;
    }

    @Override
    public Map<String, AttributeValue> keyOf(T item) {
        Map<String, AttributeValue> key = schema.itemToMap(item, keyAttributes);
        if (key.size() != keyAttributes.size()) {
            throw new IllegalStateException("item lacks key attributes " + keyAttributes + " (has " + key.keySet()
                    + "): a projection must keep the table and index keys");
        }
        return key;
    }

    @Override
    public String toString() {
        return "QuerySource[" + fingerprint + "]";
    }

    private static String fingerprint(
            QueryEnhancedRequest request, TableSchema<?> schema, String tableName, @Nullable String indexName) {
        String index = indexName == null ? TableMetadata.primaryIndexName() : indexName;
        StringBuilder sb = new StringBuilder("query|table=")
                .append(tableName)
                .append("|index=")
                .append(index);
        append(sb, "key", request.queryConditional().expression(schema, index));
        append(sb, "filter", request.filterExpression());
        sb.append("|forward=").append(request.scanIndexForward() == null || request.scanIndexForward());
        sb.append("|consistent=").append(Boolean.TRUE.equals(request.consistentRead()));
        if (request.attributesToProject() != null) {
            sb.append("|project=").append(request.attributesToProject());
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String label, @Nullable Expression expression) {
        if (expression == null) {
            return;
        }
        sb.append('|').append(label).append('=').append(expression.expression());
        if (expression.expressionNames() != null) {
            sb.append("|names=").append(new TreeMap<>(expression.expressionNames()));
        }
        if (expression.expressionValues() != null) {
            List<String> values = new ArrayList<>();
            new TreeMap<>(expression.expressionValues()).forEach((k, v) -> values.add(k + "=" + v));
            sb.append("|values=").append(values);
        }
    }

    /** Takes the first page of a page publisher, then cancels it so that no further request is made. */
    private static final class FirstPage<T> implements Subscriber<Page<T>> {
        final CompletableFuture<SourcePage<T>> result = new CompletableFuture<>();
        private @Nullable Subscription subscription;

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(Page<T> page) {
            subscription.cancel();
            result.complete(new SourcePage<>(page.items(), page.lastEvaluatedKey()));
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(new SourcePage<>(List.of(), null));
        }
    }
}
