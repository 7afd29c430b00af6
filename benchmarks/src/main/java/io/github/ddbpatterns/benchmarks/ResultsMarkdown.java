package io.github.ddbpatterns.benchmarks;

import java.util.List;

/**
 * {@code RESULTS.md}: the targets table (each target with its measured value and met / not met), then one table per
 * benchmark with every figure, its round trip and its {@code RESULT} id, the benchmark's notes, and the charts.
 */
final class ResultsMarkdown {

    private ResultsMarkdown() {}

    /**
     * The whole document.
     *
     * @param header lines shown under the title (command, machine, run time)
     * @param figures the figures of the run
     * @param targets the targets evaluated against them
     * @param charts the chart files (names relative to the document), with their titles
     */
    static String render(List<String> header, Figures figures, List<Target.Result> targets, List<Chart> charts) {
        StringBuilder md = new StringBuilder("# Benchmark results\n\n");
        header.forEach(line -> md.append(line).append('\n'));
        md.append('\n');
        if (!targets.isEmpty()) {
            md.append(targetsTable(targets)).append('\n');
        }
        for (Figure.Group group : Figure.Group.values()) {
            List<Figure> rows =
                    figures.all().stream().filter(f -> f.group() == group).toList();
            if (rows.isEmpty()) {
                continue;
            }
            md.append("## ").append(group.title()).append("\n\n");
            for (String note : figures.notes(group)) {
                md.append(note).append("\n\n");
            }
            md.append(figureTable(rows)).append('\n');
        }
        if (!charts.isEmpty()) {
            md.append("## Charts\n\n");
            for (Chart chart : charts) {
                md.append("![")
                        .append(chart.title())
                        .append("](")
                        .append(chart.file())
                        .append(")\n\n");
            }
        }
        return md.toString();
    }

    /** The targets as a Markdown table. */
    static String targetsTable(List<Target.Result> targets) {
        StringBuilder md = new StringBuilder(
                "## Targets\n\n| target | measured | bound | status | figure |\n|---|---:|---|---|---|\n");
        for (Target.Result r : targets) {
            String unit = r.figure().map(Figure::unit).orElse("");
            md.append("| ")
                    .append(escape(r.target().description()))
                    .append(" | ")
                    .append(r.figure()
                            .map(f -> Figure.number(f.value()) + " " + f.unit())
                            .orElse("—"))
                    .append(" | ")
                    .append(r.target().bound(unit).trim())
                    .append(" | ")
                    .append(r.status().text())
                    .append(" | `")
                    .append(r.target().figureId())
                    .append("` |\n");
        }
        return md.toString();
    }

    /** Figures as a Markdown table: what, round trip, value, unit, id. */
    static String figureTable(List<Figure> rows) {
        StringBuilder md =
                new StringBuilder("| figure | round trip | value | unit | RESULT id |\n|---|---|---:|---|---|\n");
        for (Figure f : rows) {
            md.append("| ")
                    .append(escape(f.label()))
                    .append(" | ")
                    .append(f.roundTrip())
                    .append(" | ")
                    .append(Figure.number(f.value()))
                    .append(" | ")
                    .append(f.unit())
                    .append(" | `")
                    .append(f.id())
                    .append("` |\n");
        }
        return md.toString();
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }

    /**
     * A chart written next to the document.
     *
     * @param file its file name
     * @param title what it shows
     */
    record Chart(String file, String title) {}
}
