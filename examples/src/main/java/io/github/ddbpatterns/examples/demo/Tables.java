package io.github.ddbpatterns.examples.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Renders scenario reports and the closing summary as aligned text or as Markdown, with the same columns. */
public final class Tables {

    private record Column(String title, boolean numeric, Function<Row, @Nullable String> cell) {}

    private static final List<Column> MEASURES = List.of(
            new Column("requests", true, r -> r.requests() == null ? null : group(r.requests())),
            new Column("units", true, r -> r.units() == null ? null : units(r.units())),
            new Column("throttles", true, r -> r.throttles() == null ? null : group(r.throttles())),
            new Column("lost/wrong", true, r -> r.wrong() == null ? null : group(r.wrong())),
            new Column("items", true, r -> r.items() == null ? null : group(r.items())),
            new Column("ms", true, r -> r.millis() == null ? null : group(r.millis())),
            new Column("$", true, r -> r.dollars() == null ? null : String.format(Locale.ROOT, "%,.2f", r.dollars())));

    private Tables() {}

    /**
     * The scenario's rows as an aligned text table (only the columns some row has), then its notes.
     *
     * @param report the report
     * @return the lines, each without a line separator
     */
    public static List<String> text(ScenarioReport report) {
        List<String> lines = new ArrayList<>();
        if (!report.rows().isEmpty()) {
            lines.addAll(align(cells(report), numericFlags(report), false));
        }
        report.notes().forEach(n -> lines.add("  " + n));
        return lines;
    }

    /**
     * The scenario as Markdown: a heading, the table, the notes as a list.
     *
     * @param report the report
     * @return the lines
     */
    public static List<String> markdown(ScenarioReport report) {
        List<String> lines = new ArrayList<>();
        lines.add("## " + report.name());
        lines.add("");
        lines.add(report.summary());
        report.followUpQuestion().ifPresent(q -> {
            lines.add("");
            lines.add("Follow-up: " + q);
        });
        lines.add("");
        if (!report.rows().isEmpty()) {
            lines.addAll(align(cells(report), numericFlags(report), true));
            lines.add("");
        }
        report.notes().forEach(n -> lines.add("- " + n.strip()));
        if (!report.notes().isEmpty()) {
            lines.add("");
        }
        return lines;
    }

    /**
     * The closing summary: one line per report with a headline.
     *
     * @param reports the reports, in run order
     * @param markdown whether to render Markdown
     * @return the lines
     */
    public static List<String> summary(List<ScenarioReport> reports, boolean markdown) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(List.of("scenario", "naive", "library", "gain"));
        for (ScenarioReport report : reports) {
            report.headline().ifPresent(h -> cells.add(List.of(report.name(), h.naive(), h.library(), h.gain())));
        }
        return align(cells, new boolean[] {false, true, true, false}, markdown);
    }

    private static boolean[] numericFlags(ScenarioReport report) {
        List<Column> shown = shown(report);
        boolean[] numeric = new boolean[shown.size() + 2];
        for (int i = 0; i < shown.size(); i++) {
            numeric[i + 2] = shown.get(i).numeric();
        }
        return numeric;
    }

    private static List<Column> shown(ScenarioReport report) {
        return MEASURES.stream()
                .filter(c -> report.rows().stream().anyMatch(r -> c.cell().apply(r) != null))
                .toList();
    }

    private static List<List<String>> cells(ScenarioReport report) {
        List<Column> shown = shown(report);
        List<List<String>> cells = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("step", ""));
        shown.forEach(c -> header.add(c.title()));
        cells.add(header);
        Step previous = null;
        for (Row row : report.rows()) {
            List<String> line = new ArrayList<>();
            line.add(row.step() == previous ? "" : row.step().label());
            previous = row.step();
            line.add(row.label());
            for (Column c : shown) {
                String value = c.cell().apply(row);
                line.add(value == null ? "" : value);
            }
            cells.add(line);
        }
        return cells;
    }

    private static List<String> align(List<List<String>> cells, boolean[] numeric, boolean markdown) {
        int columns = cells.get(0).size();
        int[] width = new int[columns];
        for (List<String> line : cells) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], line.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (int l = 0; l < cells.size(); l++) {
            List<String> line = cells.get(l);
            StringBuilder sb = new StringBuilder(markdown ? "|" : " ");
            for (int i = 0; i < columns; i++) {
                String cell = line.get(i);
                String pad = " ".repeat(width[i] - cell.length());
                sb.append(' ')
                        .append(numeric[i] && l > 0 ? pad + cell : cell + pad)
                        .append(markdown ? " |" : " ");
            }
            lines.add(markdown ? sb.toString() : sb.toString().stripTrailing());
            if (l == 0) {
                StringBuilder rule = new StringBuilder(markdown ? "|" : " ");
                for (int i = 0; i < columns; i++) {
                    String dashes = "-".repeat(Math.max(3, width[i]));
                    if (markdown && numeric[i]) {
                        dashes = dashes.substring(1) + ":";
                    }
                    rule.append(markdown ? ' ' + dashes + " |" : ' ' + "-".repeat(width[i]) + ' ');
                }
                lines.add(markdown ? rule.toString() : rule.toString().stripTrailing());
            }
        }
        return lines;
    }

    private static String group(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String units(double value) {
        return value == Math.rint(value)
                ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%,.1f", value);
    }
}
