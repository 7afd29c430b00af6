package io.github.ddbpatterns.core.fanout;

import java.util.Comparator;

/**
 * An item of an in-memory source: its source index, its position in the source, and its sort value.
 *
 * @param source index of the source it belongs to
 * @param seq position within its source
 * @param value sort value (sources return entries ordered by it)
 */
record Entry(int source, int seq, int value) {

    static final Comparator<Entry> BY_VALUE = Comparator.comparingInt(Entry::value);
}
