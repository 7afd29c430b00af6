package io.github.ddbpatterns.testing.internal.proxy;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per (scope, partition), a scope being a table or {@code table/index}, plus optional
 * table-level buckets per scope. Admission and charging are atomic per scope.
 */
final class CapacityLedger {

    private final ProxySettings settings;
    private final StatsCounters stats;
    private final Map<String, ScopeBuckets> scopes = new ConcurrentHashMap<>();

    CapacityLedger(ProxySettings settings, StatsCounters stats) {
        this.settings = settings;
        this.stats = stats;
    }

    /** Takes {@code units} write units from the partition (and table) when available; true when admitted. */
    boolean tryWrite(String scope, int partition, double units) {
        ScopeBuckets b = buckets(scope);
        long now = nowNanos();
        synchronized (b) {
            TokenBucket p = b.partitionWrite[partition];
            p.refill(now);
            if (b.tableWrite != null) {
                b.tableWrite.refill(now);
            }
            if (!p.canTake(units) || (b.tableWrite != null && !b.tableWrite.canTake(units))) {
                return false;
            }
            p.take(units);
            if (b.tableWrite != null) {
                b.tableWrite.take(units);
            }
        }
        stats.consumedWrite(scope, partition, units);
        return true;
    }

    /**
     * True when the partition (and table) has read capacity left, taking {@code minimumUnits} at once so that
     * concurrent reads cannot all pass on the same balance; the rest is charged by {@link #chargeRead}.
     */
    boolean admitRead(String scope, int partition, double minimumUnits) {
        ScopeBuckets b = buckets(scope);
        long now = nowNanos();
        synchronized (b) {
            TokenBucket p = b.partitionRead[partition];
            p.refill(now);
            if (b.tableRead != null) {
                b.tableRead.refill(now);
            }
            if (!p.hasAny() || (b.tableRead != null && !b.tableRead.hasAny())) {
                return false;
            }
            p.take(minimumUnits);
            if (b.tableRead != null) {
                b.tableRead.take(minimumUnits);
            }
        }
        stats.consumedRead(scope, partition, minimumUnits);
        return true;
    }

    /** Charges further read units once the size of what was read is known (may leave a debt). */
    void chargeRead(String scope, int partition, double units) {
        if (units <= 0) {
            return;
        }
        ScopeBuckets b = buckets(scope);
        long now = nowNanos();
        synchronized (b) {
            TokenBucket p = b.partitionRead[partition];
            p.refill(now);
            p.take(units);
            if (b.tableRead != null) {
                b.tableRead.refill(now);
                b.tableRead.take(units);
            }
        }
        stats.consumedRead(scope, partition, units);
    }

    private ScopeBuckets buckets(String scope) {
        return scopes.computeIfAbsent(scope, s -> new ScopeBuckets(settings, nowNanos()));
    }

    private long nowNanos() {
        Instant now = settings.clock().instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static final class ScopeBuckets {
        final TokenBucket[] partitionRead;
        final TokenBucket[] partitionWrite;
        final TokenBucket tableRead;
        final TokenBucket tableWrite;

        ScopeBuckets(ProxySettings s, long now) {
            partitionRead = new TokenBucket[s.partitions()];
            partitionWrite = new TokenBucket[s.partitions()];
            for (int i = 0; i < s.partitions(); i++) {
                partitionRead[i] = new TokenBucket(
                        s.readCapacityPerPartition(),
                        s.readCapacityPerPartition() * ProxySettings.PARTITION_BURST_SECONDS,
                        now);
                partitionWrite[i] = new TokenBucket(
                        s.writeCapacityPerPartition(),
                        s.writeCapacityPerPartition() * ProxySettings.PARTITION_BURST_SECONDS,
                        now);
            }
            tableRead = s.tableReadCapacity() > 0
                    ? new TokenBucket(s.tableReadCapacity(), s.tableReadCapacity() * s.tableBurstSeconds(), now)
                    : null;
            tableWrite = s.tableWriteCapacity() > 0
                    ? new TokenBucket(s.tableWriteCapacity(), s.tableWriteCapacity() * s.tableBurstSeconds(), now)
                    : null;
        }
    }
}
