package io.github.ddbpatterns.sharding;

import java.time.Instant;

/**
 * One change of a logical key's layout as recorded on its {@link TableShardMap} item.
 *
 * @param version the item's version after the change (1 for the first change)
 * @param layout the layout from this version on
 * @param at when the change was written, on the writer's clock
 */
public record LayoutChange(long version, ShardLayout layout, Instant at) {}
