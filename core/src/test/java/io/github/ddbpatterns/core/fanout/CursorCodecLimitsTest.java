package io.github.ddbpatterns.core.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link CursorCodec} at its size limits: many sources with long keys, and cursors too long to decode. */
class CursorCodecLimitsTest {

    /**
     * A fan-out over 1,500 sources (FanOutQuery allows 10,000) with ordinary UUID keys stopped in every source
     * yields a cursor that encode() returns without complaint but that decode() refuses as longer than its
     * 64 Ki-character limit: the next page of that query can never be read.
     */
    @Test
    void decode_ofEncodeForManySourcesWithUuidKeys_returnsSamePositions() {
        CursorCodec codec = CursorCodec.withKey(new byte[32]);
        List<SourcePosition> positions = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            UUID pk = UUID.nameUUIDFromBytes(("pk" + i).getBytes());
            UUID sk = UUID.nameUUIDFromBytes(("sk" + i).getBytes());
            positions.add(SourcePosition.after(
                    Map.of("pk", AttributeValue.fromS(pk.toString()), "sk", AttributeValue.fromS(sk.toString()))));
        }

        String cursor = codec.encode("q", positions);

        assertThat(codec.decode(cursor, "q")).isEqualTo(positions);
    }

    /** Whatever encode returns, decode accepts: a cursor too long to decode is refused when it is made. */
    @Test
    void encode_whenCursorWouldExceedTheDecodeLimit_failsNamingTheLimit() {
        CursorCodec codec = CursorCodec.withKey(new byte[32]);
        List<SourcePosition> positions = new ArrayList<>();
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 1_000; i++) {
            byte[] incompressible = new byte[1_000];
            random.nextBytes(incompressible);
            positions.add(SourcePosition.after(Map.of(
                    "pk", AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromByteArray(incompressible)))));
        }

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.encode("q", positions))
                .isInstanceOf(io.github.ddbpatterns.core.InvalidInputException.class)
                .hasMessageContaining("at most " + CursorCodec.MAX_CURSOR_CHARS + " characters");
    }
}
