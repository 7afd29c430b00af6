package io.github.ddbpatterns.testing;

import io.github.ddbpatterns.testing.internal.proxy.StatsCounters;
import java.util.Map;

/**
 * Live counters of a {@link ThrottlingProxy}: thread-safe, readable at any time, reset with {@link #reset()}.
 *
 * <p>Operations are named as in {@code X-Amz-Target} ({@code "PutItem"}, {@code "BatchWriteItem"}…).
 * Capacity is counted per scope and partition, a scope being a table name or {@code table/index} for
 * reads through an index.
 */
public final class ProxyStats {

    private final StatsCounters counters;

    ProxyStats(StatsCounters counters) {
        this.counters = counters;
    }

    /** Requests received for {@code operation}, whatever their fate. */
    public long requests(String operation) {
        return counters.requests(operation);
    }

    /** Requests received, all operations. */
    public long requests() {
        return counters.requests();
    }

    /** Requests of {@code operation} forwarded to the target (in full or, for batches, in part). */
    public long forwarded(String operation) {
        return counters.forwarded(operation);
    }

    /** Requests forwarded to the target, all operations (DescribeTable look-ups of the proxy excluded). */
    public long forwarded() {
        return counters.forwarded();
    }

    /** Requests of {@code operation} answered with the throttling error, without forwarding. */
    public long throttled(String operation) {
        return counters.throttled(operation);
    }

    /** Requests answered with the throttling error, all operations. */
    public long throttled() {
        return counters.throttled();
    }

    /**
     * Faults injected of one kind: requests answered 500 or reset, or batches in which
     * {@link FaultKind#UNPROCESSED_ITEMS} returned items.
     */
    public long faults(FaultKind kind) {
        return counters.faults(kind);
    }

    /** Items (BatchWriteItem) and keys (BatchGetItem) the proxy returned as unprocessed, throttled or faulted. */
    public long unprocessedItems() {
        return counters.unprocessedItems();
    }

    /**
     * Requests received and not answered yet, now: a request counts from the moment the proxy has read it until
     * the moment before its reply (or reset) is written, so a client that holds a reply never sees its request
     * here. A level, not a count: {@link #reset()} leaves it alone.
     */
    public long inFlight() {
        return counters.inFlight();
    }

    /** Read units consumed per partition of a scope (table or {@code table/index}); unread partitions are absent. */
    public Map<Integer, Double> consumedReadUnits(String scope) {
        return counters.readUnits(scope);
    }

    /** Write units consumed per partition of a table; partitions never written are absent. */
    public Map<Integer, Double> consumedWriteUnits(String table) {
        return counters.writeUnits(table);
    }

    /** Read units consumed on one partition of a scope. */
    public double consumedReadUnits(String scope, int partition) {
        return counters.readUnits(scope).getOrDefault(partition, 0.0);
    }

    /** Write units consumed on one partition of a table. */
    public double consumedWriteUnits(String table, int partition) {
        return counters.writeUnits(table).getOrDefault(partition, 0.0);
    }

    /** Requests per operation, a snapshot. */
    public Map<String, Long> requestsByOperation() {
        return counters.requestsByOperation();
    }

    /** Throttled requests per operation, a snapshot. */
    public Map<String, Long> throttledByOperation() {
        return counters.throttledByOperation();
    }

    /** Sets every counter back to zero. Token buckets are not touched. */
    public void reset() {
        counters.reset();
    }

    @Override
    public String toString() {
        return "ProxyStats[requests=" + counters.requestsByOperation() + ", forwarded="
                + counters.forwardedByOperation() + ", throttled=" + counters.throttledByOperation()
                + ", unprocessedItems=" + counters.unprocessedItems() + ", inFlight=" + counters.inFlight() + "]";
    }
}
