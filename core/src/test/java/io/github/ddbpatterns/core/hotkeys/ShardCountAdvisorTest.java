package io.github.ddbpatterns.core.hotkeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.capacity.ReadConsistency;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShardCountAdvisorTest {

    private final ShardCountAdvisor advisor = ShardCountAdvisor.ofDefaults();

    @ParameterizedTest
    @CsvSource({
        "5000, 1024, 0, 0, 7", // 5,000 WCU / 800 = 6.25
        "800, 1024, 0, 0, 1", // exactly at target
        "801, 1024, 0, 0, 2",
        "0, 0, 0, 0, 1", // nothing: one shard
        "1000, 2500, 0, 0, 4", // 3 WCU per write: 3,000 / 800 = 3.75
        "0, 0, 10000, 4096, 5", // 10,000 RCU / 2,400 = 4.17
        "2000, 100, 10000, 4096, 5", // reads dominate (writes need 3)
        "10000000, 400000, 0, 0, 1000" // clamped
    })
    void recommend_whenRates_usesPartitionLimitsWithHeadroom(
            double writes, long itemBytes, double reads, long readBytes, int shards) {
        assertThat(advisor.recommend(writes, itemBytes, reads, readBytes)).isEqualTo(shards);
    }

    @Test
    void recommend_whenEventualReadsOrCustomLimits_adjusts() {
        ShardCountAdvisor eventual =
                advisor.toBuilder().readConsistency(ReadConsistency.EVENTUAL).build();
        assertThat(eventual.recommend(0, 0, 10_000, 4096)).isEqualTo(3); // 5,000 RCU / 2,400
        ShardCountAdvisor scaledDown = ShardCountAdvisor.builder()
                .writeUnitsPerPartition(100)
                .targetUtilisation(1.0)
                .maxShards(20)
                .build();
        assertThat(scaledDown.recommend(500, 1000, 0, 0)).isEqualTo(5);
        assertThat(scaledDown.recommend(50_000, 1000, 0, 0)).isEqualTo(20);
    }

    @Test
    void recommend_whenHotKey_usesItsAccessTypeLimit() {
        assertThat(advisor.recommend(new HotKey("h", "h", AccessType.WRITE, 5000, 10)))
                .isEqualTo(7);
        assertThat(advisor.recommend(new HotKey("h", "h", AccessType.READ, 5000, 10)))
                .isEqualTo(3);
    }

    @Property(tries = 500)
    void recommendForUnits_whenAnyRate_isSmallestCountKeepingEachShardUnderTarget(
            @ForAll @DoubleRange(min = 0, max = 2_000_000) double writeUnits,
            @ForAll @DoubleRange(min = 0, max = 5_000_000) double readUnits) {
        int shards = advisor.recommendForUnits(writeUnits, readUnits);
        assertThat(shards).isBetween(1, 1000);
        if (shards < 1000) {
            assertThat(writeUnits / shards).isLessThanOrEqualTo(800 + 1e-6);
            assertThat(readUnits / shards).isLessThanOrEqualTo(2400 + 1e-6);
        }
        if (shards > 1) {
            int fewer = shards - 1;
            assertThat(writeUnits / fewer > 800 - 1e-6 || readUnits / fewer > 2400 - 1e-6)
                    .isTrue();
        }
        assertThat(advisor.recommendForUnits(writeUnits * 2, readUnits)).isGreaterThanOrEqualTo(shards);
    }

    @Test
    void builderAndRecommend_whenBadInput_failNamingField() {
        assertThatThrownBy(() -> ShardCountAdvisor.builder().targetUtilisation(1.5))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("targetUtilisation must be in (0, 1]");
        assertThatThrownBy(() -> ShardCountAdvisor.builder().writeUnitsPerPartition(0))
                .hasMessageStartingWith("writeUnitsPerPartition must");
        assertThatThrownBy(() -> ShardCountAdvisor.builder().maxShards(1001))
                .hasMessageStartingWith("maxShards must be between 1 and 1000");
        assertThatThrownBy(() -> advisor.recommend(-1, 1, 0, 0)).hasMessageStartingWith("writesPerSecond must");
        assertThatThrownBy(() -> advisor.recommend(1, -1, 0, 0)).hasMessageStartingWith("itemBytes must");
    }
}
