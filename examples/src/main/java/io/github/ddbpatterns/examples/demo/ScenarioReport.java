package io.github.ddbpatterns.examples.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a scenario measured: its rows, the lines it printed about items (readable rows, never raw {@code toString}),
 * and its headline for the summary (none for a scenario without numbers).
 */
public final class ScenarioReport {

    private final String name;
    private final String summary;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<ChartFile> charts = new ArrayList<>();
    private @Nullable String followUpQuestion;
    private @Nullable Headline headline;

    /**
     * An empty report.
     *
     * @param name the scenario's name
     * @param summary the scenario's one-line summary
     */
    public ScenarioReport(String name, String summary) {
        this.name = name;
        this.summary = summary;
    }

    /**
     * Adds a row.
     *
     * @param row the row
     * @return this report
     */
    public ScenarioReport add(Row row) {
        rows.add(row);
        return this;
    }

    /**
     * Adds a line shown under the table (an item as a readable row, a remark).
     *
     * @param note the line
     * @return this report
     */
    public ScenarioReport note(String note) {
        notes.add(note);
        return this;
    }

    /**
     * Adds a chart, written as a PNG when the scenario ends.
     *
     * @param chart the chart
     * @return this report
     */
    public ScenarioReport chart(ChartFile chart) {
        charts.add(chart);
        return this;
    }

    /**
     * The charts, in the order added.
     *
     * @return the charts
     */
    public List<ChartFile> charts() {
        return List.copyOf(charts);
    }

    /**
     * Sets the follow-up question the follow-up rows answer.
     *
     * @param question for example "reads are now 100x slower?"
     * @return this report
     */
    public ScenarioReport followUp(String question) {
        this.followUpQuestion = question;
        return this;
    }

    /**
     * Sets the headline of the summary.
     *
     * @param naive the naive figure
     * @param library the library's figure
     * @param gain the gain
     * @return this report
     */
    public ScenarioReport headline(String naive, String library, String gain) {
        this.headline = new Headline(naive, library, gain);
        return this;
    }

    /**
     * The scenario's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The scenario's summary.
     *
     * @return the summary
     */
    public String summary() {
        return summary;
    }

    /**
     * The rows, in the order added.
     *
     * @return the rows
     */
    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /**
     * The rows of one step.
     *
     * @param step the step
     * @return its rows
     */
    public List<Row> rows(Step step) {
        return rows.stream().filter(r -> r.step() == step).toList();
    }

    /**
     * The lines shown under the table.
     *
     * @return the notes
     */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /**
     * The follow-up question, if set.
     *
     * @return the question
     */
    public Optional<String> followUpQuestion() {
        return Optional.ofNullable(followUpQuestion);
    }

    /**
     * The headline, if set.
     *
     * @return the headline
     */
    public Optional<Headline> headline() {
        return Optional.ofNullable(headline);
    }
}
