package io.github.ddbpatterns.capacity;

/**
 * What {@link ConsumedCapacityRecorder} saw on one table or index over its window: requests and the capacity units
 * they consumed (sampled requests scaled up by the inverse of the sample rate).
 *
 * @param reads read requests
 * @param writes write requests
 * @param readUnits read capacity units consumed
 * @param writeUnits write capacity units consumed
 */
public record RecordedTraffic(double reads, double writes, double readUnits, double writeUnits) {

    static final RecordedTraffic NONE = new RecordedTraffic(0, 0, 0, 0);
}
