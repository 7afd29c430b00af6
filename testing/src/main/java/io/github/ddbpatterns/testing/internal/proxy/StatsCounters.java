package io.github.ddbpatterns.testing.internal.proxy;

import io.github.ddbpatterns.testing.FaultKind;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** The proxy's counters; thread-safe, lock-free. Read through {@code ProxyStats}. */
public final class StatsCounters {

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> forwarded = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> throttled = new ConcurrentHashMap<>();
    /** Writes refused because an index partition had no write capacity, per {@code table/index}. */
    private final Map<String, LongAdder> indexThrottles = new ConcurrentHashMap<>();

    private final LongAdder[] faults = new LongAdder[FaultKind.values().length];
    private final LongAdder unprocessedItems = new LongAdder();
    /** Requests received and not answered yet: a level, not a count, so {@link #reset()} leaves it alone. */
    private final AtomicLong inFlight = new AtomicLong();

    private final Map<String, Map<Integer, DoubleAdder>> readUnits = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, DoubleAdder>> writeUnits = new ConcurrentHashMap<>();

    public StatsCounters() {
        for (int i = 0; i < faults.length; i++) {
            faults[i] = new LongAdder();
        }
    }

    void recordRequest(String operation) {
        requests.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    void recordReceived() {
        inFlight.incrementAndGet();
    }

    void recordAnswered() {
        inFlight.decrementAndGet();
    }

    void recordForwarded(String operation) {
        forwarded.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    void recordThrottled(String operation) {
        throttled.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    void recordIndexThrottle(String scope) {
        indexThrottles.computeIfAbsent(scope, k -> new LongAdder()).increment();
    }

    void recordFault(FaultKind kind) {
        faults[kind.ordinal()].increment();
    }

    void recordUnprocessed(int items) {
        unprocessedItems.add(items);
    }

    void consumedRead(String scope, int partition, double units) {
        readUnits
                .computeIfAbsent(scope, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(partition, k -> new DoubleAdder())
                .add(units);
    }

    void consumedWrite(String scope, int partition, double units) {
        writeUnits
                .computeIfAbsent(scope, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(partition, k -> new DoubleAdder())
                .add(units);
    }

    public long requests(String operation) {
        return get(requests, operation);
    }

    public long forwarded(String operation) {
        return get(forwarded, operation);
    }

    public long throttled(String operation) {
        return get(throttled, operation);
    }

    public long indexThrottles(String scope) {
        return get(indexThrottles, scope);
    }

    public Map<String, Long> indexThrottlesByScope() {
        return snapshotLongs(indexThrottles);
    }

    public long requests() {
        return sum(requests);
    }

    public long forwarded() {
        return sum(forwarded);
    }

    public long throttled() {
        return sum(throttled);
    }

    public long faults(FaultKind kind) {
        return faults[kind.ordinal()].sum();
    }

    public long unprocessedItems() {
        return unprocessedItems.sum();
    }

    public long inFlight() {
        return inFlight.get();
    }

    public Map<Integer, Double> readUnits(String scope) {
        return snapshot(readUnits.get(scope));
    }

    public Map<Integer, Double> writeUnits(String scope) {
        return snapshot(writeUnits.get(scope));
    }

    public Map<String, Long> requestsByOperation() {
        return snapshotLongs(requests);
    }

    public Map<String, Long> throttledByOperation() {
        return snapshotLongs(throttled);
    }

    public Map<String, Long> forwardedByOperation() {
        return snapshotLongs(forwarded);
    }

    public void reset() {
        requests.clear();
        forwarded.clear();
        throttled.clear();
        indexThrottles.clear();
        for (LongAdder f : faults) {
            f.reset();
        }
        unprocessedItems.reset();
        readUnits.clear();
        writeUnits.clear();
    }

    private static long get(Map<String, LongAdder> map, String key) {
        LongAdder adder = map.get(key);
        return adder == null ? 0 : adder.sum();
    }

    private static long sum(Map<String, LongAdder> map) {
        long total = 0;
        for (LongAdder a : map.values()) {
            total += a.sum();
        }
        return total;
    }

    private static Map<Integer, Double> snapshot(Map<Integer, DoubleAdder> map) {
        Map<Integer, Double> copy = new TreeMap<>();
        if (map != null) {
            map.forEach((k, v) -> copy.put(k, v.sum()));
        }
        return copy;
    }

    private static Map<String, Long> snapshotLongs(Map<String, LongAdder> map) {
        Map<String, Long> copy = new TreeMap<>();
        map.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
