package io.github.ddbpatterns.core.internal;

import io.github.ddbpatterns.core.InvalidInputException;
import java.time.Duration;

/**
 * Argument checks that throw {@link InvalidInputException} naming the field and value. Used by every
 * builder and entry point so that bad input fails before any request is sent.
 */
public final class Checks {

    private Checks() {}

    /** @throws InvalidInputException if {@code value} is null */
    public static <T> T notNull(String field, T value) {
        if (value == null) {
            throw InvalidInputException.of(field, null, "not be null");
        }
        return value;
    }

    /** @throws InvalidInputException if {@code value} is null or empty */
    public static String notEmpty(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw InvalidInputException.of(field, value, "be a non-empty string");
        }
        return value;
    }

    /** @throws InvalidInputException if {@code value} is not &gt; 0 */
    public static int positive(String field, int value) {
        if (value <= 0) {
            throw InvalidInputException.of(field, value, "be positive");
        }
        return value;
    }

    /** @throws InvalidInputException if {@code value} is not &gt; 0 */
    public static long positive(String field, long value) {
        if (value <= 0) {
            throw InvalidInputException.of(field, value, "be positive");
        }
        return value;
    }

    /** @throws InvalidInputException if {@code value} is outside {@code [min, max]} */
    public static int inRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw InvalidInputException.of(field, value, "be between " + min + " and " + max);
        }
        return value;
    }

    /** @throws InvalidInputException if {@code value} is null, zero or negative */
    public static Duration positive(String field, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw InvalidInputException.of(field, value, "be a positive duration");
        }
        return value;
    }

    /** @throws InvalidInputException if {@code value} is null or negative */
    public static Duration notNegative(String field, Duration value) {
        if (value == null || value.isNegative()) {
            throw InvalidInputException.of(field, value, "be a duration of zero or more");
        }
        return value;
    }
}
