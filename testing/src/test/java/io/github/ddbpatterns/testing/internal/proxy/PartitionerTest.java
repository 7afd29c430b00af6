package io.github.ddbpatterns.testing.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionerTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void partition_whenSequentialKeys_spreadsOverAllPartitions() {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            JsonNode value = JSON.createObjectNode().put("S", "user-" + i);
            counts.merge(Partitioner.partition("t", value, 10), 1, Integer::sum);
        }
        assertThat(counts).hasSize(10);
        assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(60, 140));
    }

    @Test
    void partition_whenEqualNumbersWrittenDifferently_isTheSame() {
        int a = Partitioner.partition("t", JSON.createObjectNode().put("N", "1.50"), 97);
        int b = Partitioner.partition("t", JSON.createObjectNode().put("N", "1.5"), 97);
        assertThat(a).isEqualTo(b);
    }
}
