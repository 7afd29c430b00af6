package io.github.ddbpatterns.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.capacity.ReadConsistency;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrafficProfileTest {

    private static TrafficProfile csv(String text) {
        return TrafficProfile.fromCsv(new StringReader(text), "t.csv");
    }

    @Test
    void fromCsv_whenThreeColumns_readsRatesWithDefaultItemSizes() {
        TrafficProfile profile = csv("0,10,20\n1,30,40\n");

        assertThat(profile.seconds()).isEqualTo(2);
        assertThat(profile.reads(1)).isEqualTo(30);
        assertThat(profile.writes(1)).isEqualTo(40);
        assertThat(profile.writeKb(0)).isEqualTo(1);
        assertThat(profile.readKb(0)).isEqualTo(4);
        // 1 KB write = 1 unit; 4 KB eventually consistent read = 0.5 unit
        assertThat(profile.writeUnits(1)).isEqualTo(40);
        assertThat(profile.readUnits(1)).isEqualTo(15);
        assertThat(profile.readConsistency()).isEqualTo(ReadConsistency.EVENTUAL);
    }

    @Test
    void fromCsv_whenFiveColumns_costsUnitsAtEachSecondsItemSize() {
        TrafficProfile profile = csv("second,reads,writes,readKb,writeKb\n0,10,10,9,2.5\n1,10,10\n");

        assertThat(profile.writeUnitsPerRequest(0)).isEqualTo(3); // 2.5 KB -> 3 x 1 KB
        assertThat(profile.readUnitsPerRequest(0)).isEqualTo(1.5); // 9 KB -> 3 x 4 KB, eventual
        assertThat(profile.writeUnitsPerRequest(1)).isEqualTo(1); // line without sizes: defaults
        assertThat(profile.writeUnits(0)).isEqualTo(30);
    }

    @Test
    void fromCsv_whenSecondsMissing_theyHaveNoTraffic() {
        TrafficProfile profile = csv("# a comment\n\n0,1,1\n5,2,2\n");

        assertThat(profile.seconds()).isEqualTo(6);
        assertThat(profile.writes(3)).isZero();
        assertThat(profile.totalWrites()).isEqualTo(3);
        assertThat(profile.peakWrites()).isEqualTo(2);
    }

    @Test
    void fromCsv_whenFile_readsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sale.csv");
        Files.writeString(file, "0,0,100\n1,0,10000\n", StandardCharsets.UTF_8);

        assertThat(TrafficProfile.fromCsv(file).peakWriteUnits()).isEqualTo(10_000);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "0,1,1\\n1,2,-5\\n | writes must be a finite number >= 0 (line 2 of t.csv), got: '-5'",
                "0,-1,1\\n | reads must be a finite number >= 0 (line 1 of t.csv), got: '-1'",
                "0,1,1\\n2,1,1\\n1,1,1\\n | second must be greater than the previous second 2 (line 3 of t.csv), got: '1'",
                "0,1,1\\n0,1,1\\n | second must be greater than the previous second 0 (line 2 of t.csv), got: '0'",
                "0,1\\n | line must have 3 or 5 comma-separated fields second,reads,writes[,readKb,writeKb]"
                        + " (line 1 of t.csv), got: '0,1'",
                "0,1,abc\\n | writes must be a number (line 1 of t.csv), got: 'abc'",
                "x,1,1\\n | second must be a whole number of seconds (line 1 of t.csv), got: 'x'",
                "0,1,NaN\\n | writes must be a finite number >= 0 (line 1 of t.csv), got: 'NaN'",
                "0,1,1,4,0\\n | writeKb must be in (0, 400] (DynamoDB's item size limit) (line 1 of t.csv), got: '0'",
                "-1,1,1\\n | second must be between 0 and 2678399 (31 days) (line 1 of t.csv), got: '-1'",
            })
    void fromCsv_whenBadLine_failsNamingFieldLineAndValue(String text, String message) {
        assertThatThrownBy(() -> csv(text.replace("\\n", "\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(message.strip());
    }

    @Test
    void fromCsv_whenNoDataLines_failsNamingTheSource() {
        assertThatThrownBy(() -> csv("second,reads,writes\n# nothing\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("t.csv")
                .hasMessageContaining("no data lines");
    }

    @Test
    void builder_whenRateNegativeOrSecondOutOfRange_failsNamingFieldAndValue() {
        TrafficProfile.Builder builder = TrafficProfile.builder(10);

        assertThatThrownBy(() -> builder.rates(0, -1, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("reads must be a finite number >= 0, got: -1.0");
        assertThatThrownBy(() -> builder.rates(10, 0, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("second must be between 0 and 9, got: 10");
        assertThatThrownBy(() -> TrafficProfile.builder(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("seconds must be between 1 and 2678400, got: 0");
    }

    @Test
    void build_whenBuilderChangedAfterwards_profileKeepsItsValues() {
        TrafficProfile.Builder builder = TrafficProfile.builder(2).rates(0, 1, 1);
        TrafficProfile profile = builder.build();

        builder.rates(0, 5, 5);

        assertThat(profile.writes(0)).isEqualTo(1);
    }
}
