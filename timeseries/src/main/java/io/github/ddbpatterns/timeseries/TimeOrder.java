package io.github.ddbpatterns.timeseries;

/** The order in which a range query returns events. */
public enum TimeOrder {
    /** Oldest first: ascending timestamp, then ascending tie-breaker. */
    OLDEST_FIRST,
    /** Newest first: descending timestamp, then descending tie-breaker. */
    NEWEST_FIRST
}
