package io.github.ddbpatterns.core.capacity;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.ItemSize;
import io.github.ddbpatterns.core.table.IndexLayout;
import io.github.ddbpatterns.core.table.TableLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * What a write costs a table and each of its secondary indexes, by DynamoDB's documented rules, from the item
 * before and after the write — so that the write amplification of an index is seen before the bill.
 *
 * <pre>{@code
 * WriteCostModel model = WriteCostModel.of(TableLayout.from("orders", TableSchema.fromBean(Order.class)).build());
 * WriteCost cost = model.cost(before, after);      // before: null for a new item; after: null for a delete
 * cost.index("byTotal").writes();                   // 2 when the update changed orderTotal
 * }</pre>
 *
 * <h2>Rules</h2>
 * From "Provisioned throughput considerations for global secondary indexes — Write capacity units" and the
 * equivalent section for local secondary indexes of the DynamoDB Developer Guide
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.ThroughputConsiderations.Writes):
 * <ul>
 *   <li>An item is in an index when it has every key attribute of the index (a sparse index holds only the items
 *       that have them).
 *   <li>Entering the index (a new item, or an update that sets a missing index key) is 1 index write; leaving it
 *       (a delete, or an update that removes an index key) is 1.
 *   <li>Changing an index key attribute's value is 2 writes: the old entry is deleted and the new one put.
 *   <li>Changing a projected attribute with the index keys unchanged is 1 write (with projection {@code ALL}, any
 *       attribute is projected; with {@code KEYS_ONLY}, none besides the keys).
 *   <li>Anything else costs the index nothing.
 *   <li>Each index write costs one unit per started KB of the index entry: the table's key attributes, the
 *       index's key attributes and the projected attributes (sizes per {@link ItemSize}). The 100 bytes of
 *       overhead per index entry the guide mentions are counted for storage, not here. A projected-attribute
 *       update is charged by the larger of the old and new entry, as a table update is.
 *   <li>The table itself: a put or update costs the larger of the old and new item, a delete the deleted item,
 *       at least 1 unit (see {@link CapacityUnits#writeUnits}).
 * </ul>
 * Transactions double every figure (see {@link CapacityUnits#transactionalWriteUnits}); this model prices single
 * writes. Immutable and thread-safe.
 */
public final class WriteCostModel {

    private final TableLayout layout;
    private final Set<String> tableKeys;
    private final List<IndexShape> indexes;

    private WriteCostModel(TableLayout layout) {
        this.layout = layout;
        List<IndexShape> shapes = new ArrayList<>();
        Set<String> tableKeys = new LinkedHashSet<>();
        tableKeys.add(layout.partitionKey().name());
        layout.sortKey().ifPresent(key -> tableKeys.add(key.name()));
        this.tableKeys = tableKeys;
        for (IndexLayout index : layout.globalSecondaryIndexes()) {
            shapes.add(new IndexShape(index, tableKeys));
        }
        for (IndexLayout index : layout.localSecondaryIndexes()) {
            shapes.add(new IndexShape(index, tableKeys));
        }
        this.indexes = List.copyOf(shapes);
    }

    /**
     * A model of the table described by {@code layout} (from a {@code TableSchema} with {@link
     * TableLayout#from}, or from DescribeTable with {@link TableLayout#of}).
     *
     * @param layout the table's keys and indexes
     * @return the model
     * @throws InvalidInputException if {@code layout} is null
     */
    public static WriteCostModel of(TableLayout layout) {
        return new WriteCostModel(Checks.notNull("layout", layout));
    }

    /**
     * The table this model prices.
     *
     * @return its layout
     */
    public TableLayout layout() {
        return layout;
    }

    /**
     * The cost of one write.
     *
     * @param before the item before the write, or null if there was none
     * @param after the item after the write, or null for a delete
     * @return the units on the table and on each index
     * @throws InvalidInputException if both items are null, or an item lacks a table key attribute
     */
    public WriteCost cost(@Nullable Map<String, AttributeValue> before, @Nullable Map<String, AttributeValue> after) {
        if (before == null && after == null) {
            throw InvalidInputException.of("before and after", "null", "not both be null (a write has an item)");
        }
        checkTableKeys("before", before);
        checkTableKeys("after", after);
        long tableUnits = Math.max(units(before), units(after));
        List<IndexWrite> writes = new ArrayList<>(indexes.size());
        for (IndexShape index : indexes) {
            writes.add(index.write(before, after));
        }
        return new WriteCost(tableUnits, writes);
    }

    @Override
    public String toString() {
        return "WriteCostModel[" + layout.tableName() + ", " + indexes.size() + " indexes]";
    }

    private void checkTableKeys(String field, @Nullable Map<String, AttributeValue> item) {
        if (item == null) {
            return;
        }
        for (String key : tableKeys) {
            if (!item.containsKey(key)) {
                throw InvalidInputException.of(
                        field, item.keySet(), "hold the table key attribute " + key + " of " + layout.tableName());
            }
        }
    }

    private static long units(@Nullable Map<String, AttributeValue> item) {
        return item == null ? 0 : CapacityUnits.writeUnits(ItemSize.of(item));
    }

    /** One index: which attributes make its key and which its entry holds. */
    private static final class IndexShape {
        private final String name;
        private final List<String> indexKeys;
        private final Set<String> entryKeys; // table keys + index keys
        private final boolean projectsAll;
        private final Set<String> projected; // non-key attributes of an INCLUDE projection

        IndexShape(IndexLayout index, Set<String> tableKeys) {
            this.name = index.name();
            List<String> keys = new ArrayList<>();
            keys.add(index.partitionKey().name());
            index.sortKey().ifPresent(key -> keys.add(key.name()));
            this.indexKeys = List.copyOf(keys);
            Set<String> entry = new LinkedHashSet<>(tableKeys);
            entry.addAll(keys);
            this.entryKeys = Set.copyOf(entry);
            this.projectsAll = index.projection() == ProjectionType.ALL;
            this.projected = Set.copyOf(index.nonKeyAttributes());
        }

        IndexWrite write(@Nullable Map<String, AttributeValue> before, @Nullable Map<String, AttributeValue> after) {
            Map<String, AttributeValue> oldEntry = entry(before);
            Map<String, AttributeValue> newEntry = entry(after);
            if (oldEntry == null && newEntry == null) {
                return new IndexWrite(name, 0, 0);
            }
            if (oldEntry == null) {
                return new IndexWrite(name, 1, units(newEntry));
            }
            if (newEntry == null) {
                return new IndexWrite(name, 1, units(oldEntry));
            }
            if (!sameIndexKey(oldEntry, newEntry)) {
                return new IndexWrite(name, 2, units(oldEntry) + units(newEntry));
            }
            if (oldEntry.equals(newEntry)) {
                return new IndexWrite(name, 0, 0);
            }
            return new IndexWrite(name, 1, Math.max(units(oldEntry), units(newEntry)));
        }

        private boolean sameIndexKey(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
            for (String key : indexKeys) {
                if (!a.get(key).equals(b.get(key))) {
                    return false;
                }
            }
            return true;
        }

        /** The index entry of {@code item}, or null when the item is not in the index. */
        private @Nullable Map<String, AttributeValue> entry(@Nullable Map<String, AttributeValue> item) {
            if (item == null) {
                return null;
            }
            for (String key : indexKeys) {
                if (!item.containsKey(key)) {
                    return null;
                }
            }
            if (projectsAll) {
                return item;
            }
            Map<String, AttributeValue> entry = new HashMap<>();
            item.forEach((attribute, value) -> {
                if (entryKeys.contains(attribute) || projected.contains(attribute)) {
                    entry.put(attribute, value);
                }
            });
            return entry;
        }
    }
}
