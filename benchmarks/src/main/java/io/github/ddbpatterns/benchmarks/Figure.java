package io.github.ddbpatterns.benchmarks;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.regex.Pattern;

/**
 * One measured or derived number of a benchmark run, printed as a {@code RESULT} line and listed in
 * {@code RESULTS.md}.
 *
 * @param id stable identifier: lowercase letters, digits, dots and underscores, e.g.
 *     {@code sharded_query.100.rt10.vs_raw}
 * @param value the number
 * @param unit its unit, e.g. {@code ms}, {@code ratio}, {@code requests}
 * @param group the benchmark it belongs to (a {@link Group})
 * @param label what it is, in words, for the Markdown table
 * @param roundTripMillis the proxy's added round trip it was measured at, or -1 when none applies (JMH)
 */
record Figure(String id, double value, String unit, Group group, String label, int roundTripMillis) {

    private static final Pattern ID = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");
    private static final Pattern UNIT = Pattern.compile("[a-z0-9_/%]+");

    /** The benchmarks, in report order. */
    enum Group {
        SHARDED_QUERY("Sharded fan-out query"),
        TIME_SERIES("Time-series range query"),
        UPDATES("10,000 updates of 1,000 keys"),
        UNPROCESSED("BatchWriter under 30 % UnprocessedItems"),
        INDEX_CHURN("Index write churn"),
        PACED_BURST("Paced vs unpaced burst"),
        JMH("JMH micro-benchmarks");

        private final String title;

        Group(String title) {
            this.title = title;
        }

        String title() {
            return title;
        }
    }

    Figure {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must be lowercase words joined by dots, got: " + id);
        }
        if (!UNIT.matcher(unit).matches()) {
            throw new IllegalArgumentException("unit must be lowercase, got: " + unit);
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(id + " must be a finite number, got: " + value);
        }
    }

    /** The line printed on stdout: {@code RESULT name=<id> value=<number> unit=<unit>}. */
    String resultLine() {
        return "RESULT name=" + id + " value=" + number(value) + " unit=" + unit;
    }

    /** The round trip as the report shows it: {@code 10 ms}, or an em dash when none applies. */
    String roundTrip() {
        return roundTripMillis < 0 ? "—" : roundTripMillis + " ms";
    }

    /**
     * {@code value} without exponent: whole numbers as they are, others to 4 significant digits
     * ({@code 1.0834 -> 1.083}, {@code 1465.23 -> 1465}, {@code 0.0123456 -> 0.01235}).
     */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(4));
        return rounded.stripTrailingZeros().toPlainString();
    }
}
