package io.github.ddbpatterns.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardLayoutTest {

    @Test
    void withCurrent_whenGrowingThenShrinking_readWidthIsTheLargestCountUntilRetired() {
        ShardLayout layout = ShardLayout.of(10).withCurrent(100).withCurrent(20);

        assertThat(layout.current()).isEqualTo(20);
        assertThat(layout.previous()).containsExactly(100, 10);
        assertThat(layout.readWidth()).isEqualTo(100);
        assertThat(layout.counts()).containsExactly(20, 100, 10);
        assertThat(layout.retired()).isEqualTo(ShardLayout.of(20));
        assertThat(layout.retired().readWidth()).isEqualTo(20);
    }

    @Test
    void constructor_whenPreviousRepeatsCurrent_dropsIt() {
        assertThat(new ShardLayout(5, List.of(5, 7, 7)).previous()).containsExactly(7);
    }

    @Test
    void constructor_whenCountOutOfRange_failsNamingShardCount() {
        assertThatThrownBy(() -> ShardLayout.of(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shardCount")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> new ShardLayout(3, List.of(1001)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shardCount");
        assertThatThrownBy(() -> ShardMap.fixed(2, Map.of("hot", 0)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shardCount");
    }

    @Test
    void fixed_whenKeyOverridden_answersTheOverrideOthersTheDefault() {
        ShardMap map = ShardMap.fixed(3, Map.of("hot", 50));

        assertThat(map.layout("hot").join()).isEqualTo(ShardLayout.of(50));
        assertThat(map.layout("cold").join()).isEqualTo(ShardLayout.of(3));
        assertThat(map.layout("cold")).isDone();
    }
}
