package io.github.ddbpatterns.sharding;

/**
 * What a logical key's shard-map item says after one instance's report: its layout and version, when the layout
 * last changed, and the write units and throttles every instance has added in the current and the previous
 * evaluation window.
 */
record KeyLoad(
        ShardLayout layout,
        long version,
        long changedAtMillis,
        long units,
        long previousUnits,
        long throttles,
        long previousThrottles) {}
