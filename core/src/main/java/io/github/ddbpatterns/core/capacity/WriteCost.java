package io.github.ddbpatterns.core.capacity;

import java.util.List;

/**
 * The write units one table write consumes: on the table, and on each of its secondary indexes.
 *
 * @param tableUnits units charged to the table
 * @param indexes one entry per index of the table, in the table's order (GSIs first, then LSIs)
 */
public record WriteCost(long tableUnits, List<IndexWrite> indexes) {

    /** Copies the list. */
    public WriteCost {
        indexes = List.copyOf(indexes);
    }

    /**
     * Units charged to all indexes together.
     *
     * @return the sum over {@link #indexes()}
     */
    public long indexUnits() {
        return indexes.stream().mapToLong(IndexWrite::units).sum();
    }

    /**
     * Units of the write in all: table and indexes. LSIs draw on the table's capacity and GSIs on their own, but
     * both are billed.
     *
     * @return table units plus index units
     */
    public long totalUnits() {
        return tableUnits + indexUnits();
    }

    /**
     * The cost on one index.
     *
     * @param index the index name
     * @return its cost
     * @throws IllegalArgumentException if the table has no such index
     */
    public IndexWrite index(String index) {
        return indexes.stream()
                .filter(w -> w.index().equals(index))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no index " + index + " in " + indexes));
    }
}
