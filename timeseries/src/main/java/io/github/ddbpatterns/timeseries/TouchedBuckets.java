package io.github.ddbpatterns.timeseries;

import io.github.ddbpatterns.core.fanout.PagedSource;
import io.github.ddbpatterns.core.fanout.SourcePage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Counts, for one query, how many of its bucket sources were actually fetched. */
final class TouchedBuckets {

    private final AtomicInteger touched = new AtomicInteger();

    <T> List<PagedSource<T>> track(List<PagedSource<T>> sources) {
        return sources.stream().<PagedSource<T>>map(Tracked::new).toList();
    }

    int count() {
        return touched.get();
    }

    private final class Tracked<T> implements PagedSource<T> {
        private final PagedSource<T> delegate;
        private final AtomicBoolean fetched = new AtomicBoolean();

        Tracked(PagedSource<T> delegate) {
            this.delegate = delegate;
        }

        @Override
        public String fingerprint() {
            return delegate.fingerprint();
        }

        @Override
        public CompletableFuture<SourcePage<T>> fetch(
                @Nullable Map<String, AttributeValue> exclusiveStartKey, int limit) {
            if (fetched.compareAndSet(false, true)) {
                touched.incrementAndGet();
            }
            return delegate.fetch(exclusiveStartKey, limit);
        }

        @Override
        public Map<String, AttributeValue> keyOf(T item) {
            return delegate.keyOf(item);
        }
    }
}
