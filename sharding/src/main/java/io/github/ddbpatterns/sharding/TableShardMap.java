package io.github.ddbpatterns.sharding;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.SharedSettings;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * A {@link ShardMap} stored in the sharded table itself, so every application instance agrees on each key's
 * shard counts: one item per resharded logical key under the reserved partition key
 * {@code __ddbpatterns#shardmap#<logicalKey>}, holding the current count, the previous counts whose data may
 * still exist, and a version for optimistic locking. Keys without an item use the default count. Layouts are
 * cached (Caffeine) for a short TTL counted from when the request that read them was sent, so an instance sees
 * another's change within the TTL, however slow the read.
 *
 * <p><b>Reads cover every shard that may hold items, on every instance.</b> Writes under an old count stay
 * readable, since the old count is kept as {@code previous} until retired. A change that widens the shards
 * reaches <em>writers</em> only {@link #raiseDelay()} (the TTL plus one second) after it was made: until then
 * {@link #layout(String)} answers the count every instance's readers already cover as {@code current}, and the new
 * count among the previous ones (so this instance's readers cover it at once). An instance whose cached layout is
 * still the old one therefore never misses an item written to the new shards. In general the count writers use is
 * the smallest read width of every layout the item held during the last {@link #raiseDelay()}. Instances' clocks
 * are assumed to agree within that second.
 *
 * <p>Every change is one UpdateItem conditional on the version read, so two instances never apply conflicting
 * layouts: the loser gets {@link ShardMapConflictException} and reads the winner's layout. The item keeps the last
 * {@value #HISTORY_LIMIT} changes ({@link #history(String)}). An {@link AdaptiveShardController} also adds each
 * instance's observed write units and throttles to the item, per evaluation window, with atomic {@code ADD}s
 * (attributes {@code adaptiveUnits#<window>} and {@code adaptiveThrottles#<window>}). The cache expires on the
 * context's clock.
 *
 * <p>Its GetItem and UpdateItem go through the context's client, so they are retried by the context's policy.
 *
 * <pre>{@code
 * TableShardMap shardMap = TableShardMap.builder(context).tableName("events")
 *         .partitionKey("pk").sortKey("sk", AttributeValue.fromS("#shardmap"))
 *         .defaultShards(1).ttl(Duration.ofSeconds(10)).build();
 * ShardedTable<Event> events = ShardedTable.builder(context, TableSchema.fromBean(Event.class))
 *         .tableName("events")
 *         .logicalKey(Event::getUserId)
 *         .shardMap(shardMap)
 *         .build();
 * shardMap.reshard("user-42", 100).join();   // hot key: reads cover shards of 1 and 100 from now on
 * // ... once the data written under the old count has been moved or has expired:
 * shardMap.retire("user-42").join();
 * }</pre>
 */
public final class TableShardMap implements ShardMap {

    /** The partition key prefix of shard-map items. */
    public static final String KEY_PREFIX = "__ddbpatterns#shardmap#";
    /** Default cache TTL. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

    /** What a raise waits beyond the TTL before writers use it: cache loads in flight and clock skew. */
    public static final Duration RAISE_GRACE = Duration.ofSeconds(1);

    /** Most {@link LayoutChange}s kept on a shard-map item, oldest dropped first. */
    public static final int HISTORY_LIMIT = 20;

    private static final String CURRENT = "shardCount";
    private static final String PREVIOUS = "previousShardCounts";
    private static final String VERSION = "shardMapVersion";
    private static final String HISTORY = "shardMapHistory";
    private static final String CHANGED_AT = "shardMapChangedAt";
    private static final String UNITS = "adaptiveUnits#";
    private static final String THROTTLES = "adaptiveThrottles#";
    /** Window attributes older than the previous window removed by each report (a reporter may skip windows). */
    private static final int STALE_WINDOWS = 4;

    private final DynamoDbAsyncClient client;
    private final String tableName;
    private final String partitionKey;
    private final @Nullable String sortKey;
    private final @Nullable AttributeValue sortValue;
    private final int defaultShards;
    private final Duration ttl;
    private final Clock clock;
    private final AsyncLoadingCache<String, Versioned> cache;

    private TableShardMap(Builder b, PatternsContext context) {
        this.client = context.dynamoDbClient();
        this.tableName = b.tableName;
        this.partitionKey = b.partitionKey;
        this.sortKey = b.sortKey;
        this.sortValue = b.sortValue;
        this.defaultShards = b.defaultShards;
        this.ttl = b.ttl;
        this.clock = context.clock();
        Clock ticks = clock;
        this.cache = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(ticks.millis()))
                .expireAfter(new ReadAtExpiry(b.ttl))
                .maximumSize(b.maxKeys)
                .buildAsync((key, executor) -> load(key));
    }

    /**
     * A standalone builder; {@code dynamoDbClient}, table name and partition key are required.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder(null);
    }

    /**
     * A builder with the client and policy of {@code context}; table name and partition key are required.
     *
     * @param context the shared settings
     * @return the builder
     * @throws InvalidInputException if {@code context} is null
     */
    public static Builder builder(PatternsContext context) {
        return new Builder(Checks.notNull("context", context));
    }

    /**
     * {@inheritDoc} Answered from the cache; a key not cached (or expired) is read with one consistent GetItem.
     *
     * @throws InvalidInputException if {@code logicalKey} is null or empty
     */
    @Override
    public CompletableFuture<ShardLayout> layout(String logicalKey) {
        Checks.notEmpty("logicalKey", logicalKey);
        return cache.get(logicalKey).thenApply(this::effective);
    }

    /** The layout as stored on the item (what the last change made it), loaded like {@link #layout(String)}. */
    CompletableFuture<ShardLayout> storedLayout(String logicalKey) {
        return cache.get(logicalKey).thenApply(Versioned::layout);
    }

    /**
     * The count writers of {@code logicalKey} used at {@code atMillis}, from the cached layout and its history (1
     * when the layout is not cached): what {@link #layout(String)} answered then.
     */
    int writeCount(String logicalKey, long atMillis) {
        return cached(logicalKey)
                .map(v -> v.writableCountAt(atMillis, raiseDelay().toMillis(), defaultShards))
                .orElse(1);
    }

    /**
     * The cached layout of {@code logicalKey}, without loading it: for callers that must answer synchronously (an
     * Enhanced client extension) and can act safely without it, calling {@link #layout(String)} to load it.
     *
     * @param logicalKey the logical key
     * @return the layout cached and loaded now, or empty (not cached, expired, still loading or failed)
     */
    public Optional<ShardLayout> cachedLayout(String logicalKey) {
        return cached(logicalKey).map(this::effective);
    }

    /** The item of {@code logicalKey} as cached and loaded now; empty when not cached, still loading or failed. */
    private Optional<Versioned> cached(String logicalKey) {
        CompletableFuture<Versioned> cached = cache.getIfPresent(logicalKey);
        if (cached == null || !cached.isDone() || cached.isCompletedExceptionally()) {
            return Optional.empty();
        }
        return Optional.of(cached.join());
    }

    /** How long a layout is cached: every instance sees a change within this time (on the context's clock). */
    public Duration ttl() {
        return ttl;
    }

    /**
     * How long after a change that widens a key's shards writers start using the new shards: the TTL plus
     * {@link #RAISE_GRACE}, by when every instance's readers cover them.
     */
    public Duration raiseDelay() {
        return ttl.plus(RAISE_GRACE);
    }

    /** The layout as {@link #layout(String)} answers it now: the stored one, with the count writers may use. */
    private ShardLayout effective(Versioned versioned) {
        ShardLayout stored = versioned.layout();
        int writable = versioned.writableCountAt(clock.millis(), raiseDelay().toMillis(), defaultShards);
        if (writable >= stored.current()) {
            return stored;
        }
        return new ShardLayout(writable, stored.counts());
    }

    /**
     * The last {@value #HISTORY_LIMIT} changes of {@code logicalKey}'s layout, oldest first, read with one
     * consistent GetItem: versions are consecutive because every change is conditional on the previous version.
     *
     * @param logicalKey the logical key
     * @return the changes, empty for a key never changed
     * @throws InvalidInputException if {@code logicalKey} is null or empty
     */
    public CompletableFuture<List<LayoutChange>> history(String logicalKey) {
        Checks.notEmpty("logicalKey", logicalKey);
        return load(logicalKey).thenApply(Versioned::history);
    }

    /**
     * Moves {@code logicalKey} to {@code shardCount} shards: reads cover it at once, and every previous count
     * until {@link #retire(String)}; new writes use it at once when it is smaller, one {@link #raiseDelay()} later
     * when it is wider.
     *
     * @return the new layout
     * @throws InvalidInputException if {@code logicalKey} is empty or {@code shardCount} is outside
     *         {@code 1 .. ShardKeyCodec.MAX_SHARDS}; the future fails with {@link ShardMapConflictException}
     *         if another instance changed the key at the same time
     */
    public CompletableFuture<ShardLayout> reshard(String logicalKey, int shardCount) {
        Checks.notEmpty("logicalKey", logicalKey);
        ShardKeyCodec.checkShardCount(shardCount);
        return change(logicalKey, layout -> layout.withCurrent(shardCount), null);
    }

    /**
     * Moves {@code logicalKey} to {@code shardCount} shards if its item is still at {@code expectedVersion}; the
     * future fails with {@link ShardMapConflictException} otherwise.
     */
    CompletableFuture<ShardLayout> reshard(String logicalKey, int shardCount, long expectedVersion) {
        return change(logicalKey, layout -> layout.withCurrent(shardCount), expectedVersion);
    }

    /** Forgets the previous counts of {@code logicalKey} if its item is still at {@code expectedVersion}. */
    CompletableFuture<ShardLayout> retire(String logicalKey, long expectedVersion) {
        return change(logicalKey, ShardLayout::retired, expectedVersion);
    }

    /**
     * Forgets the previous counts of {@code logicalKey}: call it once the data written under them has been
     * moved or has expired, and at least one {@link #raiseDelay()} after the last {@link #reshard}.
     *
     * @return the new layout
     * @throws InvalidInputException if {@code logicalKey} is empty
     */
    public CompletableFuture<ShardLayout> retire(String logicalKey) {
        Checks.notEmpty("logicalKey", logicalKey);
        return change(logicalKey, ShardLayout::retired, null);
    }

    /**
     * One conditional UpdateItem: the new counts, version + 1 and a history entry, on condition that the version
     * is still the one read (or {@code expectedVersion}). Other attributes of the item (the adaptive controller's
     * window sums) are kept.
     */
    private CompletableFuture<ShardLayout> change(
            String logicalKey, UnaryOperator<ShardLayout> change, @Nullable Long expectedVersion) {
        return load(logicalKey).thenCompose(current -> {
            if (expectedVersion != null && expectedVersion != current.version()) {
                cache.put(logicalKey, CompletableFuture.completedFuture(current));
                return CompletableFuture.failedFuture(ShardMapConflictException.of(
                        logicalKey,
                        new IllegalStateException("version " + current.version() + ", expected " + expectedVersion)));
            }
            ShardLayout next = change.apply(current.layout());
            long version = current.version() + 1;
            long now = clock.millis();
            List<LayoutChange> history = new ArrayList<>(current.history());
            history.add(new LayoutChange(version, next, Instant.ofEpochMilli(now)));
            while (history.size() > HISTORY_LIMIT) {
                history.remove(0);
            }
            Map<String, String> names = new HashMap<>();
            names.put("#c", CURRENT);
            names.put("#p", PREVIOUS);
            names.put("#v", VERSION);
            names.put("#h", HISTORY);
            names.put("#t", CHANGED_AT);
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":c", number(next.current()));
            values.put(":p", counts(next.previous()));
            values.put(":nv", number(version));
            values.put(
                    ":h",
                    AttributeValue.fromL(
                            history.stream().map(TableShardMap::historyEntry).toList()));
            values.put(":t", number(now));
            String condition;
            if (current.version() == 0) {
                condition = "attribute_not_exists(#v)";
            } else {
                condition = "#v = :v";
                values.put(":v", number(current.version()));
            }
            return client.updateItem(b -> b.tableName(tableName)
                            .key(key(logicalKey))
                            .updateExpression("SET #c = :c, #p = :p, #v = :nv, #h = :h, #t = :t")
                            .conditionExpression(condition)
                            .expressionAttributeNames(names)
                            .expressionAttributeValues(values))
                    .handle((r, e) -> {
                        if (e != null) {
                            Throwable cause = DynamoDbErrors.unwrap(e);
                            if (cause instanceof ConditionalCheckFailedException) {
                                cache.synchronous().invalidate(logicalKey);
                                throw ShardMapConflictException.of(logicalKey, cause);
                            }
                            throw new CompletionException(cause);
                        }
                        cache.put(
                                logicalKey,
                                CompletableFuture.completedFuture(
                                        new Versioned(next, version, now, List.copyOf(history), now)));
                        return next;
                    });
        });
    }

    /**
     * Adds one instance's observations of {@code logicalKey} in evaluation window {@code window} to the key's item
     * with one atomic UpdateItem ({@code ADD}, so concurrent instances sum up, and {@code REMOVE} of older windows'
     * attributes), and returns what the item holds after it: the layout and the sums of all instances so far in
     * this window and the previous one. The cached layout is replaced when the item's is newer.
     */
    CompletableFuture<KeyLoad> report(String logicalKey, long window, long units, long throttles) {
        Map<String, String> names = new HashMap<>();
        names.put("#u", UNITS + window);
        names.put("#t", THROTTLES + window);
        StringBuilder remove = new StringBuilder();
        for (int i = 0; i < STALE_WINDOWS; i++) {
            long old = window - 2 - i;
            names.put("#ou" + i, UNITS + old);
            names.put("#ot" + i, THROTTLES + old);
            remove.append(i == 0 ? " REMOVE " : ", ")
                    .append("#ou")
                    .append(i)
                    .append(", #ot")
                    .append(i);
        }
        Map<String, AttributeValue> values = Map.of(":u", number(units), ":t", number(throttles));
        long sent = clock.millis();
        return client.updateItem(b -> b.tableName(tableName)
                        .key(key(logicalKey))
                        .updateExpression("ADD #u :u, #t :t" + remove)
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .returnValues(ReturnValue.ALL_NEW))
                .thenApply(response -> {
                    Map<String, AttributeValue> item = response.attributes();
                    Versioned read = parse(item, sent);
                    if (cached(logicalKey)
                            .map(v -> v.version() < read.version())
                            .orElse(true)) {
                        cache.put(logicalKey, CompletableFuture.completedFuture(read));
                    }
                    return new KeyLoad(
                            read.layout(),
                            read.version(),
                            read.changedAtMillis(),
                            longOf(item.get(UNITS + window)),
                            longOf(item.get(UNITS + (window - 1))),
                            longOf(item.get(THROTTLES + window)),
                            longOf(item.get(THROTTLES + (window - 1))));
                });
    }

    private static long longOf(@Nullable AttributeValue value) {
        return value == null || value.n() == null ? 0 : new BigDecimal(value.n()).longValue();
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue counts(List<Integer> counts) {
        return AttributeValue.fromL(counts.stream().map(c -> number(c)).toList());
    }

    private static AttributeValue historyEntry(LayoutChange change) {
        return AttributeValue.fromM(Map.of(
                "v", number(change.version()),
                "c", number(change.layout().current()),
                "p", counts(change.layout().previous()),
                "at", number(change.at().toEpochMilli())));
    }

    private static LayoutChange historyEntryOf(AttributeValue entry) {
        Map<String, AttributeValue> m = entry.m();
        List<Integer> previous = new ArrayList<>();
        m.get("p").l().forEach(v -> previous.add(Integer.parseInt(v.n())));
        return new LayoutChange(
                Long.parseLong(m.get("v").n()),
                new ShardLayout(Integer.parseInt(m.get("c").n()), previous),
                Instant.ofEpochMilli(Long.parseLong(m.get("at").n())));
    }

    private CompletableFuture<Versioned> load(String logicalKey) {
        long sent = clock.millis();
        return client.getItem(b -> b.tableName(tableName).key(key(logicalKey)).consistentRead(true))
                .thenApply(response -> parse(response.hasItem() ? response.item() : Map.of(), sent));
    }

    /** The item as read by a request sent at {@code readAtMillis}. */
    private Versioned parse(Map<String, AttributeValue> item, long readAtMillis) {
        if (item.get(CURRENT) == null) {
            return new Versioned(ShardLayout.of(defaultShards), 0, 0, List.of(), readAtMillis);
        }
        List<Integer> previous = new ArrayList<>();
        AttributeValue list = item.get(PREVIOUS);
        if (list != null && list.hasL()) {
            list.l().forEach(v -> previous.add(Integer.parseInt(v.n())));
        }
        List<LayoutChange> history = new ArrayList<>();
        AttributeValue entries = item.get(HISTORY);
        if (entries != null && entries.hasL()) {
            entries.l().forEach(v -> history.add(historyEntryOf(v)));
        }
        return new Versioned(
                new ShardLayout(Integer.parseInt(item.get(CURRENT).n()), previous),
                longOf(item.get(VERSION)),
                longOf(item.get(CHANGED_AT)),
                List.copyOf(history),
                readAtMillis);
    }

    private Map<String, AttributeValue> key(String logicalKey) {
        Map<String, AttributeValue> key = new HashMap<>(2);
        key.put(partitionKey, AttributeValue.fromS(KEY_PREFIX + logicalKey));
        if (sortKey != null && sortValue != null) {
            key.put(sortKey, sortValue);
        }
        return key;
    }

    @Override
    public String toString() {
        return "TableShardMap[" + tableName + ", default " + defaultShards + "]";
    }

    /**
     * Expires a cached layout one TTL after the request that read it was <em>sent</em> (not when its answer came),
     * so a slow read (retries, a slow network) cannot keep an old layout past the raise delay.
     */
    private static final class ReadAtExpiry implements Expiry<String, Versioned> {
        private final long ttlNanos;

        ReadAtExpiry(Duration ttl) {
            this.ttlNanos = ttl.toNanos();
        }

        @Override
        public long expireAfterCreate(String key, Versioned value, long currentTime) {
            return Math.max(0, ttlNanos - (currentTime - TimeUnit.MILLISECONDS.toNanos(value.readAtMillis())));
        }

        @Override
        public long expireAfterUpdate(String key, Versioned value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(String key, Versioned value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /**
     * A layout, the version of the item it was read from (0: no item), when it was last changed (epoch millis, 0:
     * never), its recent changes, and when the request that read it was sent (on this instance's clock).
     */
    private record Versioned(
            ShardLayout layout, long version, long changedAtMillis, List<LayoutChange> history, long readAtMillis) {

        /**
         * The count writers use at {@code atMillis}: the current count of the layout the item held then, at most
         * the smallest read width of every layout it held during the {@code delayMillis} before (a reader's cached
         * layout is at most that old).
         */
        int writableCountAt(long atMillis, long delayMillis, int defaultShards) {
            int last = history.size() - 1;
            while (last >= 0 && history.get(last).at().toEpochMilli() > atMillis) {
                last--;
            }
            int writable = last >= 0
                    ? history.get(last).layout().current()
                    : before(0, defaultShards).current();
            for (int i = last; i >= 0 && history.get(i).at().toEpochMilli() > atMillis - delayMillis; i--) {
                writable = Math.min(writable, before(i, defaultShards).readWidth());
            }
            return writable;
        }

        /** The layout before the change {@code history[i]}. */
        private ShardLayout before(int i, int defaultShards) {
            if (i > 0) {
                return history.get(i - 1).layout();
            }
            if (history.isEmpty()) {
                return version == 0 ? ShardLayout.of(defaultShards) : layout;
            }
            // the first change: from the default count; or older changes dropped: assume the narrowest
            return history.get(0).version() == 1 ? ShardLayout.of(defaultShards) : ShardLayout.of(1);
        }
    }

    /**
     * Builder of {@link TableShardMap}; every setter validates at once. The shared settings
     * ({@code dynamoDbClient}, {@code resilience}...) come from {@link SharedSettings}.
     */
    public static final class Builder extends SharedSettings<Builder> {
        private @Nullable String tableName;
        private @Nullable String partitionKey;
        private @Nullable String sortKey;
        private @Nullable AttributeValue sortValue;
        private int defaultShards = 1;
        private Duration ttl = DEFAULT_TTL;
        private long maxKeys = 10_000;

        private Builder(@Nullable PatternsContext base) {
            super(base);
        }

        /**
         * The table (required), usually the sharded table itself.
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder tableName(String tableName) {
            this.tableName = Checks.notEmpty("tableName", tableName);
            return this;
        }

        /**
         * The table's partition key attribute, of type string (required).
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder partitionKey(String partitionKey) {
            this.partitionKey = Checks.notEmpty("partitionKey", partitionKey);
            return this;
        }

        /**
         * For a table with a sort key: its attribute and the value shard-map items use.
         *
         * @throws InvalidInputException if an argument is null or the name empty
         */
        public Builder sortKey(String sortKey, AttributeValue value) {
            this.sortKey = Checks.notEmpty("sortKey", sortKey);
            this.sortValue = Checks.notNull("sortKeyValue", value);
            return this;
        }

        /**
         * The shard count of keys never resharded (default 1).
         *
         * @throws InvalidInputException if outside {@code 1 .. ShardKeyCodec.MAX_SHARDS}
         */
        public Builder defaultShards(int defaultShards) {
            this.defaultShards = ShardKeyCodec.checkShardCount(defaultShards);
            return this;
        }

        /**
         * How long a layout is cached ({@link #DEFAULT_TTL} by default).
         *
         * @throws InvalidInputException if not positive
         */
        public Builder ttl(Duration ttl) {
            this.ttl = Checks.positive("ttl", ttl);
            return this;
        }

        /**
         * Most layouts cached (default 10,000).
         *
         * @throws InvalidInputException if not positive
         */
        public Builder maxKeys(long maxKeys) {
            this.maxKeys = Checks.positive("maxKeys", maxKeys);
            return this;
        }

        /**
         * The shard map.
         *
         * @throws InvalidInputException if the client (standalone builder), table name or partition key is missing
         */
        public TableShardMap build() {
            if (tableName == null) {
                throw InvalidInputException.of("tableName", null, "be set");
            }
            if (partitionKey == null) {
                throw InvalidInputException.of("partitionKey", null, "be set");
            }
            return new TableShardMap(this, context());
        }
    }
}
