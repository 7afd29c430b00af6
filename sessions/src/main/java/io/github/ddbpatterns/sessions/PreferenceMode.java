package io.github.ddbpatterns.sessions;

/** How a {@link PreferenceStore} writes what survives a coalescing window. */
public enum PreferenceMode {

    /**
     * Unconditional puts in BatchWriteItem calls of up to 25 keys: the cheapest (one request per 25 keys), and the
     * last write to reach DynamoDB wins, whichever instance it came from.
     */
    LAST_WRITER_WINS,

    /**
     * One conditional PutItem (or DeleteItem) per key and window, checking a version attribute: concurrent
     * instances never silently overwrite each other; the loser's write fails with
     * {@link PreferenceConflictException} carrying its value and the stored one. Same item writes as
     * last-writer-wins (at most one per key per window) but one request per key instead of one per 25 keys,
     * because BatchWriteItem cannot carry conditions.
     *
     * <p>The expected version is the last one this instance read ({@code get}) or wrote for the key, or the one
     * a lost race found stored: {@code get} a key before changing it (read-modify-write). Without one, a write
     * expects the item to have no version (absent, or stored before versioning) and is refused when it has one.
     */
    VERSIONED
}
