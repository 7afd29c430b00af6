package io.github.ddbpatterns.testing.internal.proxy;

import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.Latency;
import io.github.ddbpatterns.testing.ThrottleErrorCode;
import java.net.URI;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * The validated settings of a proxy (validation happens in {@code ThrottlingProxy.Builder}).
 *
 * @param tableReadCapacity table-level read units per second, 0 when the table has no own limit
 * @param tableWriteCapacity table-level write units per second, 0 when the table has no own limit
 * @param tableBurstSeconds seconds of unused table-level capacity banked as burst credit, and the credit a table
 *     starts with
 * @param indexCapacities per-partition capacity of GSIs by index name; an index not named here has the table's
 * @param chargeStoredItemSize whether writes read the stored item (a strongly consistent GetItem) to charge its
 *     size; writes to tables with secondary indexes read it anyway
 */
public record ProxySettings(
        URI target,
        Latency latency,
        int partitions,
        long writeCapacityPerPartition,
        long readCapacityPerPartition,
        long tableReadCapacity,
        long tableWriteCapacity,
        double tableBurstSeconds,
        ThrottleErrorCode throttleErrorCode,
        List<FaultPlan> faults,
        InstantSource clock,
        Map<String, IndexCapacity> indexCapacities,
        boolean chargeStoredItemSize) {

    /** Read and write units per second of each partition of one GSI. */
    public record IndexCapacity(long readUnitsPerPartition, long writeUnitsPerPartition) {}

    /** Seconds of unused capacity a partition can bank (DynamoDB bursts about this much per partition). */
    public static final double PARTITION_BURST_SECONDS = 1.0;
    /** Default seconds of unused capacity a table with its own limit can bank (DynamoDB keeps up to 300 s). */
    public static final double TABLE_BURST_SECONDS = 300.0;

    /** Write units per second of each partition of a scope ({@code table} or {@code table/index}). */
    long writeCapacityPerPartition(String scope) {
        IndexCapacity index = indexCapacity(scope);
        return index == null ? writeCapacityPerPartition : index.writeUnitsPerPartition();
    }

    /** Read units per second of each partition of a scope ({@code table} or {@code table/index}). */
    long readCapacityPerPartition(String scope) {
        IndexCapacity index = indexCapacity(scope);
        return index == null ? readCapacityPerPartition : index.readUnitsPerPartition();
    }

    private IndexCapacity indexCapacity(String scope) {
        int slash = scope.indexOf('/');
        return slash < 0 ? null : indexCapacities.get(scope.substring(slash + 1));
    }

    /** True when the capacity model of {@code other} is the same, so token buckets can be kept. */
    boolean sameCapacity(ProxySettings other) {
        return partitions == other.partitions
                && writeCapacityPerPartition == other.writeCapacityPerPartition
                && readCapacityPerPartition == other.readCapacityPerPartition
                && tableReadCapacity == other.tableReadCapacity
                && tableWriteCapacity == other.tableWriteCapacity
                && tableBurstSeconds == other.tableBurstSeconds
                && indexCapacities.equals(other.indexCapacities)
                && clock == other.clock;
    }
}
