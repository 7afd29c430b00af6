package io.github.ddbpatterns.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class OrderedNumberCodecTest {

    @Test
    void encodeAscending_whenDocumentedExamples_matchesJavadoc() {
        assertThat(OrderedNumberCodec.encodeAscending(42L)).isEqualTo("250242.");
        assertThat(OrderedNumberCodec.encodeAscending(-42L)).isEqualTo("049757~");
        assertThat(OrderedNumberCodec.encodeDescending(42L)).isEqualTo("a49757~");
        assertThat(OrderedNumberCodec.encodeAscending(0L)).isEqualTo("1");
        assertThat(OrderedNumberCodec.encodeDescending(0L)).isEqualTo("b");
        assertThat(OrderedNumberCodec.decode("250242.")).isEqualByComparingTo("42");
    }

    @Test
    void encodeAscending_whenEqualValuesDifferentScale_encodesEqually() {
        assertThat(OrderedNumberCodec.encodeAscending(new BigDecimal("1.50")))
                .isEqualTo(OrderedNumberCodec.encodeAscending(new BigDecimal("1.5")));
        assertThat(OrderedNumberCodec.encodeAscending(new BigDecimal("100")))
                .isEqualTo(OrderedNumberCodec.encodeAscending(new BigDecimal("1E+2")));
    }

    @Test
    void encode_whenLongExtremes_roundTripsAndOrders() {
        String min = OrderedNumberCodec.encodeAscending(Long.MIN_VALUE);
        String max = OrderedNumberCodec.encodeAscending(Long.MAX_VALUE);
        assertThat(min)
                .isLessThan(OrderedNumberCodec.encodeAscending(Long.MIN_VALUE + 1))
                .isLessThan(max);
        assertThat(OrderedNumberCodec.decodeLong(min)).isEqualTo(Long.MIN_VALUE);
        assertThat(OrderedNumberCodec.decodeLong(max)).isEqualTo(Long.MAX_VALUE);
        assertThat(OrderedNumberCodec.decodeLong(OrderedNumberCodec.encodeDescending(Long.MIN_VALUE)))
                .isEqualTo(Long.MIN_VALUE);
        assertThat(max.length()).isLessThanOrEqualTo(24);
        assertThat(min.length()).isLessThanOrEqualTo(24);
    }

    @Test
    void encode_whenDynamoDbNumberRange_fitsAndOutsideFails() {
        assertThat(OrderedNumberCodec.decode(OrderedNumberCodec.encodeAscending(
                        new BigDecimal("9.9999999999999999999999999999999999999E+125"))))
                .isEqualByComparingTo("9.9999999999999999999999999999999999999E+125");
        assertThat(OrderedNumberCodec.decode(OrderedNumberCodec.encodeAscending(new BigDecimal("-1E-130"))))
                .isEqualByComparingTo("-1E-130");
        assertThatThrownBy(() -> OrderedNumberCodec.encodeAscending(new BigDecimal("1E+500")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("value must have a magnitude");
        assertThatThrownBy(() -> OrderedNumberCodec.encodeAscending(new BigDecimal("1E-502")))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void decode_whenMalformed_failsNamingField() {
        for (String bad :
                List.of("", "3", "2502.", "250242", "2502420.", "2500042.", "04975~x", "1x", "25a242.", "0497~")) {
            assertThatThrownBy(() -> OrderedNumberCodec.decode(bad))
                    .as(bad)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("encoded must be a number encoded by OrderedNumberCodec");
        }
        assertThatThrownBy(
                        () -> OrderedNumberCodec.decodeLong(OrderedNumberCodec.encodeAscending(new BigDecimal("1.5"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("encode a long");
    }

    @Test
    void decodePrefix_whenCompositeSortKey_readsNumberAndLength() {
        String sortKey = OrderedNumberCodec.encodeDescending(-17L) + "#order-9";
        assertThat(OrderedNumberCodec.decodePrefix(sortKey)).isEqualByComparingTo("-17");
        assertThat(sortKey.substring(OrderedNumberCodec.prefixLength(sortKey))).isEqualTo("#order-9");
    }

    @Property(tries = 1000)
    void encodeAscending_whenTwoLongs_stringOrderEqualsNumericOrder(@ForAll("longs") long a, @ForAll("longs") long b) {
        String ea = OrderedNumberCodec.encodeAscending(a);
        String eb = OrderedNumberCodec.encodeAscending(b);
        assertThat(Integer.signum(ea.compareTo(eb))).isEqualTo(Long.signum(Long.compare(a, b)));
        String da = OrderedNumberCodec.encodeDescending(a);
        String db = OrderedNumberCodec.encodeDescending(b);
        assertThat(Integer.signum(da.compareTo(db))).isEqualTo(-Long.signum(Long.compare(a, b)));
    }

    @Property(tries = 1000)
    void encode_whenTwoDecimals_orderPreservedAndSuffixDoesNotMatter(
            @ForAll("decimals") BigDecimal a,
            @ForAll("decimals") BigDecimal b,
            @ForAll("suffixes") String suffixA,
            @ForAll("suffixes") String suffixB) {
        int numeric = Integer.signum(a.compareTo(b));
        String ea = OrderedNumberCodec.encodeAscending(a);
        String eb = OrderedNumberCodec.encodeAscending(b);
        assertThat(Integer.signum(ea.compareTo(eb))).isEqualTo(numeric);
        String da = OrderedNumberCodec.encodeDescending(a);
        String db = OrderedNumberCodec.encodeDescending(b);
        assertThat(Integer.signum(da.compareTo(db))).isEqualTo(-numeric);
        if (numeric != 0) {
            // composite keys "<number><suffix>" sort by number first, whatever the suffix
            assertThat(Integer.signum((ea + suffixA).compareTo(eb + suffixB))).isEqualTo(numeric);
            assertThat(Integer.signum((da + suffixA).compareTo(db + suffixB))).isEqualTo(-numeric);
        }
    }

    @Property(tries = 1000)
    void decode_whenEncoded_returnsSameNumber(@ForAll("decimals") BigDecimal value, @ForAll("longs") long number) {
        assertThat(OrderedNumberCodec.decode(OrderedNumberCodec.encodeAscending(value)))
                .isEqualByComparingTo(value);
        assertThat(OrderedNumberCodec.decode(OrderedNumberCodec.encodeDescending(value)))
                .isEqualByComparingTo(value);
        assertThat(OrderedNumberCodec.decodeLong(OrderedNumberCodec.encodeAscending(number)))
                .isEqualTo(number);
        assertThat(OrderedNumberCodec.decodeLong(OrderedNumberCodec.encodeDescending(number)))
                .isEqualTo(number);
        String encoded = OrderedNumberCodec.encodeAscending(value);
        assertThat(OrderedNumberCodec.prefixLength(encoded + "#x")).isEqualTo(encoded.length());
    }

    @Property(tries = 100)
    void encodeDescending_whenSortingManyScores_givesTopScoresFirst(@ForAll("decimalLists") List<BigDecimal> scores) {
        List<String> encoded = new ArrayList<>();
        for (BigDecimal score : scores) {
            encoded.add(OrderedNumberCodec.encodeDescending(score));
        }
        encoded.sort(Comparator.naturalOrder());
        List<BigDecimal> decoded =
                encoded.stream().map(OrderedNumberCodec::decode).toList();
        List<BigDecimal> expected = new ArrayList<>(scores);
        expected.sort(Comparator.reverseOrder());
        assertThat(decoded).usingElementComparator(BigDecimal::compareTo).containsExactlyElementsOf(expected);
    }

    @Provide
    Arbitrary<Long> longs() {
        return Arbitraries.oneOf(
                Arbitraries.longs(),
                Arbitraries.longs().between(-1000, 1000),
                Arbitraries.of(0L, 1L, -1L, 9L, 10L, -10L, 99L, 100L, Long.MAX_VALUE, Long.MIN_VALUE));
    }

    @Provide
    Arbitrary<BigDecimal> decimals() {
        Arbitrary<BigInteger> unscaled = Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.valueOf(-1000), BigInteger.valueOf(1000)),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40)));
        Arbitrary<Integer> scale = Arbitraries.integers().between(-130, 130);
        return Arbitraries.oneOf(
                Combinators.combine(unscaled, scale).as(BigDecimal::new),
                Arbitraries.of(
                        BigDecimal.ZERO,
                        new BigDecimal("0.000"),
                        BigDecimal.ONE,
                        BigDecimal.ONE.negate(),
                        new BigDecimal("0.1"),
                        new BigDecimal("-0.1"),
                        new BigDecimal("0.09"),
                        new BigDecimal("10")));
    }

    @Provide
    Arbitrary<List<BigDecimal>> decimalLists() {
        return decimals().list().ofMaxSize(50);
    }

    @Provide
    Arbitrary<String> suffixes() {
        return Arbitraries.strings().withChars("#~.09az").ofMaxLength(4);
    }
}
