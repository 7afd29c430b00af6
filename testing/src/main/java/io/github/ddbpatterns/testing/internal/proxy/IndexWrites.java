package io.github.ddbpatterns.testing.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What one table write costs an index, from the item before and after the write (DynamoDB Developer Guide,
 * "Provisioned throughput considerations for Global Secondary Indexes", Writes, and the same rules for local
 * secondary indexes): an item entering the index costs 1 write (put), leaving it 1 (delete), a change of an index
 * key attribute 2 (delete the old entry, put the new), a change of a projected attribute while the index keys stay
 * 1, anything else 0. Each write costs 1 unit per started KB of its index entry: the projected attributes (table
 * and index keys, projected ones; the whole item for {@code ALL}). The 100 bytes of overhead per index entry belong
 * to the guide's storage accounting, not to write units (DynamoDB Local agrees: a 949-byte entry costs 1 unit).
 */
final class IndexWrites {

    /**
     * One index write.
     *
     * @param partitionKey the index partition key value of the entry written or deleted (routes the write)
     * @param units write units, 1 per started KB of the entry
     */
    record Write(JsonNode partitionKey, double units) {}

    private IndexWrites() {}

    /** The writes {@code index} needs when an item goes from {@code before} to {@code after} (either may be null). */
    static List<Write> of(IndexSchema index, KeySchema table, JsonNode before, JsonNode after) {
        boolean wasIn = index.contains(before);
        boolean isIn = index.contains(after);
        List<Write> writes = new ArrayList<>(2);
        if (!wasIn && !isIn) {
            return writes;
        }
        if (!wasIn) {
            writes.add(put(index, table, after));
        } else if (!isIn) {
            writes.add(put(index, table, before));
        } else if (!sameValue(before.get(index.partitionKey()), after.get(index.partitionKey()))
                || (index.sortKey() != null && !sameValue(before.get(index.sortKey()), after.get(index.sortKey())))) {
            writes.add(put(index, table, before)); // the old entry is deleted
            writes.add(put(index, table, after));
        } else {
            JsonNode oldEntry = index.entry(before, table);
            JsonNode newEntry = index.entry(after, table);
            if (!sameEntry(oldEntry, newEntry)) {
                long size = Math.max(ItemSize.of(oldEntry), ItemSize.of(newEntry));
                writes.add(new Write(after.get(index.partitionKey()), ItemSize.writeUnits(size)));
            }
        }
        return writes;
    }

    private static Write put(IndexSchema index, KeySchema table, JsonNode item) {
        return new Write(item.get(index.partitionKey()), ItemSize.writeUnits(ItemSize.of(index.entry(item, table))));
    }

    /** Equal entries: the same attributes with {@linkplain #sameValue equal} values. */
    private static boolean sameEntry(JsonNode a, JsonNode b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (java.util.Iterator<String> names = a.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!sameValue(a.get(name), b.get(name))) {
                return false;
            }
        }
        return true;
    }

    /** Equal typed values; numbers compare by value ({@code 1.0} is {@code 1}), as DynamoDB stores them. */
    static boolean sameValue(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        JsonNode an = a.get("N");
        JsonNode bn = b.get("N");
        if (an != null && bn != null) {
            try {
                return new BigDecimal(an.asText()).compareTo(new BigDecimal(bn.asText())) == 0;
            } catch (NumberFormatException e) {
                return an.equals(bn);
            }
        }
        return a.equals(b);
    }
}
