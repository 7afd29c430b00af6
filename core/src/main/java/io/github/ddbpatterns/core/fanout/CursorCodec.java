package io.github.ddbpatterns.core.fanout;

import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Encodes the positions of a fan-out's sources into an opaque, versioned, integrity-protected cursor string,
 * and decodes it back, bound to the query it was issued for.
 *
 * <p>Format (version 1): base64url (no padding) of {@code version | flags | payload | HMAC-SHA256}, where the
 * payload (deflated when that is shorter) holds a 16-byte digest of the query fingerprint and, per source, its
 * {@link SourcePosition} with keys serialised compactly (attribute name, type S/N/B, value). The MAC covers
 * everything before it, so any altered byte is rejected; the fingerprint digest makes a cursor of one query
 * (or logical key) unusable with another. Decoding fails with {@link InvalidCursorException} and never
 * returns a partially trusted position.
 *
 * <p><b>Keys.</b> {@link #withKey(byte[])} signs with your secret (at least 16 bytes, 32 recommended): use it
 * when several instances serve the same clients, or when cursors must survive a restart. {@link #perJvm()}
 * signs with a random key generated once per JVM: its cursors are rejected by other instances and after a
 * restart.
 *
 * <pre>{@code
 * CursorCodec codec = CursorCodec.withKey(secretFromVault);   // shared by every instance
 * FanOut fanOut = FanOut.builder().cursorCodec(codec).build();
 * }</pre>
 */
public final class CursorCodec {

    /** Current cursor format version. */
    static final int VERSION = 1;

    static final int MIN_KEY_BYTES = 16;
    private static final int FLAG_DEFLATED = 1;
    private static final int MAC_BYTES = 32;
    private static final int DIGEST_BYTES = 16;
    /** Longest cursor {@link #encode} returns and {@link #decode} accepts (about 10,000 sources with UUID keys). */
    static final int MAX_CURSOR_CHARS = 1024 * 1024;
    /** Bound on a decoded payload, so a small deflated cursor cannot inflate without limit. */
    private static final int MAX_INFLATED_BYTES = 8 * 1024 * 1024;

    private static final String HMAC = "HmacSHA256";
    private static final byte TAG_NOT_STARTED = 0;
    private static final byte TAG_EXHAUSTED = 1;
    private static final byte TAG_AFTER = 2;

    private static final class PerJvm {
        private static final CursorCodec INSTANCE;

        static {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            INSTANCE = new CursorCodec(key);
        }
    }

    private final SecretKeySpec key;

    private CursorCodec(byte[] key) {
        this.key = new SecretKeySpec(key.clone(), HMAC);
    }

    /**
     * A codec signing with {@code key}; give every instance of a service the same key.
     *
     * @throws InvalidInputException if {@code key} is null or shorter than 16 bytes
     */
    public static CursorCodec withKey(byte[] key) {
        Checks.notNull("key", key);
        if (key.length < MIN_KEY_BYTES) {
            throw InvalidInputException.of("key", key.length + " bytes", "be at least " + MIN_KEY_BYTES + " bytes");
        }
        return new CursorCodec(key);
    }

    /**
     * The codec signing with a random key generated once per JVM. Its cursors are valid only in this JVM: they
     * are rejected after a restart and by other instances; multi-instance services must use
     * {@link #withKey(byte[])} with a shared key.
     */
    public static CursorCodec perJvm() {
        return PerJvm.INSTANCE;
    }

    /**
     * Encodes {@code positions} into a cursor bound to {@code fingerprint}.
     *
     * @param fingerprint what the cursor belongs to (query, logical key, order...); hashed, never stored
     * @param positions one position per source, in source order
     * @throws InvalidInputException if an argument is null, a key holds a type other than S, N or B, or the
     *         cursor would be longer than {@value #MAX_CURSOR_CHARS} characters (which decode would refuse)
     */
    public String encode(String fingerprint, List<SourcePosition> positions) {
        Checks.notNull("fingerprint", fingerprint);
        Checks.notNull("positions", positions);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes(digest(fingerprint));
        writeVarint(payload, positions.size());
        for (SourcePosition position : positions) {
            writePosition(payload, Checks.notNull("positions[]", position));
        }
        byte[] plain = payload.toByteArray();
        byte[] deflated = deflate(plain);
        boolean useDeflated = deflated.length < plain.length;
        byte[] body = useDeflated ? deflated : plain;

        byte[] out = new byte[2 + body.length + MAC_BYTES];
        out[0] = (byte) VERSION;
        out[1] = (byte) (useDeflated ? FLAG_DEFLATED : 0);
        System.arraycopy(body, 0, out, 2, body.length);
        byte[] mac = mac(out, 0, 2 + body.length);
        System.arraycopy(mac, 0, out, 2 + body.length, MAC_BYTES);
        String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        if (cursor.length() > MAX_CURSOR_CHARS) {
            throw InvalidInputException.of(
                    "positions",
                    positions.size() + " source positions",
                    "encode to a cursor of at most " + MAX_CURSOR_CHARS + " characters (got " + cursor.length()
                            + "); page over fewer sources or shorter keys");
        }
        return cursor;
    }

    /**
     * Decodes {@code cursor}, checking its integrity and that it was issued for {@code fingerprint}.
     *
     * @param cursor a cursor from {@link #encode}
     * @param fingerprint the fingerprint of the query being resumed
     * @return one position per source, in source order
     * @throws InvalidCursorException if the cursor is malformed, altered, signed with another key, of an
     *         unknown version, or issued for another fingerprint
     */
    public List<SourcePosition> decode(String cursor, String fingerprint) {
        Checks.notNull("fingerprint", fingerprint);
        if (cursor == null || cursor.isEmpty()) {
            throw InvalidCursorException.of(cursor, "must be a non-empty cursor string");
        }
        if (cursor.length() > MAX_CURSOR_CHARS) {
            throw InvalidCursorException.of(cursor, "is longer than " + MAX_CURSOR_CHARS + " characters");
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw InvalidCursorException.of(cursor, "is not base64url text", e);
        }
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(raw).equals(cursor)) {
            // the decoder ignores the unused low bits of the last character and accepts padding
            throw InvalidCursorException.of(cursor, "is not in canonical base64url form");
        }
        if (raw.length < 2 + MAC_BYTES) {
            throw InvalidCursorException.of(cursor, "is too short to be a cursor");
        }
        int bodyEnd = raw.length - MAC_BYTES;
        byte[] expectedMac = mac(raw, 0, bodyEnd);
        if (!MessageDigest.isEqual(expectedMac, Arrays.copyOfRange(raw, bodyEnd, raw.length))) {
            throw InvalidCursorException.of(
                    cursor,
                    "failed its integrity check: it was altered, or signed with"
                            + " another key (per-JVM keys do not survive restarts nor work across instances)");
        }
        if (raw[0] != VERSION) {
            throw InvalidCursorException.of(
                    cursor,
                    "has unsupported version " + (raw[0] & 0xff) + " (this library reads version " + VERSION + ")");
        }
        byte[] body = Arrays.copyOfRange(raw, 2, bodyEnd);
        try {
            byte[] plain = (raw[1] & FLAG_DEFLATED) != 0 ? inflate(body) : body;
            Reader in = new Reader(plain);
            byte[] digest = in.bytes(DIGEST_BYTES);
            if (!MessageDigest.isEqual(digest, digest(fingerprint))) {
                throw InvalidCursorException.of(cursor, "belongs to another query or logical key");
            }
            int count = in.varint();
            List<SourcePosition> positions = new ArrayList<>(Math.min(count, 4096));
            for (int i = 0; i < count; i++) {
                positions.add(readPosition(in));
            }
            if (!in.atEnd()) {
                throw new IllegalStateException("trailing bytes");
            }
            return List.copyOf(positions);
        } catch (InvalidCursorException e) {
            throw e;
        } catch (RuntimeException | DataFormatException e) {
            throw InvalidCursorException.of(cursor, "is malformed", e);
        }
    }

    private static void writePosition(ByteArrayOutputStream out, SourcePosition position) {
        if (position instanceof SourcePosition.NotStarted) {
            out.write(TAG_NOT_STARTED);
        } else if (position instanceof SourcePosition.Exhausted) {
            out.write(TAG_EXHAUSTED);
        } else {
            Map<String, AttributeValue> key = ((SourcePosition.After) position).key();
            out.write(TAG_AFTER);
            writeVarint(out, key.size());
            for (Map.Entry<String, AttributeValue> e : new TreeMap<>(key).entrySet()) {
                writeBytes(out, e.getKey().getBytes(StandardCharsets.UTF_8));
                writeValue(out, e.getKey(), e.getValue());
            }
        }
    }

    private static void writeValue(ByteArrayOutputStream out, String name, AttributeValue value) {
        if (value.s() != null) {
            out.write('S');
            writeBytes(out, value.s().getBytes(StandardCharsets.UTF_8));
        } else if (value.n() != null) {
            out.write('N');
            writeBytes(out, value.n().getBytes(StandardCharsets.US_ASCII));
        } else if (value.b() != null) {
            out.write('B');
            writeBytes(out, value.b().asByteArrayUnsafe());
        } else {
            throw InvalidInputException.of("key." + name, value.type(), "be a key attribute of type S, N or B");
        }
    }

    private static SourcePosition readPosition(Reader in) {
        int tag = in.u8();
        switch (tag) {
            case TAG_NOT_STARTED:
                return SourcePosition.NOT_STARTED;
            case TAG_EXHAUSTED:
                return SourcePosition.EXHAUSTED;
            case TAG_AFTER:
                int size = in.varint();
                if (size < 1 || size > 4) {
                    throw new IllegalStateException("key of " + size + " attributes");
                }
                Map<String, AttributeValue> key = new TreeMap<>();
                for (int i = 0; i < size; i++) {
                    String name = new String(in.bytes(in.varint()), StandardCharsets.UTF_8);
                    int type = in.u8();
                    byte[] value = in.bytes(in.varint());
                    key.put(
                            name,
                            switch (type) {
                                case 'S' -> AttributeValue.fromS(new String(value, StandardCharsets.UTF_8));
                                case 'N' -> AttributeValue.fromN(new String(value, StandardCharsets.US_ASCII));
                                case 'B' -> AttributeValue.fromB(SdkBytes.fromByteArray(value));
                                default -> throw new IllegalStateException("attribute type " + type);
                            });
                }
                return SourcePosition.after(key);
            default:
                throw new IllegalStateException("position tag " + tag);
        }
    }

    private byte[] mac(byte[] data, int offset, int length) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update(data, offset, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] digest(String fingerprint) {
        try {
            byte[] full = MessageDigest.getInstance("SHA-256").digest(fingerprint.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(full, DIGEST_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static byte[] deflate(byte[] plain) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(plain);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 2 + 16);
            byte[] buffer = new byte[1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] body) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(body);
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 3);
            byte[] buffer = new byte[1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated deflate stream");
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_INFLATED_BYTES) {
                    throw new DataFormatException("inflates beyond " + MAX_INFLATED_BYTES + " bytes");
                }
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
        writeVarint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
        int v = value;
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    /** Bounds-checked reading of the payload. */
    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        int u8() {
            if (pos >= data.length) {
                throw new IllegalStateException("truncated");
            }
            return data[pos++] & 0xff;
        }

        int varint() {
            int result = 0;
            for (int shift = 0; shift < 32; shift += 7) {
                int b = u8();
                result |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    if (result < 0) {
                        throw new IllegalStateException("negative length");
                    }
                    return result;
                }
            }
            throw new IllegalStateException("varint too long");
        }

        byte[] bytes(int length) {
            if (length < 0 || length > data.length - pos) {
                throw new IllegalStateException("truncated");
            }
            byte[] out = Arrays.copyOfRange(data, pos, pos + length);
            pos += length;
            return out;
        }

        boolean atEnd() {
            return pos == data.length;
        }
    }
}
