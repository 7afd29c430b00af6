package io.github.ddbpatterns.core;

import org.jspecify.annotations.Nullable;

/**
 * A pagination cursor that cannot be used: not one this library issued, altered, signed with another key,
 * or issued for another query or logical key. Thrown before any request is sent, so a bad cursor never reads
 * anything.
 *
 * <p>Cursors signed with a per-JVM key (the default) do not survive a restart and are not accepted by other
 * instances: services running several instances must configure a shared cursor key.
 */
public class InvalidCursorException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    private static final String FIELD = "cursor";

    protected InvalidCursorException(String message, @Nullable Throwable cause) {
        super(FIELD, message, cause);
    }

    /**
     * {@code cursor <reason>, got: <abbreviated cursor>}.
     *
     * @param cursor the cursor as received (abbreviated in the message)
     * @param reason why it was rejected, e.g. "failed its integrity check"
     */
    public static InvalidCursorException of(@Nullable String cursor, String reason) {
        return new InvalidCursorException(message(cursor, reason), null);
    }

    /** Like {@link #of(String, String)}, keeping the cause. */
    public static InvalidCursorException of(@Nullable String cursor, String reason, Throwable cause) {
        return new InvalidCursorException(message(cursor, reason), cause);
    }

    private static String message(@Nullable String cursor, String reason) {
        String shown = cursor == null
                ? "null"
                : cursor.length() > 24
                        ? "'" + cursor.substring(0, 24) + "…' (" + cursor.length() + " chars)"
                        : "'" + cursor + "'";
        return FIELD + " " + reason + ", got: " + shown;
    }
}
