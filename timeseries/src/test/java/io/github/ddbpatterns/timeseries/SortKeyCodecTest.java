package io.github.ddbpatterns.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class SortKeyCodecTest {

    private static final long MIN_SECOND = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    private static final long MAX_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    @Test
    void sortKey_whenEventIdGiven_isFixedWidthUtcTimestampHashId() {
        assertThat(SortKeyCodec.sortKey(Instant.parse("2024-11-20T13:45:00.12Z"), "evt-42"))
                .isEqualTo("2024-11-20T13:45:00.120000000Z#evt-42");
        assertThat(SortKeyCodec.timestamp(Instant.parse("0001-01-01T00:00:00Z")))
                .hasSize(SortKeyCodec.TIMESTAMP_LENGTH);
    }

    @Test
    void sortKey_whenOutOfRangeOrEmptyTieBreaker_throws() {
        assertThatThrownBy(() -> SortKeyCodec.sortKey(Instant.parse("-0001-01-01T00:00:00Z"), "a"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("timestamp");
        assertThatThrownBy(() -> SortKeyCodec.sortKey(Instant.EPOCH, ""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tieBreaker");
        assertThatThrownBy(() -> SortKeyCodec.timestampOf("2024-11-20"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sortKey");
    }

    @Test
    void randomTieBreaker_is16HexDigits() {
        assertThat(SortKeyCodec.randomTieBreaker()).matches("[0-9a-f]{16}");
    }

    @Property(tries = 300)
    void sortKey_lexicographicOrder_isTimeOrderThenTieBreaker(
            @ForAll("instants") Instant a,
            @ForAll("instants") Instant b,
            @ForAll @AlphaChars @StringLength(min = 1, max = 20) String idA,
            @ForAll @AlphaChars @StringLength(min = 1, max = 20) String idB) {
        String ka = SortKeyCodec.sortKey(a, idA);
        String kb = SortKeyCodec.sortKey(b, idB);
        int expected = a.equals(b) ? Integer.signum(idA.compareTo(idB)) : Integer.signum(a.compareTo(b));
        assertThat(Integer.signum(ka.compareTo(kb))).isEqualTo(expected);
        assertThat(SortKeyCodec.timestampOf(ka)).isEqualTo(a);
        assertThat(SortKeyCodec.tieBreakerOf(ka)).isEqualTo(idA);
    }

    @Property(tries = 300)
    void bounds_selectExactlyTheHalfOpenRange(
            @ForAll("instants") Instant event,
            @ForAll("instants") Instant from,
            @ForAll("instants") Instant to,
            @ForAll @AlphaChars @StringLength(min = 1, max = 30) String id) {
        String key = SortKeyCodec.sortKey(event, id);
        boolean selected = key.compareTo(SortKeyCodec.lowerBound(from)) >= 0
                && key.compareTo(SortKeyCodec.upperBoundExclusive(to)) <= 0;
        assertThat(selected).isEqualTo(!event.isBefore(from) && event.isBefore(to));
    }

    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Instant> wide = Arbitraries.longs()
                .between(MIN_SECOND + 1, MAX_SECOND)
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
        // a narrow range makes equal and adjacent instants frequent
        Arbitrary<Instant> narrow = Arbitraries.integers()
                .between(0, 5)
                .map(n -> Instant.parse("2024-11-20T00:00:00Z").plusNanos(n));
        return Arbitraries.oneOf(wide, narrow);
    }
}
