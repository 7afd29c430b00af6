/**
 * Write sharding with parallel fan-out reads. The entry point is
 * {@link io.github.ddbpatterns.sharding.ShardedTable#builder(io.github.ddbpatterns.core.PatternsContext,
 * software.amazon.awssdk.enhanced.dynamodb.TableSchema)} (or the standalone
 * {@link io.github.ddbpatterns.sharding.ShardedTable#builder(software.amazon.awssdk.enhanced.dynamodb.TableSchema)}):
 * items of a hot logical partition key are written to {@code <logicalKey>#shard-<n>}, and reads of the logical
 * key query every shard in parallel (core's {@link io.github.ddbpatterns.core.fanout.FanOut}) and merge them in
 * sort-key order with exact limits and signed cursors. {@link io.github.ddbpatterns.sharding.ShardedCounter} is
 * the sharded counter; {@link io.github.ddbpatterns.sharding.TableShardMap} stores per-key shard counts in the
 * table so that every instance agrees, and {@link io.github.ddbpatterns.sharding.AdaptiveShardController} (built
 * with {@code ShardedTable.Builder.adaptive(AdaptiveSharding)}) changes them from the write rates and throttles all
 * instances report to it. Each repository is a
 * {@link io.github.ddbpatterns.core.table.TableRepository}: it checks its table before its first request.
 *
 * <pre>{@code
 * PatternsContext context = PatternsContext.builder().dynamoDbClient(DynamoDbAsyncClient.create()).build();
 * ShardedTable<Event> events = ShardedTable.builder(context, TableSchema.fromBean(Event.class))
 *         .tableName("events")
 *         .logicalKey(Event::getUserId)
 *         .shards(10)
 *         .build();
 * events.put(event).join();
 * Page<Event> newest = events.query("user-42", ShardQuery.all().newestFirst().limit(50)).join();
 * }</pre>
 */
@NullMarked
package io.github.ddbpatterns.sharding;

import org.jspecify.annotations.NullMarked;
