package io.github.ddbpatterns.testing.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ItemSizeTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void of_whenScalars_sumsNameAndValueBytes() throws Exception {
        JsonNode item = JSON.readTree("{\"id\":{\"S\":\"abc\"},\"n\":{\"N\":\"12345\"},\"b\":{\"B\":\"AQID\"},"
                + "\"t\":{\"BOOL\":true},\"z\":{\"NULL\":true},\"u\":{\"S\":\"\u00e9\"}}");
        // id+abc=5, n+(5 digits -> 3+1)=5, b+3 bytes=4, t+1=2, z+1=2, u+2 bytes=3
        assertThat(ItemSize.of(item)).isEqualTo(21);
    }

    @Test
    void of_whenNestedListsMapsAndSets_addsOverheads() throws Exception {
        JsonNode item = JSON.readTree("{\"l\":{\"L\":[{\"S\":\"ab\"},{\"N\":\"1\"}]},"
                + "\"m\":{\"M\":{\"k\":{\"S\":\"v\"}}},\"ss\":{\"SS\":[\"a\",\"bc\"]}}");
        // l: 1 + 3 + (1+2) + (1+2) = 10; m: 1 + 3 + (1+1+1) = 7; ss: 2 + 3 = 5
        assertThat(ItemSize.of(item)).isEqualTo(22);
    }

    @Test
    void of_whenNumberHasLeadingAndTrailingZeros_countsSignificantDigits() throws Exception {
        assertThat(ItemSize.valueSize(JSON.readTree("{\"N\":\"000100\"}"))).isEqualTo(2);
        assertThat(ItemSize.valueSize(JSON.readTree("{\"N\":\"-12.3456\"}"))).isEqualTo(4);
    }

    @Test
    void units_roundUpPerKbAndPer4Kb() {
        assertThat(ItemSize.writeUnits(0)).isEqualTo(1.0);
        assertThat(ItemSize.writeUnits(1024)).isEqualTo(1.0);
        assertThat(ItemSize.writeUnits(1025)).isEqualTo(2.0);
        assertThat(ItemSize.readUnits(4096, true)).isEqualTo(1.0);
        assertThat(ItemSize.readUnits(4097, true)).isEqualTo(2.0);
        assertThat(ItemSize.readUnits(4097, false)).isEqualTo(1.0);
        assertThat(ItemSize.readUnits(10, false)).isEqualTo(0.5);
    }
}
