package io.github.ddbpatterns.testing.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndexWritesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final IndexSchema BY_G_SORTED =
            new IndexSchema("by-g", true, "g", "s", IndexSchema.Projection.INCLUDE, List.of("p"), "arn:index/by-g");
    static final KeySchema TABLE = new KeySchema("id", null, "arn:table", Map.of("by-g", BY_G_SORTED));

    @Test
    void of_whenTheIndexSortKeyChanges_isTwoWritesOnTheOldAndNewPartitions() throws Exception {
        List<IndexWrites.Write> writes = IndexWrites.of(BY_G_SORTED, TABLE, item("g1", "1", "p"), item("g1", "2", "p"));

        assertThat(writes).extracting(IndexWrites.Write::units).containsExactly(1.0, 1.0);
    }

    @Test
    void of_whenTheItemLacksTheIndexSortKey_isNotInTheIndex() throws Exception {
        JsonNode noSort = JSON.readTree("{\"id\":{\"S\":\"a\"},\"g\":{\"S\":\"g1\"}}");

        assertThat(IndexWrites.of(BY_G_SORTED, TABLE, null, noSort)).isEmpty();
        assertThat(IndexWrites.of(BY_G_SORTED, TABLE, noSort, item("g1", "1", "p")))
                .extracting(IndexWrites.Write::partitionKey)
                .containsExactly(JSON.readTree("{\"S\":\"g1\"}"));
    }

    @Test
    void of_whenANumberKeyIsWrittenInAnotherForm_isNoChange() throws Exception {
        IndexSchema byN = new IndexSchema("by-n", true, "n", null, IndexSchema.Projection.KEYS_ONLY, List.of(), "");
        JsonNode before = JSON.readTree("{\"id\":{\"S\":\"a\"},\"n\":{\"N\":\"1\"}}");
        JsonNode after = JSON.readTree("{\"id\":{\"S\":\"a\"},\"n\":{\"N\":\"1.0\"},\"x\":{\"S\":\"x\"}}");

        // the same key value (DynamoDB stores 1.0 as 1), and KEYS_ONLY holds no x: nothing to write
        assertThat(IndexWrites.of(byN, TABLE, before, after)).isEmpty();
    }

    static JsonNode item(String g, String s, String p) throws Exception {
        return JSON.readTree("{\"id\":{\"S\":\"a\"},\"g\":{\"S\":\"" + g + "\"},\"s\":{\"S\":\"" + s
                + "\"},\"p\":{\"S\":\"" + p + "\"}}");
    }
}
