package io.github.ddbpatterns.core.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * How a {@link BatchWriter} cuts its input into calls, as two pure functions so the invariants can be
 * checked on their own: every write lands in exactly one call, no call holds a key twice, a key's writes
 * are in input order across generations, and no call exceeds the count and byte limits.
 */
final class WritePlan {

    private WritePlan() {}

    /**
     * Groups {@code writes} in generations: generation {@code g} holds, for every key, its {@code g}-th write
     * (0-based) in input order. Running the generations one after the other keeps each key's order.
     */
    static <T> List<List<T>> generations(List<T> writes, Function<T, WriteKey> key) {
        Map<WriteKey, Integer> seen = new HashMap<>();
        List<List<T>> generations = new ArrayList<>();
        for (T write : writes) {
            int generation = seen.merge(key.apply(write), 1, Integer::sum) - 1;
            if (generation == generations.size()) {
                generations.add(new ArrayList<>());
            }
            generations.get(generation).add(write);
        }
        return generations;
    }

    /**
     * Cuts one generation, in order, into chunks of at most {@code maxCount} writes and {@code maxBytes}
     * estimated bytes (a single write larger than {@code maxBytes} gets a chunk of its own).
     */
    static <T> List<List<T>> chunks(List<T> generation, ToLongFunction<T> bytes, int maxCount, long maxBytes) {
        List<List<T>> chunks = new ArrayList<>();
        List<T> chunk = new ArrayList<>();
        long chunkBytes = 0;
        for (T write : generation) {
            long size = bytes.applyAsLong(write);
            if (!chunk.isEmpty() && (chunk.size() == maxCount || chunkBytes + size > maxBytes)) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                chunkBytes = 0;
            }
            chunk.add(write);
            chunkBytes += size;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }
}
