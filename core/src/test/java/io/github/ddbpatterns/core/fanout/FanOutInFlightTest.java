package io.github.ddbpatterns.core.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.testsupport.ProxiedDynamoDb;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.Latency;
import io.github.ddbpatterns.testing.TestTables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;

/**
 * What a page sends over HTTP and what is still in flight when its future completes, counted by the
 * {@code ThrottlingProxy} (random latency per request, so answers come back in any order): 30 partitions play 30
 * consecutive time buckets, with items only in buckets 0, 9 and 20.
 */
@DynamoDbLocalTest
class FanOutInFlightTest {

    static final int BUCKETS = 30;
    static final int WINDOW = 8;
    /** Items per bucket; the other buckets are empty. */
    static final int[] SIZES = new int[BUCKETS];

    static {
        SIZES[0] = 3;
        SIZES[9] = 5;
        SIZES[20] = 2;
    }

    static ProxiedDynamoDb proxied;
    static DynamoDbAsyncTable<ShardItem> table;

    @BeforeAll
    static void load(TestTables tables, DynamoDbEnhancedClient sync) {
        String tableName = tables.create(ShardItem.SCHEMA);
        DynamoDbTable<ShardItem> direct = sync.table(tableName, ShardItem.SCHEMA);
        for (int b = 0; b < BUCKETS; b++) {
            for (int i = 0; i < SIZES[b]; i++) {
                direct.putItem(new ShardItem(pk(b), i, "cat-0", i));
            }
        }
        proxied =
                ProxiedDynamoDb.start(p -> p.latency(Latency.uniform(Duration.ofMillis(1), Duration.ofMillis(25), 15)));
        table = DynamoDbEnhancedAsyncClient.builder()
                .dynamoDbClient(proxied.client())
                .build()
                .table(tableName, ShardItem.SCHEMA);
    }

    @AfterAll
    static void stop() {
        proxied.close();
    }

    @BeforeEach
    void resetCounts() {
        proxied.proxy().stats().reset();
    }

    @Test
    void query_sourceSequenceLimit1WhenTheFirstBucketHasItems_sendsOneQuery() {
        List<CountingSource<ShardItem>> buckets = buckets(0);

        Page<ShardItem> page = FanOut.ofDefaults().query(sequence(buckets, 1)).join();

        assertThat(page.items()).extracting(ShardItem::getPk).containsExactly(pk(0));
        long queries = proxied.proxy().stats().requests("Query");
        long inFlight = proxied.proxy().stats().inFlight();
        System.out.println("limit-1 page, items in the first bucket: sent=" + sent(buckets) + ", Query=" + queries
                + ", inFlight=" + inFlight);
        assertThat(sent(buckets)).as("requests sent").isEqualTo(1);
        assertThat(queries).as("Query requests").isEqualTo(1);
        assertThat(inFlight).as("requests in flight after the page completed").isZero();
    }

    @Test
    void query_sourceSequenceLimit1WhenTheThirdBucketHasTheFirstItem_widensStepByStepAndLeavesNoneInFlight() {
        // buckets 7..29: the first item is in bucket 9, the third bucket read
        List<CountingSource<ShardItem>> buckets = buckets(7);

        Page<ShardItem> page = FanOut.ofDefaults().query(sequence(buckets, 1)).join();

        assertThat(page.items()).extracting(ShardItem::getPk).containsExactly(pk(9));
        long queries = proxied.proxy().stats().requests("Query");
        long inFlight = proxied.proxy().stats().inFlight();
        System.out.println("limit-1 page, first item in the 3rd bucket: sent=" + sent(buckets) + ", Query=" + queries
                + ", inFlight=" + inFlight);
        assertThat(sent(buckets)).as("requests sent").isBetween(3, 5);
        // 3 buckets needed; the reach starts at 1 and grows by one per empty bucket passed (1, then 2, then 3):
        // at most buckets 7..11 were started, never the whole window of 8
        assertThat(queries).as("Query requests received").isEqualTo(sent(buckets));
        assertThat(inFlight).as("requests in flight after the page completed").isZero();
    }

    @Test
    void query_unorderedLimit1OverTenBuckets_completesOnlyOnceEveryQueryIsAnswered() {
        List<CountingSource<ShardItem>> buckets = buckets(0).subList(0, 10);

        Page<ShardItem> page = FanOut.ofDefaults()
                .query(FanOutQuery.<ShardItem>builder()
                        .sources(buckets)
                        .order(MergeOrder.unordered())
                        .limit(1)
                        .build())
                .join();

        assertThat(page.items()).hasSize(1);
        assertThat(sent(buckets)).as("requests sent").isEqualTo(10);
        assertThat(proxied.proxy().stats().requests("Query"))
                .as("Query requests received")
                .isEqualTo(10);
        assertThat(proxied.proxy().stats().inFlight())
                .as("requests in flight after the page completed")
                .isZero();
    }

    @Test
    void query_sourceSequencePagesOfTwo_returnEveryItemOnceAndLeaveNoneInFlight() {
        List<ShardItem> read = new ArrayList<>();
        FanOutQuery<ShardItem> query = sequence(buckets(0), 2);
        int pages = 0;
        while (true) {
            Page<ShardItem> page = FanOut.ofDefaults().query(query).join();
            pages++;
            assertThat(proxied.proxy().stats().inFlight())
                    .as("requests in flight after page " + pages)
                    .isZero();
            read.addAll(page.items());
            if (!page.hasMore()) {
                break;
            }
            query = query.after(page);
        }

        List<String> expected = new ArrayList<>();
        for (int b = 0; b < BUCKETS; b++) {
            for (int i = 0; i < SIZES[b]; i++) {
                expected.add(pk(b) + "/" + i);
            }
        }
        assertThat(read).extracting(item -> item.getPk() + "/" + item.getSk()).containsExactlyElementsOf(expected);
    }

    private static FanOutQuery<ShardItem> sequence(List<CountingSource<ShardItem>> sources, int limit) {
        return FanOutQuery.<ShardItem>builder()
                .sources(sources)
                .order(MergeOrder.sourceSequence())
                .window(WINDOW)
                .limit(limit)
                .build();
    }

    /** The buckets from {@code from} to the last, in order, each counting the requests sent to it. */
    private static List<CountingSource<ShardItem>> buckets(int from) {
        List<CountingSource<ShardItem>> sources = new ArrayList<>();
        for (int b = from; b < BUCKETS; b++) {
            String pk = pk(b);
            sources.add(new CountingSource<>(QuerySource.of(
                    table,
                    QueryEnhancedRequest.builder()
                            .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(pk)))
                            .build())));
        }
        return sources;
    }

    /** Requests sent, counted as the fan-out sent them (the proxy may not have received them all yet). */
    private static int sent(List<CountingSource<ShardItem>> sources) {
        return sources.stream().mapToInt(CountingSource::requests).sum();
    }

    private static String pk(int bucket) {
        return "bucket#" + bucket;
    }
}
