/**
 * Time series stored as {@code <entity>#<bucket>} partitions and read as one ordered stream: the entry point is
 * {@link io.github.ddbpatterns.timeseries.TimeSeriesTable} (built with
 * {@link io.github.ddbpatterns.timeseries.TimeSeriesTable#builder}); a read is a
 * {@link io.github.ddbpatterns.timeseries.RangeQuery}; the sort-key format is
 * {@link io.github.ddbpatterns.timeseries.SortKeyCodec}.
 */
@NullMarked
package io.github.ddbpatterns.timeseries;

import org.jspecify.annotations.NullMarked;
