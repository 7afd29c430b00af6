package io.github.ddbpatterns.core.batch;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What one {@link BatchReader#read} found: every distinct requested key is in exactly one of {@code items}
 * (found), {@code missing} (no such item) or {@code failures} (could not be read, with the cause).
 *
 * @param items the items found, by key
 * @param missing keys for which the table holds no item
 * @param failures keys that could not be read, with why
 * @param requests how many BatchGetItem calls were sent (retries included)
 */
public record BatchGetResult(
        Map<WriteKey, Map<String, AttributeValue>> items,
        Set<WriteKey> missing,
        Map<WriteKey, Throwable> failures,
        int requests) {

    public BatchGetResult {
        items = Map.copyOf(items);
        missing = Set.copyOf(missing);
        failures = Map.copyOf(failures);
    }

    /** The item stored under {@code key}, empty when missing or failed. */
    public Optional<Map<String, AttributeValue>> item(WriteKey key) {
        return Optional.ofNullable(items.get(key));
    }

    /** True when every key was either found or known missing. */
    public boolean isComplete() {
        return failures.isEmpty();
    }

    /** The found items, in no particular order. */
    public List<Map<String, AttributeValue>> foundItems() {
        return List.copyOf(items.values());
    }
}
