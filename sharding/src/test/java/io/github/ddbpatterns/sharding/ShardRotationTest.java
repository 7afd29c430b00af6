package io.github.ddbpatterns.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardRotationTest {

    @Test
    void next_whenKeysInterleave_eachKeyTakesItsOwnShardsInTurn() {
        ShardRotation rotation = new ShardRotation();
        List<Integer> a = new ArrayList<>();
        List<Integer> b = new ArrayList<>();

        for (int i = 0; i < 10; i++) {
            a.add(rotation.next("a", 5));
            b.add(rotation.next("b", 5));
        }

        for (List<Integer> shards : List.of(a, b)) {
            for (int i = 1; i < shards.size(); i++) {
                assertThat(shards.get(i)).isEqualTo((shards.get(i - 1) + 1) % 5);
            }
        }
    }

    @Test
    void next_whenManyThreadsWriteOneKey_everyShardGetsAnEqualShare() {
        ShardRotation rotation = new ShardRotation();
        Map<Integer, AtomicInteger> perShard = new ConcurrentHashMap<>();

        CompletableFuture.allOf(IntStream.range(0, 4)
                        .mapToObj(t -> CompletableFuture.runAsync(() -> {
                            for (int i = 0; i < 700; i++) {
                                perShard.computeIfAbsent(rotation.next("hot", 7), s -> new AtomicInteger())
                                        .incrementAndGet();
                            }
                        }))
                        .toArray(CompletableFuture[]::new))
                .join();

        Map<Integer, Integer> counts = new TreeMap<>();
        perShard.forEach((shard, n) -> counts.put(shard, n.get()));
        assertThat(counts).hasSize(7).allSatisfy((shard, n) -> assertThat(n).isEqualTo(400));
    }

    @Test
    void next_whenTheShardCountChanges_staysInRangeAndCoversTheNewCountEvenly() {
        ShardRotation rotation = new ShardRotation();
        for (int i = 0; i < 3; i++) {
            assertThat(rotation.next("k", 2)).isBetween(0, 1);
        }
        int[] perShard = new int[7];

        for (int i = 0; i < 21; i++) {
            perShard[rotation.next("k", 7)]++;
        }

        assertThat(perShard).containsOnly(3);
    }

    @Test
    void next_whenOneShard_isAlwaysTheFirst() {
        ShardRotation rotation = new ShardRotation();

        assertThat(IntStream.range(0, 5).map(i -> rotation.next("cold", 1))).containsOnly(0);
    }
}
