package io.github.ddbpatterns.timeseries;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.PagedQuery;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.buffer.BufferClosedException;
import io.github.ddbpatterns.core.buffer.BufferFullException;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.core.fanout.FanOut;
import io.github.ddbpatterns.core.fanout.FanOutQuery;
import io.github.ddbpatterns.core.fanout.MergeOrder;
import io.github.ddbpatterns.core.fanout.PagedSource;
import io.github.ddbpatterns.core.fanout.QuerySource;
import io.github.ddbpatterns.core.internal.CheckedTableRepository;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.BucketCodec;
import io.github.ddbpatterns.core.keys.KeyValidator;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import io.github.ddbpatterns.core.keys.TimeBucket;
import io.github.ddbpatterns.core.table.TableLayout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/** The {@link TimeSeriesTable} every builder makes: a thin composition of core's codecs, fan-out and writers. */
final class DefaultTimeSeriesTable<T> extends CheckedTableRepository implements TimeSeriesTable<T> {

    private static final String COMPONENT = "TimeSeriesTable";

    private final String tableName;
    private final TableSchema<T> schema;
    private final DynamoDbAsyncTable<T> table;
    private final DynamoDbAsyncTable<T> readTable;
    private final Function<T, String> entityId;
    private final Function<T, Instant> timestamp;
    private final @Nullable Function<T, String> eventId;
    private final BucketCodec buckets;
    private final int shards;
    private final ShardKeyCodec shardCodec;
    private final @Nullable String ttlAttribute;
    private final @Nullable Duration retention;
    private final Duration maxRange;
    private final int window;
    private final FanOut fanOut;
    private final @Nullable WriteBuffer writeBuffer;
    private final BatchWriter batchWriter;
    private final Clock clock;
    private final String partitionAttribute;
    private final String sortAttribute;
    private final KeyValidator keyValidator;
    private final SortKeyReader<T> sortKeys;
    private final TimeSeriesMetrics metrics;

    DefaultTimeSeriesTable(Builder<T> b, PatternsContext context) {
        super(context, layoutOf(b), COMPONENT);
        this.tableName = tableName();
        this.schema = b.schema;
        this.entityId = Checks.notNull("entityId", b.entityId);
        this.timestamp = Checks.notNull("timestamp", b.timestamp);
        this.eventId = b.eventId;
        this.buckets = BucketCodec.builder().bucket(b.bucket).zone(b.zone).build();
        this.shards = b.shards;
        this.shardCodec = ShardKeyCodec.ofDefaults();
        this.ttlAttribute = b.ttlAttribute;
        this.retention = b.retention;
        this.maxRange = b.maxRange;
        this.window = b.window;
        this.writeBuffer = b.writeBuffer;
        this.clock = context.clock();
        this.fanOut = b.fanOut != null
                ? b.fanOut
                : context.fanOut()
                        .name(tableName)
                        .pageSize(TimeSeriesTable.DEFAULT_PAGE_SIZE)
                        .build();
        this.batchWriter = BatchWriter.builder(context).build();
        this.table = context.enhancedClient().table(tableName, schema);
        TableMetadata metadata = schema.tableMetadata();
        this.partitionAttribute = metadata.primaryPartitionKey();
        this.sortAttribute = metadata.primarySortKey().orElseThrow();
        this.keyValidator = KeyValidator.of(partitionAttribute, sortAttribute);
        this.sortKeys = new SortKeyReader<>(schema, sortAttribute);
        this.metrics = new TimeSeriesMetrics(context.meterRegistry(), tableName);
        this.readTable = new CapacityRecordingTable<>(table, metrics);
    }

    /** Both keys String, plus the TTL attribute when a retention is set. */
    private static <T> TableLayout layoutOf(Builder<T> b) {
        TableLayout.Builder layout = TableLayout.from(Checks.notNull("tableName", b.tableName), b.schema);
        if (b.ttlAttribute != null) {
            layout.timeToLive(b.ttlAttribute);
        }
        return layout.build();
    }

    @Override
    public BucketCodec bucketCodec() {
        return buckets;
    }

    @Override
    public int shards() {
        return shards;
    }

    @Override
    public SyncTimeSeriesTable<T> sync() {
        return new SyncTimeSeriesTable<>(this);
    }

    @Override
    public T keyed(T item) {
        return schema.mapToItem(keyedMap(item));
    }

