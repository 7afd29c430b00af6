package io.github.ddbpatterns.sharding;

import io.github.ddbpatterns.core.hotkeys.AccessType;
import io.github.ddbpatterns.core.hotkeys.HotKey;
import io.github.ddbpatterns.core.hotkeys.HotKeyTracker;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Meters of one sharded table ({@code ddb.patterns.sharding.*}, tag {@code table}): {@code writes}
 * ({@code result=success|throttled|failed}), {@code cache} ({@code result=hit|miss}), {@code fanout.width};
 * throttles per logical key are counted in a {@link HotKeyTracker} (on the context's clock) that reports hashed
 * keys only.
 */
final class ShardingMetrics {

    private final Counter success;
    private final Counter throttled;
    private final Counter failed;
    private final Counter hits;
    private final Counter misses;
    private final DistributionSummary width;
    private final HotKeyTracker throttles;

    ShardingMetrics(MeterRegistry registry, String table, Clock clock) {
        this.throttles = HotKeyTracker.builder().revealKeys(false).clock(clock).build();
        this.success = writes(registry, table, "success");
        this.throttled = writes(registry, table, "throttled");
        this.failed = writes(registry, table, "failed");
        this.hits = Counter.builder("ddb.patterns.sharding.cache")
                .tag("table", table)
                .tag("result", "hit")
                .register(registry);
        this.misses = Counter.builder("ddb.patterns.sharding.cache")
                .tag("table", table)
                .tag("result", "miss")
                .register(registry);
        this.width = DistributionSummary.builder("ddb.patterns.sharding.fanout.width")
                .tag("table", table)
                .baseUnit("shards")
                .register(registry);
    }

    private static Counter writes(MeterRegistry registry, String table, String result) {
        return Counter.builder("ddb.patterns.sharding.writes")
                .tag("table", table)
                .tag("result", result)
                .register(registry);
    }

    void write(String logicalKey, @Nullable Throwable error) {
        if (error == null) {
            success.increment();
        } else if (DynamoDbErrors.isThrottle(error)) {
            throttled.increment();
            throttles.record(logicalKey, 1, AccessType.WRITE);
        } else {
            failed.increment();
        }
    }

    void cacheHit() {
        hits.increment();
    }

    void cacheMiss() {
        misses.increment();
    }

    void fanOutWidth(int shards) {
        width.record(shards);
    }

    List<HotKey> throttledKeys(int n) {
        return throttles.top(AccessType.WRITE, n);
    }
}
