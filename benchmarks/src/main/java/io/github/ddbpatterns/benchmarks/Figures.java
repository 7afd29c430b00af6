package io.github.ddbpatterns.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every figure of one run, in the order measured: each is printed as a {@code RESULT} line the moment it is added,
 * and kept for {@code RESULTS.md}, the targets and the charts. Also keeps one note per benchmark (how it was
 * measured: sizes, rounds). Not thread-safe: the suite adds from its main thread.
 */
final class Figures {

    private final PrintStream out;
    private final Map<String, Figure> byId = new LinkedHashMap<>();
    private final Map<Figure.Group, List<String>> notes = new EnumMap<>(Figure.Group.class);

    Figures(PrintStream out) {
        this.out = out;
    }

    /**
     * Adds a figure and prints its {@code RESULT} line.
     *
     * @throws IllegalArgumentException if a figure with the same id was added already
     */
    Figure add(Figure.Group group, String id, double value, String unit, int roundTripMillis, String label) {
        Figure figure = new Figure(id, value, unit, group, label, roundTripMillis);
        if (byId.putIfAbsent(id, figure) != null) {
            throw new IllegalArgumentException("figure " + id + " was added twice");
        }
        out.println(figure.resultLine());
        out.flush();
        return figure;
    }

    /** Adds {@code numerator / denominator} as a ratio figure; nothing when either figure is missing. */
    Optional<Figure> ratio(
            Figure.Group group, String id, String numerator, String denominator, int roundTripMillis, String label) {
        Optional<Figure> top = get(numerator);
        Optional<Figure> bottom = get(denominator);
        if (top.isEmpty() || bottom.isEmpty() || bottom.get().value() == 0) {
            return Optional.empty();
        }
        return Optional.of(add(group, id, top.get().value() / bottom.get().value(), "ratio", roundTripMillis, label));
    }

    /** Adds a line to the notes of {@code group} (shown under its table). */
    void note(Figure.Group group, String text) {
        notes.computeIfAbsent(group, g -> new ArrayList<>()).add(text);
    }

    Optional<Figure> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The value of figure {@code id}. */
    double value(String id) {
        return get(id).orElseThrow(() -> new IllegalArgumentException("no figure " + id))
                .value();
    }

    List<Figure> all() {
        return List.copyOf(byId.values());
    }

    List<String> notes(Figure.Group group) {
        return notes.getOrDefault(group, List.of());
    }
}