    private Map<String, AttributeValue> keyedMap(T item) {
        Checks.notNull("item", item);
        String entity = Checks.notEmpty("entityId", entityId.apply(item));
        Instant at = Checks.notNull("timestamp", timestamp.apply(item));
        Map<String, AttributeValue> map = new HashMap<>(schema.itemToMap(item, true));
        String tieBreaker;
        if (eventId != null) {
            tieBreaker = Checks.notEmpty("eventId", eventId.apply(item));
        } else {
            AttributeValue existing = map.get(sortAttribute);
            tieBreaker = existing != null && existing.s() != null && SortKeyCodec.isKeyOf(existing.s(), at)
                    ? SortKeyCodec.tieBreakerOf(existing.s())
                    : SortKeyCodec.randomTieBreaker();
        }
        String sortKey = SortKeyCodec.sortKey(at, tieBreaker);
        String bucketKey = buckets.partitionKey(entity, at);
        String partitionKey =
                shards == 1 ? bucketKey : shardCodec.encode(bucketKey, shardCodec.calculatedShard(tieBreaker, shards));
        map.put(partitionAttribute, AttributeValue.fromS(partitionKey));
        map.put(sortAttribute, AttributeValue.fromS(sortKey));
        if (ttlAttribute != null && retention != null) {
            map.put(
                    ttlAttribute,
                    AttributeValue.fromN(Long.toString(at.plus(retention).getEpochSecond())));
        }
        return map;
    }

    /** The keyed item, refused before any request when DynamoDB would refuse it (size, key lengths). */
    private T storable(T item) {
        Map<String, AttributeValue> map = keyedMap(item);
        keyValidator.validateItem(map);
        return schema.mapToItem(map);
    }

    @Override
    public CompletableFuture<T> put(T item) {
        T keyedItem = storable(item);
        WriteBuffer buffer = writeBuffer;
        CompletableFuture<Void> write = check.then(
                () -> buffer != null ? submit(buffer, WriteOp.put(table, keyedItem)) : table.putItem(keyedItem));
        return write.whenComplete((ok, error) -> metrics.write(error == null)).thenApply(ok -> keyedItem);
    }

    @Override
    public CompletableFuture<BatchWriteResult> putAll(Collection<T> items) {
        Checks.notNull("items", items);
        List<WriteOp> writes = new ArrayList<>(items.size());
        int i = 0;
        for (T item : items) {
            if (item == null) {
                throw InvalidInputException.of("items[" + i + "]", null, "not be null");
            }
            writes.add(WriteOp.put(table, storable(item)));
            i++;
        }
        WriteBuffer buffer = writeBuffer;
        return check.then(() -> buffer != null ? buffer.submitAll(writes) : batchWriter.write(writes))
                .whenComplete((result, error) -> {
                    if (result != null) {
                        result.outcomes().forEach(outcome -> metrics.write(outcome.isPersisted()));
                    }
                });
    }

