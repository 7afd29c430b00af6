package io.github.ddbpatterns.core;

/**
 * Root of every exception ddb-patterns throws. Unchecked; subtypes are few and are created by static
 * factories that put the names and values involved into the message, always keeping the cause.
 */
public class DdbPatternsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected DdbPatternsException(String message) {
        super(message);
    }

    protected DdbPatternsException(String message, Throwable cause) {
        super(message, cause);
    }
}
