package io.github.ddbpatterns.core.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Round trip, integrity and binding of {@link CursorCodec}. */
class CursorCodecTest {

    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private final CursorCodec codec = CursorCodec.withKey("0123456789abcdef0123456789abcdef".getBytes());

    @Property(tries = 300)
    void decode_ofEncode_returnsSamePositions(
            @ForAll("positions") List<SourcePosition> positions, @ForAll String fingerprint) {
        String cursor = codec.encode(fingerprint, positions);

        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(codec.decode(cursor, fingerprint)).isEqualTo(positions);
    }

    @Property(tries = 300)
    void decode_withAnyCharacterChanged_isRejected(
            @ForAll("positions") List<SourcePosition> positions,
            @ForAll @IntRange(min = 0, max = 10_000) int where,
            @ForAll @IntRange(min = 1, max = 63) int shift) {
        String cursor = codec.encode("q", positions);
        int i = where % cursor.length();
        char changed = BASE64URL.charAt((BASE64URL.indexOf(cursor.charAt(i)) + shift) % 64);
        String tampered = cursor.substring(0, i) + changed + cursor.substring(i + 1);

        assertThatThrownBy(() -> codec.decode(tampered, "q")).isInstanceOf(InvalidCursorException.class);
    }

    @Property(tries = 300)
    void decode_withAnyByteFlipped_isRejected(
            @ForAll("positions") List<SourcePosition> positions,
            @ForAll @IntRange(min = 0, max = 10_000) int where,
            @ForAll @IntRange(min = 1, max = 255) int mask) {
        byte[] raw = Base64.getUrlDecoder().decode(codec.encode("q", positions));
        raw[where % raw.length] ^= (byte) mask;
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

        assertThatThrownBy(() -> codec.decode(tampered, "q"))
                .isInstanceOf(InvalidCursorException.class)
                .hasMessageContaining("integrity");
    }

    @Property(tries = 200)
    void decode_withTruncatedOrExtendedCursor_isRejected(
            @ForAll("positions") List<SourcePosition> positions,
            @ForAll @IntRange(min = 1, max = 10_000) int cut,
            @ForAll boolean extend) {
        String cursor = codec.encode("q", positions);
        String altered = extend ? cursor + "AAAA" : cursor.substring(0, cursor.length() - 1 - cut % cursor.length());

        assertThatThrownBy(() -> codec.decode(altered, "q")).isInstanceOf(InvalidCursorException.class);
    }

    @Property(tries = 200)
    void decode_forAnotherFingerprint_isRejected(
            @ForAll("positions") List<SourcePosition> positions, @ForAll String a, @ForAll String b) {
        net.jqwik.api.Assume.that(!a.equals(b));
        String cursor = codec.encode(a, positions);

        assertThatThrownBy(() -> codec.decode(cursor, b))
                .isInstanceOf(InvalidCursorException.class)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("another query");
    }

    @Property(tries = 200)
    void decode_ofArbitraryText_throwsOnlyInvalidCursor(@ForAll @Size(max = 200) String text) {
        assertThatThrownBy(() -> codec.decode(text, "q")).isInstanceOf(InvalidCursorException.class);
    }

    @Example
    void decode_withAnotherKey_isRejected() {
        String cursor = codec.encode("q", List.of(SourcePosition.NOT_STARTED));
        CursorCodec other = CursorCodec.withKey("another-key-of-32-bytes-00000000".getBytes());

        assertThatThrownBy(() -> other.decode(cursor, "q"))
                .isInstanceOf(InvalidCursorException.class)
                .hasMessageContaining("integrity")
                .hasMessageContaining("per-JVM");
    }

    @Example
    void encode_hundredShardPositions_staysCompact() {
        List<SourcePosition> positions = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            positions.add(SourcePosition.after(Map.of(
                    "pk",
                    AttributeValue.fromS("user-42#shard-" + i),
                    "sk",
                    AttributeValue.fromN(Long.toString(1_700_000_000_000L + i * 7919L)))));
        }
        String cursor = codec.encode("q", positions);

        assertThat(codec.decode(cursor, "q")).isEqualTo(positions);
        assertThat(cursor.length()).isLessThan(3000);
    }

    @Example
    void encode_withNonKeyAttributeType_isRejected() {
        List<SourcePosition> positions = List.of(SourcePosition.after(Map.of("pk", AttributeValue.fromBool(true))));

        assertThatThrownBy(() -> codec.encode("q", positions))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("key.pk");
    }

    @Example
    void withKey_shorterThan16Bytes_isRejected() {
        assertThatThrownBy(() -> CursorCodec.withKey(new byte[15]))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("key must be at least 16 bytes");
    }

    @Provide
    Arbitrary<List<SourcePosition>> positions() {
        Arbitrary<AttributeValue> value = Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(30).map(AttributeValue::fromS),
                Arbitraries.bigDecimals()
                        .between(new java.math.BigDecimal("-1e12"), new java.math.BigDecimal("1e12"))
                        .ofScale(3)
                        .map(d -> AttributeValue.fromN(d.toPlainString())),
                Arbitraries.bytes()
                        .array(byte[].class)
                        .ofMinSize(1)
                        .ofMaxSize(20)
                        .map(b -> AttributeValue.fromB(SdkBytes.fromByteArray(b))));
        Arbitrary<Map<String, AttributeValue>> key = Combinators.combine(
                        Arbitraries.strings()
                                .alpha()
                                .ofMinLength(1)
                                .ofMaxLength(8)
                                .list()
                                .ofMinSize(1)
                                .ofMaxSize(4)
                                .uniqueElements(),
                        value.list().ofSize(4))
                .as((names, values) -> {
                    Map<String, AttributeValue> map = new HashMap<>();
                    for (int i = 0; i < names.size(); i++) {
                        map.put(names.get(i), values.get(i));
                    }
                    return map;
                });
        Arbitrary<SourcePosition> position = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(SourcePosition.NOT_STARTED)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(SourcePosition.EXHAUSTED)),
                net.jqwik.api.Tuple.of(3, key.map(SourcePosition::after)));
        return position.list().ofMinSize(0).ofMaxSize(40);
    }
}
