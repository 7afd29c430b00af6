package io.github.ddbpatterns.sharding;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The shard counts of one logical key: the {@code current} count new writes use, and the {@code previous}
 * counts whose data may still exist. Shards are numbered from 0, so the shards to read are
 * {@code 0 .. readWidth() - 1} with {@code readWidth()} the largest count of all: a read stays complete while
 * a key moves from 10 to 100 shards, or back from 100 to 10, until the old count is retired.
 *
 * @param current the count new writes use, in {@code 1 .. ShardKeyCodec.MAX_SHARDS}
 * @param previous older counts still to be read, most recent first, without {@code current}
 */
public record ShardLayout(int current, List<Integer> previous) {

    /**
     * Checks the counts.
     *
     * @throws InvalidInputException if a count is outside {@code 1 .. ShardKeyCodec.MAX_SHARDS} or
     *         {@code previous} is null
     */
    public ShardLayout {
        ShardKeyCodec.checkShardCount(current);
        Checks.notNull("previous", previous);
        Set<Integer> distinct = new LinkedHashSet<>();
        for (Integer count : previous) {
            Checks.notNull("previous[]", count);
            ShardKeyCodec.checkShardCount(count);
            if (count != current) {
                distinct.add(count);
            }
        }
        previous = List.copyOf(distinct);
    }

    /**
     * A layout with one count and no history.
     *
     * @throws InvalidInputException if {@code shardCount} is outside {@code 1 .. ShardKeyCodec.MAX_SHARDS}
     */
    public static ShardLayout of(int shardCount) {
        return new ShardLayout(shardCount, List.of());
    }

    /** The number of shards a read must cover: the largest of all counts. */
    public int readWidth() {
        int width = current;
        for (int count : previous) {
            width = Math.max(width, count);
        }
        return width;
    }

    /** Every count, current first. */
    public List<Integer> counts() {
        List<Integer> all = new ArrayList<>(previous.size() + 1);
        all.add(current);
        all.addAll(previous);
        return all;
    }

    /**
     * This layout after moving to {@code newCount}: the current count becomes a previous one.
     *
     * @throws InvalidInputException if {@code newCount} is outside {@code 1 .. ShardKeyCodec.MAX_SHARDS}
     */
    public ShardLayout withCurrent(int newCount) {
        List<Integer> history = new ArrayList<>(previous.size() + 1);
        history.add(current);
        history.addAll(previous);
        return new ShardLayout(newCount, history);
    }

    /** This layout with its history forgotten (once old data has been moved or has expired). */
    public ShardLayout retired() {
        return of(current);
    }
}
