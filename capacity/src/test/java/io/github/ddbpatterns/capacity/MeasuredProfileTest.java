package io.github.ddbpatterns.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.ddbpatterns.core.InvalidInputException;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MeasuredProfileTest {

    @Test
    void measured_whenUnitsAreGiven_usesThemWhateverTheItemSizeSays() {
        TrafficProfile profile = TrafficProfile.builder(3)
                .itemKb(4, 1)
                .measured(1, 10, 20, 7.5, 33)
                .rates(2, 10, 20)
                .build();

        assertThat(profile.writeUnits(1)).isCloseTo(33, within(1e-4));
        assertThat(profile.readUnits(1)).isCloseTo(7.5, within(1e-4));
        assertThat(profile.writeUnitsPerRequest(1)).isCloseTo(1.65, within(1e-6));
        assertThat(profile.writeUnits(2)).isEqualTo(20); // not measured: 1 KB items, 1 unit each
        assertThat(profile.readUnits(2)).isEqualTo(5); // 4 KB eventually consistent: half a unit each
    }

    @Test
    void measured_whenUnitsWithoutRequests_failsNamingTheField() {
        TrafficProfile.Builder builder = TrafficProfile.builder(2);

        assertThatThrownBy(() -> builder.measured(0, 0, 5, 3, 5))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("readUnits")
                .hasMessageContaining("3.0");
        assertThatThrownBy(() -> builder.measured(0, 1, 5, 1, -5))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("writeUnits")
                .hasMessageContaining("-5");
    }

    @Test
    void writeCsv_whenMeasured_writesUnitsThatFromCsvReadsBack() {
        TrafficProfile profile = TrafficProfile.builder(5)
                .measured(1, 10, 20, 7.5, 33)
                .measured(4, 0, 3, 0, 9)
                .build();
        StringWriter csv = new StringWriter();

        profile.writeCsv(csv);
        TrafficProfile back = TrafficProfile.fromCsv(new StringReader(csv.toString()), "recorded.csv");

        assertThat(csv.toString()).isEqualTo("second,reads,writes,readUnits,writeUnits\n1,10,20,7.5,33\n4,0,3,0,9\n");
        assertThat(back.seconds()).isEqualTo(5);
        assertThat(back.writeUnits(1)).isCloseTo(33, within(1e-4));
        assertThat(back.readUnits(1)).isCloseTo(7.5, within(1e-4));
        assertThat(back.writeUnits(4)).isCloseTo(9, within(1e-4));
    }

    @Test
    void writeCsv_whenSized_writesItemSizesThatFromCsvReadsBack() {
        TrafficProfile profile = TrafficProfile.builder(3)
                .rates(0, 100, 10)
                .rates(2, 5, 1)
                .itemKb(2, 8, 2.5)
                .build();
        StringWriter csv = new StringWriter();

        profile.writeCsv(csv);
        TrafficProfile back = TrafficProfile.fromCsv(new StringReader(csv.toString()), "sized.csv");

        assertThat(csv.toString()).isEqualTo("second,reads,writes,readKb,writeKb\n0,100,10,4,1\n2,5,1,8,2.5\n");
        for (int s = 0; s < 3; s++) {
            assertThat(back.writeUnits(s)).isEqualTo(profile.writeUnits(s));
            assertThat(back.readUnits(s)).isEqualTo(profile.readUnits(s));
        }
    }

    @Test
    void fromCsv_whenUnitsWithoutRequests_failsNamingTheFieldAndLine() {
        String csv = "second,reads,writes,readUnits,writeUnits\n0,1,1,1,1\n1,0,2,4,2\n";

        assertThatThrownBy(() -> TrafficProfile.fromCsv(new StringReader(csv), "bad.csv"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("readUnits must be 0 when reads is 0")
                .hasMessageContaining("line 3 of bad.csv");
    }
}
