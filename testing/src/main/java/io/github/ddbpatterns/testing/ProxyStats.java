package io.github.ddbpatterns.testing;

import io.github.ddbpatterns.testing.internal.proxy.StatsCounters;
import java.util.Map;

/**
 * Live counters of a {@link ThrottlingProxy}: thread-safe, readable at any time, reset with {@link #reset()}.
 *
 * <p>Operations are named as in {@code X-Amz-Target} ({@code "PutItem"}, {@code "BatchWriteItem"}…).
 * Capacity is counted per scope and partition, a scope being a table name or {@code table/index}: reads through
 * an index, and the index's share of table writes (an item entering, leaving or changing in the index). The
 * table scope counts the table's own units only, so the units of one write are the sum over its scopes. An LSI's
 * units are counted under {@code table/index} but drawn from the table's partition buckets, as DynamoDB charges
 * LSIs to the table's capacity; a GSI's partitions are its own, keyed by the index partition key.
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

    /**
     * Requests of {@code operation} answered with the throttling error, without forwarding — by a table partition
     * or, as back-pressure, by an index partition without write capacity.
     */
    public long throttled(String operation) {
        return counters.throttled(operation);
    }

    /** Requests answered with the throttling error, all operations. */
    public long throttled() {
        return counters.throttled();
    }

    /**
     * Writes refused because a partition of the index {@code scope} ({@code table/index}) had no write capacity:
     * single-item writes answered with the back-pressure error, and BatchWriteItem items, once each, whether they
     * came back unprocessed or the index refused every item of the batch (then the request is answered with the
     * back-pressure error and counts once in {@link #throttled(String)}).
     */
    public long indexThrottles(String scope) {
        return counters.indexThrottles(scope);
    }

    /** {@link #indexThrottles(String)} of every index that refused a write, a snapshot. */
    public Map<String, Long> indexThrottlesByScope() {
        return counters.indexThrottlesByScope();
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

    /**
     * Write units consumed per partition of a scope: a table (its own units) or {@code table/index} (the index's
     * share of the table's writes); partitions never written are absent.
     */
    public Map<Integer, Double> consumedWriteUnits(String scope) {
        return counters.writeUnits(scope);
    }

    /** Read units consumed on one partition of a scope. */
    public double consumedReadUnits(String scope, int partition) {
        return counters.readUnits(scope).getOrDefault(partition, 0.0);
    }

    /** Write units consumed on one partition of a scope (table or {@code table/index}). */
    public double consumedWriteUnits(String scope, int partition) {
        return counters.writeUnits(scope).getOrDefault(partition, 0.0);
    }

    /** Write units consumed on all partitions of a scope (table or {@code table/index}). */
    public double totalWriteUnits(String scope) {
        return counters.writeUnits(scope).values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
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
                + ", indexThrottles="
                + counters.indexThrottlesByScope()
                + ", unprocessedItems=" + counters.unprocessedItems() + ", inFlight=" + counters.inFlight() + "]";
    }
}
