package io.github.ddbpatterns.core.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * How a {@link BatchWriter} cuts its input into calls, as pure functions so the invariants can be checked on
 * their own: every write lands in exactly one call, no call holds a key twice, a key's writes are in input order
 * across generations, and no call exceeds the count and byte limits.
 */
final class WritePlan {

    private WritePlan() {}

    /**
     * Groups {@code writes} in generations: generation {@code g} holds, for every key, its {@code g}-th write
     * (0-based) in input order. Running the generations one after the other keeps each key's order, and any
     * writes of one generation may share a call.
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
     * The next call: the longest run from the front of {@code candidates} of at most {@code maxCount} writes and
     * {@code maxBytes} estimated bytes (a single write larger than {@code maxBytes} is a call of its own). Reads
     * {@code candidates} one past the run at most and removes nothing.
     */
    static <T> List<T> nextChunk(Iterator<T> candidates, ToLongFunction<T> bytes, int maxCount, long maxBytes) {
        List<T> chunk = new ArrayList<>();
        long chunkBytes = 0;
        while (chunk.size() < maxCount && candidates.hasNext()) {
            T write = candidates.next();
            long size = bytes.applyAsLong(write);
            if (!chunk.isEmpty() && chunkBytes + size > maxBytes) {
                break;
            }
            chunk.add(write);
            chunkBytes += size;
        }
        return chunk;
    }

    /**
     * Cuts one generation, in order, into calls with {@link #nextChunk} — the first sends of a generation when
     * nothing else waits in its pool (see {@link ResendPool}).
     */
    static <T> List<List<T>> chunks(List<T> generation, ToLongFunction<T> bytes, int maxCount, long maxBytes) {
        List<List<T>> chunks = new ArrayList<>();
        int from = 0;
        while (from < generation.size()) {
            List<T> chunk =
                    nextChunk(generation.subList(from, generation.size()).iterator(), bytes, maxCount, maxBytes);
            chunks.add(chunk);
            from += chunk.size();
        }
        return chunks;
    }
}
