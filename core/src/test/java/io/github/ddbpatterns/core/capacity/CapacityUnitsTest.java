package io.github.ddbpatterns.core.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapacityUnitsTest {

    @ParameterizedTest
    @CsvSource({"0,1", "1,1", "1024,1", "1025,2", "1500,2", "409600,400"})
    void writeUnits_whenItemSize_roundsUpToKilobytes(long bytes, long units) {
        assertThat(CapacityUnits.writeUnits(bytes)).isEqualTo(units);
        assertThat(CapacityUnits.transactionalWriteUnits(bytes)).isEqualTo(2 * units);
    }

    @ParameterizedTest
    @CsvSource({"0,EVENTUAL,0.5", "4096,STRONG,1", "4097,STRONG,2", "9000,EVENTUAL,1.5", "9000,TRANSACTIONAL,6"})
    void readUnits_whenItemSizeAndConsistency_roundsUpTo4Kb(long bytes, ReadConsistency consistency, double units) {
        assertThat(CapacityUnits.readUnits(bytes, consistency)).isEqualTo(units);
    }

    @Test
    void queryReadUnits_whenManySmallItems_roundsSumOnce() {
        List<Long> hundredItems = java.util.Collections.nCopies(100, 100L); // 10,000 bytes -> 3 x 4 KB
        assertThat(CapacityUnits.queryReadUnits(hundredItems, ReadConsistency.STRONG))
                .isEqualTo(3.0);
        assertThat(CapacityUnits.queryReadUnits(hundredItems, ReadConsistency.EVENTUAL))
                .isEqualTo(1.5);
        assertThat(CapacityUnits.queryReadUnits(List.of(), ReadConsistency.EVENTUAL))
                .isEqualTo(0.5);
        // the same items fetched by BatchGetItem round each item on its own
        assertThat(CapacityUnits.batchGetReadUnits(hundredItems, ReadConsistency.STRONG))
                .isEqualTo(100.0);
    }

    @Property(tries = 300)
    void queryReadUnits_whenAnySizes_neverExceedsPerItemRoundingAndCoversBytes(
            @ForAll List<@LongRange(min = 0, max = 400 * 1024) Long> sizes, @ForAll ReadConsistency consistency) {
        double query = CapacityUnits.queryReadUnits(sizes, consistency);
        long total = sizes.stream().mapToLong(Long::longValue).sum();
        assertThat(query).isGreaterThanOrEqualTo(total / 4096.0 * consistency.unitsPer4Kb());
        assertThat(query).isLessThan((total / 4096.0 + 1) * consistency.unitsPer4Kb() + 1e-9);
        if (!sizes.isEmpty()) {
            assertThat(query).isLessThanOrEqualTo(CapacityUnits.batchGetReadUnits(sizes, consistency));
        }
    }

    @Test
    void writeUnits_whenNegative_failsNamingField() {
        assertThatThrownBy(() -> CapacityUnits.writeUnits(-1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("itemBytes must not be negative, got: -1");
        assertThatThrownBy(() -> CapacityUnits.queryReadUnits(List.of(1L, -5L), ReadConsistency.STRONG))
                .hasMessage("itemBytes element must not be negative, got: -5");
    }
}
