package io.github.ddbpatterns.capacity.cli;

import io.github.ddbpatterns.capacity.StrategyResult;
import io.github.ddbpatterns.capacity.TrafficProfile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes the timeline CSV: one row per second (or per step of {@code step} seconds for profiles longer than a day,
 * said in a first {@code #} comment line), the demand in write and read units and, for each strategy, its write and
 * read capacity, the requests it throttled and, for smoothing, the writes queued.
 */
final class TimelineCsv {

    private TimelineCsv() {}

    /** Writes the file; returns the number of data rows. */
    static int write(Path file, TrafficProfile profile, List<StrategyResult> results, int step) throws IOException {
        List<String> slugs = slugs(results);
        int rows = 0;
        try (Writer out = new BufferedWriter(
                new java.io.OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16)) {
            StringBuilder line = new StringBuilder(512);
            if (step > 1) {
                line.append("# aggregated per ")
                        .append(step)
                        .append(" s: second is the start of each step; units, capacities and queued are the step's"
                                + " maximum, throttled the requests refused in the whole step\n");
            }
            line.append("second,time,demand_write_units,demand_read_units");
            for (int i = 0; i < results.size(); i++) {
                String slug = slugs.get(i);
                line.append(',').append(slug).append("_write_capacity");
                line.append(',').append(slug).append("_read_capacity");
                line.append(',').append(slug).append("_throttled");
                if (results.get(i).queue().isPresent()) {
                    line.append(',').append(slug).append("_queued");
                }
            }
            line.append('\n');
            out.append(line);
            int n = profile.seconds();
            for (int from = 0; from < n; from += step) {
                int to = Math.min(n, from + step);
                line.setLength(0);
                line.append(from).append(',');
                clock(line, from);
                double demandW = 0;
                double demandR = 0;
                for (int t = from; t < to; t++) {
                    demandW = Math.max(demandW, profile.writeUnits(t));
                    demandR = Math.max(demandR, profile.readUnits(t));
                }
                line.append(',');
                number(line, demandW);
                line.append(',');
                number(line, demandR);
                for (StrategyResult r : results) {
                    double w = 0;
                    double rd = 0;
                    double throttled = 0;
                    double queued = 0;
                    for (int t = from; t < to; t++) {
                        w = Math.max(w, r.writeCapacityAt(t));
                        rd = Math.max(rd, r.readCapacityAt(t));
                        throttled += r.throttledAt(t);
                        queued = Math.max(queued, r.queueDepthAt(t));
                    }
                    line.append(',');
                    number(line, w);
                    line.append(',');
                    number(line, rd);
                    line.append(',');
                    number(line, throttled);
                    if (r.queue().isPresent()) {
                        line.append(',');
                        number(line, queued);
                    }
                }
                line.append('\n');
                out.append(line);
                rows++;
            }
        }
        return rows;
    }

    /** Column prefixes: the strategy names in lower case with runs of other characters as one underscore. */
    static List<String> slugs(List<StrategyResult> results) {
        List<String> slugs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (StrategyResult r : results) {
            String base = r.name()
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9]+", "_")
                    .replaceAll("^_|_$", "");
            String slug = base.isEmpty() ? "strategy" : base;
            for (int i = 2; !seen.add(slug); i++) {
                slug = base + "_" + i;
            }
            slugs.add(slug);
        }
        return slugs;
    }

    /** Appends {@code HH:MM:SS}, with a day prefix {@code dN } from the second day on. */
    static void clock(StringBuilder out, int second) {
        int day = second / 86_400;
        int s = second % 86_400;
        if (day > 0) {
            out.append('d').append(day + 1).append(' ');
        }
        two(out, s / 3600);
        out.append(':');
        two(out, s / 60 % 60);
        out.append(':');
        two(out, s % 60);
    }

    private static void two(StringBuilder out, int value) {
        if (value < 10) {
            out.append('0');
        }
        out.append(value);
    }

    /** Whole numbers as they are, others with up to 3 decimals (without String.format: a day has 1.5 M cells). */
    static void number(StringBuilder out, double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
            return;
        }
        long scaled = Math.round(value * 1000);
        if (Math.abs(value) >= 1e12) {
            out.append(String.format(Locale.ROOT, "%.3f", value));
            return;
        }
        if (scaled < 0) {
            out.append('-');
            scaled = -scaled;
        }
        out.append(scaled / 1000);
        long fraction = scaled % 1000;
        if (fraction != 0) {
            out.append('.');
            if (fraction < 100) {
                out.append('0');
            }
            if (fraction < 10) {
                out.append('0');
            }
            while (fraction % 10 == 0) {
                fraction /= 10;
            }
            out.append(fraction);
        }
    }
}
