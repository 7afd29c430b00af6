package io.github.ddbpatterns.sessions;

import io.github.ddbpatterns.core.DdbPatternsException;
import org.jspecify.annotations.Nullable;

/**
 * A versioned write lost against another writer: the item changed since this instance last saw it. Nothing is
 * lost: {@link #attempted()} is the value that was not written, {@link #current()} the value stored when the
 * condition failed (null when it was not returned or the item is gone). Read the key again, merge, and put.
 */
public class PreferenceConflictException extends DdbPatternsException {

    private static final long serialVersionUID = 1L;

    private final transient Object attempted;
    private final transient @Nullable Object current;
    private final long expectedVersion;
    private final long currentVersion;

    private PreferenceConflictException(
            String message,
            Object attempted,
            @Nullable Object current,
            long expectedVersion,
            long currentVersion,
            Throwable cause) {
        super(message, cause);
        this.attempted = attempted;
        this.current = current;
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
    }

    static PreferenceConflictException of(
            String key,
            Object attempted,
            @Nullable Object current,
            long expectedVersion,
            long currentVersion,
            Throwable cause) {
        return new PreferenceConflictException(
                "versioned write of " + key + " expected version "
                        + (expectedVersion == 0 ? "none (item absent)" : expectedVersion) + " but found "
                        + (currentVersion < 0 ? "unknown" : currentVersion == 0 ? "none" : currentVersion)
                        + ": another writer changed it; read it again and retry",
                attempted,
                current,
                expectedVersion,
                currentVersion,
                cause);
    }

    /** The value this instance tried to write. */
    @SuppressWarnings("unchecked")
    public <T> T attempted() {
        return (T) attempted;
    }

    /** The value stored when the write was refused, or null when unknown or absent. */
    @SuppressWarnings("unchecked")
    public <T> @Nullable T current() {
        return (T) current;
    }

    /** The version this instance expected (0: expected the item not to exist). */
    public long expectedVersion() {
        return expectedVersion;
    }

    /** The stored version when refused (0: none, -1: unknown). */
    public long currentVersion() {
        return currentVersion;
    }
}
