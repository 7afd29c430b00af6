package io.github.ddbpatterns.core.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An in-memory {@link PagedSource} with DynamoDB's paging semantics: {@code limit} counts evaluated entries
 * (a filter may drop some, so a page may be empty while more follow), and a LastEvaluatedKey is returned
 * whenever the limit was reached. Counts requests and the largest number in flight at once (shared counters).
 */
final class ListSource implements PagedSource<Entry> {

    /** Counters shared by the sources of one fan-out. */
    static final class Counters {
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger evaluated = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
    }

    private final String id;
    private final List<Entry> entries;
    private final Predicate<Entry> filter;
    private final Counters counters;
    private final Executor executor;

    /** Entries are given in source order; {@code executor} completes fetches (Runnable::run = synchronously). */
    ListSource(String id, List<Entry> entries, Predicate<Entry> filter, Counters counters, Executor executor) {
        this.id = id;
        this.entries = List.copyOf(entries);
        this.filter = filter;
        this.counters = counters;
        this.executor = executor;
    }

    /** Sources over {@code lists}: entry values in source order, all kept, completed synchronously. */
    static List<ListSource> of(List<List<Integer>> lists, Counters counters) {
        return of(lists, e -> true, counters, Runnable::run);
    }

    static List<ListSource> of(
            List<List<Integer>> lists, Predicate<Entry> filter, Counters counters, Executor executor) {
        List<ListSource> sources = new ArrayList<>();
        for (int s = 0; s < lists.size(); s++) {
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < lists.get(s).size(); i++) {
                entries.add(new Entry(s, i, lists.get(s).get(i)));
            }
            sources.add(new ListSource("list-" + s, entries, filter, counters, executor));
        }
        return sources;
    }

    @Override
    public String fingerprint() {
        return id;
    }

    @Override
    public CompletableFuture<SourcePage<Entry>> fetch(Map<String, AttributeValue> exclusiveStartKey, int limit) {
        counters.requests.incrementAndGet();
        int now = counters.inFlight.incrementAndGet();
        counters.maxInFlight.accumulateAndGet(now, Math::max);
        int from = exclusiveStartKey == null
                ? 0
                : Integer.parseInt(exclusiveStartKey.get("seq").n()) + 1;
        CompletableFuture<SourcePage<Entry>> result = new CompletableFuture<>();
        executor.execute(() -> {
            int to = Math.min(entries.size(), from + limit);
            List<Entry> page = new ArrayList<>();
            for (Entry e : entries.subList(from, to)) {
                if (filter.test(e)) {
                    page.add(e);
                }
            }
            counters.evaluated.addAndGet(to - from);
            Map<String, AttributeValue> lastKey = to - from == limit ? key(to - 1) : null;
            counters.inFlight.decrementAndGet();
            result.complete(new SourcePage<>(page, lastKey));
        });
        return result;
    }

    @Override
    public Map<String, AttributeValue> keyOf(Entry item) {
        return key(item.seq());
    }

    private Map<String, AttributeValue> key(int seq) {
        return Map.of("id", AttributeValue.fromS(id), "seq", AttributeValue.fromN(Integer.toString(seq)));
    }
}
