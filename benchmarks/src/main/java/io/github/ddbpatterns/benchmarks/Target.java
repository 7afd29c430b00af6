package io.github.ddbpatterns.benchmarks;

import java.util.List;
import java.util.Optional;

/**
 * A goal a figure must reach, e.g. "the 100-shard query costs at most 1.1x the raw async floor".
 *
 * @param figureId the figure compared
 * @param description the goal in words
 * @param comparison how the figure is compared with {@code threshold}
 * @param threshold the bound
 */
record Target(String figureId, String description, Comparison comparison, double threshold) {

    /** How a measured value is compared with the threshold. */
    enum Comparison {
        AT_MOST("≤"),
        AT_LEAST("≥"),
        EQUAL("=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        String symbol() {
            return symbol;
        }

        boolean holds(double value, double threshold) {
            return switch (this) {
                case AT_MOST -> value <= threshold;
                case AT_LEAST -> value >= threshold;
                case EQUAL -> value == threshold;
            };
        }
    }

    /** Outcome of a target. */
    enum Status {
        MET("met"),
        NOT_MET("**not met**"),
        NOT_MEASURED("not measured");

        private final String text;

        Status(String text) {
            this.text = text;
        }

        String text() {
            return text;
        }
    }

    /**
     * A target with its measured figure, when the run produced it.
     *
     * @param target the target
     * @param figure the figure, empty when this run did not measure it
     * @param status met, not met or not measured
     */
    record Result(Target target, Optional<Figure> figure, Status status) {}

    static Target atMost(String figureId, double threshold, String description) {
        return new Target(figureId, description, Comparison.AT_MOST, threshold);
    }

    static Target atLeast(String figureId, double threshold, String description) {
        return new Target(figureId, description, Comparison.AT_LEAST, threshold);
    }

    static Target equal(String figureId, double threshold, String description) {
        return new Target(figureId, description, Comparison.EQUAL, threshold);
    }

    /** This target against the figures of a run. */
    Result evaluate(Figures figures) {
        Optional<Figure> figure = figures.get(figureId);
        Status status = figure.map(f -> comparison.holds(f.value(), threshold) ? Status.MET : Status.NOT_MET)
                .orElse(Status.NOT_MEASURED);
        return new Result(this, figure, status);
    }

    /** The bound as the report shows it, e.g. {@code ≤ 1.1 ratio}. */
    String bound(String unit) {
        return comparison.symbol() + " " + Figure.number(threshold) + " " + unit;
    }

    /** Every target against the figures of a run, in order. */
    static List<Result> evaluateAll(List<Target> targets, Figures figures) {
        return targets.stream().map(t -> t.evaluate(figures)).toList();
    }
}
