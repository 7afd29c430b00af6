package io.github.ddbpatterns.timeseries;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sort key of a time-series item: a fixed-width UTC timestamp with nanoseconds, {@code #}, and a
 * tie-breaker, so that lexicographic order is time order and two events with the same timestamp both survive.
 *
 * <p><b>Format (stable, version 1):</b> {@code uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'#<tieBreaker>}, e.g.
 * {@code 2024-11-20T13:45:00.123456789Z#evt-42}. The timestamp part is always 30 characters (years 0001 to
 * 9999, UTC, nine fraction digits); the tie-breaker is the caller's event id, or 16 random lowercase hex digits
 * when none is given. Events with the same timestamp sort by tie-breaker. The format will not change: other
 * tools may compute and parse it.
 *
 * <pre>{@code
 * SortKeyCodec.sortKey(Instant.parse("2024-11-20T13:45:00Z"), "evt-42");
 * // "2024-11-20T13:45:00.000000000Z#evt-42"
 * }</pre>
 */
public final class SortKeyCodec {

    /** Characters of the timestamp part. */
    public static final int TIMESTAMP_LENGTH = 30;
    /** Separator between timestamp and tie-breaker. */
    public static final char SEPARATOR = '#';
    /** Longest tie-breaker accepted (keeps the sort key far below DynamoDB's 1,024-byte limit). */
    public static final int MAX_TIE_BREAKER_LENGTH = 256;

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern(
                    "uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX_EXCLUSIVE =
            LocalDate.of(10_000, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);

    private SortKeyCodec() {}

    /**
     * The sort key of an event at {@code timestamp} with {@code tieBreaker}.
     *
     * @throws InvalidInputException if {@code timestamp} is null or outside years 0001-9999 UTC, or
     *     {@code tieBreaker} is null, empty or longer than {@value #MAX_TIE_BREAKER_LENGTH} characters
     */
    public static String sortKey(Instant timestamp, String tieBreaker) {
        Checks.notEmpty("tieBreaker", tieBreaker);
        if (tieBreaker.length() > MAX_TIE_BREAKER_LENGTH) {
            throw InvalidInputException.of(
                    "tieBreaker",
                    tieBreaker.length() + " characters",
                    "be at most " + MAX_TIE_BREAKER_LENGTH + " characters");
        }
        return timestamp(timestamp) + SEPARATOR + tieBreaker;
    }

    /**
     * The fixed-width timestamp part, {@code 2024-11-20T13:45:00.000000000Z}.
     *
     * @throws InvalidInputException if {@code timestamp} is null or outside years 0001-9999 UTC
     */
    public static String timestamp(Instant timestamp) {
        Checks.notNull("timestamp", timestamp);
        if (timestamp.isBefore(MIN) || !timestamp.isBefore(MAX_EXCLUSIVE)) {
            throw InvalidInputException.of("timestamp", timestamp, "fall in years 0001 to 9999 UTC");
        }
        return FORMAT.format(timestamp);
    }

    /**
     * The smallest sort key at or after {@code from}: every event at or after {@code from} sorts at or after it.
     *
     * @throws InvalidInputException if {@code from} is null or out of range
     */
    public static String lowerBound(Instant from) {
        return timestamp(from);
    }

    /**
     * An inclusive upper bound selecting exactly the events strictly before {@code to}: the timestamp of
     * {@code to - 1ns} followed by {@code $}, which sorts after {@code #} and any tie-breaker.
     *
     * @throws InvalidInputException if {@code to} is null or out of range
     */
    public static String upperBoundExclusive(Instant to) {
        Checks.notNull("to", to);
        return timestamp(to.minusNanos(1)) + '$';
    }

    /**
     * The timestamp of a sort key.
     *
     * @throws InvalidInputException if {@code sortKey} is not in this format
     */
    public static Instant timestampOf(String sortKey) {
        Checks.notNull("sortKey", sortKey);
        if (sortKey.length() < TIMESTAMP_LENGTH + 2 || sortKey.charAt(TIMESTAMP_LENGTH) != SEPARATOR) {
            throw InvalidInputException.of("sortKey", sortKey, "be <timestamp>#<tieBreaker>");
        }
        try {
            return FORMAT.parse(sortKey.substring(0, TIMESTAMP_LENGTH), Instant::from);
        } catch (DateTimeException e) {
            throw InvalidInputException.of(
                    "sortKey", sortKey, "start with a uuuu-MM-ddTHH:mm:ss.SSSSSSSSSZ timestamp", e);
        }
    }

    /**
     * The tie-breaker of a sort key.
     *
     * @throws InvalidInputException if {@code sortKey} is not in this format
     */
    public static String tieBreakerOf(String sortKey) {
        timestampOf(sortKey);
        return sortKey.substring(TIMESTAMP_LENGTH + 1);
    }

    /** Whether {@code sortKey} is a key of an event at {@code timestamp} (any tie-breaker). */
    static boolean isKeyOf(String sortKey, Instant timestamp) {
        String prefix = timestamp(timestamp);
        return sortKey.length() > TIMESTAMP_LENGTH + 1
                && sortKey.startsWith(prefix)
                && sortKey.charAt(TIMESTAMP_LENGTH) == SEPARATOR;
    }

    /** A random tie-breaker: 16 lowercase hex digits (64 random bits). */
    public static String randomTieBreaker() {
        return String.format(Locale.ROOT, "%016x", ThreadLocalRandom.current().nextLong());
    }
}
