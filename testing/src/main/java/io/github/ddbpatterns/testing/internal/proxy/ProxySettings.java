package io.github.ddbpatterns.testing.internal.proxy;

import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.Latency;
import io.github.ddbpatterns.testing.ThrottleErrorCode;
import java.net.URI;
import java.time.InstantSource;
import java.util.List;

/**
 * The validated settings of a proxy (validation happens in {@code ThrottlingProxy.Builder}).
 *
 * @param tableReadCapacity table-level read units per second, 0 when the table has no own limit
 * @param tableWriteCapacity table-level write units per second, 0 when the table has no own limit
 * @param tableBurstSeconds seconds of unused table-level capacity banked as burst credit, and the credit a table
 *     starts with
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
        InstantSource clock) {

    /** Seconds of unused capacity a partition can bank (DynamoDB bursts about this much per partition). */
    public static final double PARTITION_BURST_SECONDS = 1.0;
    /** Default seconds of unused capacity a table with its own limit can bank (DynamoDB keeps up to 300 s). */
    public static final double TABLE_BURST_SECONDS = 300.0;

    /** True when the capacity model of {@code other} is the same, so token buckets can be kept. */
    boolean sameCapacity(ProxySettings other) {
        return partitions == other.partitions
                && writeCapacityPerPartition == other.writeCapacityPerPartition
                && readCapacityPerPartition == other.readCapacityPerPartition
                && tableReadCapacity == other.tableReadCapacity
                && tableWriteCapacity == other.tableWriteCapacity
                && tableBurstSeconds == other.tableBurstSeconds
                && clock == other.clock;
    }
}
