package io.github.ddbpatterns.core.batch;

import io.github.ddbpatterns.core.internal.Checks;

/**
 * What finally happened to one write: {@link Persisted} or {@link Failed}, never anything in between.
 *
 * <pre>{@code
 * if (outcome instanceof WriteOutcome.Failed failed) {
 *     log.warn("gave up on {} after {} calls", failed.write(), failed.attempts(), failed.cause());
 * }
 * }</pre>
 */
public sealed interface WriteOutcome permits WriteOutcome.Persisted, WriteOutcome.Failed {

    /**
     * The write.
     *
     * @return the write this outcome is about
     */
    WriteOp write();

    /**
     * How many BatchWriteItem calls carried the write (1 when it went through at once).
     *
     * @return the number of calls
     */
    int attempts();

    /**
     * Whether the write was persisted.
     *
     * @return true for {@link Persisted}
     */
    default boolean isPersisted() {
        return this instanceof Persisted;
    }

    /**
     * A persisted write.
     *
     * @param write the write
     * @param attempts how many calls carried it
     * @return the outcome
     */
    static Persisted persisted(WriteOp write, int attempts) {
        return new Persisted(write, attempts);
    }

    /**
     * A write given up.
     *
     * @param write the write
     * @param cause why it was given up
     * @param attempts how many calls carried it
     * @return the outcome
     */
    static Failed failed(WriteOp write, Throwable cause, int attempts) {
        return new Failed(write, cause, attempts);
    }

    /**
     * The write is stored in DynamoDB.
     *
     * @param write the write
     * @param attempts how many BatchWriteItem calls carried it
     */
    record Persisted(WriteOp write, int attempts) implements WriteOutcome {
        /**
         * Checks the arguments.
         *
         * @throws io.github.ddbpatterns.core.InvalidInputException if {@code write} is null
         */
        public Persisted {
            Checks.notNull("write", write);
        }
    }

    /**
     * The write was given up; it is not stored (or not known to be).
     *
     * @param write the write
     * @param cause why: the service's error, {@link UnprocessedException}, or a validation error
     * @param attempts how many BatchWriteItem calls carried it (0 when refused before any call)
     */
    record Failed(WriteOp write, Throwable cause, int attempts) implements WriteOutcome {
        /**
         * Checks the arguments.
         *
         * @throws io.github.ddbpatterns.core.InvalidInputException if {@code write} or {@code cause} is null
         */
        public Failed {
            Checks.notNull("write", write);
            Checks.notNull("cause", cause);
        }
    }
}
