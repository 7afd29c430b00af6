package io.github.ddbpatterns.timeseries;

import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.core.fanout.FanOut;
import io.github.ddbpatterns.core.fanout.FanOutQuery;
import io.github.ddbpatterns.core.fanout.MergeOrder;
import io.github.ddbpatterns.core.fanout.PagedSource;
import io.github.ddbpatterns.core.fanout.QuerySource;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.Bucket;
import io.github.ddbpatterns.core.keys.BucketCodec;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import io.github.ddbpatterns.core.keys.TimeBucket;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A time series stored as {@code <entity>#<bucket>} partitions (one per entity and hour, day, week or month),
 * read as one ordered stream: a query over any range is ONE call, whatever the number of buckets it spans.
 *
 * <p><b>Keys.</b> The table's partition key (a String) holds {@code <entity>#<bucket label>}, e.g.
 * {@code company-123#2024-11-20} (see {@link BucketCodec}); with {@link Builder#shards(int) shards} &gt; 1,
 * {@code company-123#2024-11-20#shard-3} (see {@link ShardKeyCodec}; the shard is derived from the
 * tie-breaker). The sort key (a String) holds the fixed-width UTC timestamp and a tie-breaker, e.g.
 * {@code 2024-11-20T13:45:00.000000000Z#evt-42} (see {@link SortKeyCodec}), so two events with the same
 * timestamp are both kept. Both formats are stable. The item class declares the two key attributes like any
 * other; the repository fills them on {@link #put(Object)} from the entity id and timestamp extractors, so the
 * caller never builds keys.
 *
 * <pre>{@code
 * // Reading: an Enhanced bean (DynamoDbBean) with String pk (DynamoDbPartitionKey) and String sk
 * // (DynamoDbSortKey) that the repository fills, plus the caller's companyId, at (Instant), id, value.
 * TimeSeriesTable<Reading> readings = TimeSeriesTable.builder(TableSchema.fromBean(Reading.class))
 *         .client(enhancedAsyncClient).tableName("readings")
 *         .entityId(Reading::getCompanyId).timestamp(Reading::getAt).eventId(Reading::getId)
 *         .bucket(Bucket.DAY)                              // company-123#2024-11-20
 *         .retention("expiresAt", Duration.ofDays(400))    // optional TTL
 *         .build();
 * readings.put(reading).join();                           // pk and sk filled from companyId and at
 *
 * RangeQuery lastWeek = RangeQuery.builder().entity("company-123")
 *         .from(now.minus(Duration.ofDays(7))).to(now).newestFirst().limit(100).build();
 * Page<Reading> page = readings.query(lastWeek).join();  // ONE call for 8 buckets
 * Page<Reading> next = readings.query(lastWeek.withCursor(page.cursor().orElseThrow())).join();
 * List<Reading> newest = readings.latest("company-123", 10).join();
 * }</pre>
 *
 * <p><b>Reads.</b> Buckets are read in time order with core's {@link FanOut} in
 * {@link MergeOrder#sourceSequence() source sequence}, at most {@link Builder#window(int) window} buckets ahead
 * at once, so a limit-100 query over a year touches only the buckets it needs. Edge buckets use a key
 * condition ({@code BETWEEN}), never a filter. Results are exact: {@code limit} items unless fewer exist, and
 * an opaque signed cursor resumes exactly after the last one. With shards, each bucket is a k-way merge of its
 * shards.
 *
 * <p><b>Metrics</b> ({@code ddb.patterns.timeseries.*}, tag {@code table}): {@code buckets.spanned},
 * {@code buckets.touched}, {@code items.read} (evaluated by DynamoDB), {@code items.returned},
 * {@code consumed.read.units}, {@code queries} and {@code writes} by {@code result}; the underlying fan-out
 * reports {@code ddb.patterns.fanout.*}.
 *
 * <p><b>Limits.</b> Bucket size, zone and shard count are part of the key layout: changing them makes existing
 * data unreachable through the new configuration. A cursor resumes only the query it was issued for (same
 * entity, range, order and filter) and, with the default fan-out, only in the JVM that issued it: give
 * multi-instance services a fan-out with {@code CursorCodec.withKey(sharedSecret)}. {@link #latest} on an
 * entity without events queries every bucket of the maximum range. A filter costs the reads it discards.
 *
 * @param <T> the mapped item type
 */
public final class TimeSeriesTable<T> {

    /** Default {@link Builder#maxRange(Duration)}. */
    public static final Duration DEFAULT_MAX_RANGE = Duration.ofDays(366);
    /** Default {@link Builder#window(int)}: buckets fetched at once (a week of days in one round trip). */
    public static final int DEFAULT_WINDOW = 8;

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
    private final Clock clock;
    private final String partitionAttribute;
    private final String sortAttribute;
    private final SortKeyReader<T> sortKeys;
    private final TimeSeriesMetrics metrics;

    private TimeSeriesTable(Builder<T> b) {
        this.schema = b.schema;
        this.table = b.client.table(b.tableName, schema);
        this.entityId = b.entityId;
        this.timestamp = b.timestamp;
        this.eventId = b.eventId;
        this.buckets = BucketCodec.builder().bucket(b.bucket).zone(b.zone).build();
        this.shards = b.shards;
        this.shardCodec = ShardKeyCodec.ofDefaults();
        this.ttlAttribute = b.ttlAttribute;
        this.retention = b.retention;
        this.maxRange = b.maxRange;
        this.window = b.window;
        this.fanOut = b.fanOut != null
                ? b.fanOut
                : FanOut.builder()
                        .name(b.tableName)
                        .meterRegistry(b.meterRegistry)
                        .build();
        this.writeBuffer = b.writeBuffer;
        this.clock = b.clock;
        TableMetadata metadata = schema.tableMetadata();
        this.partitionAttribute = metadata.primaryPartitionKey();
        this.sortAttribute = metadata.primarySortKey().orElseThrow();
        this.sortKeys = new SortKeyReader<>(schema, sortAttribute);
        this.metrics = new TimeSeriesMetrics(b.meterRegistry, b.tableName);
        this.readTable = new CapacityRecordingTable<>(table, metrics);
    }

    /**
     * A builder for items mapped by {@code schema}, whose primary key must be a String partition key and a
     * String sort key.
     *
     * @throws InvalidInputException if {@code schema} is null or its keys are not two String attributes
     */
    public static <T> Builder<T> builder(TableSchema<T> schema) {
        return new Builder<>(schema);
    }

    /** The bucket codec computing partition keys. */
    public BucketCodec bucketCodec() {
        return buckets;
    }

    /** Shards per bucket (1: unsharded). */
    public int shards() {
        return shards;
    }

    /** The blocking twin of this table (same configuration, calls wait on the calling thread). */
    public SyncTimeSeriesTable<T> sync() {
        return new SyncTimeSeriesTable<>(this);
    }

    /**
     * {@code item} with its partition key, sort key and (with a retention) TTL attributes filled from its entity
     * id, timestamp and tie-breaker: what {@link #put(Object)} writes. The tie-breaker is the
     * {@link Builder#eventId(Function) event id}; without one, the tie-breaker of a sort key already on the item
     * for the same timestamp is kept (rewriting a read item replaces it), otherwise a random one is generated.
     *
     * @throws InvalidInputException if {@code item} is null, or its entity id is null or empty, or its
     *     timestamp is null or outside years 0001-9999, or its event id is null or empty
     */
    public T keyed(T item) {
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
        return schema.mapToItem(map);
    }

    /**
     * Writes {@code item} with its keys filled ({@link #keyed(Object)}): one PutItem, or a write submitted to
     * the {@link Builder#writeBuffer(WriteBuffer) write buffer} when one is configured (coalesced and batched;
     * the future completes when it is persisted).
     *
     * @return completes when written; exceptionally with the SDK's or the buffer's error
     * @throws InvalidInputException as {@link #keyed(Object)}
     */
    public CompletableFuture<Void> put(T item) {
        T keyedItem = keyed(item);
        CompletableFuture<Void> write =
                writeBuffer != null ? writeBuffer.submit(WriteOp.put(table, keyedItem)) : table.putItem(keyedItem);
        return write.whenComplete((ok, error) -> metrics.write(error == null));
    }

    /**
     * Reads one page of {@code query}: exactly {@code query.limit()} events (fewer only when the range holds
     * fewer) in time order, and a cursor when more may follow. Every argument is checked before any request.
     *
     * @return the page; completes exceptionally with the first DynamoDB error
     * @throws InvalidInputException if {@code query} is null, or its range exceeds the maximum range, or a bound
     *     is outside years 0001-9999
     * @throws InvalidCursorException if the cursor is malformed, altered, or was issued for another query
     */
    public CompletableFuture<Page<T>> query(RangeQuery query) {
        Checks.notNull("query", query);
        FanOutQuery<T> plan = plan(query, query.limit());
        TouchedBuckets touched = new TouchedBuckets();
        FanOutQuery<T> tracked =
                plan.toBuilder().sources(touched.track(plan.sources())).build();
        return fanOut.query(tracked)
                .whenComplete((page, error) -> metrics.query(
                        plan.sources().size(), touched.count(), page == null ? 0 : page.size(), error == null));
    }

    /**
     * Streams the events of {@code query} (up to its limit) with backpressure, without loading the range into
     * memory: buckets are fetched only as the subscriber requests items. Each subscription runs anew.
     *
     * @throws InvalidInputException as {@link #query(RangeQuery)}
     * @throws InvalidCursorException as {@link #query(RangeQuery)}
     */
    public SdkPublisher<T> stream(RangeQuery query) {
        Checks.notNull("query", query);
        return fanOut.stream(plan(query, query.limit()));
    }

    /**
     * Streams every event of {@code entity} in {@code [from, to)} in {@code order}, with backpressure.
     *
     * @throws InvalidInputException if an argument is null or empty, {@code from} is not before {@code to}, or
     *     the range exceeds the maximum range
     */
    public SdkPublisher<T> streamAll(String entity, Instant from, Instant to, TimeOrder order) {
        RangeQuery query = RangeQuery.builder()
                .entity(entity)
                .from(from)
                .to(to)
                .order(order)
                .build();
        return fanOut.stream(plan(query, null));
    }

    /**
     * The newest {@code n} events of {@code entity} at or before now (the builder's clock), newest first, looking
     * back at most the maximum range. An entity without events costs one Query per bucket of that range.
     *
     * @throws InvalidInputException if {@code entity} is null or empty, or {@code n} is not positive
     */
    public CompletableFuture<List<T>> latest(String entity, int n) {
        Checks.notEmpty("entity", entity);
        Checks.positive("n", n);
        Instant to = clock.instant().plusNanos(1);
        return query(RangeQuery.builder()
                        .entity(entity)
                        .from(to.minus(maxRange))
                        .to(to)
                        .newestFirst()
                        .limit(n)
                        .build())
                .thenApply(Page::items);
    }

    private FanOutQuery<T> plan(RangeQuery query, @Nullable Integer limit) {
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
        boolean newestFirst = query.order() == TimeOrder.NEWEST_FIRST;
        Stream<TimeBucket> range = newestFirst
                ? buckets.bucketsDescending(query.from(), query.to())
                : buckets.buckets(query.from(), query.to());
        List<PagedSource<T>> sources = new ArrayList<>();
        range.forEach(bucket -> sources.add(source(query, bucket, newestFirst)));
        FanOutQuery.Builder<T> builder = FanOutQuery.<T>builder()
                .scope("timeseries:" + table.tableName() + ":" + query.entity())
                .sources(sources)
                .order(MergeOrder.sourceSequence())
                .window(window)
                .cursor(query.cursor());
        if (limit != null) {
            builder.limit(limit);
        }
        return builder.build();
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
                .filterExpression(query.filter())
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .build();
    }

    /** Builder of {@link TimeSeriesTable}; every setter validates at once. */
    public static final class Builder<T> {
        private final TableSchema<T> schema;
        private @Nullable DynamoDbEnhancedAsyncClient client;
        private @Nullable String tableName;
        private @Nullable Function<T, String> entityId;
        private @Nullable Function<T, Instant> timestamp;
        private @Nullable Function<T, String> eventId;
        private Bucket bucket = Bucket.DAY;
        private ZoneId zone = java.time.ZoneOffset.UTC;
        private int shards = 1;
        private @Nullable String ttlAttribute;
        private @Nullable Duration retention;
        private Duration maxRange = DEFAULT_MAX_RANGE;
        private int window = DEFAULT_WINDOW;
        private @Nullable FanOut fanOut;
        private @Nullable WriteBuffer writeBuffer;
        private Clock clock = Clock.systemUTC();
        private MeterRegistry meterRegistry = new CompositeMeterRegistry();

        private Builder(TableSchema<T> schema) {
            this.schema = Checks.notNull("schema", schema);
            TableMetadata metadata = schema.tableMetadata();
            String pk = metadata.primaryPartitionKey();
            String sk = metadata.primarySortKey()
                    .orElseThrow(() -> InvalidInputException.of(
                            "schema", "no sort key", "have a String sort key for the timestamp#tie-breaker"));
            for (String key : List.of(pk, sk)) {
                if (metadata.scalarAttributeType(key).orElse(null) != ScalarAttributeType.S) {
                    throw InvalidInputException.of("schema", key, "have String (S) key attributes");
                }
            }
        }

        /**
         * The Enhanced async client.
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> client(DynamoDbEnhancedAsyncClient client) {
            this.client = Checks.notNull("client", client);
            return this;
        }

        /**
         * The table name.
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder<T> tableName(String tableName) {
            this.tableName = Checks.notEmpty("tableName", tableName);
            return this;
        }

        /**
         * How to read an item's entity id (the logical partition, e.g. the company id).
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> entityId(Function<T, String> entityId) {
            this.entityId = Checks.notNull("entityId", entityId);
            return this;
        }

        /**
         * How to read an item's timestamp.
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> timestamp(Function<T, Instant> timestamp) {
            this.timestamp = Checks.notNull("timestamp", timestamp);
            return this;
        }

        /**
         * How to read an item's unique event id, used as the sort-key tie-breaker (so rewriting the same event
         * is idempotent). Optional: without it a random tie-breaker is generated per new item.
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> eventId(Function<T, String> eventId) {
            this.eventId = Checks.notNull("eventId", eventId);
            return this;
        }

        /**
         * The bucket size, {@link Bucket#DAY} by default.
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> bucket(Bucket bucket) {
            this.bucket = Checks.notNull("bucket", bucket);
            return this;
        }

        /**
         * The zone whose calendar defines buckets, UTC by default (sort keys are always UTC).
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> zone(ZoneId zone) {
            this.zone = Checks.notNull("zone", zone);
            return this;
        }

        /**
         * Shards per bucket for hot entities (1 by default: unsharded); reads k-way merge a bucket's shards.
         * Changing it makes existing data unreadable at the new count: it is part of the key layout.
         *
         * @throws InvalidInputException if outside 1..{@value ShardKeyCodec#MAX_SHARDS}
         */
        public Builder<T> shards(int shards) {
            this.shards = ShardKeyCodec.checkShardCount(shards);
            return this;
        }

        /**
         * Expire events {@code retention} after their timestamp, through the table's TTL attribute
         * {@code ttlAttribute} (epoch seconds; it must be an attribute of the schema, and TTL must be enabled on
         * the table). DynamoDB deletes expired items eventually (typically within 48 hours).
         *
         * @throws InvalidInputException if an argument is null, the attribute is empty or not in the schema, or
         *     the retention is not positive
         */
        public Builder<T> retention(String ttlAttribute, Duration retention) {
            Checks.notEmpty("ttlAttribute", ttlAttribute);
            if (!schema.attributeNames().contains(ttlAttribute)) {
                throw InvalidInputException.of(
                        "ttlAttribute", ttlAttribute, "be an attribute of the schema " + schema.attributeNames());
            }
            this.retention = Checks.positive("retention", retention);
            this.ttlAttribute = ttlAttribute;
            return this;
        }

        /**
         * The longest range one query may span, 366 days by default (bounds the buckets of one query).
         *
         * @throws InvalidInputException if null or not positive
         */
        public Builder<T> maxRange(Duration maxRange) {
            this.maxRange = Checks.positive("maxRange", maxRange);
            return this;
        }

        /**
         * How many consecutive buckets may be read at once ({@value #DEFAULT_WINDOW} by default): the prefetch
         * window of the source sequence.
         *
         * @throws InvalidInputException if outside 1..1000
         */
        public Builder<T> window(int window) {
            this.window = Checks.inRange("window", window, 1, 1000);
            return this;
        }

        /**
         * The fan-out reading buckets (concurrency, page size, cursor codec, metrics); by default
         * {@code FanOut.builder().name(tableName).meterRegistry(meterRegistry)}. Multi-instance services must
         * give one with a shared {@code CursorCodec.withKey(...)}.
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> fanOut(FanOut fanOut) {
            this.fanOut = Checks.notNull("fanOut", fanOut);
            return this;
        }

        /**
         * Send puts through this write buffer (coalesced BatchWriteItem) instead of one PutItem each; the buffer
         * is the caller's to close.
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> writeBuffer(WriteBuffer writeBuffer) {
            this.writeBuffer = Checks.notNull("writeBuffer", writeBuffer);
            return this;
        }

        /**
         * The clock of {@link #latest}, the system UTC clock by default.
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> clock(Clock clock) {
            this.clock = Checks.notNull("clock", clock);
            return this;
        }

        /**
         * Where metrics go; none by default.
         *
         * @throws InvalidInputException if null
         */
        public Builder<T> meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = Checks.notNull("meterRegistry", meterRegistry);
            return this;
        }

        /**
         * The table.
         *
         * @throws InvalidInputException if client, tableName, entityId or timestamp is missing
         */
        public TimeSeriesTable<T> build() {
            Checks.notNull("client", client);
            Checks.notNull("tableName", tableName);
            Checks.notNull("entityId", entityId);
            Checks.notNull("timestamp", timestamp);
            return new TimeSeriesTable<>(this);
        }
    }
}
