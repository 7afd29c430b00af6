package io.github.ddbpatterns.core.fanout;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Wraps a source, counting its requests and, across the sources sharing {@code inFlight}/{@code maxInFlight},
 * the largest number of requests in flight at once.
 */
final class CountingSource<T> implements PagedSource<T> {

    private final PagedSource<T> delegate;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger inFlight;
    private final AtomicInteger maxInFlight;

    CountingSource(PagedSource<T> delegate) {
        this(delegate, new AtomicInteger(), new AtomicInteger());
    }

    CountingSource(PagedSource<T> delegate, AtomicInteger inFlight, AtomicInteger maxInFlight) {
        this.delegate = delegate;
        this.inFlight = inFlight;
        this.maxInFlight = maxInFlight;
    }

    int requests() {
        return requests.get();
    }

    @Override
    public String fingerprint() {
        return delegate.fingerprint();
    }

    @Override
    public CompletableFuture<SourcePage<T>> fetch(Map<String, AttributeValue> exclusiveStartKey, int limit) {
        requests.incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        return delegate.fetch(exclusiveStartKey, limit).whenComplete((page, error) -> inFlight.decrementAndGet());
    }

    @Override
    public Map<String, AttributeValue> keyOf(T item) {
        return delegate.keyOf(item);
    }
}
