package io.github.ddbpatterns.core.fanout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteResult;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.WriteBatch;

/**
 * A table of {@code shards} partitions {@code user#shard-N} with {@code perShard} items each (random distinct
 * numeric sort keys per shard, so ties across shards are frequent), loaded through BatchWriteItem, and the
 * expected answers computed from the same data.
 */
final class ShardedData {

    static final int CATEGORIES = 4;

    final String tableName;
    final List<List<ShardItem>> byShard = new ArrayList<>();

    ShardedData(DynamoDbEnhancedClient sync, String tableName, int shards, int perShard, int sortKeyRange, long seed) {
        this.tableName = tableName;
        Random random = new Random(seed);
        List<ShardItem> all = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            TreeSet<Integer> keys = new TreeSet<>();
            while (keys.size() < perShard) {
                keys.add(random.nextInt(sortKeyRange));
            }
            List<ShardItem> items = new ArrayList<>();
            for (int sk : keys) {
                items.add(new ShardItem(pk(s), sk, "cat-" + random.nextInt(CATEGORIES), random.nextInt(40)));
            }
            byShard.add(items);
            all.addAll(items);
        }
        load(sync.table(tableName, ShardItem.SCHEMA), sync, all);
    }

    static String pk(int shard) {
        return "user#shard-" + shard;
    }

    private static void load(DynamoDbTable<ShardItem> table, DynamoDbEnhancedClient sync, List<ShardItem> items) {
        for (int from = 0; from < items.size(); from += 25) {
            List<ShardItem> chunk = items.subList(from, Math.min(items.size(), from + 25));
            while (!chunk.isEmpty()) {
                WriteBatch.Builder<ShardItem> batch =
                        WriteBatch.builder(ShardItem.class).mappedTableResource(table);
                chunk.forEach(batch::addPutItem);
                BatchWriteResult result = sync.batchWriteItem(BatchWriteItemEnhancedRequest.builder()
                        .writeBatches(batch.build())
                        .build());
                chunk = result.unprocessedPutItemsForTable(table);
            }
        }
    }

    /** One source per shard, sort keys ascending or descending. */
    List<QuerySource<ShardItem>> sources(DynamoDbAsyncTable<ShardItem> table, boolean descending) {
        List<QuerySource<ShardItem>> sources = new ArrayList<>();
        for (int s = 0; s < byShard.size(); s++) {
            String pk = pk(s);
            sources.add(QuerySource.of(
                    table,
                    QueryEnhancedRequest.builder()
                            .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(pk)))
                            .scanIndexForward(!descending)
                            .build()));
        }
        return sources;
    }

    /** Every item merged by sort key in the given direction, ties to the lower shard. */
    List<ShardItem> expected(boolean descending) {
        List<ShardItem> all = new ArrayList<>();
        byShard.forEach(all::addAll);
        Comparator<ShardItem> bySk = descending ? ShardItem.BY_SK.reversed() : ShardItem.BY_SK;
        all.sort(bySk.thenComparingInt(item -> Integer.parseInt(item.getPk().substring("user#shard-".length()))));
        return all;
    }

    int size() {
        return byShard.stream().mapToInt(List::size).sum();
    }
}
