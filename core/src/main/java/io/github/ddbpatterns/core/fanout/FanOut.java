package io.github.ddbpatterns.core.fanout;

import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.internal.Checks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.SdkPublisher;

/**
 * Reads many paginated sources (shards of a logical key, time buckets of an entity) in parallel as one stream:
 * with a concurrency cap, unordered or merged by sort key (k-way merge) or in source sequence with a window
 * that starts at one source and widens while sources come back short, returning exactly {@code limit} items (fewer only when fewer exist) and an opaque, signed
 * cursor that resumes exactly after the last item returned.
 *
 * <p>Reads only what it needs: every request asks for {@code min(remaining, pageSize)} items (a page query of a
 * single source asks for the whole remaining limit: one Query per page up to DynamoDB's 1 MB), a source is asked
 * for its next page only when its buffered page is used up and the merge needs it, and memory is bounded by one
 * page per source. In {@link MergeOrder#sourceSequence() source sequence} a query with a limit starts with one
 * source and reads further ahead only as sources turn out too small to fill it (see
 * {@link FanOutQuery.Builder#window(int)}), so a page the first source fills costs one request. A page (or a
 * stream's end or error) is signalled only once every request it sent has settled: requests that were started
 * before the limit was reached are waited for and their items dropped, so none is still in flight when the
 * caller gets the result. Cancelling (the page's future, or the stream's subscription) stops at once instead.
 * Nothing blocks: the work runs on the threads that complete the sources' futures (or on the
 * {@link Builder#executor(Executor) executor} given).
 *
 * <pre>{@code
 * FanOut fanOut = FanOut.builder()
 *         .concurrency(16).pageSize(100)
 *         .cursorCodec(CursorCodec.withKey(sharedSecret))
 *         .meterRegistry(registry).name("events")
 *         .build();
 *
 * List<QuerySource<Event>> shards = IntStream.range(0, 100)
 *         .mapToObj(i -> QuerySource.of(table, QueryEnhancedRequest.builder()
 *                 .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue("user-42#" + i)))
 *                 .scanIndexForward(false).build()))
 *         .toList();
 *
 * FanOutQuery<Event> newest50 = FanOutQuery.<Event>builder()
 *         .scope("events:user-42").sources(shards)
 *         .order(MergeOrder.descending(Comparator.comparing(Event::getCreatedAt)))
 *         .limit(50).build();
 * Page<Event> page = fanOut.query(newest50).join();
 * if (page.hasMore()) {
 *     Page<Event> next = fanOut.query(newest50.after(page)).join();
 * }
 *
 * // time buckets, newest first, at most 3 buckets fetched at once, all items streamed with backpressure
 * SdkPublisher<Reading> readings = fanOut.stream(FanOutQuery.<Reading>builder()
 *         .sources(bucketSourcesNewestFirst).order(MergeOrder.sourceSequence()).window(3).build());
 * }</pre>
 *
 * <p>Metrics ({@code ddb.patterns.fanout.*}, tags {@code fanout}, {@code order}): {@code width} (sources per
 * query), {@code requests} ({@code result=success|failed}), {@code pages}, {@code items.read},
 * {@code items.returned}, {@code merge.time} (time spent merging per query, excluding waits) and
 * {@code source.latency} (per request).
 *
 * <p>Errors of a source (after whatever retries the source itself applies) fail the whole read. The SDK's
 * Netty client allows 50 concurrent requests by default: keep {@code concurrency} at or below the client's
 * {@code maxConcurrency}, or requests queue for a connection.
 */
public final class FanOut {

    /** Default number of sources with a request in flight. */
    public static final int DEFAULT_CONCURRENCY = 16;
    /** Default largest page asked of one source. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** Default value of the {@code fanout} metric tag. */
    public static final String DEFAULT_NAME = "default";

    private final int concurrency;
    private final int pageSize;
    private final CursorCodec cursorCodec;
    private final MeterRegistry meterRegistry;
    private final String name;
    private final @Nullable Executor executor;
    private final Map<MergeOrder.Kind, FanOutMetrics> metrics;

