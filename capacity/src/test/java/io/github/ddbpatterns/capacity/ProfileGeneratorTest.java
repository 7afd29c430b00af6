package io.github.ddbpatterns.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.capacity.ReadConsistency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfileGeneratorTest {

    @Test
    void build_whenSeed_hasBaselineAndTwoTwoMinuteSales() {
        TrafficProfile profile = SeedProfile.generator().build();

        assertThat(profile.seconds()).isEqualTo(86_400);
        assertThat(profile.writes(0)).isEqualTo(100);
        assertThat(profile.writes(SeedProfile.SALE_1 - 1)).isEqualTo(100);
        assertThat(profile.writes(SeedProfile.SALE_1)).isEqualTo(10_000);
        assertThat(profile.writes(SeedProfile.SALE_1 + 119)).isEqualTo(10_000);
        assertThat(profile.writes(SeedProfile.SALE_1 + 120)).isEqualTo(100);
        assertThat(profile.writes(SeedProfile.SALE_2 + 60)).isEqualTo(10_000);
        // 100/s all day, plus 9,900/s more during 2 x 120 s
        assertThat(profile.totalWrites()).isEqualTo(100.0 * 86_400 + 2 * 120 * 9_900);
        assertThat(profile.totalReads()).isZero();
    }

    @Test
    void parse_whenSpec_generatesTheSameProfileAsTheBuilder() {
        TrafficProfile parsed = ProfileGenerator.parse(
                        "duration=1d, writes=100, writeKb=1, spike=10000x120s@10:00, spike=10000x2m@72000")
                .build();
        TrafficProfile built = SeedProfile.generator().build();

        assertThat(parsed.seconds()).isEqualTo(built.seconds());
        for (int s = 0; s < built.seconds(); s++) {
            assertThat(parsed.writes(s)).as("second %d", s).isEqualTo(built.writes(s));
        }
    }

    @Test
    void parse_whenRepeatingSpikeReadsAndConsistency_appliesThem() {
        TrafficProfile profile = ProfileGenerator.parse(
                        "duration=2d,reads=50,readKb=8,consistency=strong,readSpike=500x1m@01:00/1d")
                .build();

        assertThat(profile.seconds()).isEqualTo(172_800);
        assertThat(profile.reads(3_600)).isEqualTo(500);
        assertThat(profile.reads(86_400 + 3_659)).isEqualTo(500);
        assertThat(profile.reads(86_400 + 3_660)).isEqualTo(50);
        assertThat(profile.readConsistency()).isEqualTo(ReadConsistency.STRONG);
        assertThat(profile.readUnitsPerRequest(0)).isEqualTo(2); // 8 KB strongly consistent
    }

    @Test
    void dailyCurve_whenAmplitudeHalfPeakAt14_runsFromHalfToOneAndAHalfTimesBaseline() {
        TrafficProfile profile = TrafficProfile.generator()
                .baselineWrites(100)
                .dailyCurve(0.5, 14)
                .build();

        assertThat(profile.writes(14 * 3600)).isEqualTo(150);
        assertThat(profile.writes(2 * 3600)).isEqualTo(50, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(profile.totalWrites()).isEqualTo(100.0 * 86_400, org.assertj.core.data.Offset.offset(10.0));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "spike=10000@36000 | spike must be RATExDURATION@START[/EVERY], e.g. 10000x120s@36000, got: '10000@36000'",
                "writes=-1 | writes must be a finite number >= 0, got: -1.0",
                "color=red | spec key must be one of duration, writes, baseline, reads, writeKb, readKb, consistency,"
                        + " spike, readSpike, curve, hotKey, keyShares, got: 'color'",
                "duration=0 | duration must be a positive duration of at most 31 days, got: '0'",
                "spike=10x5s@25:00 | spike must start at HH:MM[:SS] of the first day, got: '25:00'",
                "curve=2@14 | curve amplitude must be in [0, 1], got: 2.0",
                "consistency=maybe | consistency must be eventual, strong or transactional, got: 'maybe'",
                "writes | spec must be key=value pairs separated by commas, got: 'writes'",
            })
    void parse_whenBadSetting_failsNamingKeyAndValue(String spec, String message) {
        assertThatThrownBy(() -> ProfileGenerator.parse(spec))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(message.strip());
    }

    @Test
    void spike_whenRepeatShorterThanDuration_fails() {
        assertThatThrownBy(() -> new Spike(10, 120, 0, 60))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("spike every must be 0 (once) or at least the duration 120 s, got: 60");
    }
}
