package io.github.ddbpatterns.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.InvalidInputException;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzzing of the key codecs' decoders: whatever text comes back from a table or a client, a decoder returns a
 * value that encodes back to the same text or throws the documented {@link InvalidInputException}; no other
 * exception (no NumberFormatException, DateTimeException, IndexOutOfBoundsException) escapes.
 */
class KeyCodecFuzzTest {

    private final ShardKeyCodec shards = ShardKeyCodec.ofDefaults();

    @Property(tries = 2000)
    void shardKeyDecode_ofAnyText_returnsARoundTripOrThrowsInvalidInput(@ForAll("keyLikeText") String text) {
        ShardedKey key = decodeOrNull(shards::decode, text);
        if (key != null) {
            assertThat(shards.encode(key.logicalKey(), key.shard())).isEqualTo(text);
        }
    }

    @Property(tries = 1000)
    void shardKeyDecode_withShardCount_neverReturnsAShardOutOfRange(
            @ForAll("keyLikeText") String text, @ForAll @IntRange(min = 1, max = 1000) int shardCount) {
        ShardedKey key = decodeOrNull(t -> shards.decode(t, shardCount), text);
        if (key != null) {
            assertThat(key.shard()).isBetween(0, shardCount - 1);
        }
    }

    @Property(tries = 2000)
    void bucketParseLabel_ofAnyText_returnsARoundTripOrThrowsInvalidInput(
            @ForAll Bucket bucket, @ForAll("labelLikeText") String text) {
        BucketCodec codec = BucketCodec.builder().bucket(bucket).build();
        TimeBucket parsed = decodeOrNull(codec::parseLabel, text);
        if (parsed != null) {
            assertThat(codec.label(parsed.start())).isEqualTo(text);
        }
    }

    @Property(tries = 2000)
    void orderedNumberDecode_ofAnyText_returnsARoundTripOrThrowsInvalidInput(@ForAll("numberLikeText") String text) {
        var value = decodeOrNull(OrderedNumberCodec::decode, text);
        if (value != null) {
            assertThat(text)
                    .isIn(OrderedNumberCodec.encodeAscending(value), OrderedNumberCodec.encodeDescending(value));
        }
    }

    @Property(tries = 1000)
    void orderedNumberDecodePrefix_ofAnyText_throwsOnlyInvalidInput(@ForAll("numberLikeText") String text) {
        decodeOrNull(OrderedNumberCodec::decodePrefix, text);
        decodeOrNull(OrderedNumberCodec::prefixLength, text);
    }

    /** Text near the codec's own output: valid keys, then edited, cut, extended or replaced by noise. */
    @Provide
    Arbitrary<String> keyLikeText() {
        Arbitrary<String> valid = Arbitraries.strings()
                .ofMinLength(0)
                .ofMaxLength(20)
                .flatMap(logical -> Arbitraries.integers()
                        .between(0, ShardKeyCodec.MAX_SHARDS - 1)
                        .map(shard -> logical.isEmpty() ? "#s" + shard : shards.encode(logical, shard)));
        return mutated(valid, "#s0123456789-+ ");
    }

    @Provide
    Arbitrary<String> labelLikeText() {
        Arbitrary<String> valid = Arbitraries.of(Bucket.values())
                .flatMap(bucket -> Arbitraries.longs()
                        .between(-62_000_000_000L, 250_000_000_000L)
                        .map(seconds -> BucketCodec.builder()
                                .bucket(bucket)
                                .build()
                                .label(java.time.Instant.ofEpochSecond(seconds))));
        return mutated(valid, "0123456789-WT:+ ");
    }

    @Provide
    Arbitrary<String> numberLikeText() {
        Arbitrary<String> valid = Arbitraries.longs()
                .flatMap(n ->
                        Arbitraries.of(OrderedNumberCodec.encodeAscending(n), OrderedNumberCodec.encodeDescending(n)));
        return mutated(valid, "0123456789abcdefghijklmnopqrstuvwxyz.-+#~");
    }

    private static Arbitrary<String> mutated(Arbitrary<String> valid, String alphabet) {
        Arbitrary<Character> characters = Arbitraries.oneOf(
                Arbitraries.of(alphabet.chars().mapToObj(c -> (char) c).toArray(Character[]::new)),
                Arbitraries.chars());
        return Arbitraries.oneOf(
                valid,
                Arbitraries.strings().withChars(alphabet.toCharArray()).ofMaxLength(40),
                Arbitraries.strings().ofMaxLength(40),
                valid.flatMap(text -> Arbitraries.integers()
                        .between(0, Math.max(0, text.length() - 1))
                        .flatMap(at -> characters.map(c -> text.isEmpty()
                                ? String.valueOf(c)
                                : text.substring(0, at) + c + text.substring(at + 1)))),
                valid.flatMap(
                        text -> Arbitraries.integers().between(0, text.length()).map(at -> text.substring(0, at))),
                valid.flatMap(text -> characters.map(c -> text + c)),
                valid.flatMap(text -> characters.map(c -> c + text)));
    }

    private static <T> T decodeOrNull(Function<String, T> decoder, String text) {
        try {
            return decoder.apply(text);
        } catch (InvalidInputException expected) {
            assertThat(expected.getMessage()).startsWith(expected.field() + " must ");
            return null;
        }
    }
}