    private FanOut(Builder builder) {
        this.concurrency = builder.concurrency;
        this.pageSize = builder.pageSize;
        this.cursorCodec = builder.cursorCodec;
        this.meterRegistry = builder.meterRegistry;
        this.name = builder.name;
        this.executor = builder.executor;
        Map<MergeOrder.Kind, FanOutMetrics> byKind = new EnumMap<>(MergeOrder.Kind.class);
        byKind.put(
                MergeOrder.Kind.UNORDERED,
                new FanOutMetrics(meterRegistry, name, MergeOrder.unordered().tag()));
        byKind.put(
                MergeOrder.Kind.SORTED,
                new FanOutMetrics(
                        meterRegistry, name, MergeOrder.ascending((a, b) -> 0).tag()));
        byKind.put(
                MergeOrder.Kind.SOURCE_SEQUENCE,
                new FanOutMetrics(
                        meterRegistry, name, MergeOrder.sourceSequence().tag()));
        this.metrics = Collections.unmodifiableMap(byKind);
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A fan-out with every default: concurrency 16, page size 100, per-JVM cursor key, no metrics. */
    public static FanOut ofDefaults() {
        return builder().build();
    }

    /** A builder holding this fan-out's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.concurrency = concurrency;
        b.pageSize = pageSize;
        b.cursorCodec = cursorCodec;
        b.meterRegistry = meterRegistry;
        b.name = name;
        b.executor = executor;
        return b;
    }

    /** Most sources with a request in flight at once. */
    public int concurrency() {
        return concurrency;
    }

    /** Largest page asked of one source. */
    public int pageSize() {
        return pageSize;
    }

    /** The codec that signs and checks cursors. */
    public CursorCodec cursorCodec() {
        return cursorCodec;
    }

    /** The value of the {@code fanout} metric tag. */
    public String name() {
        return name;
    }

    /**
     * Reads one page: exactly {@code query.limit()} items (fewer only when fewer exist) in the query's order,
     * and a cursor when more may follow. The cursor is checked before any request is sent. The future completes
     * once no request of this page is in flight any more.
     *
     * @return the page; completes exceptionally with the first error of a source the page needed (an error of a
     *     request started before the page was full, whose items are not needed, is ignored)
     * @throws InvalidInputException if the query has no limit
     * @throws InvalidCursorException if the query's cursor is malformed, altered, signed with another key or
     *         issued for another query (scope, order or sources)
     */
    public <T> CompletableFuture<Page<T>> query(FanOutQuery<T> query) {
        Checks.notNull("query", query);
        int limit = limitOf(query);
        String fingerprint = query.fingerprint();
        return run(
                query,
                limit,
                startPositions(query, fingerprint),
                (items, end) -> Page.of(items, end == null ? null : cursorCodec.encode(fingerprint, end)));
    }

    /**
     * Reads one page as {@link #query} does, but returns where each source stands after it in the clear instead of a
     * signed cursor: for a caller that keeps its own cursor (e.g. one that stays valid while its sources change) and
     * resumes with {@link FanOutQuery.Builder#startPositions(List)}. Nothing is signed; a cursor of {@code query} is
     * checked as {@link #query} checks it.
     *
     * @param query the query, with a limit
     * @param <T> the item type
     * @return the page and its sources' positions; completes exceptionally as {@link #query} does
     * @throws InvalidInputException if {@code query} is null or has no limit
     * @throws InvalidCursorException if the query's cursor is malformed, altered, signed with another key or
     *         issued for another query
     */
    public <T> CompletableFuture<FanOutPage<T>> queryWithPositions(FanOutQuery<T> query) {
        Checks.notNull("query", query);
        int limit = limitOf(query);
        return run(query, limit, startPositions(query, query.fingerprint()), FanOutPage::of);
    }

    private static int limitOf(FanOutQuery<?> query) {
        if (query.limit().isEmpty()) {
            throw InvalidInputException.of("limit", null, "be set for a page query (use stream() to read all)");
        }
        return query.limit().getAsInt();
    }

    /**
     * Runs one page from {@code positions}; {@code page} turns the items and the end positions (null when every
     * source is exhausted) into the result. Cancelling the returned future cancels the run.
     */
    private <T, R> CompletableFuture<R> run(
            FanOutQuery<T> query,
            int limit,
            List<SourcePosition> positions,
            BiFunction<List<T>, @Nullable List<SourcePosition>, R> page) {
        CompletableFuture<R> result = new CompletableFuture<>();
        List<T> items = new ArrayList<>(Math.min(limit, 1024));
        MergeRun<T> run = new MergeRun<>(
                query.sources(),
                positions,
                query.order(),
                limit,
                pageSize,
                concurrency,
                query.window(),
                metrics.get(query.order().kind()),
                executor,
                new MergeRun.Sink<>() {
                    @Override
                    public void onItem(T item) {
                        items.add(item);
                    }

                    @Override
                    public void onComplete(@Nullable List<SourcePosition> end) {
                        try {
                            result.complete(page.apply(items, end));
                        } catch (RuntimeException e) {
                            // e.g. a cursor too long to encode: the run is over, so the error goes to the future
                            result.completeExceptionally(e);
                        }
                    }

                    @Override
                    public void onError(Throwable error) {
                        result.completeExceptionally(error);
                    }
                });
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                run.cancel();
            }
        });
        run.request(Long.MAX_VALUE);
        return result;
    }

    /**
     * Checks the cursor of {@code query} now, without sending anything: for callers that run the query later (after
     * an asynchronous step) but must refuse a bad cursor at once. {@link #query} and {@link #stream} check it too.
     *
     * @param query the query whose cursor to check
     * @throws InvalidInputException if {@code query} is null
     * @throws InvalidCursorException if the cursor is malformed, altered, signed with another key or issued for
     *     another query
     */
    public void checkCursor(FanOutQuery<?> query) {
        Checks.notNull("query", query);
        if (query.cursor().isPresent()) {
            startPositions(query, query.fingerprint());
        }
    }

    /**
     * Streams the items of {@code query} (all of them, or {@code limit} when set), from its cursor or its
     * {@link FanOutQuery#startPositions() start positions} if any, with
     * backpressure: sources are read only as the subscriber requests items, with at most one page buffered per
     * source. Each subscription runs the query anew. The cursor is checked now, before any request is sent. The
     * publisher follows the Reactive Streams rules (checked with the TCK's {@code PublisherVerification}): signals
     * never overlap, {@code request(n <= 0)} ends the stream with an {@link IllegalArgumentException} (after the
     * {@code onNext} under way, if any), and {@code onComplete} or the error of a source comes once no request is
     * in flight. Without a limit every source is
     * needed, so a source sequence reads the whole window ahead from the start.
     *
     * @throws InvalidCursorException if the query's cursor is malformed, altered, signed with another key or
     *         issued for another query
     */
    public <T> SdkPublisher<T> stream(FanOutQuery<T> query) {
        Checks.notNull("query", query);
        Integer limit = query.limit().isPresent() ? query.limit().getAsInt() : null;
        List<SourcePosition> positions = startPositions(query, query.fingerprint());
        FanOutMetrics meters = metrics.get(query.order().kind());
        return subscriber -> {
            // Reactive Streams §1.9: a null subscriber is a NullPointerException
            Objects.requireNonNull(subscriber, "subscriber");
            StreamSubscription<T> subscription = new StreamSubscription<>(subscriber);
            subscription.run = new MergeRun<>(
                    query.sources(),
                    positions,
                    query.order(),
                    limit == null ? Long.MAX_VALUE : limit,
                    pageSize,
                    concurrency,
                    query.window(),
                    meters,
                    executor,
                    subscription);
            subscriber.onSubscribe(subscription);
            subscription.start(); // demand asked for inside onSubscribe only now reaches the run (§1.3)
        };
    }

    private <T> List<SourcePosition> startPositions(FanOutQuery<T> query, String fingerprint) {
        String cursor = query.cursor().orElse(null);
        int sources = query.sources().size();
        if (cursor == null) {
            if (query.startPositions().isPresent()) {
                return query.startPositions().get();
            }
            return Collections.nCopies(sources, SourcePosition.NOT_STARTED);
        }
        List<SourcePosition> positions = cursorCodec.decode(cursor, fingerprint);
        if (positions.size() != sources) {
            // only reachable if two different source lists share a fingerprint: still refuse
            throw InvalidCursorException.of(
                    cursor, "holds " + positions.size() + " source positions for " + sources + " sources");
        }
        return positions;
    }

    /**
     * Bridges a merge run to a Reactive Streams subscriber. Every signal comes from the run's drain loop, so they
     * never overlap; the subscriber is forgotten once the subscription is cancelled or terminated (§3.13).
     */
    private static final class StreamSubscription<T> implements Subscription, MergeRun.Sink<T> {
        private volatile @Nullable Subscriber<? super T> subscriber;
        private final AtomicBoolean terminated = new AtomicBoolean();
        private @Nullable MergeRun<T> run;
        private boolean started;
        private long earlyDemand;
        private @Nullable Long earlyIllegal;

        StreamSubscription(Subscriber<? super T> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            synchronized (this) {
                if (!started) {
                    // inside onSubscribe: a source answering on another thread must not call onNext before
                    // onSubscribe has returned (§1.3), so the demand waits for start()
                    if (n <= 0) {
                        earlyIllegal = earlyIllegal == null ? n : earlyIllegal;
                    } else {
                        earlyDemand = earlyDemand + n < 0 ? Long.MAX_VALUE : earlyDemand + n;
                    }
                    return;
                }
            }
            forward(n);
        }

        /** Called once onSubscribe has returned: hands the demand asked for meanwhile to the run. */
        void start() {
            long demand;
            @Nullable Long illegal;
            synchronized (this) {
                started = true;
                demand = earlyDemand;
                illegal = earlyIllegal;
            }
            if (demand > 0) {
                forward(demand);
            }
            if (illegal != null) {
                forward(illegal);
            }
        }

        private void forward(long n) {
            if (n <= 0) {
                // signalled by the drain loop, never concurrently with onNext (§1.3)
                run.signalError(new IllegalArgumentException("§3.9: request must be positive, got: " + n));
                return;
            }
            run.request(n);
        }

        @Override
        public void cancel() {
            terminated.set(true);
            subscriber = null;
            run.cancel();
        }

        @Override
        public void onItem(T item) {
            Subscriber<? super T> s = subscriber;
            if (s != null && !terminated.get()) {
                s.onNext(item);
            }
        }

        @Override
        public void onComplete(@Nullable List<SourcePosition> positions) {
            Subscriber<? super T> s = subscriber;
            if (s != null && terminated.compareAndSet(false, true)) {
                subscriber = null;
                s.onComplete();
            }
        }

        @Override
        public void onError(Throwable error) {
            Subscriber<? super T> s = subscriber;
            if (s != null && terminated.compareAndSet(false, true)) {
                subscriber = null;
                s.onError(error);
            }
        }
    }

    /** Builder of {@link FanOut}; every setter validates at once. */
    public static final class Builder {
        private int concurrency = DEFAULT_CONCURRENCY;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private CursorCodec cursorCodec = CursorCodec.perJvm();
        private MeterRegistry meterRegistry = new CompositeMeterRegistry();
        private String name = DEFAULT_NAME;
        private @Nullable Executor executor;

        private Builder() {}

        /**
         * Most sources with a request in flight at once (default 16); keep it at or below the HTTP client's
         * connection limit.
         *
         * @throws InvalidInputException if outside 1..1000
         */
        public Builder concurrency(int concurrency) {
            this.concurrency = Checks.inRange("concurrency", concurrency, 1, 1000);
            return this;
        }

        /**
         * Largest page asked of one source (default 100); each request asks for
         * {@code min(remaining, pageSize)}. Memory holds at most one page per source.
         *
         * @throws InvalidInputException if outside 1..10000
         */
        public Builder pageSize(int pageSize) {
            this.pageSize = Checks.inRange("pageSize", pageSize, 1, 10_000);
            return this;
        }

        /**
         * The codec signing cursors; default {@link CursorCodec#perJvm()}, whose cursors do not survive a restart
         * nor work on another instance — multi-instance services must pass {@link CursorCodec#withKey(byte[])}.
         *
         * @throws InvalidInputException if null
         */
        public Builder cursorCodec(CursorCodec cursorCodec) {
            this.cursorCodec = Checks.notNull("cursorCodec", cursorCodec);
            return this;
        }

        /**
         * Where metrics go; none by default.
         *
         * @throws InvalidInputException if null
         */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = Checks.notNull("meterRegistry", meterRegistry);
            return this;
        }

        /**
         * The {@code fanout} metric tag, e.g. the table or repository name (low cardinality).
         *
         * @throws InvalidInputException if null or empty
         */
        public Builder name(String name) {
            this.name = Checks.notEmpty("name", name);
            return this;
        }

        /**
         * Where merging runs when a page arrives; by default the thread completing the source's future (for the
         * SDK, its future-completion executor).
         *
         * @throws InvalidInputException if null
         */
        public Builder executor(Executor executor) {
            this.executor = Checks.notNull("executor", executor);
            return this;
        }

        /** The fan-out. */
        public FanOut build() {
            return new FanOut(this);
        }
    }
}
