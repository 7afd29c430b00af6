package io.github.ddbpatterns.core.resilience;

/**
 * What a failed DynamoDB call means for retrying, as decided by {@link DynamoDbErrors#classify(Throwable)}.
 */
public enum ErrorClass {

    /** The service (or the client-side limiter) asked us to slow down: retry later, send less. */
    THROTTLED,

    /** A transient server or transport failure (5xx, connection error, CRC32 mismatch): retry later. */
    RETRYABLE_SERVER,

    /** Anything else (validation, failed condition, missing table, ...): retrying cannot help. */
    NOT_RETRYABLE;

    /** True for {@link #THROTTLED} and {@link #RETRYABLE_SERVER}. */
    public boolean isRetryable() {
        return this != NOT_RETRYABLE;
    }
}
