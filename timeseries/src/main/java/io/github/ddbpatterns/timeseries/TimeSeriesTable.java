package io.github.ddbpatterns.timeseries;

import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.PagedQuery;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.SharedSettings;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.buffer.BufferClosedException;
import io.github.ddbpatterns.core.buffer.BufferFullException;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.core.buffer.WriteFailedException;
import io.github.ddbpatterns.core.fanout.CursorCodec;
import io.github.ddbpatterns.core.fanout.FanOut;
import io.github.ddbpatterns.core.fanout.MergeOrder;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.Bucket;
import io.github.ddbpatterns.core.keys.BucketCodec;
import io.github.ddbpatterns.core.keys.ItemSize;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import io.github.ddbpatterns.core.table.TableLayoutException;
import io.github.ddbpatterns.core.table.TableRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
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
 * caller never builds keys. {@link #tableLayout()} is that table: both keys String, plus the TTL attribute when a
 * {@link Builder#retention retention} is set.
 *
 * <pre>{@code
 * // Reading: an Enhanced bean (DynamoDbBean) with String pk (DynamoDbPartitionKey) and String sk
 * // (DynamoDbSortKey) that the repository fills, plus the caller's companyId, at (Instant), id, value and
 * // expiresAt (Long).
 * PatternsContext context = PatternsContext.builder().dynamoDbClient(DynamoDbAsyncClient.create()).build();
 * TimeSeriesTable<Reading> readings = TimeSeriesTable.builder(context, TableSchema.fromBean(Reading.class))
 *         .tableName("readings")
 *         .entityId(Reading::getCompanyId).timestamp(Reading::getAt).eventId(Reading::getId)
 *         .bucket(Bucket.DAY)                              // company-123#2024-11-20
 *         .retention("expiresAt", Duration.ofDays(400))    // optional TTL
 *         .build();
 * Reading stored = readings.put(reading).join();          // pk and sk filled from companyId and at
 *
 * Instant now = Instant.now();
 * RangeQuery lastWeek = RangeQuery.of("company-123", now.minus(Duration.ofDays(7)), now) // [from, to)
 *         .newestFirst()
 *         .limit(100);
 * Page<Reading> page = readings.query(lastWeek).join();  // ONE call for 8 buckets
 * if (page.hasMore()) {
 *     Page<Reading> next = readings.query(lastWeek.after(page)).join();
 * }
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
 * <p><b>Requests.</b> Every request goes through the context's client, so the context's resilience policy retries
 * each one (a put, each bucket page) at most its {@code maxAttempts} times. Before its first request the repository
 * checks its table once (one DescribeTable, unless the context has {@code checkTables(false)}): a missing table or
 * one with other keys fails the operation with {@link TableLayoutException} before any data request.
 *
 * <p><b>Metrics</b> ({@code ddb.patterns.timeseries.*}, tag {@code table}): {@code buckets.spanned},
 * {@code buckets.touched}, {@code items.read} (evaluated by DynamoDB), {@code items.returned},
 * {@code consumed.read.units}, {@code queries} and {@code writes} by {@code result}; the underlying fan-out
 * reports {@code ddb.patterns.fanout.*}.
 *
 * <p><b>Limits.</b> Bucket size, zone and shard count are part of the key layout: changing them makes existing
 * data unreachable through the new configuration. A cursor resumes only the query it was issued for (same
 * entity, range, order and filter) and, with the default {@link CursorCodec#perJvm() cursor codec}, only in the
 * JVM that issued it: give multi-instance services a context with {@code CursorCodec.withKey(sharedSecret)}.
 * {@link #latest} on an entity without events queries every bucket of the maximum range. A filter costs the reads
 * it discards.
 *
 * @param <T> the mapped item type
 */
public interface TimeSeriesTable<T> extends TableRepository {

    /** Default {@link Builder#maxRange(Duration)}. */
    Duration DEFAULT_MAX_RANGE = Duration.ofDays(366);

    /**
     * Default {@link Builder#window(int)}: the most buckets read at once (a week of days; a limited page starts with
     * one bucket and widens up to this while buckets come back short).
     */
    int DEFAULT_WINDOW = 8;

    /**
     * A standalone builder for items mapped by {@code schema}, whose primary key must be a String partition key and
     * a String sort key; {@link Builder#dynamoDbClient} is then required.
     *
     * @param schema the table schema of the items
     * @param <T> the item type
     * @return the builder
     * @throws InvalidInputException if {@code schema} is null or its keys are not two String attributes
     */
    static <T> Builder<T> builder(TableSchema<T> schema) {
        return new Builder<>(null, schema);
    }

    /**
     * The page size of the default fan-out: each bucket Query asks for up to this many items (and DynamoDB returns
     * at most 1 MB), so a bucket of up to 1,000 events costs one request.
     */
    int DEFAULT_PAGE_SIZE = 1_000;

    /**
     * A builder for items mapped by {@code schema} whose client, resilience policy, registry, cursor codec and clock
     * come from {@code context}; {@code schema}'s primary key must be a String partition key and a String sort key.
     *
     * @param context the shared settings
     * @param schema the table schema of the items
     * @param <T> the item type
     * @return the builder
     * @throws InvalidInputException if an argument is null or the schema's keys are not two String attributes
     */
    static <T> Builder<T> builder(PatternsContext context, TableSchema<T> schema) {
        return new Builder<>(Checks.notNull("context", context), schema);
    }

    /**
     * {@code item} with its partition key, sort key and (with a retention) TTL attributes filled from its entity
     * id, timestamp and tie-breaker: what {@link #put(Object)} writes. The tie-breaker is the
     * {@link Builder#eventId(Function) event id}; without one, the tie-breaker of a sort key already on the item
     * for the same timestamp is kept (rewriting a read item replaces it), otherwise a random one is generated. Sends
     * nothing.
     *
     * @param item the item
     * @return a copy of the item with its keys filled
     * @throws InvalidInputException if {@code item} is null, or its entity id is null or empty, or its
     *     timestamp is null or outside years 0001-9999, or its event id is null, empty or longer than
     *     {@value SortKeyCodec#MAX_TIE_BREAKER_LENGTH} characters
     */
    T keyed(T item);

    /**
     * Writes {@code item} with its keys filled ({@link #keyed(Object)}): one PutItem, or, when the builder was given
     * a {@link Builder#writeBuffer(WriteBuffer) write buffer}, a put submitted to that buffer (coalesced and
     * batched with other writes); then the future completes only when the buffer persisted it, and fails with
     * {@link WriteFailedException} when the buffer gave it up, or with {@link BufferFullException} /
     * {@link BufferClosedException} when the buffer refused it.
     *
     * @param item the item
     * @return the item as stored (keys filled); completes exceptionally with {@link TableLayoutException} when the
     *     table is missing or has other keys, or with the service's error once the policy's attempts are spent
     * @throws InvalidInputException as {@link #keyed(Object)}, or if the keyed item is larger than
     *     {@value ItemSize#MAX_ITEM_BYTES} bytes (400 KB) or its partition key longer than 2,048 bytes (nothing is
     *     sent)
     */
    CompletableFuture<T> put(T item);

    /**
     * Writes every item with its keys filled through BatchWriteItem (a {@link BatchWriter} of the context: 25 items
     * a call, {@code UnprocessedItems} resent), or through the {@link Builder#writeBuffer(WriteBuffer) write buffer}
     * when one is configured. Every item ends in exactly one {@link BatchWriteResult#outcomes() outcome}, in input
     * order: persisted or failed with its cause; none is dropped silently. Through a buffer, a persisted outcome
     * counts 1 attempt, a refused one 0, and {@link BatchWriteResult#requests()} is 0: the buffer shares its calls
     * with other writes and does not report them per write.
     *
     * @param items the items
     * @return one outcome per item; completes exceptionally only with {@link TableLayoutException} when the table is
     *     missing or has other keys (nothing was written)
     * @throws InvalidInputException if {@code items} is or holds null, or an item is refused as by
     *     {@link #put(Object)} (then nothing is sent)
     */
    CompletableFuture<BatchWriteResult> putAll(Collection<T> items);

    /**
     * Reads one page of {@code query}: the events of its entity with timestamps in the half-open range
     * {@code [from, to)}, exactly {@code query.limit()} of them (fewer only when the range holds fewer), in the
     * query's order, and a cursor when more may follow (resume with {@code query.after(page)}). Every argument is
     * checked before any request.
     *
     * @param query the range, order, limit, filter and cursor
     * @return the page; completes exceptionally with {@link TableLayoutException} when the table is missing or has
     *     other keys, or with the first DynamoDB error once the policy's attempts are spent
     * @throws InvalidInputException if {@code query} is null, or its range exceeds the
     *     {@link Builder#maxRange(Duration) maximum range}, or a bound is outside years 0001-9999
     * @throws InvalidCursorException if the cursor is malformed, altered, or was issued for another query
     */
    CompletableFuture<Page<T>> query(RangeQuery query);

    /**
     * Streams every event of {@code query} with timestamps in the half-open range {@code [from, to)}, in its order,
     * from its cursor on (all of them: the limit is ignored), with backpressure and without loading the range into
     * memory: buckets are fetched only as the subscriber requests items. Each subscription runs anew and checks the
     * table first; a missing or different table is signalled by {@code onError} with {@link TableLayoutException}.
     *
     * @param query the range, order, filter and cursor
     * @return the events
     * @throws InvalidInputException as {@link #query(RangeQuery)}
     * @throws InvalidCursorException as {@link #query(RangeQuery)}
     */
    SdkPublisher<T> stream(RangeQuery query);

    /**
     * The newest {@code n} events of {@code entity} at or before now (the context's clock), newest first, looking
     * back at most the maximum range: the range {@code [now - maxRange, now]}. An entity without events costs one
     * Query per bucket of that range.
     *
     * @param entity the entity id
     * @param n how many events
     * @return the events, newest first; completes exceptionally as {@link #query(RangeQuery)}
     * @throws InvalidInputException if {@code entity} is null or empty, or {@code n} is not between 1 and {@value PagedQuery#MAX_LIMIT}
     */
    CompletableFuture<List<T>> latest(String entity, int n);

    /**
     * The bucket codec computing partition keys.
     *
     * @return the codec
     */
    BucketCodec bucketCodec();

    /**
     * Shards per bucket.
     *
     * @return the shard count (1: unsharded)
     */
    int shards();

    /**
     * The blocking twin of this table (same configuration, calls wait on the calling thread).
     *
     * @return the sync view
     */
    SyncTimeSeriesTable<T> sync();

    /**
     * Builder of {@link TimeSeriesTable}; every setter validates at once. The shared settings (client, resilience,
     * meter registry, cursor codec, clock, executor, table checks) are inherited from {@link SharedSettings}.
     *
     * @param <T> the item type
     */
    final class Builder<T> extends SharedSettings<Builder<T>> {
        final TableSchema<T> schema;

        @Nullable
        String tableName;

        @Nullable
        Function<T, String> entityId;

        @Nullable
        Function<T, Instant> timestamp;

        @Nullable
        Function<T, String> eventId;

        Bucket bucket = Bucket.DAY;
        ZoneId zone = ZoneOffset.UTC;
        int shards = 1;

        @Nullable
        String ttlAttribute;

        @Nullable
        Duration retention;

        Duration maxRange = DEFAULT_MAX_RANGE;
        int window = DEFAULT_WINDOW;

        @Nullable
        FanOut fanOut;

        @Nullable
        WriteBuffer writeBuffer;

        private Builder(@Nullable PatternsContext base, TableSchema<T> schema) {
            super(base);
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
         * The table name.
         *
         * @param tableName the name
         * @return this builder
         * @throws InvalidInputException if null or empty
         */
        public Builder<T> tableName(String tableName) {
            this.tableName = Checks.notEmpty("tableName", tableName);
            return this;
        }

        /**
         * How to read an item's entity id (the logical partition, e.g. the company id).
         *
         * @param entityId the extractor
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder<T> entityId(Function<T, String> entityId) {
            this.entityId = Checks.notNull("entityId", entityId);
            return this;
        }

        /**
         * How to read an item's timestamp.
         *
         * @param timestamp the extractor
         * @return this builder
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
         * @param eventId the extractor
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder<T> eventId(Function<T, String> eventId) {
            this.eventId = Checks.notNull("eventId", eventId);
            return this;
        }

        /**
         * The bucket size, {@link Bucket#DAY} by default.
         *
         * @param bucket the bucket size
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder<T> bucket(Bucket bucket) {
            this.bucket = Checks.notNull("bucket", bucket);
            return this;
        }

        /**
         * The zone whose calendar defines buckets, UTC by default (sort keys are always UTC).
         *
         * @param zone the zone
         * @return this builder
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
         * @param shards the shard count
         * @return this builder
         * @throws InvalidInputException if outside 1..{@value ShardKeyCodec#MAX_SHARDS}
         */
        public Builder<T> shards(int shards) {
            this.shards = ShardKeyCodec.checkShardCount(shards);
            return this;
        }

        /**
         * Expire events {@code retention} after their timestamp, through the table's TTL attribute
         * {@code ttlAttribute} (epoch seconds; it must be an attribute of the schema). The table layout then names
         * the attribute, and {@link TimeSeriesTable#createTable()} enables TTL on it. DynamoDB deletes expired
         * items eventually (typically within 48 hours).
         *
         * @param ttlAttribute the TTL attribute
         * @param retention how long after its timestamp an event expires
         * @return this builder
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
         * @param maxRange the longest range
         * @return this builder
         * @throws InvalidInputException if null or not positive
         */
        public Builder<T> maxRange(Duration maxRange) {
            this.maxRange = Checks.positive("maxRange", maxRange);
            return this;
        }

        /**
         * The most consecutive buckets read at once ({@value TimeSeriesTable#DEFAULT_WINDOW} by default): a page
         * with a limit reads one bucket first and widens up to this only while buckets come back short; a stream
         * reads this many ahead.
         *
         * @param window the window
         * @return this builder
         * @throws InvalidInputException if outside 1..1000
         */
        public Builder<T> window(int window) {
            this.window = Checks.inRange("window", window, 1, 1000);
            return this;
        }

        /**
         * The fan-out reading buckets (concurrency, page size, cursor codec, metrics); by default
         * {@code context.fanOut().name(tableName).pageSize(}{@value #DEFAULT_PAGE_SIZE}{@code )}: the context's
         * cursor codec, registry and executor, and pages large enough for a full day bucket of one event every
         * 5 minutes (288) in one Query.
         *
         * @param fanOut the fan-out
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder<T> fanOut(FanOut fanOut) {
            this.fanOut = Checks.notNull("fanOut", fanOut);
            return this;
        }

        /**
         * Send {@link TimeSeriesTable#put puts} through this write buffer (coalesced BatchWriteItem) instead of one
         * PutItem each; a put's future then completes when the buffer persisted it. The buffer is the caller's to
         * flush and close.
         *
         * @param writeBuffer the buffer
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder<T> writeBuffer(WriteBuffer writeBuffer) {
            this.writeBuffer = Checks.notNull("writeBuffer", writeBuffer);
            return this;
        }

        /**
         * The table. Sends nothing: the table is checked before the first request.
         *
         * @return the table
         * @throws InvalidInputException if tableName (or a valid DynamoDB table name), entityId or timestamp is
         *     missing, or no {@code dynamoDbClient} was given here nor by a context
         */
        public TimeSeriesTable<T> build() {
            Checks.notNull("tableName", tableName);
            Checks.notNull("entityId", entityId);
            Checks.notNull("timestamp", timestamp);
            return new DefaultTimeSeriesTable<>(this, context());
        }
    }
}
