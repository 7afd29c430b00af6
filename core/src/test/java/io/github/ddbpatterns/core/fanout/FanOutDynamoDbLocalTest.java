package io.github.ddbpatterns.core.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.LocalClients;
import io.github.ddbpatterns.testing.TestTables;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** {@link FanOut} over {@link QuerySource}s against DynamoDB Local over HTTP (Netty async client). */
@DynamoDbLocalTest
class FanOutDynamoDbLocalTest {

    static ShardedData data;
    static ShardedData wide;
    static DynamoDbAsyncTable<ShardItem> table;
    static DynamoDbAsyncTable<ShardItem> wideTable;

    @BeforeAll
    static void load(TestTables tables, DynamoDbEnhancedClient sync, DynamoDbEnhancedAsyncClient async) {
        data = new ShardedData(sync, tables.create(ShardItem.SCHEMA), 20, 30, 300, 42);
        table = async.table(data.tableName, ShardItem.SCHEMA);
        wide = new ShardedData(sync, tables.create(ShardItem.SCHEMA), 100, 50, 10_000, 7);
        wideTable = async.table(wide.tableName, ShardItem.SCHEMA);
    }

    @Test
    void query_sourceSequenceAsTimeBuckets_concatenatesAndFetchesOnlyTheWindow() {
        // the 20 partitions play 20 consecutive time buckets, read newest bucket first, newest item first
        List<QuerySource<ShardItem>> buckets = new ArrayList<>(data.sources(table, true));
        Collections.reverse(buckets);
        List<CountingSource<ShardItem>> counted =
                buckets.stream().map(CountingSource::new).toList();
        List<ShardItem> expected = new ArrayList<>();
        for (int s = 19; s >= 0; s--) {
            List<ShardItem> bucket = new ArrayList<>(data.byShard.get(s));
            Collections.reverse(bucket);
            expected.addAll(bucket);
        }
        FanOutQuery<ShardItem> query = FanOutQuery.<ShardItem>builder()
                .scope("readings:device-1")
                .sources(counted)
                .order(MergeOrder.sourceSequence())
                .window(2)
                .limit(40)
                .build();

        Page<ShardItem> first = FanOut.ofDefaults().query(query).join();

        // 40 items = bucket 19 (30 items) + 10 of bucket 18; the window reaches bucket 17 at most
        assertThat(first.items()).containsExactlyElementsOf(expected.subList(0, 40));
        assertThat(counted.subList(3, 20))
                .allSatisfy(s -> assertThat(s.requests()).isZero());
        assertThat(readAll(FanOut.ofDefaults(), query)).containsExactlyElementsOf(expected);
    }

