package io.github.ddbpatterns.core.keys;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns a logical partition key into write-sharded physical keys {@code <logicalKey><separator><label><n>}
 * and back, e.g. {@code user-42} and shard 7 give {@code user-42#shard-7}. Shards are numbered
 * {@code 0 .. shardCount - 1}, written in decimal without padding; shard counts range from 1 to
 * {@value #MAX_SHARDS}.
 *
 * <p>Two ways to choose a shard when writing:
 * <ul>
 *   <li>{@link #randomShard(int)}: spreads writes evenly; reading one item back needs all shards
 *       (fan-out).</li>
 *   <li>{@link #calculatedShard(String, int)}: derives the shard from another attribute (for example an
 *       order id), so a point read knows its shard. The hash is MurmurHash3 x86 32-bit, seed 0, over the
 *       UTF-8 bytes, taken as unsigned and reduced modulo the shard count. It is frozen: it will not change
 *       between versions, and other languages can compute it (Guava {@code murmur3_32_fixed},
 *       Python {@code mmh3.hash(value, 0, signed=False)}).</li>
 * </ul>
 *
 * <pre>{@code
 * ShardKeyCodec codec = ShardKeyCodec.ofDefaults();          // "#" + "shard-"
 * String pk = codec.encode("user-42", codec.randomShard(10)); // e.g. "user-42#shard-3"
 * ShardedKey parts = codec.decode(pk);                        // ("user-42", 3)
 * List<String> all = codec.allPhysicalKeys("user-42", 10);    // shard-0 .. shard-9
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ShardKeyCodec {

    /** The largest shard count accepted. */
    public static final int MAX_SHARDS = 1000;

    private static final ShardKeyCodec DEFAULTS = builder().build();

    private final String separator;
    private final String label;
    private final String suffixMarker;

    private ShardKeyCodec(Builder builder) {
        this.separator = builder.separator;
        this.label = builder.label;
        this.suffixMarker = separator + label;
    }

    /** A codec with separator {@code #} and label {@code shard-}. */
    public static ShardKeyCodec ofDefaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults ({@code #}, {@code shard-}). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this codec's settings. */
    public Builder toBuilder() {
        return new Builder().separator(separator).label(label);
    }

    /** The separator between the logical key and the shard label, {@code #} by default. */
    public String separator() {
        return separator;
    }

    /** The text before the shard number, {@code shard-} by default (may be empty). */
    public String label() {
        return label;
    }

    /**
     * The physical key of {@code logicalKey} in {@code shard}.
     *
     * @throws InvalidInputException if {@code logicalKey} is null or empty, or {@code shard} is not in
     *     {@code 0 .. MAX_SHARDS - 1}
     */
    public String encode(String logicalKey, int shard) {
        Checks.notEmpty("logicalKey", logicalKey);
        Checks.inRange("shard", shard, 0, MAX_SHARDS - 1);
        return logicalKey + suffixMarker + shard;
    }

    /**
     * Takes a physical key apart. The suffix is searched from the end, so logical keys may themselves
     * contain the separator.
     *
     * @throws InvalidInputException if {@code physicalKey} does not end with {@code <separator><label><n>}
     *     (n canonical decimal, below {@value #MAX_SHARDS}) after a non-empty logical key; the message
     *     gives the key's size but never its value
     */
    public ShardedKey decode(String physicalKey) {
        Checks.notNull("physicalKey", physicalKey);
        int at = physicalKey.lastIndexOf(suffixMarker);
        if (at <= 0) {
            throw foreign(physicalKey);
        }
        String digits = physicalKey.substring(at + suffixMarker.length());
        int shard = parseShard(digits);
        if (shard < 0) {
            throw foreign(physicalKey);
        }
        return new ShardedKey(physicalKey.substring(0, at), shard);
    }

    /**
     * Like {@link #decode(String)} and also checks that the shard is below {@code shardCount}.
     *
     * @throws InvalidInputException if the key is foreign or its shard is {@code >= shardCount}, or if
     *     {@code shardCount} is not in {@code 1 .. MAX_SHARDS}
     */
    public ShardedKey decode(String physicalKey, int shardCount) {
        checkShardCount(shardCount);
        ShardedKey key = decode(physicalKey);
        if (key.shard() >= shardCount) {
            throw InvalidInputException.of(
                    "physicalKey",
                    RedactedKey.of(physicalKey),
                    "have a shard below shardCount " + shardCount + " (found shard " + key.shard() + ")");
        }
        return key;
    }

    /**
     * Whether {@link #decode(String)} would accept {@code physicalKey}.
     *
     * @throws InvalidInputException if {@code physicalKey} is null
     */
    public boolean isPhysicalKey(String physicalKey) {
        Checks.notNull("physicalKey", physicalKey);
        int at = physicalKey.lastIndexOf(suffixMarker);
        return at > 0 && parseShard(physicalKey.substring(at + suffixMarker.length())) >= 0;
    }

    /**
     * Every physical key of {@code logicalKey}, shard 0 first. The list is computed on access, so
     * holding it costs no memory per shard.
     *
     * @throws InvalidInputException if {@code logicalKey} is empty or {@code shardCount} is not in
     *     {@code 1 .. MAX_SHARDS}
     */
    public List<String> allPhysicalKeys(String logicalKey, int shardCount) {
        Checks.notEmpty("logicalKey", logicalKey);
        checkShardCount(shardCount);
        return new AbstractList<>() {
            @Override
            public String get(int index) {
                if (index < 0 || index >= shardCount) {
                    throw new IndexOutOfBoundsException("index " + index + " of " + shardCount);
                }
                return logicalKey + suffixMarker + index;
            }

            @Override
            public int size() {
                return shardCount;
            }
        };
    }

    /**
     * A uniformly random shard in {@code 0 .. shardCount - 1} ({@link ThreadLocalRandom}).
     *
     * @throws InvalidInputException if {@code shardCount} is not in {@code 1 .. MAX_SHARDS}
     */
    public int randomShard(int shardCount) {
        checkShardCount(shardCount);
        return ThreadLocalRandom.current().nextInt(shardCount);
    }

    /**
     * The shard derived from {@code attributeValue}: unsigned MurmurHash3 x86 32 (seed 0) of its UTF-8
     * bytes modulo {@code shardCount}. Stable across JVMs and library versions.
     *
     * <pre>{@code
     * int shard = codec.calculatedShard(order.orderId(), 10);   // same order id -> same shard, always
     * }</pre>
     *
     * @throws InvalidInputException if {@code attributeValue} is null or {@code shardCount} is not in
     *     {@code 1 .. MAX_SHARDS}
     */
    public int calculatedShard(String attributeValue, int shardCount) {
        Checks.notNull("attributeValue", attributeValue);
        checkShardCount(shardCount);
        int hash = Murmur3.hash32(attributeValue.getBytes(StandardCharsets.UTF_8), 0);
        return (int) (Integer.toUnsignedLong(hash) % shardCount);
    }

    /**
     * Checks a shard count.
     *
     * @throws InvalidInputException naming {@code shardCount} if it is not in {@code 1 .. MAX_SHARDS}
     */
    public static int checkShardCount(int shardCount) {
        return Checks.inRange("shardCount", shardCount, 1, MAX_SHARDS);
    }

    @Override
    public String toString() {
        return "ShardKeyCodec[<key>" + suffixMarker + "<n>]";
    }

    private InvalidInputException foreign(String physicalKey) {
        return InvalidInputException.of(
                "physicalKey",
                RedactedKey.of(physicalKey),
                "be '<logicalKey>" + suffixMarker + "<n>' with a non-empty logical key and n in 0.."
                        + (MAX_SHARDS - 1));
    }

    /** The shard number, or -1 unless {@code digits} is canonical decimal below MAX_SHARDS. */
    private static int parseShard(String digits) {
        int length = digits.length();
        if (length == 0 || length > 3 || (length > 1 && digits.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < length; i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value < MAX_SHARDS ? value : -1;
    }

    /** Builds a {@link ShardKeyCodec}; each setter validates at once. */
    public static final class Builder {

        private String separator = "#";
        private String label = "shard-";

        private Builder() {}

        /**
         * The separator between logical key and label, {@code #} by default.
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder separator(String separator) {
            this.separator = Checks.notEmpty("separator", separator);
            return this;
        }

        /**
         * The text before the shard number, {@code shard-} by default; may be empty ({@code user-42#7}).
         *
         * @throws InvalidInputException if null or ending with a digit (the number would be ambiguous)
         */
        public Builder label(String label) {
            Checks.notNull("label", label);
            if (!label.isEmpty() && Character.isDigit(label.charAt(label.length() - 1))) {
                throw InvalidInputException.of("label", label, "not end with a digit");
            }
            this.label = label;
            return this;
        }

        /**
         * The codec.
         *
         * @throws InvalidInputException if the separator ends with a digit while the label is empty
         */
        public ShardKeyCodec build() {
            if (label.isEmpty() && Character.isDigit(separator.charAt(separator.length() - 1))) {
                throw InvalidInputException.of("separator", separator, "not end with a digit when label is empty");
            }
            return new ShardKeyCodec(this);
        }
    }
}
