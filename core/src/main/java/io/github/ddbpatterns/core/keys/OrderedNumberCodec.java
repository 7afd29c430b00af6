package io.github.ddbpatterns.core.keys;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Order-preserving string encoding of numbers, so that a numeric score can be a DynamoDB string sort key
 * (or a prefix of a composite one such as {@code <score>#<id>}). Comparing two encodings as strings
 * (DynamoDB compares UTF-8 bytes; all characters used here are ASCII) gives the same order as comparing
 * the numbers; {@link #encodeDescending} gives the reverse order, so "top N by score" is an ascending
 * Query with {@code Limit = N}.
 *
 * <pre>{@code
 * OrderedNumberCodec.encodeAscending(42L);     // "250242."
 * OrderedNumberCodec.encodeAscending(-42L);    // "049757~"
 * OrderedNumberCodec.encodeDescending(42L);    // "a49757~"   (sorts before the encoding of 41)
 * OrderedNumberCodec.decode("250242.");        // 42
 * }</pre>
 *
 * <h2>Format (self-delimiting, variable width)</h2>
 * A number is written as its sign class, then for non-zero numbers {@code 0.d1d2...dn x 10^E} (no leading
 * or trailing zeros in the digits, {@code d1 != 0}) as a 3-digit exponent {@code E + 500} and the digits,
 * then a terminator:
 * <ul>
 *   <li>ascending: negative {@code '0' + (999 - (E+500)) + (9 - d_i)... + '~'}; zero {@code '1'};
 *       positive {@code '2' + (E+500) + d_i... + '.'}</li>
 *   <li>descending: the ascending encoding of the negated number with the class characters
 *       {@code 'a'}, {@code 'b'}, {@code 'c'} instead of {@code '0'}, {@code '1'}, {@code '2'}, so
 *       {@link #decode} knows which it reads.</li>
 * </ul>
 * The terminators ({@code '.'} below every digit, {@code '~'} above) make the encoding self-delimiting:
 * two encodings differ at or before the terminator, so anything appended afterwards (a {@code #} and an
 * id) never changes the order. Exponents range over {@code -500..499}: every DynamoDB number
 * (magnitude 1E-130 to 9.9999E+125) and every {@code long} fits. Digits are unlimited, so any
 * {@code BigDecimal} of that magnitude is exact. A 64-bit long takes at most 24 characters.
 *
 * <p>Numbers that compare equal encode equally: {@code 1.50} and {@code 1.5} give the same string, and
 * {@link #decode} returns the value without trailing zeros ({@code compareTo}-equal to the input).
 */
public final class OrderedNumberCodec {

    /** The smallest exponent {@code E} (in {@code 0.d1d2... x 10^E}) that can be encoded. */
    public static final int MIN_EXPONENT = -500;
    /** The largest exponent {@code E} that can be encoded. */
    public static final int MAX_EXPONENT = 499;

    private static final char NEGATIVE = '0';
    private static final char ZERO = '1';
    private static final char POSITIVE = '2';
    private static final char DESC_OFFSET = 'a' - '0';
    private static final char POSITIVE_END = '.';
    private static final char NEGATIVE_END = '~';

    private OrderedNumberCodec() {}

    /** The ascending encoding of {@code value}. */
    public static String encodeAscending(long value) {
        return encode(BigDecimal.valueOf(value), false);
    }

    /**
     * The ascending encoding of {@code value}.
     *
     * @throws InvalidInputException if {@code value} is null or its magnitude is outside the exponent
     *     range (about 1E-501 to 1E499)
     */
    public static String encodeAscending(BigDecimal value) {
        return encode(Checks.notNull("value", value), false);
    }

    /** The descending encoding of {@code value}: larger numbers give smaller strings. */
    public static String encodeDescending(long value) {
        return encode(BigDecimal.valueOf(value).negate(), true);
    }

    /**
     * The descending encoding of {@code value}: larger numbers give smaller strings.
     *
     * @throws InvalidInputException if {@code value} is null or out of the exponent range
     */
    public static String encodeDescending(BigDecimal value) {
        return encode(Checks.notNull("value", value).negate(), true);
    }

    /**
     * The number an ascending or descending encoding stands for (trailing zeros stripped).
     *
     * @throws InvalidInputException if {@code encoded} is not exactly one encoding made by this class
     */
    public static BigDecimal decode(String encoded) {
        Checks.notNull("encoded", encoded);
        int end = encodedLength(encoded, 0);
        if (end != encoded.length()) {
            throw malformed(encoded);
        }
        return decodeAt(encoded, 0);
    }

    /**
     * Decodes the encoding at the start of {@code text}, ignoring what follows it (for composite sort
     * keys such as {@code <score>#<id>}).
     *
     * @throws InvalidInputException if {@code text} does not start with an encoding
     */
    public static BigDecimal decodePrefix(String text) {
        Checks.notNull("text", text);
        encodedLength(text, 0);
        return decodeAt(text, 0);
    }

    /**
     * The length of the encoding at the start of {@code text} (where a suffix would begin).
     *
     * @throws InvalidInputException if {@code text} does not start with an encoding
     */
    public static int prefixLength(String text) {
        Checks.notNull("text", text);
        return encodedLength(text, 0);
    }

    /**
     * Like {@link #decode} for a value that must be a {@code long}.
     *
     * @throws InvalidInputException if malformed, not an integer or out of the {@code long} range
     */
    public static long decodeLong(String encoded) {
        BigDecimal value = decode(encoded);
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            throw InvalidInputException.of(
                    "encoded", encoded, "encode a long (it encodes " + value.toPlainString() + ")", e);
        }
    }

    private static String encode(BigDecimal value, boolean descending) {
        char shift = descending ? DESC_OFFSET : 0;
        if (value.signum() == 0) {
            return String.valueOf((char) (ZERO + shift));
        }
        BigDecimal stripped = value.stripTrailingZeros();
        String digits = stripped.unscaledValue().abs().toString();
        long exponent = (long) stripped.precision() - stripped.scale();
        if (exponent < MIN_EXPONENT || exponent > MAX_EXPONENT) {
            throw InvalidInputException.of(
                    "value",
                    value.toString(),
                    "have a magnitude between 1E" + (MIN_EXPONENT - 1) + " and 1E" + MAX_EXPONENT);
        }
        int biased = (int) exponent - MIN_EXPONENT;
        StringBuilder out = new StringBuilder(digits.length() + 5);
        if (stripped.signum() > 0) {
            out.append((char) (POSITIVE + shift));
            appendExponent(out, biased);
            out.append(digits);
            out.append(POSITIVE_END);
        } else {
            out.append((char) (NEGATIVE + shift));
            appendExponent(out, 999 - biased);
            for (int i = 0; i < digits.length(); i++) {
                out.append((char) ('9' - digits.charAt(i) + '0'));
            }
            out.append(NEGATIVE_END);
        }
        return out.toString();
    }

    private static void appendExponent(StringBuilder out, int biased) {
        out.append((char) ('0' + biased / 100))
                .append((char) ('0' + biased / 10 % 10))
                .append((char) ('0' + biased % 10));
    }

    /** Validates the encoding starting at {@code from} and returns the index just after it. */
    private static int encodedLength(String text, int from) {
        if (text.length() <= from) {
            throw malformed(text);
        }
        char sign = normalisedSign(text, text.charAt(from));
        if (sign == ZERO) {
            return from + 1;
        }
        char end = sign == POSITIVE ? POSITIVE_END : NEGATIVE_END;
        int terminator = text.indexOf(end, from + 4);
        if (terminator < 0 || terminator == from + 4) {
            throw malformed(text);
        }
        for (int i = from + 1; i < terminator; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed(text);
            }
        }
        char first = text.charAt(from + 4);
        char last = text.charAt(terminator - 1);
        char zeroDigit = sign == POSITIVE ? '0' : '9';
        if (first == zeroDigit || last == zeroDigit) {
            throw malformed(text);
        }
        return terminator + 1;
    }

    private static BigDecimal decodeAt(String text, int from) {
        char sign = normalisedSign(text, text.charAt(from));
        if (sign == ZERO) {
            return BigDecimal.ZERO;
        }
        boolean descending = text.charAt(from) >= 'a';
        int biased = Integer.parseInt(text.substring(from + 1, from + 4));
        int terminator = text.indexOf(sign == POSITIVE ? POSITIVE_END : NEGATIVE_END, from + 4);
        String digits = text.substring(from + 4, terminator);
        if (sign == NEGATIVE) {
            biased = 999 - biased;
            StringBuilder plain = new StringBuilder(digits.length());
            for (int i = 0; i < digits.length(); i++) {
                plain.append((char) ('9' - digits.charAt(i) + '0'));
            }
            digits = plain.toString();
        }
        int exponent = biased + MIN_EXPONENT;
        BigInteger unscaled = new BigInteger(digits);
        BigDecimal value = new BigDecimal(sign == NEGATIVE ? unscaled.negate() : unscaled, digits.length() - exponent);
        return descending ? value.negate() : value;
    }

    private static char normalisedSign(String text, char c) {
        char sign = c >= 'a' ? (char) (c - DESC_OFFSET) : c;
        if (sign != NEGATIVE && sign != ZERO && sign != POSITIVE) {
            throw malformed(text);
        }
        return sign;
    }

    private static InvalidInputException malformed(String text) {
        return InvalidInputException.of("encoded", text, "be a number encoded by OrderedNumberCodec");
    }
}
