package io.github.ddbpatterns.testing;

/** The kinds of fault a {@link ThrottlingProxy} can inject, see {@link FaultPlan}. */
public enum FaultKind {
    /**
     * Part of a BatchWriteItem's items (or a BatchGetItem's keys) come back in {@code UnprocessedItems}
     * ({@code UnprocessedKeys}); the rest is really forwarded.
     */
    UNPROCESSED_ITEMS,
    /** HTTP 500 with {@code com.amazonaws.dynamodb.v20120810#InternalServerError}, not forwarded. */
    INTERNAL_SERVER_ERROR,
    /** The connection is reset (TCP RST, no response), not forwarded. */
    CONNECTION_RESET,
    /**
     * HTTP 400 with the proxy's throttle error (see {@link ThrottlingProxy.Builder#throttleErrorCode}), as if the
     * partition's capacity were exhausted, not forwarded; counted as throttled too.
     */
    THROTTLE
}
