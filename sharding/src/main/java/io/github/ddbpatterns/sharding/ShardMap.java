package io.github.ddbpatterns.sharding;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where a {@link ShardedTable} learns each logical key's {@link ShardLayout}. {@link #fixed(int, Map)} is
 * configuration (the same in every instance because it is the same code); {@link TableShardMap} stores
 * per-key overrides in the table itself so that every application instance agrees when a hot key is
 * resharded at run time.
 */
public interface ShardMap {

    /**
     * The layout of {@code logicalKey}. Implementations should answer from memory most of the time (a
     * completed future), so that reads can be validated before any request.
     */
    CompletableFuture<ShardLayout> layout(String logicalKey);

    /**
     * Every key has {@code shardCount} shards, except those in {@code overrides}.
     *
     * @throws InvalidInputException if a count is outside {@code 1 .. ShardKeyCodec.MAX_SHARDS}, or a key is
     *         null or empty
     */
    static ShardMap fixed(int shardCount, Map<String, Integer> overrides) {
        ShardKeyCodec.checkShardCount(shardCount);
        Checks.notNull("overrides", overrides);
        overrides.forEach((key, count) -> {
            Checks.notEmpty("overrides.key", key);
            ShardKeyCodec.checkShardCount(Checks.notNull("overrides[" + key + "]", count));
        });
        CompletableFuture<ShardLayout> byDefault = CompletableFuture.completedFuture(ShardLayout.of(shardCount));
        Map<String, CompletableFuture<ShardLayout>> special = new java.util.HashMap<>();
        overrides.forEach((key, count) -> special.put(key, CompletableFuture.completedFuture(ShardLayout.of(count))));
        Map<String, CompletableFuture<ShardLayout>> frozen = Map.copyOf(special);
        return new ShardMap() {
            @Override
            public CompletableFuture<ShardLayout> layout(String logicalKey) {
                return frozen.getOrDefault(logicalKey, byDefault);
            }

            @Override
            public String toString() {
                return "ShardMap[fixed " + shardCount + ", " + frozen.size() + " overrides]";
            }
        };
    }
}
