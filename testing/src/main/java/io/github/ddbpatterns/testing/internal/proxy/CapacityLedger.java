package io.github.ddbpatterns.testing.internal.proxy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per (scope, partition), a scope being a table or {@code table/index} (a GSI), plus optional
 * table-level buckets per scope. Admission and charging are atomic per scope; {@link #tryWriteAll} admits the
 * writes of one request to several scopes (a table and its GSIs) atomically. Units are counted in
 * {@link StatsCounters} under a stats scope that may differ from the bucket scope: an LSI's units draw on its
 * table's buckets and are counted under {@code table/index}.
 */
final class CapacityLedger {

    private final ProxySettings settings;
    private final StatsCounters stats;
    private final Map<String, ScopeBuckets> scopes = new ConcurrentHashMap<>();

    CapacityLedger(ProxySettings settings, StatsCounters stats) {
        this.settings = settings;
        this.stats = stats;
    }

    /**
     * Write units for one scope and partition.
     *
     * @param bucketScope the buckets charged: the table, or {@code table/index} for a GSI
     * @param statsScope where the units are counted: the table, or {@code table/index} for any index
     * @param index the index written, null for the table itself
     */
    record WriteCharge(String bucketScope, String statsScope, int partition, double units, IndexSchema index) {
        WriteCharge withUnits(double newUnits) {
            return new WriteCharge(bucketScope, statsScope, partition, newUnits, index);
        }
    }

    /**
     * Takes every charge when all fit (each partition and table bucket can take the sum charged to it), else none.
     * Returns null when admitted, otherwise the first charge that did not fit, table charges first.
     */
    WriteCharge tryWriteAll(List<WriteCharge> charges) {
        if (charges.isEmpty()) {
            return null;
        }
        Map<String, ScopeBuckets> byScope = new HashMap<>();
        for (WriteCharge c : charges) {
            byScope.computeIfAbsent(c.bucketScope(), this::buckets);
        }
        List<String> order = new ArrayList<>(byScope.keySet());
        order.sort(Comparator.naturalOrder());
        WriteCharge[] refused = new WriteCharge[1];
        locked(order, byScope, 0, () -> refused[0] = takeAll(charges, byScope, nowNanos()));
        if (refused[0] == null) {
            for (WriteCharge c : charges) {
                stats.consumedWrite(c.statsScope(), c.partition(), c.units());
            }
        }
        return refused[0];
    }

    /** Charges (or, negative, refunds) {@code delta} units of an admitted charge, without admission check. */
    void adjustWrite(WriteCharge charge, double delta) {
        if (delta == 0) {
            return;
        }
        ScopeBuckets b = buckets(charge.bucketScope());
        long now = nowNanos();
        synchronized (b) {
            b.refillWrite(charge.partition(), now);
            b.takeWrite(charge.partition(), delta);
        }
        stats.consumedWrite(charge.statsScope(), charge.partition(), delta);
    }

    private static void locked(List<String> order, Map<String, ScopeBuckets> byScope, int i, Runnable body) {
        if (i == order.size()) {
            body.run();
            return;
        }
        synchronized (byScope.get(order.get(i))) {
            locked(order, byScope, i + 1, body);
        }
    }

    private static WriteCharge takeAll(List<WriteCharge> charges, Map<String, ScopeBuckets> byScope, long now) {
        Map<String, Map<Integer, Double>> perPartition = new HashMap<>();
        Map<String, Double> perScope = new HashMap<>();
        for (WriteCharge c : charges) {
            perPartition
                    .computeIfAbsent(c.bucketScope(), s -> new HashMap<>())
                    .merge(c.partition(), c.units(), Double::sum);
            perScope.merge(c.bucketScope(), c.units(), Double::sum);
        }
        List<WriteCharge> tableFirst = new ArrayList<>(charges);
        tableFirst.sort(Comparator.comparing(c -> c.index() == null ? 0 : 1));
        for (WriteCharge c : tableFirst) {
            ScopeBuckets b = byScope.get(c.bucketScope());
            b.refillWrite(c.partition(), now);
            if (!b.canWrite(
                    c.partition(),
                    perPartition.get(c.bucketScope()).get(c.partition()),
                    perScope.get(c.bucketScope()))) {
                return c;
            }
        }
        for (WriteCharge c : charges) {
            byScope.get(c.bucketScope()).takeWrite(c.partition(), c.units());
        }
        return null;
    }

    /** True when the partition (and table) of {@code scope} could take {@code units} write units now. */
    boolean canWrite(String scope, int partition, double units) {
        ScopeBuckets b = buckets(scope);
        long now = nowNanos();
        synchronized (b) {
            b.refillWrite(partition, now);
            return b.canWrite(partition, units, units);
        }
    }

    /** Takes {@code units} write units from the partition (and table) when available; true when admitted. */
    boolean tryWrite(String scope, int partition, double units) {
        ScopeBuckets b = buckets(scope);
        long now = nowNanos();
        synchronized (b) {
            b.refillWrite(partition, now);
            if (!b.canWrite(partition, units, units)) {
                return false;
            }
            b.takeWrite(partition, units);
        }
        stats.consumedWrite(scope, partition, units);
        return true;
    }

    /**
     * True when the partition (and table) has read capacity left, taking {@code minimumUnits} at once so that
     * concurrent reads cannot all pass on the same balance; the rest is charged by {@link #chargeRead}.
     */
    boolean admitRead(String scope, int partition, double minimumUnits) {
        return admitRead(scope, scope, partition, minimumUnits);
    }

    /** {@link #admitRead(String, int, double)} counting the units under {@code statsScope}. */
    boolean admitRead(String scope, String statsScope, int partition, double minimumUnits) {
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
        stats.consumedRead(statsScope, partition, minimumUnits);
        return true;
    }

    /** Charges further read units once the size of what was read is known (may leave a debt). */
    void chargeRead(String scope, int partition, double units) {
        chargeRead(scope, scope, partition, units);
    }

    /** {@link #chargeRead(String, int, double)} counting the units under {@code statsScope}. */
    void chargeRead(String scope, String statsScope, int partition, double units) {
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
        stats.consumedRead(statsScope, partition, units);
    }

    private ScopeBuckets buckets(String scope) {
        return scopes.computeIfAbsent(scope, s -> new ScopeBuckets(settings, s, nowNanos()));
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

        ScopeBuckets(ProxySettings s, String scope, long now) {
            partitionRead = new TokenBucket[s.partitions()];
            partitionWrite = new TokenBucket[s.partitions()];
            long read = s.readCapacityPerPartition(scope);
            long write = s.writeCapacityPerPartition(scope);
            for (int i = 0; i < s.partitions(); i++) {
                partitionRead[i] = new TokenBucket(read, read * ProxySettings.PARTITION_BURST_SECONDS, now);
                partitionWrite[i] = new TokenBucket(write, write * ProxySettings.PARTITION_BURST_SECONDS, now);
            }
            tableRead = s.tableReadCapacity() > 0
                    ? new TokenBucket(s.tableReadCapacity(), s.tableReadCapacity() * s.tableBurstSeconds(), now)
                    : null;
            tableWrite = s.tableWriteCapacity() > 0
                    ? new TokenBucket(s.tableWriteCapacity(), s.tableWriteCapacity() * s.tableBurstSeconds(), now)
                    : null;
        }

        void refillWrite(int partition, long now) {
            partitionWrite[partition].refill(now);
            if (tableWrite != null) {
                tableWrite.refill(now);
            }
        }

        /** Whether the partition can take {@code partitionUnits} and the table (if limited) {@code tableUnits}. */
        boolean canWrite(int partition, double partitionUnits, double tableUnits) {
            return partitionWrite[partition].canTake(partitionUnits)
                    && (tableWrite == null || tableWrite.canTake(tableUnits));
        }

        void takeWrite(int partition, double units) {
            partitionWrite[partition].take(units);
            if (tableWrite != null) {
                tableWrite.take(units);
            }
        }
    }
}
