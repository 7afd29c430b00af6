package io.github.ddbpatterns.sharding;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chooses the shards of a logical key in turn, starting from a random one: of every {@code n} writes of a key with
 * {@code n} shards, each shard gets exactly one, whatever the order the writes arrive in. Random choice gives each
 * shard the same share only on average: of 100 writes a second over 7 shards (14.3 each on average), the busiest
 * shard gets 20 or more in about half of the seconds, so a shard count chosen with headroom under the partition
 * limit (the adaptive controller's target utilisation) throttles anyway.
 *
 * <p>Each instance rotates on its own; with several instances writing a key, every shard still gets an equal share of
 * each instance's writes. The turn of at most {@link #MAX_KEYS} keys is kept (Caffeine, least recently used first,
 * each dropped {@link #IDLE} after its last write); a key whose turn was dropped starts again from a random shard.
 * Keys with one shard keep no turn. Thread-safe.
 */
final class ShardRotation {

    /** The most keys whose turn is kept. */
    static final long MAX_KEYS = 10_000;
    /** How long the turn of a key without writes is kept. */
    static final Duration IDLE = Duration.ofMinutes(10);

    private final Cache<String, AtomicLong> turns =
            Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterAccess(IDLE).build();

    /**
     * The next shard of {@code logicalKey} out of {@code shardCount}: the one after the shard of its previous write
     * on this instance (a random one for its first).
     */
    int next(String logicalKey, int shardCount) {
        if (shardCount == 1) {
            return 0;
        }
        AtomicLong turn = turns.get(
                logicalKey, k -> new AtomicLong(ThreadLocalRandom.current().nextInt(shardCount)));
        return Math.floorMod(turn.getAndIncrement(), shardCount);
    }
}
