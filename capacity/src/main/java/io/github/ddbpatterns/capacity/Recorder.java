package io.github.ddbpatterns.capacity;

import java.util.ArrayList;
import java.util.List;

/** Collects one strategy's run second by second and turns it into a {@link StrategyResult}. */
final class Recorder {

    private static final double EPSILON = 1e-6;

    private final TrafficProfile profile;
    private final PartitionLimits partitions;
    private final float[] writeCapacity;
    private final float[] readCapacity;
    private final float[] throttled;
    private final List<ThrottleWindow> windows = new ArrayList<>();
    private final List<ScalingEvent> events = new ArrayList<>();
    private double servedWriteUnits;
    private double servedReadUnits;
    private double capacityWriteUnitSeconds;
    private double capacityReadUnitSeconds;
    private double throttledWrites;
    private double throttledReads;
    private double partitionThrottledWrites;
    private double partitionThrottledReads;
    private double hourPeakWrite;
    private double hourPeakRead;
    private double peakWriteUnitSeconds; // sum over hours of the hour's peak x the hour's seconds
    private double peakReadUnitSeconds;
    private int windowStart = -1;
    private double windowRequests;

    Recorder(TrafficProfile profile, ServiceRules rules) {
        this.profile = profile;
        this.partitions = new PartitionLimits(profile, rules);
        this.writeCapacity = new float[profile.seconds()];
        this.readCapacity = new float[profile.seconds()];
        this.throttled = new float[profile.seconds()];
    }

    /** The partition limits of the profile's named keys. */
    PartitionLimits partitions() {
        return partitions;
    }

    /**
     * Records one second: the capacities in force, the units served and the units refused (converted to
     * requests at this second's item sizes), of which {@code partitionWriteUnits} and {@code partitionReadUnits}
     * were refused by a hot key's partition.
     */
    void second(
            int t,
            double writeCap,
            double readCap,
            double servedWrite,
            double servedRead,
            double refusedWriteUnits,
            double refusedReadUnits,
            double partitionWriteUnits,
            double partitionReadUnits) {
        if (partitionWriteUnits > EPSILON) {
            partitionThrottledWrites += partitionWriteUnits / profile.writeUnitsPerRequest(t);
        }
        if (partitionReadUnits > EPSILON) {
            partitionThrottledReads += partitionReadUnits / profile.readUnitsPerRequest(t);
        }
        writeCapacity[t] = (float) writeCap;
        readCapacity[t] = (float) readCap;
        capacityWriteUnitSeconds += writeCap;
        capacityReadUnitSeconds += readCap;
        hourPeakWrite = Math.max(hourPeakWrite, writeCap);
        hourPeakRead = Math.max(hourPeakRead, readCap);
        if (t % 3600 == 3599 || t == profile.seconds() - 1) {
            int hourSeconds = t % 3600 + 1;
            peakWriteUnitSeconds += hourPeakWrite * hourSeconds;
            peakReadUnitSeconds += hourPeakRead * hourSeconds;
            hourPeakWrite = 0;
            hourPeakRead = 0;
        }
        servedWriteUnits += servedWrite;
        servedReadUnits += servedRead;
        double refused = 0;
        if (refusedWriteUnits > EPSILON) {
            double requests = refusedWriteUnits / profile.writeUnitsPerRequest(t);
            throttledWrites += requests;
            refused += requests;
        }
        if (refusedReadUnits > EPSILON) {
            double requests = refusedReadUnits / profile.readUnitsPerRequest(t);
            throttledReads += requests;
            refused += requests;
        }
        throttled[t] = (float) refused;
        if (refused > EPSILON) {
            if (windowStart < 0) {
                windowStart = t;
                windowRequests = 0;
            }
            windowRequests += refused;
        } else {
            closeWindow(t);
        }
    }

    void event(ScalingEvent event) {
        events.add(event);
    }

    double servedWriteUnits() {
        return servedWriteUnits;
    }

    double servedReadUnits() {
        return servedReadUnits;
    }

    /**
     * Average billed capacity over the run, units per second: the capacity of each second, or with
     * {@link ProvisionedBilling#HOURLY_PEAK} the peak of each clock hour (a last partial hour pro-rated).
     */
    double billedWriteCapacity(ProvisionedBilling billing) {
        return (billing == ProvisionedBilling.HOURLY_PEAK ? peakWriteUnitSeconds : capacityWriteUnitSeconds)
                / profile.seconds();
    }

    double billedReadCapacity(ProvisionedBilling billing) {
        return (billing == ProvisionedBilling.HOURLY_PEAK ? peakReadUnitSeconds : capacityReadUnitSeconds)
                / profile.seconds();
    }

    StrategyResult finish(Strategy strategy, double cost, ServiceRules rules, QueueStats queue, float[] queueDepth) {
        closeWindow(profile.seconds());
        double days = profile.seconds() / 86_400.0;
        double perDay = cost / days;
        return new StrategyResult(
                strategy,
                profile.seconds(),
                cost,
                perDay,
                perDay * rules.hoursPerMonth() / 24,
                throttledReads,
                throttledWrites,
                partitionThrottledReads + partitionThrottledWrites,
                List.copyOf(windows),
                List.copyOf(events),
                writeCapacity,
                readCapacity,
                throttled,
                queue,
                queueDepth);
    }

    private void closeWindow(int end) {
        if (windowStart >= 0) {
            windows.add(new ThrottleWindow(windowStart, end, windowRequests));
            windowStart = -1;
        }
    }
}
