package io.github.ddbpatterns.core.keys;

import java.nio.charset.StandardCharsets;

/**
 * What an error message shows instead of a key value: its size only. Keys may carry personal data, so
 * messages never print them.
 */
record RedactedKey(int utf8Bytes) {

    static RedactedKey of(String key) {
        return new RedactedKey(key.getBytes(StandardCharsets.UTF_8).length);
    }

    @Override
    public String toString() {
        return "a key of " + utf8Bytes + " bytes (value not shown)";
    }
}
