package io.github.ddbpatterns.core;

/**
 * Bad input, detected before any request is sent. The message names the field, the value and what was
 * expected, e.g. {@code shards must be between 1 and 1000, got: 0}.
 */
public class InvalidInputException extends DdbPatternsException {

    private static final long serialVersionUID = 1L;

    private final String field;

    protected InvalidInputException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** {@code <field> must <expectation>, got: <value>}. */
    public static InvalidInputException of(String field, Object value, String expectation) {
        return new InvalidInputException(field, field + " must " + expectation + ", got: " + describe(value), null);
    }

    /** Like {@link #of} but keeping the cause (for example a parse failure). */
    public static InvalidInputException of(String field, Object value, String expectation, Throwable cause) {
        return new InvalidInputException(field, field + " must " + expectation + ", got: " + describe(value), cause);
    }

    /** The name of the offending field or argument. */
    public String field() {
        return field;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof CharSequence text) {
            String s = text.toString();
            return s.length() > 120 ? "'" + s.substring(0, 120) + "…' (" + s.length() + " chars)" : "'" + s + "'";
        }
        return String.valueOf(value);
    }
}
