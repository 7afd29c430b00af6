package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.core.DdbPatternsException;
import io.github.ddbpatterns.core.batch.WriteOp;
import java.time.Duration;

/**
 * A write was refused because the buffer is closed, or an accepted write could not be sent before the close
 * timeout ran out.
 */
public class BufferClosedException extends DdbPatternsException {

    private static final long serialVersionUID = 1L;

    protected BufferClosedException(String message) {
        super(message);
    }

    /** {@code write} arrived after {@link WriteBuffer#close()}. */
    public static BufferClosedException rejected(WriteOp write) {
        return new BufferClosedException("write buffer is closed: refused " + write);
    }

    /** {@code close()} waited {@code timeout} and {@code unfinished} writes were still not done. */
    public static BufferClosedException closeTimedOut(Duration timeout, int unfinished) {
        return new BufferClosedException("write buffer close timed out after " + timeout + " with " + unfinished
                + " writes not finished; those not yet sent were failed and dead-lettered");
    }
}
