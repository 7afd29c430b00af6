package io.github.ddbpatterns.core.capacity;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.util.Collection;

/**
 * DynamoDB capacity-unit arithmetic, identical in provisioned mode (WCU/RCU) and on-demand mode (write and
 * read request units):
 * <ul>
 *   <li>a write costs one unit per started 1 KB of the item (at least 1), twice that in a transaction;</li>
 *   <li>a single-item read costs one unit per started 4 KB (at least one 4 KB), half when eventually
 *       consistent, twice in a transaction;</li>
 *   <li>a Query or Scan page sums the sizes of the items it reads and rounds the total up to 4 KB once.</li>
 * </ul>
 *
 * <pre>{@code
 * CapacityUnits.writeUnits(1_500);                               // 2
 * CapacityUnits.transactionalWriteUnits(1_500);                  // 4
 * CapacityUnits.readUnits(9_000, ReadConsistency.EVENTUAL);      // 1.5
 * CapacityUnits.queryReadUnits(List.of(100L, 200L, 300L), ReadConsistency.STRONG); // 1.0 (600 B -> one 4 KB)
 * }</pre>
 */
public final class CapacityUnits {

    /** Bytes per write unit. */
    public static final int WRITE_UNIT_BYTES = 1024;
    /** Bytes per read unit. */
    public static final int READ_UNIT_BYTES = 4096;

    private CapacityUnits() {}

    /**
     * Write units of one PutItem/UpdateItem/DeleteItem (or one item of a BatchWriteItem) of an item of
     * {@code itemBytes} (the larger of the old and new image for updates and deletes).
     *
     * @throws InvalidInputException if {@code itemBytes} is negative
     */
    public static long writeUnits(long itemBytes) {
        checkBytes("itemBytes", itemBytes);
        return Math.max(1, ceilDiv(itemBytes, WRITE_UNIT_BYTES));
    }

    /**
     * Write units of one item written inside TransactWriteItems: twice {@link #writeUnits}.
     *
     * @throws InvalidInputException if {@code itemBytes} is negative
     */
    public static long transactionalWriteUnits(long itemBytes) {
        return 2 * writeUnits(itemBytes);
    }

    /**
     * Read units of one GetItem (or one item of a BatchGetItem) returning {@code itemBytes}; a missing item
     * still costs the minimum.
     *
     * @throws InvalidInputException if {@code itemBytes} is negative or {@code consistency} is null
     */
    public static double readUnits(long itemBytes, ReadConsistency consistency) {
        checkBytes("itemBytes", itemBytes);
        Checks.notNull("consistency", consistency);
        return Math.max(1, ceilDiv(itemBytes, READ_UNIT_BYTES)) * consistency.unitsPer4Kb();
    }

    /**
     * Read units of one Query or Scan page that read items of the given sizes: the sum rounded up to 4 KB
     * once (a page that reads nothing still costs the minimum).
     *
     * @throws InvalidInputException if a size is negative or an argument is null
     */
    public static double queryReadUnits(Collection<Long> itemBytes, ReadConsistency consistency) {
        Checks.notNull("itemBytes", itemBytes);
        long total = 0;
        for (Long bytes : itemBytes) {
            total += checkBytes("itemBytes element", Checks.notNull("itemBytes element", bytes));
        }
        return readUnits(total, consistency);
    }

    /**
     * Read units of a BatchGetItem: each item rounded up to 4 KB on its own, then summed.
     *
     * @throws InvalidInputException if a size is negative or an argument is null
     */
    public static double batchGetReadUnits(Collection<Long> itemBytes, ReadConsistency consistency) {
        Checks.notNull("itemBytes", itemBytes);
        double total = 0;
        for (Long bytes : itemBytes) {
            total += readUnits(Checks.notNull("itemBytes element", bytes), consistency);
        }
        return total;
    }

    private static long checkBytes(String field, long bytes) {
        if (bytes < 0) {
            throw InvalidInputException.of(field, bytes, "not be negative");
        }
        return bytes;
    }

    private static long ceilDiv(long value, long divisor) {
        return (value + divisor - 1) / divisor;
    }
}
