package io.github.ddbpatterns.capacity;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Records the capacity units a live application actually consumes, per second, per table and per index, as an SDK
 * {@link ExecutionInterceptor}: it asks DynamoDB for {@code ReturnConsumedCapacity=INDEXES} on a sample of
 * requests, reads the {@link ConsumedCapacity} of each response, and turns what it saw into a {@link
 * TrafficProfile} for {@link CapacitySimulator}.
 *
 * <pre>{@code
 * ConsumedCapacityRecorder recorder = ConsumedCapacityRecorder.builder()
 *         .sampleRate(0.1)                      // ask on 10 % of requests, scale what they consumed by 10
 *         .window(Duration.ofDays(1))           // keep the last day, second by second
 *         .build();
 * DynamoDbAsyncClient client = DynamoDbAsyncClient.builder()
 *         .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
 *         .build();
 * // ... the application runs ...
 * TrafficProfile orders = recorder.profile("orders");            // the table's own units
 * TrafficProfile byCustomer = recorder.profile("orders", "byCustomer");  // one of its indexes
 * }</pre>
 *
 * <h2>What it records</h2>
 * For every response that carries consumed capacity: the read and write units of the table and of each index
 * (GSI or LSI) named in it, and the requests that consumed them (a batch counts its processed items, a
 * transaction its items on that table, anything else one request; a Query or Scan of an index counts on the
 * index only). A write is a {@code PutItem}, {@code
 * UpdateItem}, {@code DeleteItem}, {@code BatchWriteItem} or {@code TransactWriteItems}; PartiQL statements count
 * as the units DynamoDB reports for them. Units are what DynamoDB charged, so transactions count double and
 * index writes are on their index. Failed requests (throttled ones included) consume nothing and are not
 * recorded.
 *
 * <h2>Production use</h2>
 * <ul>
 *   <li><b>Transparent.</b> When the recorder added {@code ReturnConsumedCapacity} itself, it removes the consumed
 *       capacity from the response again, so the application sees exactly what it asked for. Requests that ask
 *       for consumed capacity themselves are always recorded (at weight 1); when they ask for {@code TOTAL},
 *       their units are recorded on the table, indexes included.
 *   <li><b>Sampled.</b> With {@link Builder#sampleRate sampleRate} {@code r}, each other request is asked with
 *       probability {@code r} and what it consumed counts {@code 1/r} times (an unbiased estimate of the totals).
 *       Asking costs nothing in units; it adds a few dozen bytes to the response.
 *   <li><b>Bounded memory.</b> At most {@link Builder#maxScopes maxScopes} tables and indexes, each a ring of
 *       {@link Builder#window window} seconds (24 bytes a second: one hour is 84 KB, one day 2 MB), allocated when
 *       the scope is first seen; scopes beyond the limit are added up under one more, {@link #OTHER}. Older seconds are overwritten.
 *   <li><b>Thread-safe</b>; one recorder can serve several clients.
 * </ul>
 */
public final class ConsumedCapacityRecorder implements ExecutionInterceptor {

    /** Name of the scope that adds up tables and indexes seen after {@link Builder#maxScopes} were in use. */
    public static final String OTHER = "(other)";
    /** Default {@link Builder#window}: one hour. */
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    /** Longest {@link Builder#window}: 30 days (a profile starts at 00:00 UTC of its first day, up to 31 days). */
    public static final Duration MAX_WINDOW = Duration.ofDays(30);
    /** Default {@link Builder#maxScopes}: 32 tables and indexes. */
    public static final int DEFAULT_MAX_SCOPES = 32;

    private static final ExecutionAttribute<Double> WEIGHT = new ExecutionAttribute<>("ddbpatterns.capacity.weight");
    private static final ExecutionAttribute<Boolean> ADDED = new ExecutionAttribute<>("ddbpatterns.capacity.added");
    private static final String RETURN_CONSUMED_CAPACITY = "ReturnConsumedCapacity";
    private static final String CONSUMED_CAPACITY = "ConsumedCapacity";

    private final Clock clock;
    private final double sampleRate;
    private final int windowSeconds;
    private final int maxScopes;
    private final SplittableRandom random;
    private final Map<Scope, SecondSeries> series = new ConcurrentHashMap<>();
    private final AtomicLong sampled = new AtomicLong();

    private ConsumedCapacityRecorder(Builder builder) {
        this.clock = builder.clock;
        this.sampleRate = builder.sampleRate;
        this.windowSeconds = Math.toIntExact(builder.window.toSeconds());
        this.maxScopes = builder.maxScopes;
        this.random = builder.seed == null ? new SplittableRandom() : new SplittableRandom(builder.seed);
    }

    /**
     * A builder with the defaults: every request sampled, a one-hour window, 32 scopes, the UTC system clock.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds {@code ReturnConsumedCapacity=INDEXES} to a sampled request that does not ask for consumed capacity.
     *
     * @param context the request
     * @param attributes where the sampling decision is kept for the response
     * @return the request, changed or not
     */
    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        SdkField<?> field = request.sdkFieldNameToField().get(RETURN_CONSUMED_CAPACITY);
        if (field == null) {
            return request; // an operation that consumes no capacity (DescribeTable, ...)
        }
        Object asked = field.getValueOrDefault(request);
        if (asked != null && !ReturnConsumedCapacity.NONE.toString().equals(asked)) {
            attributes.putAttribute(WEIGHT, 1.0);
            return request;
        }
        if (!sample()) {
            return request;
        }
        attributes.putAttribute(WEIGHT, 1.0 / sampleRate);
        attributes.putAttribute(ADDED, Boolean.TRUE);
        SdkRequest.Builder builder = request.toBuilder();
        field.set(builder, ReturnConsumedCapacity.INDEXES.toString()); // a model's fields serve its builder too
        return builder.build();
    }

    /**
     * Records the consumed capacity of the response, and removes it again when this recorder asked for it.
     *
     * @param context the request and its response
     * @param attributes the sampling decision made for the request
     * @return the response, as the application asked for it
     */
    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        Double weight = attributes.getAttribute(WEIGHT);
        SdkResponse response = context.response();
        if (weight == null) {
            return response;
        }
        SdkField<?> field = response.sdkFieldNameToField().get(CONSUMED_CAPACITY);
        if (field == null) {
            return response;
        }
        long second = Math.floorDiv(clock.millis(), 1000);
        RequestKind kind = RequestKind.of(context.request());
        for (ConsumedCapacity capacity : consumed(field.getValueOrDefault(response))) {
            record(second, kind, context.request(), response, capacity, weight);
        }
        if (!Boolean.TRUE.equals(attributes.getAttribute(ADDED))) {
            return response;
        }
        SdkResponse.Builder builder = response.toBuilder();
        field.set(builder, null);
        return builder.build();
    }

    /**
     * Tables recorded (within the window), in name order; {@link #OTHER} among them when the scope limit was hit.
     *
     * @return table names
     */
    public Set<String> tables() {
        Set<String> tables = new TreeSet<>();
        series.keySet().forEach(scope -> tables.add(scope.table()));
        return tables;
    }

    /**
     * Indexes of {@code table} recorded, in name order.
     *
     * @param table the table
     * @return index names, empty if none
     * @throws InvalidInputException if {@code table} is null
     */
    public Set<String> indexes(String table) {
        Checks.notNull("table", table);
        Set<String> indexes = new TreeSet<>();
        series.keySet().stream()
                .filter(scope -> scope.table().equals(table) && scope.index() != null)
                .forEach(scope -> indexes.add(scope.index()));
        return indexes;
    }

    /**
     * The table's own traffic as a profile: every second of the window up to the last recorded one, starting at
     * 00:00 UTC of the first recorded second's day (the profile's second 0), each second {@link
     * TrafficProfile.Builder#measured measured}. Index units are not included: see {@link #profile(String,
     * String)}.
     *
     * @param table the table
     * @return the profile
     * @throws InvalidInputException if {@code table} is null or nothing was recorded for it
     */
    public TrafficProfile profile(String table) {
        return seriesOf(Checks.notNull("table", table), null).profile();
    }

    /**
     * One index's traffic as a profile, like {@link #profile(String)}.
     *
     * @param table the table
     * @param index the index
     * @return the profile
     * @throws InvalidInputException if an argument is null or nothing was recorded for the index
     */
    public TrafficProfile profile(String table, String index) {
        return seriesOf(Checks.notNull("table", table), Checks.notNull("index", index))
                .profile();
    }

    /**
     * Totals of the table's own traffic over the window.
     *
     * @param table the table
     * @return requests and units, zero if nothing was recorded
     * @throws InvalidInputException if {@code table} is null
     */
    public RecordedTraffic totals(String table) {
        SecondSeries recorded = series.get(new Scope(Checks.notNull("table", table), null));
        return recorded == null ? RecordedTraffic.NONE : recorded.totals();
    }

    /**
     * Totals of one index's traffic over the window.
     *
     * @param table the table
     * @param index the index
     * @return requests and units, zero if nothing was recorded
     * @throws InvalidInputException if an argument is null
     */
    public RecordedTraffic totals(String table, String index) {
        SecondSeries recorded = series.get(new Scope(Checks.notNull("table", table), Checks.notNull("index", index)));
        return recorded == null ? RecordedTraffic.NONE : recorded.totals();
    }

    /**
     * Requests this recorder asked for consumed capacity itself (the sampled ones).
     *
     * @return count since creation
     */
    public long sampledRequests() {
        return sampled.get();
    }

    /** Forgets everything recorded. */
    public void clear() {
        series.clear();
    }

    @Override
    public String toString() {
        return "ConsumedCapacityRecorder[sampleRate=" + sampleRate + ", window=" + windowSeconds + " s, scopes="
                + series.size() + "/" + maxScopes + "]";
    }

    private boolean sample() {
        if (sampleRate < 1) {
            double draw;
            synchronized (random) {
                draw = random.nextDouble();
            }
            if (draw >= sampleRate) {
                return false;
            }
        }
        sampled.incrementAndGet();
        return true;
    }

    private void record(
            long second,
            RequestKind kind,
            SdkRequest request,
            SdkResponse response,
            ConsumedCapacity capacity,
            double weight) {
        String table = capacity.tableName();
        if (table == null) {
            return;
        }
        double requests = kind.requests(request, response, table) * weight;
        boolean write = kind.isWrite(request, capacity);
        double tableUnits = capacity.table() != null
                ? CapacityReading.units(capacity.table(), write)
                : CapacityReading.units(capacity, write);
        if (tableUnits > 0 || !RequestKind.readsAnIndex(request)) {
            scope(table, null).add(second, write, requests, tableUnits * weight);
        }
        capacity.globalSecondaryIndexes()
                .forEach((index, units) ->
                        scope(table, index).add(second, write, requests, CapacityReading.units(units, write) * weight));
        capacity.localSecondaryIndexes()
                .forEach((index, units) ->
                        scope(table, index).add(second, write, requests, CapacityReading.units(units, write) * weight));
    }

    private SecondSeries scope(String table, @Nullable String index) {
        Scope scope = new Scope(table, index);
        SecondSeries existing = series.get(scope);
        if (existing != null) {
            return existing;
        }
        synchronized (series) {
            Scope kept = series.size() < maxScopes ? scope : new Scope(OTHER, null);
            return series.computeIfAbsent(kept, any -> new SecondSeries(windowSeconds));
        }
    }

    private SecondSeries seriesOf(String table, @Nullable String index) {
        SecondSeries recorded = series.get(new Scope(table, index));
        if (recorded == null || recorded.isEmpty()) {
            throw InvalidInputException.of(
                    index == null ? "table" : "index",
                    index == null ? table : table + "/" + index,
                    "have recorded traffic (recorded: " + series.keySet() + ")");
        }
        return recorded;
    }

    private static List<ConsumedCapacity> consumed(@Nullable Object value) {
        if (value instanceof ConsumedCapacity single) {
            return List.of(single);
        }
        if (value instanceof List<?> list) {
            return list.stream()
                    .filter(ConsumedCapacity.class::isInstance)
                    .map(ConsumedCapacity.class::cast)
                    .toList();
        }
        return List.of();
    }

    /** A table, or one of its indexes. */
    private record Scope(String table, @Nullable String index) {
        @Override
        public String toString() {
            return index == null ? table : table + "/" + index;
        }
    }

    /** Builds a {@link ConsumedCapacityRecorder}; every setter validates at once. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private double sampleRate = 1.0;
        private Duration window = DEFAULT_WINDOW;
        private int maxScopes = DEFAULT_MAX_SCOPES;
        private @Nullable Long seed;

        private Builder() {}

        /**
         * Fraction of requests asked for their consumed capacity (default 1: all of them).
         *
         * @param rate in (0, 1]
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder sampleRate(double rate) {
            if (!(rate > 0 && rate <= 1)) {
                throw InvalidInputException.of("sampleRate", rate, "be in (0, 1]");
            }
            this.sampleRate = rate;
            return this;
        }

        /**
         * Seeds the sampling, for reproducible runs (default: a random seed).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder sampleSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * How many of the latest seconds are kept (default one hour); memory is 24 bytes a second per scope.
         *
         * @param window whole seconds, from 1 s to {@link #MAX_WINDOW} (30 days)
         * @return this builder
         * @throws InvalidInputException if null or out of range
         */
        public Builder window(Duration window) {
            Checks.notNull("window", window);
            if (window.toSeconds() < 1 || window.compareTo(MAX_WINDOW) > 0 || window.getNano() != 0) {
                throw InvalidInputException.of("window", window, "be whole seconds from PT1S to " + MAX_WINDOW);
            }
            this.window = window;
            return this;
        }

        /**
         * Most tables and indexes kept apart (default 32); later ones are added up under {@link #OTHER}.
         *
         * @param maxScopes 1 to 10,000
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder maxScopes(int maxScopes) {
            this.maxScopes = Checks.inRange("maxScopes", maxScopes, 1, 10_000);
            return this;
        }

        /**
         * The clock that says which second a response belongs to (default {@link Clock#systemUTC()}).
         *
         * @param clock the clock
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder clock(Clock clock) {
            this.clock = Checks.notNull("clock", clock);
            return this;
        }

        /**
         * Builds the recorder.
         *
         * @return the recorder
         */
        public ConsumedCapacityRecorder build() {
            return new ConsumedCapacityRecorder(this);
        }
    }
}
