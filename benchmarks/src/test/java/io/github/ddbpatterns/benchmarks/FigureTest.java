package io.github.ddbpatterns.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FigureTest {

    @Test
    void resultLine_whenRatio_printsIdValueToFourDigitsAndUnit() {
        Figure figure =
                new Figure("sharded_query.100.rt10.vs_raw", 1.08349, "ratio", Figure.Group.SHARDED_QUERY, "ratio", 10);

        assertThat(figure.resultLine()).isEqualTo("RESULT name=sharded_query.100.rt10.vs_raw value=1.083 unit=ratio");
    }

    @Test
    void number_whenWholeLargeOrTinyValues_printsWithoutExponent() {
        assertThat(Figure.number(10_000)).isEqualTo("10000");
        assertThat(Figure.number(1465.23)).isEqualTo("1465");
        assertThat(Figure.number(0.0000123456)).isEqualTo("0.00001235");
        assertThat(Figure.number(139_234.7)).isEqualTo("139200");
        assertThat(Figure.number(0.5)).isEqualTo("0.5");
    }

    @Test
    void constructor_whenIdHasUppercaseOrSpaces_fails() {
        assertThatThrownBy(() -> new Figure("Sharded.query", 1, "ms", Figure.Group.JMH, "x", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Sharded.query");
        assertThatThrownBy(() -> new Figure("a b", 1, "ms", Figure.Group.JMH, "x", -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Figure("a..b", 1, "ms", Figure.Group.JMH, "x", -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructor_whenValueNotFinite_fails() {
        assertThatThrownBy(() -> new Figure("a.b", Double.NaN, "ms", Figure.Group.JMH, "x", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a.b");
    }

    @Test
    void roundTrip_whenNoneApplies_showsDash() {
        assertThat(new Figure("a", 1, "us", Figure.Group.JMH, "x", -1).roundTrip())
                .isEqualTo("—");
        assertThat(new Figure("a", 1, "ms", Figure.Group.UPDATES, "x", 50).roundTrip())
                .isEqualTo("50 ms");
    }

    @Test
    void add_whenFigureAdded_printsItsResultLineAtOnce() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Figures figures = new Figures(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        figures.add(Figure.Group.UPDATES, "updates.rt10.write_buffer.requests", 80, "requests", 10, "requests");

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("RESULT name=updates.rt10.write_buffer.requests value=80 unit=requests"
                        + System.lineSeparator());
    }

    @Test
    void add_whenIdAddedTwice_fails() {
        Figures figures = new Figures(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        figures.add(Figure.Group.JMH, "a.b", 1, "ns", -1, "x");

        assertThatThrownBy(() -> figures.add(Figure.Group.JMH, "a.b", 2, "ns", -1, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a.b");
    }

    @Test
    void ratio_whenBothFiguresExist_addsTheirQuotient_elseNothing() {
        Figures figures = new Figures(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        figures.add(Figure.Group.SHARDED_QUERY, "q.loop", 1500, "ms", 10, "loop");
        figures.add(Figure.Group.SHARDED_QUERY, "q.library", 120, "ms", 10, "library");

        assertThat(figures.ratio(Figure.Group.SHARDED_QUERY, "q.speedup", "q.loop", "q.library", 10, "x"))
                .hasValueSatisfying(f -> assertThat(f.value()).isEqualTo(12.5));
        assertThat(figures.ratio(Figure.Group.SHARDED_QUERY, "q.none", "q.loop", "q.missing", 10, "x"))
                .isEmpty();
        assertThat(figures.get("q.none")).isEmpty();
    }
}
