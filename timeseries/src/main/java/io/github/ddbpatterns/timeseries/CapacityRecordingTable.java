package io.github.ddbpatterns.timeseries;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClientExtension;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.PagePublisher;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;

/**
 * A table view whose queries report each page's scanned count and consumed capacity to the metrics; it lets
 * core's {@code QuerySource} be reused unchanged. Only what {@code QuerySource} calls is supported.
 */
final class CapacityRecordingTable<T> implements DynamoDbAsyncTable<T> {

    private final DynamoDbAsyncTable<T> delegate;
    private final TimeSeriesMetrics metrics;

    CapacityRecordingTable(DynamoDbAsyncTable<T> delegate, TimeSeriesMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public PagePublisher<T> query(QueryEnhancedRequest request) {
        return PagePublisher.create(delegate.query(request).map(page -> {
            metrics.page(
                    page.scannedCount() == null ? page.items().size() : page.scannedCount(), page.consumedCapacity());
            return page;
        }));
    }

    @Override
    public DynamoDbAsyncIndex<T> index(String indexName) {
        return delegate.index(indexName);
    }

    @Override
    public DynamoDbEnhancedClientExtension mapperExtension() {
        return delegate.mapperExtension();
    }

    @Override
    public TableSchema<T> tableSchema() {
        return delegate.tableSchema();
    }

    @Override
    public String tableName() {
        return delegate.tableName();
    }

    @Override
    public Key keyFrom(T item) {
        return delegate.keyFrom(item);
    }
}
