package io.github.ddbpatterns.core.hotkeys;

/**
 * One hot partition key as estimated by {@link HotKeyTracker}: the true rate lies in
 * {@code [unitsPerSecond - maxErrorPerSecond, unitsPerSecond]} (Space-Saving overestimates, never
 * underestimates, a monitored key).
 *
 * @param key how the key is shown: its hash (see {@link #keyHash()}) unless the tracker reveals raw keys
 * @param keyHash the key's SHA-256 prefix in base64url (16 characters), always hashed
 * @param access whether these are read or write units
 * @param unitsPerSecond the estimated capacity units per second over the tracker's window (upper bound)
 * @param maxErrorPerSecond how much the estimate may exceed the true rate
 */
public record HotKey(String key, String keyHash, AccessType access, double unitsPerSecond, double maxErrorPerSecond) {

    /** The rate this key certainly reached: {@code unitsPerSecond - maxErrorPerSecond}, at least 0. */
    public double guaranteedUnitsPerSecond() {
        return Math.max(0, unitsPerSecond - maxErrorPerSecond);
    }
}
