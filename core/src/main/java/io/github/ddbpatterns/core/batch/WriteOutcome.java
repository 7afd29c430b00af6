package io.github.ddbpatterns.core.batch;

import java.util.Optional;

/**
 * What finally happened to one write.
 *
 * @param write the write
 * @param failure null when persisted, else why it was given up
 * @param attempts how many BatchWriteItem calls carried it (1 when it went through at once)
 */
public record WriteOutcome(WriteOp write, Throwable failure, int attempts) {

    public static WriteOutcome persisted(WriteOp write, int attempts) {
        return new WriteOutcome(write, null, attempts);
    }

    public static WriteOutcome failed(WriteOp write, Throwable cause, int attempts) {
        return new WriteOutcome(write, cause, attempts);
    }

    public boolean isPersisted() {
        return failure == null;
    }

    public Optional<Throwable> failureCause() {
        return Optional.ofNullable(failure);
    }
}
