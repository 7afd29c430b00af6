package io.github.ddbpatterns.core.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A source of {@code count} numbers {@code first, first + step, ...} made as they are asked for (so a source may
 * hold up to {@code Long.MAX_VALUE} of them), each page answered on {@code executor}: pages arrive on other
 * threads, in any order across sources. A LastEvaluatedKey follows every page that reached its limit while more
 * numbers remain.
 */
final class GeneratedSource implements PagedSource<Long> {

    private final String name;
    private final long first;
    private final long step;
    private final long count;
    private final Executor executor;

    GeneratedSource(String name, long first, long step, long count, Executor executor) {
        this.name = name;
        this.first = first;
        this.step = step;
        this.count = count;
        this.executor = executor;
    }

    @Override
    public String fingerprint() {
        return "generated-" + name;
    }

    @Override
    public CompletableFuture<SourcePage<Long>> fetch(Map<String, AttributeValue> exclusiveStartKey, int limit) {
        long from = exclusiveStartKey == null
                ? 0
                : Long.parseLong(exclusiveStartKey.get("i").n()) + 1;
        return CompletableFuture.supplyAsync(
                () -> {
                    long size = Math.min(limit, count - from);
                    List<Long> items = new ArrayList<>((int) size);
                    for (long i = from; i < from + size; i++) {
                        items.add(first + i * step);
                    }
                    Map<String, AttributeValue> lastKey = from + size < count
                            ? Map.of("i", AttributeValue.fromN(Long.toString(from + size - 1)))
                            : null;
                    return new SourcePage<>(items, lastKey);
                },
                executor);
    }

    @Override
    public Map<String, AttributeValue> keyOf(Long item) {
        return Map.of("i", AttributeValue.fromN(Long.toString((item - first) / step)));
    }
}
