package io.github.ddbpatterns.examples.readme;

import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.resilience.SdkRetryAlignment;
import io.github.ddbpatterns.sharding.ShardQuery;
import io.github.ddbpatterns.sharding.ShardedTable;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/** The README's first screen: one shared object, one sharded table, a write and a page of the newest events. */
public final class QuickStart {

    private QuickStart() {}

    /**
     * Runs the snippet against the endpoint, region and credentials of the SDK's default chain.
     *
     * @return the first page of the newest events of user-42
     */
    public static Page<Event> run() {
        // tag::quickstart[]
        DynamoDbAsyncClient dynamoDb =
                SdkRetryAlignment.configure(DynamoDbAsyncClient.builder()).build();
        DdbPatterns ddb = DdbPatterns.builder().dynamoDbClient(dynamoDb).build(); // once per application

        ShardedTable<Event> events = ddb.shardedTable(TableSchema.fromBean(Event.class))
                .tableName("events")
                .logicalKey(Event::getUserId) // 1 hot user = 10 partitions
                .shards(10)
                .build();
        events.createTable().join(); // development and tests: the exact table it needs
        events.put(new Event("user-42", Instant.now(), "click")).join(); // retried on throttling
        Page<Event> newest = events.query(
                        "user-42", ShardQuery.all().newestFirst().limit(50))
                .join(); // 10 shards read in parallel, merged
        // end::quickstart[]
        dynamoDb.close();
        return newest;
    }
}
