package io.github.ddbpatterns.core.hotkeys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SpaceSavingSummaryTest {

    @Test
    void add_whenFull_replacesSmallestAndCarriesItsCountAsError() {
        SpaceSavingSummary summary = new SpaceSavingSummary(2);
        summary.add("a", 5);
        summary.add("b", 1);
        summary.add("c", 2); // evicts b (1): c = 1 + 2, error 1
        Map<String, SpaceSavingSummary.Entry> byKey = new HashMap<>();
        summary.entries().forEach(e -> byKey.put(e.key(), e));
        assertThat(byKey).containsOnlyKeys("a", "c");
        assertThat(byKey.get("c").count()).isEqualTo(3.0);
        assertThat(byKey.get("c").error()).isEqualTo(1.0);
        assertThat(summary.unmonitoredBound()).isEqualTo(3.0);
        summary.clear();
        assertThat(summary.size()).isZero();
        assertThat(summary.unmonitoredBound()).isZero();
    }

    @Property(tries = 200)
    void add_whenAnyStream_estimatesBracketTrueCountsAndHeavyKeysAreMonitored(
            @ForAll("streams") List<Integer> stream, @ForAll @IntRange(min = 1, max = 20) int capacity) {
        SpaceSavingSummary summary = new SpaceSavingSummary(capacity);
        Map<String, Double> truth = new HashMap<>();
        double total = 0;
        for (int k : stream) {
            double weight = 1 + k % 3;
            String key = "k" + k;
            summary.add(key, weight);
            truth.merge(key, weight, Double::sum);
            total += weight;
        }
        Map<String, SpaceSavingSummary.Entry> monitored = new HashMap<>();
        for (SpaceSavingSummary.Entry e : summary.entries()) {
            monitored.put(e.key(), e);
            double exact = truth.get(e.key());
            assertThat(e.count()).isGreaterThanOrEqualTo(exact);
            assertThat(e.count() - e.error()).isLessThanOrEqualTo(exact);
            assertThat(e.error()).isLessThanOrEqualTo(summary.unmonitoredBound());
        }
        for (Map.Entry<String, Double> t : truth.entrySet()) {
            if (t.getValue() > total / capacity) {
                assertThat(monitored).containsKey(t.getKey());
            }
            if (!monitored.containsKey(t.getKey())) {
                assertThat(t.getValue()).isLessThanOrEqualTo(summary.unmonitoredBound());
            }
        }
    }

    @Provide
    Arbitrary<List<Integer>> streams() {
        return Arbitraries.oneOf(
                        Arbitraries.integers().between(0, 30),
                        Arbitraries.integers().between(0, 3))
                .list()
                .ofMaxSize(300);
    }
}
