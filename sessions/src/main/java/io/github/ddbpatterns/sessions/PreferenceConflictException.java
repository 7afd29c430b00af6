package io.github.ddbpatterns.sessions;

import io.github.ddbpatterns.core.DdbPatternsException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A versioned write (a put or a delete) lost against another writer: the item changed since this instance last
 * saw it. Nothing is lost: {@link #attempted()} is the value that was not written (empty for a delete),
 * {@link #current()} the value stored when the condition failed (empty when it was not returned or the item is
 * gone). Read the key again, merge, and write again.
 */
public class PreferenceConflictException extends DdbPatternsException {

    private static final long serialVersionUID = 1L;

    private final transient @Nullable Object attempted;
    private final transient @Nullable Object current;
    private final long expectedVersion;
    private final long currentVersion;

    private PreferenceConflictException(
            String message,
            @Nullable Object attempted,
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
            String operation,
            String key,
            @Nullable Object attempted,
            @Nullable Object current,
            long expectedVersion,
            long currentVersion,
            Throwable cause) {
        return new PreferenceConflictException(
                "versioned " + operation + " of " + key + " expected version "
                        + (expectedVersion == 0 ? "none (item absent or unversioned)" : expectedVersion)
                        + " but found "
                        + (currentVersion < 0 ? "unknown" : currentVersion == 0 ? "none" : currentVersion)
                        + ": another writer changed it; read it again and retry",
                attempted,
                current,
                expectedVersion,
                currentVersion,
                cause);
    }

    /**
     * The value this instance tried to write.
     *
     * @param <T> the store's item type
     * @return the value; empty when the lost write was a delete
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> attempted() {
        return Optional.ofNullable((T) attempted);
    }

    /**
     * The value stored when the write was refused.
     *
     * @param <T> the store's item type
     * @return the value; empty when unknown or absent
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> current() {
        return Optional.ofNullable((T) current);
    }

    /**
     * The version this instance expected.
     *
     * @return the version; 0 when it expected no version (the item absent, or stored without one)
     */
    public long expectedVersion() {
        return expectedVersion;
    }

    /**
     * The stored version when refused.
     *
     * @return the version; 0 for none (the item is gone or has no version), -1 when unknown
     */
    public long currentVersion() {
        return currentVersion;
    }
}
