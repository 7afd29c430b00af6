package io.github.ddbpatterns.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetTest {

    private final Figures figures =
            new Figures(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    @Test
    void evaluate_whenAtMostBoundHeldOrEqual_isMet() {
        figures.add(Figure.Group.SHARDED_QUERY, "ratio.low", 1.1, "ratio", 10, "x");
        figures.add(Figure.Group.SHARDED_QUERY, "ratio.high", 1.31, "ratio", 10, "x");

        assertThat(Target.atMost("ratio.low", 1.1, "d").evaluate(figures).status())
                .isEqualTo(Target.Status.MET);
        assertThat(Target.atMost("ratio.high", 1.1, "d").evaluate(figures).status())
                .isEqualTo(Target.Status.NOT_MET);
    }

    @Test
    void evaluate_whenAtLeastBoundMissed_isNotMet() {
        figures.add(Figure.Group.SHARDED_QUERY, "speedup", 11.6, "ratio", 10, "x");

        Target.Result result = Target.atLeast("speedup", 12, "d").evaluate(figures);

        assertThat(result.status()).isEqualTo(Target.Status.NOT_MET);
        assertThat(result.figure())
                .hasValueSatisfying(f -> assertThat(f.value()).isEqualTo(11.6));
    }

    @Test
    void evaluate_whenEqualToZeroExpected_isMetOnlyForZero() {
        figures.add(Figure.Group.UNPROCESSED, "lost.none", 0, "items", 10, "x");
        figures.add(Figure.Group.UNPROCESSED, "lost.one", 1, "items", 10, "x");

        assertThat(Target.equal("lost.none", 0, "d").evaluate(figures).status()).isEqualTo(Target.Status.MET);
        assertThat(Target.equal("lost.one", 0, "d").evaluate(figures).status()).isEqualTo(Target.Status.NOT_MET);
    }

    @Test
    void evaluate_whenFigureMissing_isNotMeasured() {
        Target.Result result = Target.atMost("absent", 1, "d").evaluate(figures);

        assertThat(result.status()).isEqualTo(Target.Status.NOT_MEASURED);
        assertThat(result.figure()).isEmpty();
    }

    @Test
    void all_whenListed_namesDistinctFiguresOfValidIds() {
        List<String> ids = Targets.all().stream().map(Target::figureId).toList();

        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.matches("[a-z0-9_]+(\\.[a-z0-9_]+)*"));
        assertThat(ids).contains("sharded_query.100.rt10.vs_raw", "jmh.near_cache.hit.requests");
    }

    @Test
    void targetsTable_whenMetAndNotMet_showsValueBoundAndStatus() {
        figures.add(Figure.Group.SHARDED_QUERY, "sharded_query.100.rt10.vs_raw", 1.31, "ratio", 10, "x");
        figures.add(Figure.Group.UNPROCESSED, "unprocessed.rt10.items_lost", 0, "items", 10, "x");

        String table = ResultsMarkdown.targetsTable(Target.evaluateAll(
                List.of(
                        Target.atMost("sharded_query.100.rt10.vs_raw", 1.1, "100-shard query ≤ 1.1x raw"),
                        Target.equal("unprocessed.rt10.items_lost", 0, "0 items lost"),
                        Target.atMost("jmh.near_cache.hit.p50", 1, "hit ≤ 1 µs")),
                figures));

        assertThat(table)
                .contains("| 100-shard query ≤ 1.1x raw | 1.31 ratio | ≤ 1.1 ratio | **not met** |"
                        + " `sharded_query.100.rt10.vs_raw` |")
                .contains("| 0 items lost | 0 items | = 0 items | met | `unprocessed.rt10.items_lost` |")
                .contains("| hit ≤ 1 µs | — | ≤ 1 | not measured | `jmh.near_cache.hit.p50` |");
    }

    @Test
    void render_whenFiguresOfTwoGroups_writesOneTablePerGroupWithNotesAndCharts() {
        figures.add(Figure.Group.JMH, "jmh.x.p50", 0.25, "us", -1, "enqueue | p50");
        figures.add(Figure.Group.UPDATES, "updates.rt10.a", 40, "requests", 10, "buffer requests");
        figures.note(Figure.Group.UPDATES, "10,000 updates.");

        String md = ResultsMarkdown.render(
                List.of("header"), figures, List.of(), List.of(new ResultsMarkdown.Chart("c.png", "chart")));

        assertThat(md)
                .startsWith("# Benchmark results\n\nheader\n")
                .contains("## 10,000 updates of 1,000 keys\n\n10,000 updates.\n\n| figure | round trip |")
                .contains("| buffer requests | 10 ms | 40 | requests | `updates.rt10.a` |")
                .contains("| enqueue \\| p50 | — | 0.25 | us | `jmh.x.p50` |")
                .contains("![chart](c.png)");
        assertThat(md.indexOf("## 10,000 updates")).isLessThan(md.indexOf("## JMH"));
    }

    @Test
    void idealCalls_whenThirtyPercentUnprocessed_isFullCallsOverSeventyPercent() {
        assertThat(UnprocessedItemsSection.idealCalls(10_000, 0.3)).isEqualTo(572);
        assertThat(UnprocessedItemsSection.idealCalls(1_750, 0.3)).isEqualTo(100);
    }

    @Test
    void snake_whenCamelCaseWithDigits_splitsWords() {
        assertThat(JmhSection.snake("encode100Positions")).isEqualTo("encode_100_positions");
        assertThat(JmhSection.snake("merge100SourcesPage100")).isEqualTo("merge_100_sources_page_100");
        assertThat(JmhSection.snake("calculatedShard")).isEqualTo("calculated_shard");
    }
}
