package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.core.DdbPatternsException;
import io.github.ddbpatterns.core.batch.WriteOp;
import java.time.Duration;

/**
 * A write was refused because the buffer held {@code capacity} writes: at once under {@link FullPolicy#reject()},
 * or after waiting the timeout of {@link FullPolicy#block(Duration)}. The write was not accepted; nothing of it
 * will be written.
 */
public class BufferFullException extends DdbPatternsException {

    private static final long serialVersionUID = 1L;

    protected BufferFullException(String message) {
        super(message);
    }

    /** The buffer rejected {@code write} at once (reject policy). */
    public static BufferFullException rejected(WriteOp write, int capacity) {
        return new BufferFullException("write buffer is full (capacity " + capacity
                + " writes pending or in flight), policy reject: refused " + write);
    }

    /** The buffer had no room for {@code write} within {@code timeout} (block policy). */
    public static BufferFullException timedOut(WriteOp write, int capacity, Duration timeout) {
        return new BufferFullException("write buffer stayed full (capacity " + capacity
                + " writes pending or in flight) for the block timeout " + timeout + ": refused " + write
                + "; raise capacity or flushConcurrency, or slow the producers");
    }

    /** The producer was interrupted while waiting for room for {@code write}. */
    public static BufferFullException interrupted(WriteOp write, int capacity) {
        return new BufferFullException("interrupted while waiting for room in the full write buffer (capacity "
                + capacity + " writes pending or in flight): refused " + write);
    }
}
