package io.github.ddbpatterns.core.keys;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The size of a time bucket and the shape of its label. Labels are fixed-width for years 0001-9999, so
 * they sort lexicographically in time order.
 *
 * <table>
 *   <caption>labels</caption>
 *   <tr><th>size</th><th>label of 2024-11-20T13:45</th></tr>
 *   <tr><td>{@link #HOUR}</td><td>{@code 2024-11-20T13}</td></tr>
 *   <tr><td>{@link #DAY}</td><td>{@code 2024-11-20}</td></tr>
 *   <tr><td>{@link #WEEK}</td><td>{@code 2024-W47} (ISO week: Monday first, week-based year)</td></tr>
 *   <tr><td>{@link #MONTH}</td><td>{@code 2024-11}</td></tr>
 * </table>
 */
public enum Bucket {

    /** One local hour, {@code 2024-11-20T13}. */
    HOUR {
        @Override
        LocalDateTime truncate(LocalDateTime time) {
            return time.truncatedTo(ChronoUnit.HOURS);
        }

        @Override
        LocalDateTime plus(LocalDateTime start, long count) {
            return start.plusHours(count);
        }

        @Override
        String format(LocalDateTime time) {
            return HOUR_FORMAT.format(time);
        }

        @Override
        LocalDateTime parse(String label) {
            return LocalDateTime.parse(label + ":00", HOUR_PARSE);
        }
    },

    /** One local day, {@code 2024-11-20}. */
    DAY {
        @Override
        LocalDateTime truncate(LocalDateTime time) {
            return time.toLocalDate().atStartOfDay();
        }

        @Override
        LocalDateTime plus(LocalDateTime start, long count) {
            return start.plusDays(count);
        }

        @Override
        String format(LocalDateTime time) {
            return DAY_FORMAT.format(time);
        }

        @Override
        LocalDateTime parse(String label) {
            return LocalDate.parse(label, DAY_FORMAT).atStartOfDay();
        }
    },

    /** One ISO week (Monday to Sunday), labelled by its week-based year: {@code 2024-W47}, {@code 2025-W01}. */
    WEEK {
        @Override
        LocalDateTime truncate(LocalDateTime time) {
            return time.toLocalDate()
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                    .atStartOfDay();
        }

        @Override
        LocalDateTime plus(LocalDateTime start, long count) {
            return start.plusWeeks(count);
        }

        @Override
        String format(LocalDateTime time) {
            return String.format(
                    Locale.ROOT,
                    "%04d-W%02d",
                    time.get(IsoFields.WEEK_BASED_YEAR),
                    time.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        }

        @Override
        LocalDateTime parse(String label) {
            Matcher m = WEEK_PATTERN.matcher(label);
            if (!m.matches()) {
                throw new DateTimeParseException("not an ISO week label", label, 0);
            }
            int year = Integer.parseInt(m.group(1));
            int week = Integer.parseInt(m.group(2));
            LocalDate monday = LocalDate.of(year, 1, 4)
                    .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            if (monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) != week) {
                throw new DateTimeParseException("week out of range", label, 6);
            }
            return monday.atStartOfDay();
        }
    },

    /** One local calendar month, {@code 2024-11}. */
    MONTH {
        @Override
        LocalDateTime truncate(LocalDateTime time) {
            return time.toLocalDate().withDayOfMonth(1).atStartOfDay();
        }

        @Override
        LocalDateTime plus(LocalDateTime start, long count) {
            return start.plusMonths(count);
        }

        @Override
        String format(LocalDateTime time) {
            return MONTH_FORMAT.format(time);
        }

        @Override
        LocalDateTime parse(String label) {
            return LocalDate.parse(label + "-01", DAY_FORMAT).atStartOfDay();
        }
    };

    private static final DateTimeFormatter HOUR_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH", Locale.ROOT);
    private static final DateTimeFormatter HOUR_PARSE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter MONTH_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM", Locale.ROOT);
    private static final Pattern WEEK_PATTERN = Pattern.compile("(\\d{4})-W(\\d{2})");

    /** The local start of the bucket holding {@code time}. */
    abstract LocalDateTime truncate(LocalDateTime time);

    /** {@code count} buckets after the bucket starting at local {@code start}. */
    abstract LocalDateTime plus(LocalDateTime start, long count);

    /** The label of the bucket holding {@code time}. */
    abstract String format(LocalDateTime time);

    /** The local start of the bucket labelled {@code label}; throws DateTimeException if malformed. */
    abstract LocalDateTime parse(String label);
}
