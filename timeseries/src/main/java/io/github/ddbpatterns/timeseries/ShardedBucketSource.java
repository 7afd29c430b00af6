package io.github.ddbpatterns.timeseries;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.fanout.FanOut;
import io.github.ddbpatterns.core.fanout.FanOutQuery;
import io.github.ddbpatterns.core.fanout.MergeOrder;
import io.github.ddbpatterns.core.fanout.PagedSource;
import io.github.ddbpatterns.core.fanout.QuerySource;
import io.github.ddbpatterns.core.fanout.SourcePage;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One time bucket written over several shards, read as one source: each page is a k-way merge (core's
 * {@link FanOut} with {@link MergeOrder#ascending}/{@link MergeOrder#descending} by sort key) of the bucket's
 * shards, all resumed after the last sort key returned. Sort keys are unique across the shards of a bucket
 * (the shard is derived from the tie-breaker), so "after this sort key" is a complete position, stored as
 * {@code {pk: <entity>#<bucket>, sk: <last sort key>}}.
 */
final class ShardedBucketSource<T> implements PagedSource<T> {

    private final FanOut fanOut;
    private final List<QuerySource<T>> shards;
    private final List<String> shardKeys;
    private final String bucketKey;
    private final String partitionAttribute;
    private final String sortAttribute;
    private final MergeOrder<T> order;
    private final SortKeyReader<T> sortKeys;
    private final String fingerprint;

    ShardedBucketSource(
            FanOut fanOut,
            List<QuerySource<T>> shards,
            List<String> shardKeys,
            String bucketKey,
            String partitionAttribute,
            SortKeyReader<T> sortKeys,
            boolean newestFirst) {
        this.fanOut = fanOut;
        this.shards = List.copyOf(shards);
        this.shardKeys = List.copyOf(shardKeys);
        this.bucketKey = bucketKey;
        this.partitionAttribute = partitionAttribute;
        this.sortAttribute = sortKeys.attribute();
        this.sortKeys = sortKeys;
        Comparator<T> bySortKey = Comparator.comparing(sortKeys::sortKey);
        this.order = newestFirst ? MergeOrder.descending(bySortKey) : MergeOrder.ascending(bySortKey);
        StringBuilder sb = new StringBuilder("sharded-bucket|").append(shards.size());
        shards.forEach(s -> sb.append('|').append(s.fingerprint()));
        this.fingerprint = sb.toString();
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public CompletableFuture<SourcePage<T>> fetch(@Nullable Map<String, AttributeValue> exclusiveStartKey, int limit) {
        @Nullable AttributeValue after = exclusiveStartKey == null ? null : exclusiveStartKey.get(sortAttribute);
        List<PagedSource<T>> resumed = new java.util.ArrayList<>(shards.size());
        for (int i = 0; i < shards.size(); i++) {
            resumed.add(
                    after == null
                            ? shards.get(i)
                            : new ResumedSource<>(
                                    shards.get(i),
                                    Map.of(
                                            partitionAttribute,
                                            AttributeValue.fromS(shardKeys.get(i)),
                                            sortAttribute,
                                            after)));
        }
        CompletableFuture<Page<T>> page = fanOut.query(FanOutQuery.<T>builder()
                .sources(resumed)
                .order(order)
                .limit(limit)
                .build());
        return page.thenApply(p -> {
            List<T> items = p.items();
            Map<String, AttributeValue> last =
                    !p.hasMore() || items.isEmpty() ? null : keyOf(items.get(items.size() - 1));
            return new SourcePage<>(items, last);
        });
    }

    @Override
    public Map<String, AttributeValue> keyOf(T item) {
        return Map.of(
                partitionAttribute,
                AttributeValue.fromS(bucketKey),
                sortAttribute,
                AttributeValue.fromS(sortKeys.sortKey(item)));
    }

    /** A shard whose reads start after a given key instead of at its beginning. */
    private static final class ResumedSource<T> implements PagedSource<T> {
        private final PagedSource<T> delegate;
        private final Map<String, AttributeValue> start;

        ResumedSource(PagedSource<T> delegate, Map<String, AttributeValue> start) {
            this.delegate = delegate;
            this.start = start;
        }

        @Override
        public String fingerprint() {
            return delegate.fingerprint();
        }

        @Override
        public CompletableFuture<SourcePage<T>> fetch(
                @Nullable Map<String, AttributeValue> exclusiveStartKey, int limit) {
            return delegate.fetch(exclusiveStartKey == null ? start : exclusiveStartKey, limit);
        }

        @Override
        public Map<String, AttributeValue> keyOf(T item) {
            return delegate.keyOf(item);
        }
    }
}
