package io.github.ddbpatterns.core.hotkeys;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Weighted Space-Saving (Metwally, Agrawal, El Abbadi 2005) over at most {@code capacity} counters, kept in
 * an indexed min-heap so that an update costs O(log capacity). A monitored key's count never underestimates
 * its true weight and overestimates it by at most its {@code error}, itself at most the smallest count
 * (at most total / capacity). Not thread-safe: {@link HotKeyTracker} guards each summary.
 */
final class SpaceSavingSummary {

    private final int capacity;
    private final Map<String, Counter> index;
    private final Counter[] heap;
    private int size;

    SpaceSavingSummary(int capacity) {
        this.capacity = capacity;
        this.index = new HashMap<>(Math.min(capacity, 1 << 16) * 2);
        this.heap = new Counter[capacity];
    }

    /** Adds {@code weight} (> 0) to {@code key}. */
    void add(String key, double weight) {
        Counter counter = index.get(key);
        if (counter != null) {
            counter.count += weight;
            siftDown(counter.position);
            return;
        }
        if (size < capacity) {
            counter = new Counter(key, weight, 0, size);
            heap[size++] = counter;
            index.put(key, counter);
            siftUp(counter.position);
            return;
        }
        Counter smallest = heap[0];
        index.remove(smallest.key);
        smallest.key = key;
        smallest.error = smallest.count;
        smallest.count += weight;
        index.put(key, smallest);
        siftDown(0);
    }

    /** What an unmonitored key may have had: the smallest count when full, else 0. */
    double unmonitoredBound() {
        return size < capacity ? 0 : heap[0].count;
    }

    int size() {
        return size;
    }

    /** A copy of the counters (key, count, error), in no particular order. */
    List<Entry> entries() {
        List<Entry> entries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            entries.add(new Entry(heap[i].key, heap[i].count, heap[i].error));
        }
        return entries;
    }

    void clear() {
        index.clear();
        for (int i = 0; i < size; i++) {
            heap[i] = null;
        }
        size = 0;
    }

    private void siftUp(int position) {
        Counter moving = heap[position];
        while (position > 0) {
            int parent = (position - 1) >>> 1;
            if (heap[parent].count <= moving.count) {
                break;
            }
            place(heap[parent], position);
            position = parent;
        }
        place(moving, position);
    }

    private void siftDown(int position) {
        Counter moving = heap[position];
        int half = size >>> 1;
        while (position < half) {
            int child = 2 * position + 1;
            int right = child + 1;
            if (right < size && heap[right].count < heap[child].count) {
                child = right;
            }
            if (moving.count <= heap[child].count) {
                break;
            }
            place(heap[child], position);
            position = child;
        }
        place(moving, position);
    }

    private void place(Counter counter, int position) {
        heap[position] = counter;
        counter.position = position;
    }

    /** One monitored key: estimated weight {@code count}, of which at most {@code error} is overestimate. */
    record Entry(String key, double count, double error) {}

    private static final class Counter {
        private String key;
        private double count;
        private double error;
        private int position;

        Counter(String key, double count, double error, int position) {
            this.key = key;
            this.count = count;
            this.error = error;
            this.position = position;
        }
    }
}