    @Test
    void query_unordered_returnsEveryItemExactlyOnce() {
        Page<ShardItem> page = FanOut.builder()
                .pageSize(13)
                .build()
                .query(FanOutQuery.<ShardItem>builder()
                        .sources(data.sources(table, false))
                        .order(MergeOrder.unordered())
                        .limit(10_000)
                        .build())
                .join();

        assertThat(page.items()).containsExactlyInAnyOrderElementsOf(data.expected(false));
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void query_limit10Over100SourcesOf50Items_readsOnlyFirstPageOfEachSource(LocalClients clients) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FanOut fanOut = FanOut.builder()
                .concurrency(50)
                .meterRegistry(registry)
                .name("wide")
                .build();
        AtomicInteger httpQueries = new AtomicInteger();
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof QueryRequest query) {
                    httpQueries.incrementAndGet();
                    assertThat(query.limit()).isEqualTo(10);
                }
            }
        };
        Page<ShardItem> page;
        try (DynamoDbAsyncClient counted = clients.asyncBuilder()
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter))
                .build()) {
            DynamoDbAsyncTable<ShardItem> countedTable = DynamoDbEnhancedAsyncClient.builder()
                    .dynamoDbClient(counted)
                    .build()
                    .table(wide.tableName, ShardItem.SCHEMA);

            page = fanOut.query(FanOutQuery.<ShardItem>builder()
                            .sources(wide.sources(countedTable, true))
                            .order(MergeOrder.descending(ShardItem.BY_SK))
                            .limit(10)
                            .build())
                    .join();
        }

        assertThat(page.items()).containsExactlyElementsOf(wide.expected(true).subList(0, 10));
        assertThat(wide.size()).isEqualTo(5000);
        assertThat(httpQueries.get()).as("Query calls over HTTP").isEqualTo(100);
        assertThat(registry.get("ddb.patterns.fanout.requests")
                        .tag("order", "sorted")
                        .tag("result", "success")
                        .counter()
                        .count())
                .isEqualTo(100);
        assertThat(registry.get("ddb.patterns.fanout.items.read")
                        .tag("order", "sorted")
                        .counter()
                        .count())
                .isLessThanOrEqualTo(1000);
        assertThat(registry.get("ddb.patterns.fanout.items.returned")
                        .tag("order", "sorted")
                        .counter()
                        .count())
                .isEqualTo(10);
        assertThat(registry.get("ddb.patterns.fanout.width")
                        .tag("order", "sorted")
                        .summary()
                        .max())
                .isEqualTo(100);
        assertThat(registry.get("ddb.patterns.fanout.source.latency")
                        .tag("order", "sorted")
                        .tag("result", "success")
                        .timer()
                        .count())
                .isEqualTo(100);
        assertThat(registry.get("ddb.patterns.fanout.merge.time")
                        .tag("order", "sorted")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void query_withConcurrencyCap_neverHasMoreRequestsInFlight() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        List<CountingSource<ShardItem>> sources = data.sources(table, false).stream()
                .map(s -> new CountingSource<>(s, inFlight, maxInFlight))
                .toList();

        Page<ShardItem> page = FanOut.builder()
                .concurrency(3)
                .pageSize(7)
                .build()
                .query(FanOutQuery.<ShardItem>builder()
                        .sources(sources)
                        .order(MergeOrder.ascending(ShardItem.BY_SK))
                        .limit(250)
                        .build())
                .join();

        assertThat(page.items()).containsExactlyElementsOf(data.expected(false).subList(0, 250));
        assertThat(maxInFlight.get()).isBetween(1, 3);
    }

    @Test
    void query_overSecondaryIndexWithCursors_returnsEveryItemOnceInRankOrder(DynamoDbEnhancedAsyncClient async) {
        DynamoDbAsyncIndex<ShardItem> index = table.index(ShardItem.BY_CATEGORY);
        List<QuerySource<ShardItem>> sources = new ArrayList<>();
        for (int c = 0; c < ShardedData.CATEGORIES; c++) {
            String category = "cat-" + c;
            sources.add(QuerySource.of(
                    index,
                    QueryEnhancedRequest.builder()
                            .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(category)))
                            .build()));
        }
        assertThat(sources.get(0).keyAttributes()).containsExactlyInAnyOrder("pk", "sk", "category", "rank");
        FanOut fanOut = FanOut.builder().pageSize(17).build();
        FanOutQuery<ShardItem> query = FanOutQuery.<ShardItem>builder()
                .scope("by-category")
                .sources(sources)
                .order(MergeOrder.ascending(ShardItem.BY_RANK))
                .limit(97)
                .build();

        List<ShardItem> paged = readAll(fanOut, query);
        List<ShardItem> oneShot =
                fanOut.query(query.toBuilder().limit(100_000).build()).join().items();

        assertThat(paged).containsExactlyElementsOf(oneShot);
        assertThat(paged)
                .containsExactlyInAnyOrderElementsOf(data.expected(false))
                .isSortedAccordingTo(ShardItem.BY_RANK);
    }

    @Test
    void query_withFilterDroppingWholePages_stillReturnsExactlyTheLimit() {
        List<QuerySource<ShardItem>> sources = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            String pk = ShardedData.pk(s);
            sources.add(QuerySource.of(
                    table,
                    QueryEnhancedRequest.builder()
                            .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(pk)))
                            .filterExpression(Expression.builder()
                                    .expression("#c = :c")
                                    .putExpressionName("#c", "category")
                                    .putExpressionValue(":c", AttributeValue.fromS("cat-1"))
                                    .build())
                            .build()));
        }
        FanOutQuery<ShardItem> query = FanOutQuery.<ShardItem>builder()
                .sources(sources)
                .order(MergeOrder.ascending(ShardItem.BY_SK))
                .limit(29)
                .build();
        List<ShardItem> expected = data.expected(false).stream()
                .filter(i -> i.getCategory().equals("cat-1"))
                .toList();

        List<ShardItem> paged = readAll(FanOut.builder().pageSize(3).build(), query);

        assertThat(paged).containsExactlyElementsOf(expected);
    }

    @Test
    void stream_withOneItemDemandAtATime_emitsAllInOrder() {
        List<ShardItem> received = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> done = new CompletableFuture<>();
        FanOut.builder().pageSize(11).build().stream(FanOutQuery.<ShardItem>builder()
                        .sources(data.sources(table, true))
                        .order(MergeOrder.descending(ShardItem.BY_SK))
                        .build())
                .subscribe(new Subscriber<ShardItem>() {
                    Subscription subscription;

                    @Override
                    public void onSubscribe(Subscription s) {
                        subscription = s;
                        s.request(1);
                    }

                    @Override
                    public void onNext(ShardItem item) {
                        received.add(item);
                        subscription.request(1);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onComplete() {
                        done.complete(null);
                    }
                });
        done.join();

        assertThat(received).containsExactlyElementsOf(data.expected(true));
    }

    @Test
    void stream_withLimitAndSdkOperators_emitsTheFirstItems() {
        List<ShardItem> received = Collections.synchronizedList(new ArrayList<>());
        FanOut.ofDefaults().stream(FanOutQuery.<ShardItem>builder()
                        .sources(data.sources(table, false))
                        .order(MergeOrder.ascending(ShardItem.BY_SK))
                        .limit(45)
                        .build())
                .subscribe(received::add)
                .join();

        assertThat(received).containsExactlyElementsOf(data.expected(false).subList(0, 45));
    }

    @Test
    void query_cursorOfAnotherLogicalKey_isRejectedBeforeAnyRequest() {
        FanOut fanOut = FanOut.ofDefaults();
        List<QuerySource<ShardItem>> all = data.sources(table, false);
        String cursor = fanOut.query(FanOutQuery.<ShardItem>builder()
                        .scope("user")
                        .sources(all.subList(0, 10))
                        .order(MergeOrder.ascending(ShardItem.BY_SK))
                        .limit(5)
                        .build())
                .join()
                .cursor()
                .orElseThrow();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        List<CountingSource<ShardItem>> otherKey = all.subList(10, 20).stream()
                .map(s -> new CountingSource<>(s, inFlight, maxInFlight))
                .toList();

        assertThatThrownBy(() -> fanOut.query(FanOutQuery.<ShardItem>builder()
                        .scope("user")
                        .sources(otherKey)
                        .order(MergeOrder.ascending(ShardItem.BY_SK))
                        .limit(5)
                        .cursor(cursor)
                        .build()))
                .isInstanceOf(InvalidCursorException.class)
                .hasMessageContaining("another query");
        assertThat(otherKey).allSatisfy(s -> assertThat(s.requests()).isZero());
    }

    static List<ShardItem> readAll(FanOut fanOut, FanOutQuery<ShardItem> query) {
        List<ShardItem> all = new ArrayList<>();
        Page<ShardItem> page = fanOut.query(query).join();
        all.addAll(page.items());
        while (page.hasMore()) {
            assertThat(page.size())
                    .as("a page followed by more is full")
                    .isEqualTo(query.limit().getAsInt());
            page = fanOut.query(query.after(page)).join();
            all.addAll(page.items());
        }
        return all;
    }
}
