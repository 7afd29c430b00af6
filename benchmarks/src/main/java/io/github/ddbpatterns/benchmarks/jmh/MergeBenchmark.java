package io.github.ddbpatterns.benchmarks.jmh;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.fanout.CursorCodec;
import io.github.ddbpatterns.core.fanout.FanOut;
import io.github.ddbpatterns.core.fanout.FanOutQuery;
import io.github.ddbpatterns.core.fanout.MergeOrder;
import io.github.ddbpatterns.core.fanout.PagedSource;
import io.github.ddbpatterns.core.fanout.SourcePage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Core's ordered k-way merge as {@link FanOut} runs it for a 100-shard page: 100 in-memory sources of 10 items
 * each (answered at once, so only the fan-out's own work is measured: requests, heap merge, exact limit, cursor
 * signing), merged in ascending sort-key order, a page of 100 and a page of all 1,000.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MergeBenchmark {

    private static final int SOURCES = 100;
    private static final int ITEMS = 10;

    private final FanOut fanOut = FanOut.builder()
            .concurrency(SOURCES)
            .cursorCodec(CursorCodec.withKey("benchmark-key-of-32-bytes-length".getBytes(StandardCharsets.UTF_8)))
            .build();
    private final FanOutQuery<Item> page100 = query(100);
    private final FanOutQuery<Item> page1000 = query(SOURCES * ITEMS);

    /** One item: its source and sort key. */
    record Item(int source, String sk) {}

    private static FanOutQuery<Item> query(int limit) {
        List<PagedSource<Item>> sources = new ArrayList<>(SOURCES);
        for (int s = 0; s < SOURCES; s++) {
            sources.add(new MemorySource(s));
        }
        return FanOutQuery.<Item>builder()
                .scope("bench:user-42")
                .sources(sources)
                .order(MergeOrder.ascending(Comparator.comparing(Item::sk)))
                .limit(limit)
                .build();
    }

    @Benchmark
    public Page<Item> merge100SourcesPage100() {
        return fanOut.query(page100).join();
    }

    @Benchmark
    public Page<Item> merge100SourcesAll1000() {
        return fanOut.query(page1000).join();
    }

    /** A source of {@value #ITEMS} items answered at once; interleaved sort keys across sources. */
    private static final class MemorySource implements PagedSource<Item> {
        private final int source;
        private final List<Item> items = new ArrayList<>(ITEMS);

        MemorySource(int source) {
            this.source = source;
            for (int i = 0; i < ITEMS; i++) {
                items.add(new Item(source, String.format("%06d", i * SOURCES + source)));
            }
        }

        @Override
        public String fingerprint() {
            return "bench|user-42#" + source;
        }

        @Override
        public CompletableFuture<SourcePage<Item>> fetch(
                @Nullable Map<String, AttributeValue> exclusiveStartKey, int limit) {
            int from = 0;
            if (exclusiveStartKey != null) {
                String after = exclusiveStartKey.get("sk").s();
                while (from < items.size() && items.get(from).sk().compareTo(after) <= 0) {
                    from++;
                }
            }
            int to = Math.min(items.size(), from + limit);
            Map<String, AttributeValue> last = to < items.size() ? keyOf(items.get(to - 1)) : null;
            return CompletableFuture.completedFuture(new SourcePage<>(items.subList(from, to), last));
        }

        @Override
        public Map<String, AttributeValue> keyOf(Item item) {
            return Map.of(
                    "pk", AttributeValue.fromS("user-42#" + item.source()),
                    "sk", AttributeValue.fromS(item.sk()));
        }
    }
}
