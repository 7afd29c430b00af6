package io.github.ddbpatterns.core.fanout;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One page returned by a {@link PagedSource}.
 *
 * @param items the items, in the source's order
 * @param lastEvaluatedKey where the next page starts (exclusive), or null when the source has no more pages
 * @param <T> the item type
 */
public record SourcePage<T>(List<T> items, @Nullable Map<String, AttributeValue> lastEvaluatedKey) {

    public SourcePage {
        items = List.copyOf(items);
        lastEvaluatedKey = lastEvaluatedKey == null || lastEvaluatedKey.isEmpty() ? null : Map.copyOf(lastEvaluatedKey);
    }

    /** Whether the source has more pages after this one. */
    public boolean hasMore() {
        return lastEvaluatedKey != null;
    }
}