    /** Submits to the buffer; a refusal fails the returned future (as it would when the table check was pending). */
    private static CompletableFuture<Void> submit(WriteBuffer buffer, WriteOp write) {
        try {
            return buffer.submit(write);
        } catch (BufferFullException | BufferClosedException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Page<T>> query(RangeQuery query) {
        Checks.notNull("query", query);
        FanOutQuery<T> plan = plan(query, true);
        if (!check.hasPassed()) {
            fanOut.checkCursor(plan); // a bad cursor fails at the call, not after the table check
        }
        TouchedBuckets touched = new TouchedBuckets();
        FanOutQuery<T> tracked =
                plan.toBuilder().sources(touched.track(plan.sources())).build();
        return check.then(() -> fanOut.query(tracked))
                .whenComplete((page, error) -> metrics.query(
                        plan.sources().size(), touched.count(), page == null ? 0 : page.size(), error == null));
    }

    @Override
    public SdkPublisher<T> stream(RangeQuery query) {
        Checks.notNull("query", query);
        return check.thenPublish(fanOut.stream(plan(query, false))); // fanOut.stream checks the cursor now
    }

    @Override
    public CompletableFuture<List<T>> latest(String entity, int n) {
        Checks.notEmpty("entity", entity);
        Checks.inRange("n", n, 1, PagedQuery.MAX_LIMIT);
        Instant to = clock.instant().plusNanos(1);
        return query(RangeQuery.of(entity, to.minus(maxRange), to).newestFirst().limit(n))
                .thenApply(Page::items);
    }

    private FanOutQuery<T> plan(RangeQuery query, boolean limited) {
        Duration span = Duration.between(query.from(), query.to());
        if (span.compareTo(maxRange) > 0) {
            throw InvalidInputException.of(
                    "to",
                    query.to(),
                    "be at most " + describe(maxRange) + " after from " + query.from() + " (maxRange; the range spans "
                            + describe(span) + ")");
        }
        checkYears("from", query.from());
        checkYears("to", query.to().minusNanos(1));
        checkEntity(query.entity(), query.from());
        boolean newestFirst = query.order().isNewestFirst();
        Stream<TimeBucket> range = newestFirst
                ? buckets.bucketsDescending(query.from(), query.to())
                : buckets.buckets(query.from(), query.to());
        List<PagedSource<T>> sources = new ArrayList<>();
        range.forEach(bucket -> sources.add(source(query, bucket, newestFirst)));
        FanOutQuery.Builder<T> builder = FanOutQuery.<T>builder()
                .scope("timeseries:" + tableName + ":" + query.entity())
                .sources(sources)
                .order(MergeOrder.sourceSequence())
                .window(window)
                .cursor(query.cursor().orElse(null));
        if (limited) {
            builder.limit(query.limit());
        }
        return builder.build();
    }

    /** Reads refuse the entities writes refuse: every partition key of the range must be a valid key. */
    private void checkEntity(String entity, Instant at) {
        KeyValidator.checkWellFormed("entity", entity);
        String bucketKey = buckets.partitionKey(entity, at); // labels of one bucket size have one length
        String longest = shards == 1 ? bucketKey : shardCodec.encode(bucketKey, shards - 1);
        KeyValidator.checkPartitionKey(partitionAttribute, AttributeValue.fromS(longest));
    }

    private static void checkYears(String field, Instant instant) {
        try {
            SortKeyCodec.timestamp(instant);
        } catch (InvalidInputException e) {
            throw InvalidInputException.of(field, instant, "fall in years 0001 to 9999 UTC", e);
        }
    }

    private static String describe(Duration duration) {
        return duration.getNano() == 0 && duration.toSeconds() % 86_400 == 0
                ? duration.toDays() + " days"
                : duration.toString();
    }

    private PagedSource<T> source(RangeQuery query, TimeBucket bucket, boolean newestFirst) {
        String bucketKey = buckets.partitionKey(query.entity(), bucket);
        if (shards == 1) {
            return QuerySource.of(readTable, request(query, bucket, bucketKey, newestFirst));
        }
        List<QuerySource<T>> shardSources = new ArrayList<>(shards);
        List<String> shardKeys = shardCodec.allPhysicalKeys(bucketKey, shards);
        for (String shardKey : shardKeys) {
            shardSources.add(QuerySource.of(readTable, request(query, bucket, shardKey, newestFirst)));
        }
        return new ShardedBucketSource<>(
                fanOut, shardSources, shardKeys, bucketKey, partitionAttribute, sortKeys, newestFirst);
    }

    private QueryEnhancedRequest request(
            RangeQuery query, TimeBucket bucket, String partitionKey, boolean newestFirst) {
        boolean whole = !bucket.start().isBefore(query.from()) && !bucket.end().isAfter(query.to());
        QueryConditional condition;
        if (whole) {
            condition = QueryConditional.keyEqualTo(
                    Key.builder().partitionValue(partitionKey).build());
        } else {
            Instant from = bucket.start().isAfter(query.from()) ? bucket.start() : query.from();
            Instant to = bucket.end().isBefore(query.to()) ? bucket.end() : query.to();
            condition = QueryConditional.sortBetween(
                    Key.builder()
                            .partitionValue(partitionKey)
                            .sortValue(SortKeyCodec.lowerBound(from))
                            .build(),
                    Key.builder()
                            .partitionValue(partitionKey)
                            .sortValue(SortKeyCodec.upperBoundExclusive(to))
                            .build());
        }
        return QueryEnhancedRequest.builder()
                .queryConditional(condition)
                .scanIndexForward(!newestFirst)
                .filterExpression(query.filter().orElse(null))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .build();
    }

    @Override
    public String toString() {
        return "TimeSeriesTable[" + tableName + ", " + buckets + ", shards=" + shards + "]";
    }
}
