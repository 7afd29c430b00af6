package io.github.ddbpatterns.core.keys;

import java.time.Instant;

/**
 * One time bucket: its label and the half-open interval {@code [start, end)} of instants it holds.
 *
 * @param label the bucket label, e.g. {@code 2024-11-20}
 * @param start the first instant in the bucket
 * @param end the first instant after the bucket (the next bucket's start)
 */
public record TimeBucket(String label, Instant start, Instant end) {

    /** Whether {@code instant} falls in this bucket. */
    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }
}
