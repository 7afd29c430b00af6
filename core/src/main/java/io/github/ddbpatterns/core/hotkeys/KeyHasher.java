package io.github.ddbpatterns.core.hotkeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Renders a key for reports: the first 12 bytes (96 bits) of SHA-256(salt || UTF-8 key), base64url without
 * padding, 16 characters. Stable across runs for a given salt, so the same key can be followed over time
 * (and looked up by someone who knows it) without showing it.
 */
final class KeyHasher {

    private static final int PREFIX_BYTES = 12;

    private final byte[] salt;

    KeyHasher(byte[] salt) {
        this.salt = salt.clone();
    }

    String hash(String key) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        digest.update(salt);
        byte[] hash = digest.digest(key.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, PREFIX_BYTES));
    }
}
