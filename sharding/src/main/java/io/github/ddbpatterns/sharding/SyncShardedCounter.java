package io.github.ddbpatterns.sharding;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Blocking;
import io.github.ddbpatterns.core.table.SyncTableRepository;

/**
 * The blocking twin of a {@link ShardedCounter}: the same operations, waiting for the result and rethrowing the
 * cause of a failure as is (SDK exceptions stay SDK exceptions). Obtain it with {@link ShardedCounter#sync()}.
 *
 * <pre>{@code
 * SyncShardedCounter views = ShardedCounter.builder(context)
 *         .tableName("counters")
 *         .partitionKey("pk")
 *         .shards(20)
 *         .build()
 *         .sync();
 * views.increment("page#home", 1);
 * long total = views.get("page#home");
 * }</pre>
 */
public final class SyncShardedCounter extends SyncTableRepository<ShardedCounter> {

    SyncShardedCounter(ShardedCounter async) {
        super(async);
    }

    /**
     * See {@link ShardedCounter#increment(String, long)}.
     *
     * @param name the counter
     * @param delta what to add
     * @throws InvalidInputException as {@link ShardedCounter#increment(String, long)}
     */
    public void increment(String name, long delta) {
        Blocking.await(async().increment(name, delta));
    }

    /**
     * See {@link ShardedCounter#get(String)}.
     *
     * @param name the counter
     * @return the value
     * @throws InvalidInputException as {@link ShardedCounter#get(String)}
     */
    public long get(String name) {
        return Blocking.await(async().get(name));
    }
}
