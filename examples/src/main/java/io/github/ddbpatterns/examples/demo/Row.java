package io.github.ddbpatterns.examples.demo;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of numbers of a scenario's step: what was done and what it cost. A measure left null is not shown (the
 * table leaves out columns no row has).
 *
 * @param step the step
 * @param label what this row did, for example "PutItem, one partition key"
 * @param requests the requests sent to DynamoDB, throttled ones included
 * @param units the capacity units consumed (read or write, as the label says)
 * @param throttles the requests DynamoDB answered with a throttling error
 * @param wrong items lost, missing or wrong (expired sessions returned, writes never stored)
 * @param items items returned or written
 * @param millis wall-clock time of the step
 * @param dollars cost, where it means something
 */
public record Row(
        Step step,
        String label,
        @Nullable Long requests,
        @Nullable Double units,
        @Nullable Long throttles,
        @Nullable Long wrong,
        @Nullable Long items,
        @Nullable Long millis,
        @Nullable Double dollars) {

    /** Checks the step and label. */
    public Row {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(label, "label");
    }

    /**
     * A row with only its step and label; add measures with the {@code with} methods.
     *
     * @param step the step
     * @param label what this row did
     * @return the row
     */
    public static Row of(Step step, String label) {
        return new Row(step, label, null, null, null, null, null, null, null);
    }

    /**
     * This row with {@code requests}.
     *
     * @param value requests sent
     * @return the new row
     */
    public Row requests(long value) {
        return new Row(step, label, value, units, throttles, wrong, items, millis, dollars);
    }

    /**
     * This row with {@code units}.
     *
     * @param value capacity units consumed
     * @return the new row
     */
    public Row units(double value) {
        return new Row(step, label, requests, value, throttles, wrong, items, millis, dollars);
    }

    /**
     * This row with {@code throttles}.
     *
     * @param value throttled requests
     * @return the new row
     */
    public Row throttles(long value) {
        return new Row(step, label, requests, units, value, wrong, items, millis, dollars);
    }

    /**
     * This row with {@code wrong}.
     *
     * @param value items lost or wrong
     * @return the new row
     */
    public Row wrong(long value) {
        return new Row(step, label, requests, units, throttles, value, items, millis, dollars);
    }

    /**
     * This row with {@code items}.
     *
     * @param value items returned or written
     * @return the new row
     */
    public Row items(long value) {
        return new Row(step, label, requests, units, throttles, wrong, value, millis, dollars);
    }

    /**
     * This row with {@code millis}.
     *
     * @param value wall-clock milliseconds
     * @return the new row
     */
    public Row millis(long value) {
        return new Row(step, label, requests, units, throttles, wrong, items, value, dollars);
    }

    /**
     * This row with {@code dollars}.
     *
     * @param value cost in US dollars
     * @return the new row
     */
    public Row dollars(double value) {
        return new Row(step, label, requests, units, throttles, wrong, items, millis, value);
    }
}
