package io.github.ddbpatterns.core.fanout;

import io.github.ddbpatterns.core.InvalidInputException;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where one source of a fan-out stands in a cursor: not started, exhausted, or after a given key (the key of
 * the last item consumed from it, or the end of a page it fully consumed).
 */
public sealed interface SourcePosition {

    /** The source has not returned any item yet: it restarts from its beginning. */
    SourcePosition NOT_STARTED = new NotStarted();

    /** The source has returned all its items: it is not queried again. */
    SourcePosition EXHAUSTED = new Exhausted();

    /**
     * The source continues after {@code key}.
     *
     * @throws InvalidInputException if {@code key} is null or empty
     */
    static SourcePosition after(Map<String, AttributeValue> key) {
        return new After(key);
    }

    /** Not started: read from the beginning. */
    record NotStarted() implements SourcePosition {}

    /** Exhausted: nothing left. */
    record Exhausted() implements SourcePosition {}

    /**
     * Continue after {@code key} (used as the ExclusiveStartKey).
     *
     * @param key the exclusive start key
     */
    record After(Map<String, AttributeValue> key) implements SourcePosition {

        public After {
            if (key == null || key.isEmpty()) {
                throw InvalidInputException.of("key", key, "be a non-empty key map");
            }
            key = Map.copyOf(key);
        }

        /** Shows the key attribute names only (key values may be personal data). */
        @Override
        public String toString() {
            return "After" + new TreeMap<>(key).keySet();
        }
    }
}
