package io.github.ddbpatterns.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Prints measurements of one benchmark as a Markdown table with ratios against a named reference. */
final class ResultTable {

    private final String title;
    private final List<Measurement> rows = new ArrayList<>();

    ResultTable(String title) {
        this.title = title;
    }

    ResultTable add(Measurement measurement) {
        rows.add(measurement);
        return this;
    }

    /** Prints every row with its time relative to the row named {@code reference}. */
    void print(PrintStream out, String reference) {
        Measurement ref = rows.stream()
                .filter(m -> m.name().equals(reference))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row named " + reference));
        out.printf(
                "%n### %s%n%n| contender | median ms | CPU ms/run | x %s |%n|---|---:|---:|---:|%n", title, reference);
        for (Measurement m : rows) {
            out.printf(
                    "| %s | %.1f | %.1f | %.2f |%n", m.name(), m.medianMillis(), m.cpuMillisPerRun(), m.ratioTo(ref));
        }
    }
}
