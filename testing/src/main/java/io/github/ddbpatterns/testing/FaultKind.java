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
    THROTTLE,
    /**
     * The request is forwarded and applied, then the connection is reset instead of answering: the client cannot
     * tell whether the request took effect (a write may be stored although the caller saw an I/O error).
     */
    RESPONSE_LOST,
    /**
     * The request is forwarded and applied, and its response comes back with a wrong {@code x-amz-crc32} header:
     * the SDK refuses the response ({@code Crc32MismatchException}), though the request took effect.
     */
    CORRUPTED_CHECKSUM
}
