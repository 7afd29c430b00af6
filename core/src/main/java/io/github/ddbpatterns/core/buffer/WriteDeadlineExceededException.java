package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.core.batch.WriteOp;
import java.time.Duration;

/**
 * A buffered write was given up because it was still being throttled (or failing with another retryable error,
 * such as DynamoDB being unreachable) when its {@link WriteBufferConfig#writeDeadline() writeDeadline} ran out. The message names the deadline and the key (the
 * table and the key attribute names, never key values, which may be personal data); the cause is the last
 * throttling error.
 */
public final class WriteDeadlineExceededException extends WriteFailedException {

    private static final long serialVersionUID = 1L;

    private final Duration writeDeadline;
    private final int requests;

    private WriteDeadlineExceededException(
            String message, WriteOp write, Duration writeDeadline, int requests, Throwable cause) {
        super(message, write, cause);
        this.writeDeadline = writeDeadline;
        this.requests = requests;
    }

    /**
     * {@code PUT of table[pk] given up: still failing when its writeDeadline PT10M ran out, after 37 requests (43
     * coalesced writes fail with it); last error: <cause>}.
     *
     * @param write the write that was being sent
     * @param writeDeadline the deadline setting, counted from the acceptance of the first write coalesced into it
     * @param requests the requests that carried it
     * @param writes the caller writes that fail with it (it and those it superseded)
     * @param cause the last throttling error
     * @return the exception
     */
    public static WriteDeadlineExceededException of(
            WriteOp write, Duration writeDeadline, int requests, int writes, Throwable cause) {
        String reason = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new WriteDeadlineExceededException(
                write.kind() + " of " + write.writeKey() + " given up: still failing when its writeDeadline "
                        + writeDeadline + " ran out, after " + requests + " requests (" + writes
                        + (writes == 1 ? " write fails" : " coalesced writes fail") + " with it); last error: "
                        + reason,
                write,
                writeDeadline,
                requests,
                cause);
    }

    /** The deadline that ran out, counted from the acceptance of the first write coalesced into this one. */
    public Duration writeDeadline() {
        return writeDeadline;
    }

    /** How many BatchWriteItem requests carried the write before it was given up. */
    public int requests() {
        return requests;
    }
}
