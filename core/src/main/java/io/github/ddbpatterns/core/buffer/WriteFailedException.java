package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.core.DdbPatternsException;
import io.github.ddbpatterns.core.batch.WriteOp;

/**
 * A buffered write was finally given up: the {@link io.github.ddbpatterns.core.batch.BatchWriter} reported it
 * failed (after its retries) or failed as a whole. The message names the table and the key attribute names
 * (never key values, which may be personal data); the cause is the underlying failure.
 */
public class WriteFailedException extends DdbPatternsException {

    private static final long serialVersionUID = 1L;

    private final transient WriteOp write;

    protected WriteFailedException(String message, WriteOp write, Throwable cause) {
        super(message, cause);
        this.write = write;
    }

    /** {@code PUT of table[pk, sk] failed: <cause>}. */
    public static WriteFailedException of(WriteOp write, Throwable cause) {
        String reason = cause == null ? "unknown cause" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new WriteFailedException(write.kind() + " of " + write.writeKey() + " failed: " + reason, write, cause);
    }

    /** The write that failed. */
    public WriteOp write() {
        return write;
    }
}
