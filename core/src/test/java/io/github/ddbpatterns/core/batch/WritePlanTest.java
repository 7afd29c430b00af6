package io.github.ddbpatterns.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class WritePlanTest {

    /** A write of key number {@code key} (few distinct keys, so duplicates are common) with a size. */
    record W(int position, int key, long bytes) {
        WriteKey writeKey() {
            return new WriteKey("t", Map.of("pk", AttributeValue.fromS("k" + key)));
        }
    }

    private static List<W> writes(List<Integer> keys, List<Integer> sizes) {
        List<W> writes = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            writes.add(new W(i, keys.get(i), sizes.get(i % sizes.size())));
        }
        return writes;
    }

    @Property(tries = 200)
    void plan_neverLosesOrDuplicatesAWrite_neverRepeatsAKeyInACall_keepsKeyOrder_respectsLimits(
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 40) Integer> keys,
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 5_000) Integer> sizes,
            @ForAll @IntRange(min = 1, max = 25) int maxCount,
            @ForAll @IntRange(min = 1, max = 20_000) int maxBytes) {
        List<W> input = writes(keys, sizes);

        List<List<W>> calls = new ArrayList<>();
        for (List<W> generation : WritePlan.generations(input, W::writeKey)) {
            calls.addAll(WritePlan.chunks(generation, W::bytes, maxCount, maxBytes));
        }

        List<W> all = calls.stream().flatMap(List::stream).toList();
        assertThat(all).containsExactlyInAnyOrderElementsOf(input);
        Map<Integer, Integer> lastPositionOfKey = new HashMap<>();
        for (List<W> call : calls) {
            Set<Integer> keysInCall = new HashSet<>();
            assertThat(call).allSatisfy(w -> assertThat(keysInCall.add(w.key())).isTrue());
            assertThat(call.size()).isBetween(1, maxCount);
            long bytes = call.stream().mapToLong(W::bytes).sum();
            assertThat(bytes <= maxBytes || call.size() == 1).isTrue();
            for (W w : call) {
                Integer previous = lastPositionOfKey.put(w.key(), w.position());
                assertThat(previous == null || previous < w.position()).isTrue();
            }
        }
    }

    @Test
    void generations_whenKeyRepeated_putsEachOccurrenceInTheNextGeneration() {
        List<W> input = writes(List.of(1, 2, 1, 1, 3), List.of(1));
        List<List<W>> generations = WritePlan.generations(input, W::writeKey);
        assertThat(generations).hasSize(3);
        assertThat(generations.get(0)).extracting(W::position).containsExactly(0, 1, 4);
        assertThat(generations.get(1)).extracting(W::position).containsExactly(2);
        assertThat(generations.get(2)).extracting(W::position).containsExactly(3);
    }
}
