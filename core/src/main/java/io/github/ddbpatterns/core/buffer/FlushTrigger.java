package io.github.ddbpatterns.core.buffer;

import java.util.Locale;

/** Why a {@link WriteBuffer} flushed: the value of the {@code trigger} tag of {@code ddb.patterns.buffer.flushes}. */
public enum FlushTrigger {
    /** The number of distinct pending keys reached {@code maxPendingKeys}, or the buffer was full. */
    SIZE,
    /** The oldest pending write reached {@code maxDelay}. */
    AGE,
    /** {@link WriteBuffer#flush()} was called. */
    MANUAL,
    /** {@link WriteBuffer#close()} was called. */
    CLOSE;

    /** The lowercase tag value, e.g. {@code size}. */
    public String tagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
