package io.github.ddbpatterns.examples.readme;

import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.sharding.AdaptiveShardController;
import io.github.ddbpatterns.sharding.AdaptiveSharding;
import io.github.ddbpatterns.sharding.ShardQuery;
import io.github.ddbpatterns.sharding.ShardedCounter;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.sharding.SortKeyCondition;
import io.github.ddbpatterns.sharding.TableShardMap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The README's sharding section: adaptive shard counts, a hot key on 100 shards, paged reads resumed after a page, a
 * sharded counter.
 */
public final class ShardingExample {

    private ShardingExample() {}

    /**
     * Writes 120 events of the hot user and reads them back in pages of 50.
     *
     * @param ddb the entry point
     * @param tableName the table to create and use
     * @param countersTable the counters table to create and use
     * @return every event read, newest first
     */
    public static List<Event> run(DdbPatterns ddb, String tableName, String countersTable) {
        // tag::sharding[]
        ShardedTable<Event> events = ddb.shardedTable(TableSchema.fromBean(Event.class))
                .tableName(tableName)
                .logicalKey(Event::getUserId)
                .shards(1) // most users: one partition, a read is one Query
                .shards("user-42", 100) // the hot user: 100 partitions
                .build();
        events.createTable().join();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            batch.add(new Event("user-42", start.plusSeconds(i), "click"));
        }
        events.putAll(batch).join(); // BatchWriteItem, 25 per call, spread over 100 shards

        ShardQuery newest = ShardQuery.all().newestFirst().limit(50);
        List<Event> all = new ArrayList<>();
        Page<Event> page = events.query("user-42", newest).join(); // 100 Queries in parallel, merged
        all.addAll(page.items());
        while (page.hasMore()) {
            page = events.query("user-42", newest.after(page)).join(); // the same query, next page
            all.addAll(page.items());
        }
        ShardQuery lastMinute = ShardQuery.where(SortKeyCondition.atLeast(
                AttributeValue.fromN(Long.toString(start.plusSeconds(60).toEpochMilli()))));
        // end::sharding[]
        if (events.query("user-42", lastMinute.limit(100)).join().size() != 60) {
            throw new IllegalStateException("the sort-key condition did not select the last 60 events");
        }
        // tag::counter[]
        ShardedCounter views = ddb.shardedCounter()
                .tableName(countersTable)
                .partitionKey("pk")
                .shards(20) // 20 partitions: 20,000 increments a second
                .build();
        views.createTable().join();
        views.increment("page#home", 1).join(); // an atomic ADD on one shard, each in turn
        long total = views.get("page#home").join(); // the sum of every shard (BatchGetItem)
        // end::counter[]
        if (total != 1) {
            throw new IllegalStateException("counter read " + total + ", expected 1");
        }
        return all;
    }

    /**
     * Creates an adaptive sharded table, writes 20 events of one user and evaluates its controller once.
     *
     * @param ddb the entry point
     * @param tableName the table to create and use
     * @return the table, its controller stopped
     */
    public static ShardedTable<Event> adaptive(DdbPatterns ddb, String tableName) {
        // tag::adaptive[]
        TableShardMap shardMap = ddb.shardMap() // the counts live in the table: every instance agrees
                .tableName(tableName)
                .partitionKey("pk")
                .sortKey("at", AttributeValue.fromN("0"))
                .build();
        ShardedTable<Event> events = ddb.shardedTable(TableSchema.fromBean(Event.class))
                .tableName(tableName)
                .logicalKey(Event::getUserId)
                .shardMap(shardMap) // every user starts on 1 shard: a read is 1 Query
                .adaptive(AdaptiveSharding.builder()
                        .targetUtilisation(0.8) // a shard takes up to 800 of a partition's 1,000 WCU/s
                        .coolDown(Duration.ofMinutes(5)) // shards given back after 5 quieter minutes
                        .listener(decision -> {
                            System.out.println(decision); // log it; return false to veto it
                            return true;
                        })
                        .build())
                .build();
        events.createTable().join();
        AdaptiveShardController controller = events.adaptive().orElseThrow().start(); // every 10 s
        // end::adaptive[]
        controller.close();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 20; i++) {
            events.put(new Event("user-7", start.plusSeconds(i), "click")).join();
        }
        controller.evaluate().join();
        return events;
    }
}
