package io.github.ddbpatterns.core.batch;

import io.github.ddbpatterns.core.DdbPatternsException;

/**
 * A write or key that DynamoDB kept returning in {@code UnprocessedItems} / {@code UnprocessedKeys} until
 * the attempts were exhausted (the table or partition is throttled for longer than the backoff covers).
 */
public final class UnprocessedException extends DdbPatternsException {

    private static final long serialVersionUID = 1L;

    private final int attempts;

    private UnprocessedException(String message, int attempts) {
        super(message);
        this.attempts = attempts;
    }

    /** {@code <what> was still unprocessed after <attempts> attempts}; the key shows attribute names only. */
    public static UnprocessedException after(WriteKey key, int attempts) {
        return new UnprocessedException(key + " was still unprocessed after " + attempts + " attempts", attempts);
    }

    /** How many requests carried it. */
    public int attempts() {
        return attempts;
    }
}
