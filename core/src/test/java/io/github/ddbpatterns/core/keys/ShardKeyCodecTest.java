package io.github.ddbpatterns.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ShardKeyCodecTest {

    private final ShardKeyCodec codec = ShardKeyCodec.ofDefaults();

    @Test
    void encode_whenDefaults_appendsSeparatorLabelAndShard() {
        assertThat(codec.encode("user-42", 7)).isEqualTo("user-42#shard-7");
    }

    @Test
    void encode_whenCustomFormat_usesSeparatorAndLabel() {
        ShardKeyCodec custom = ShardKeyCodec.builder().separator("|").label("s").build();
        assertThat(custom.encode("user-42", 12)).isEqualTo("user-42|s12");
        assertThat(custom.decode("user-42|s12")).isEqualTo(new ShardedKey("user-42", 12));
        assertThat(custom.toBuilder().build().encode("k", 0)).isEqualTo("k|s0");
    }

    @Test
    void decode_whenLogicalKeyContainsSeparator_splitsAtLastSuffix() {
        assertThat(codec.decode("tenant#shard-3#shard-9")).isEqualTo(new ShardedKey("tenant#shard-3", 9));
    }

    @Test
    void decode_whenForeignKey_failsNamingFieldWithoutValue() {
        for (String foreign : List.of(
                "user-42",
                "user-42#shard-",
                "user-42#shard-x",
                "#shard-1",
                "user-42#shard-01",
                "user-42#shard-1000",
                "user-42#shard--1",
                "user-42#shard-1 ")) {
            assertThatThrownBy(() -> codec.decode(foreign))
                    .as(foreign)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("physicalKey must be '<logicalKey>#shard-<n>'")
                    .hasMessageContaining("value not shown")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("user-42"));
            assertThat(codec.isPhysicalKey(foreign)).as(foreign).isFalse();
        }
    }

    @Test
    void decode_whenShardAboveShardCount_fails() {
        assertThatThrownBy(() -> codec.decode("user-42#shard-10", 10))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shardCount 10");
        assertThat(codec.decode("user-42#shard-9", 10).shard()).isEqualTo(9);
    }

    @Test
    void allPhysicalKeys_whenThreeShards_listsShardsInOrder() {
        assertThat(codec.allPhysicalKeys("k", 3)).containsExactly("k#shard-0", "k#shard-1", "k#shard-2");
    }

    @Test
    void shardCount_whenOutOfRange_failsNamingField() {
        for (int bad : new int[] {0, -1, 1001}) {
            assertThatThrownBy(() -> codec.allPhysicalKeys("k", bad))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("shardCount must be between 1 and 1000, got: " + bad);
            assertThatThrownBy(() -> codec.randomShard(bad)).hasMessageStartingWith("shardCount must");
            assertThatThrownBy(() -> codec.calculatedShard("x", bad)).hasMessageStartingWith("shardCount must");
        }
        assertThat(codec.allPhysicalKeys("k", 1000)).hasSize(1000).last().isEqualTo("k#shard-999");
    }

    @Test
    void builder_whenBadFormat_failsFast() {
        assertThatThrownBy(() -> ShardKeyCodec.builder().separator("")).hasMessageStartingWith("separator must");
        assertThatThrownBy(() -> ShardKeyCodec.builder().label("s1"))
                .hasMessageStartingWith("label must not end with a digit");
        assertThatThrownBy(
                        () -> ShardKeyCodec.builder().separator("#1").label("").build())
                .hasMessageStartingWith("separator must");
        assertThatThrownBy(() -> codec.encode("", 1)).hasMessageStartingWith("logicalKey must");
        assertThatThrownBy(() -> codec.encode("k", 1000)).hasMessageStartingWith("shard must");
    }

    @Test
    void calculatedShard_whenKnownValues_isFrozen() {
        // murmur3_32("user-42") = 0xb972dad0 = 3111312080 unsigned
        assertThat(codec.calculatedShard("user-42", 10)).isEqualTo((int) (0xb972dad0L % 10));
        assertThat(codec.calculatedShard("user-42", 1000)).isEqualTo((int) (0xb972dad0L % 1000));
        assertThat(codec.calculatedShard("anything", 1)).isZero();
    }

    @Test
    void calculatedShard_whenManyValues_spreadsOverAllShards() {
        int[] counts = new int[10];
        for (int i = 0; i < 10_000; i++) {
            counts[codec.calculatedShard("order-" + i, 10)]++;
        }
        for (int count : counts) {
            assertThat(count).isBetween(850, 1150);
        }
    }

    @Test
    void randomShard_whenCalledOften_coversEveryShardInRange() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            int shard = codec.randomShard(8);
            assertThat(shard).isBetween(0, 7);
            seen.add(shard);
        }
        assertThat(seen).hasSize(8);
    }

    @Property(tries = 500)
    void decode_whenEncoded_returnsLogicalKeyAndShard(
            @ForAll("logicalKeys") String logicalKey, @ForAll @IntRange(min = 0, max = 999) int shard) {
        String physical = codec.encode(logicalKey, shard);
        assertThat(codec.decode(physical)).isEqualTo(new ShardedKey(logicalKey, shard));
        assertThat(codec.isPhysicalKey(physical)).isTrue();
    }

    @Property(tries = 300)
    void calculatedShard_whenAnyValue_isInRangeAndDeterministic(
            @ForAll String value, @ForAll @IntRange(min = 1, max = 1000) int shards) {
        int shard = codec.calculatedShard(value, shards);
        assertThat(shard).isBetween(0, shards - 1).isEqualTo(codec.calculatedShard(value, shards));
    }

    @Provide
    Arbitrary<String> logicalKeys() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings()
                        .withChars("ab#shard-0123456789")
                        .ofMinLength(1)
                        .ofMaxLength(30));
    }
}
