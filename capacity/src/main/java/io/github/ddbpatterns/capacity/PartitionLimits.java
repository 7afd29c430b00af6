package io.github.ddbpatterns.capacity;

/**
 * The per-partition limits applied to the keys a profile names ({@link TrafficProfile#keyShares()}): a key taking
 * share {@code s} of the table's units in a second demands {@code s x units} from its one partition, which serves at
 * most {@link ServiceRules#partitionMaxWriteUnits()} / {@link ServiceRules#partitionMaxReadUnits()} whatever the table
 * has (provisioned or on-demand). The rest of the traffic is taken as spread over enough partitions.
 */
final class PartitionLimits {

    private final double[] shares;
    private final double maxWrite;
    private final double maxRead;
    private final double writeThreshold; // table units above which some key exceeds its partition
    private final double readThreshold;

    PartitionLimits(TrafficProfile profile, ServiceRules rules) {
        this.shares = profile.keySharesArray();
        this.maxWrite = rules.partitionMaxWriteUnits();
        this.maxRead = rules.partitionMaxReadUnits();
        double top = shares.length == 0 ? 0 : shares[0];
        this.writeThreshold = top == 0 ? Double.POSITIVE_INFINITY : maxWrite / top;
        this.readThreshold = top == 0 ? Double.POSITIVE_INFINITY : maxRead / top;
    }

    /** Write units of one second that the named keys' partitions refuse. */
    double refusedWriteUnits(double tableUnits) {
        return tableUnits <= writeThreshold ? 0 : refused(tableUnits, maxWrite);
    }

    /** Read units of one second that the named keys' partitions refuse. */
    double refusedReadUnits(double tableUnits) {
        return tableUnits <= readThreshold ? 0 : refused(tableUnits, maxRead);
    }

    private double refused(double tableUnits, double max) {
        double refused = 0;
        for (double share : shares) { // sorted, largest first
            double over = share * tableUnits - max;
            if (over <= 0) {
                break;
            }
            refused += over;
        }
        return refused;
    }
}
