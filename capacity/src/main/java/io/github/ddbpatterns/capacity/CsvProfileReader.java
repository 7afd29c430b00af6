package io.github.ddbpatterns.capacity;

import io.github.ddbpatterns.core.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Parses {@code second,reads,writes[,readKb,writeKb]} into a {@link TrafficProfile}, or {@code
 * second,reads,writes,readUnits,writeUnits} (measured units, announced by that header line); fails at the first bad
 * line.
 */
final class CsvProfileReader {

    private static final String FORMAT = "second,reads,writes[,readKb,writeKb]";
    /** Header of a profile whose fourth and fifth columns are measured units, not item sizes. */
    static final String UNITS_HEADER = "second,reads,writes,readUnits,writeUnits";

    private int[] seconds = new int[1024];
    private float[] reads = new float[1024];
    private float[] writes = new float[1024];
    private float[] readKb = new float[1024]; // or read units, when the header says so
    private float[] writeKb = new float[1024]; // or write units
    private int size;
    private boolean sized;
    private boolean measuredUnits;

    private CsvProfileReader() {}

    static TrafficProfile read(Reader csv, String sourceName) {
        CsvProfileReader parser = new CsvProfileReader();
        BufferedReader lines = csv instanceof BufferedReader b ? b : new BufferedReader(csv);
        int lineNumber = 0;
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                parser.line(line.strip(), lineNumber, sourceName);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read traffic profile " + sourceName, e);
        }
        return parser.build(sourceName);
    }

    private void line(String line, int number, String source) {
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        if (size == 0 && line.regionMatches(true, 0, "second", 0, "second".length())) {
            measuredUnits = line.replace(" ", "").equalsIgnoreCase(UNITS_HEADER);
            return; // header
        }
        String[] fields = line.split(",", -1);
        if (fields.length != 3 && fields.length != 5) {
            throw InvalidInputException.of(
                    "line", line, "have 3 or 5 comma-separated fields " + FORMAT + where(number, source));
        }
        int second = second(fields[0].strip(), number, source);
        if (size > 0 && second <= seconds[size - 1]) {
            throw InvalidInputException.of(
                    "second",
                    fields[0].strip(),
                    "be greater than the previous second " + seconds[size - 1] + where(number, source));
        }
        float r = (float) number("reads", fields[1], number, source);
        float w = (float) number("writes", fields[2], number, source);
        float rKb = Float.NaN;
        float wKb = Float.NaN;
        if (fields.length == 5 && measuredUnits) {
            rKb = (float) units("readUnits", fields[3], "reads", r, number, source);
            wKb = (float) units("writeUnits", fields[4], "writes", w, number, source);
            sized = true;
        } else if (fields.length == 5) {
            rKb = (float) kb("readKb", fields[3], number, source);
            wKb = (float) kb("writeKb", fields[4], number, source);
            sized = true;
        }
        if (size == seconds.length) {
            int capacity = size * 2;
            seconds = Arrays.copyOf(seconds, capacity);
            reads = Arrays.copyOf(reads, capacity);
            writes = Arrays.copyOf(writes, capacity);
            readKb = Arrays.copyOf(readKb, capacity);
            writeKb = Arrays.copyOf(writeKb, capacity);
        }
        seconds[size] = second;
        reads[size] = r;
        writes[size] = w;
        readKb[size] = rKb;
        writeKb[size] = wKb;
        size++;
    }

    private TrafficProfile build(String source) {
        if (size == 0) {
            throw InvalidInputException.of(
                    "csv", source, "hold at least one line " + FORMAT + " (it has no data lines)");
        }
        TrafficProfile.Builder builder = TrafficProfile.builder(seconds[size - 1] + 1);
        for (int i = 0; i < size; i++) {
            if (measuredUnits && !Float.isNaN(readKb[i])) {
                builder.measured(seconds[i], reads[i], writes[i], readKb[i], writeKb[i]);
                continue;
            }
            builder.rates(seconds[i], reads[i], writes[i]);
            if (sized && !Float.isNaN(readKb[i])) {
                builder.itemKb(seconds[i], readKb[i], writeKb[i]);
            }
        }
        return builder.build();
    }

    private static int second(String text, int number, String source) {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw InvalidInputException.of("second", text, "be a whole number of seconds" + where(number, source), e);
        }
        if (value < 0 || value >= TrafficProfile.MAX_SECONDS) {
            throw InvalidInputException.of(
                    "second",
                    text,
                    "be between 0 and " + (TrafficProfile.MAX_SECONDS - 1) + " (31 days)" + where(number, source));
        }
        return (int) value;
    }

    private static double number(String field, String raw, int number, String source) {
        String text = raw.strip();
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw InvalidInputException.of(field, text, "be a number" + where(number, source), e);
        }
        if (!(value >= 0) || Double.isInfinite(value) || value > Float.MAX_VALUE) {
            throw InvalidInputException.of(field, text, "be a finite number >= 0" + where(number, source));
        }
        return value;
    }

    private static double kb(String field, String raw, int number, String source) {
        double value = number(field, raw, number, source);
        if (value == 0 || value > 400) {
            throw InvalidInputException.of(
                    field, raw.strip(), "be in (0, 400] (DynamoDB's item size limit)" + where(number, source));
        }
        return value;
    }

    private static double units(
            String field, String raw, String requestsField, double requests, int number, String source) {
        double value = number(field, raw, number, source);
        if (value > 0 && requests == 0) {
            throw InvalidInputException.of(
                    field, raw.strip(), "be 0 when " + requestsField + " is 0" + where(number, source));
        }
        return value;
    }

    private static String where(int number, String source) {
        return " (line " + number + " of " + source + ")";
    }
}
