package io.github.ddbpatterns.core.fanout;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.internal.Checks;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * One fan-out read: the sources, how to combine them, how many items, and where to resume. Immutable; build
 * one per call.
 *
 * <pre>{@code
 * FanOutQuery<Event> query = FanOutQuery.<Event>builder()
 *         .scope("events:user-42")                       // what cursors are bound to
 *         .sources(shardSources)                         // one QuerySource per shard
 *         .order(MergeOrder.descending(Comparator.comparing(Event::getCreatedAt)))
 *         .limit(50)
 *         .build();
 * FanOutQuery<Event> next = query.after(previousPage);   // the same query, resumed
 *
 * }</pre>
 *
 * @param <T> the item type
 */
public final class FanOutQuery<T> {

    /** Default {@link Builder#window(int)}: sources fetched ahead in {@link MergeOrder#sourceSequence()}. */
    public static final int DEFAULT_WINDOW = 2;
    /** Most sources in one fan-out. */
    public static final int MAX_SOURCES = 10_000;

    private final String scope;
    private final List<PagedSource<T>> sources;
    private final MergeOrder<T> order;
    private final @Nullable Integer limit;
    private final @Nullable String cursor;
    private final @Nullable List<SourcePosition> startPositions;
    private final int window;

    private FanOutQuery(Builder<T> builder) {
        this.scope = builder.scope;
        this.sources = List.copyOf(Checks.notNull("sources", builder.sources));
        if (sources.isEmpty() || sources.size() > MAX_SOURCES) {
            throw InvalidInputException.of(
                    "sources", sources.size() + " sources", "hold between 1 and " + MAX_SOURCES + " sources");
        }
        this.order = builder.order;
        this.limit = builder.limit;
        this.cursor = builder.cursor;
        this.startPositions = builder.startPositions;
        if (startPositions != null && startPositions.size() != sources.size()) {
            throw InvalidInputException.of(
                    "startPositions",
                    startPositions.size() + " positions",
                    "hold one position per source (" + sources.size() + ")");
        }
        this.window = builder.window;
    }

    /** A builder; {@link Builder#sources(List)} is required. */
    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** A builder holding this query's values, e.g. to change only the cursor. */
    public Builder<T> toBuilder() {
        Builder<T> b = new Builder<>();
        b.scope = scope;
        b.sources = sources;
        b.order = order;
        b.limit = limit;
        b.cursor = cursor;
        b.startPositions = startPositions;
        b.window = window;
        return b;
    }

    /** What cursors are bound to besides the sources, e.g. {@code "events:user-42"}; empty by default. */
    public String scope() {
        return scope;
    }

    /** The sources, in source-index order. */
    public List<PagedSource<T>> sources() {
        return sources;
    }

    /** How the sources are combined. */
    public MergeOrder<T> order() {
        return order;
    }

    /**
     * The exact number of items wanted (fewer only when fewer exist).
     *
     * @return the limit, or empty for all (streams only)
     */
    public OptionalInt limit() {
        return limit == null ? OptionalInt.empty() : OptionalInt.of(limit);
    }

    /**
     * The cursor to resume from.
     *
     * @return the cursor, or empty to start at the beginning
     */
    public Optional<String> cursor() {
        return Optional.ofNullable(cursor);
    }

    /**
     * The positions to start from, given in the clear by a caller that keeps its own cursor (see
     * {@link Builder#startPositions(List)}).
     *
     * @return one position per source, in source order, or empty when the query starts from its cursor or from the
     *     beginning
     */
    public Optional<List<SourcePosition>> startPositions() {
        return Optional.ofNullable(startPositions);
    }

    /**
     * This query resumed right after {@code page} (same sources, order, scope and limit).
     *
     * @param page a page this query returned
     * @return the changed query
     * @throws InvalidInputException if {@code page} is null or the last page
     */
    public FanOutQuery<T> after(Page<?> page) {
        Checks.notNull("page", page);
        return after(page.cursor()
                .orElseThrow(() -> InvalidInputException.of(
                        "page", page, "have a cursor (it is the last page: nothing follows it)")));
    }

    /**
     * This query resumed right after the page that returned {@code cursor}.
     *
     * @param cursor a page's cursor
     * @return the changed query
     * @throws InvalidInputException if {@code cursor} is null or empty
     */
    public FanOutQuery<T> after(String cursor) {
        return toBuilder().cursor(Checks.notEmpty("cursor", cursor)).build();
    }

    /**
     * In {@link MergeOrder#sourceSequence()}, how many consecutive sources may be fetched at once (a query with a
     * limit starts with one and widens up to this, see {@link Builder#window(int)}).
     */
    public int window() {
        return window;
    }

    /** The fingerprint cursors of this query are bound to: scope, order, and every source's fingerprint. */
    String fingerprint() {
        StringBuilder sb = new StringBuilder(64 + 64 * sources.size());
        sb.append("ddb-patterns.fanout/1\n")
                .append(scope.length())
                .append(':')
                .append(scope)
                .append('\n')
                .append(order.fingerprint())
                .append('\n')
                .append(sources.size())
                .append('\n');
        for (PagedSource<T> source : sources) {
            String f = Objects.requireNonNull(source.fingerprint(), "source fingerprint");
            sb.append(f.length()).append(':').append(f).append('\n');
        }
        return sb.toString();
    }

    /** Builder of {@link FanOutQuery}; every setter validates at once. */
    public static final class Builder<T> {
        private String scope = "";
        private @Nullable List<PagedSource<T>> sources;
        private MergeOrder<T> order = MergeOrder.unordered();
        private @Nullable Integer limit;
        private @Nullable String cursor;
        private @Nullable List<SourcePosition> startPositions;
        private int window = DEFAULT_WINDOW;

        private Builder() {}

        /**
         * What cursors are bound to besides the source fingerprints (e.g. table and logical key).
         *
         * @throws InvalidInputException if {@code scope} is null
         */
        public Builder<T> scope(String scope) {
            this.scope = Checks.notNull("scope", scope);
            return this;
        }

        /**
         * The sources, in source-index order (ties of a sorted merge go to the lower index).
         *
         * @throws InvalidInputException if {@code sources} or one of them is null
         */
        public Builder<T> sources(List<? extends PagedSource<T>> sources) {
            Checks.notNull("sources", sources);
            for (int i = 0; i < sources.size(); i++) {
                Checks.notNull("sources[" + i + "]", sources.get(i));
            }
            this.sources = List.copyOf(sources);
            return this;
        }

        /**
         * How the sources are combined; {@link MergeOrder#unordered()} by default.
         *
         * @throws InvalidInputException if {@code order} is null
         */
        public Builder<T> order(MergeOrder<T> order) {
            this.order = Checks.notNull("order", order);
            return this;
        }

        /**
         * Exactly this many items (fewer only when fewer exist). Required for a page.
         *
         * @throws InvalidInputException if {@code limit} is not positive
         */
        public Builder<T> limit(int limit) {
            this.limit = Checks.positive("limit", limit);
            return this;
        }

        /**
         * Resume after the last item of the page that returned {@code cursor}; null starts from the beginning.
         * The cursor is checked when the query runs. A cursor replaces the {@link #startPositions(List) start
         * positions} set before.
         *
         * @throws InvalidInputException if {@code cursor} is empty
         */
        public Builder<T> cursor(@Nullable String cursor) {
            if (cursor != null) {
                Checks.notEmpty("cursor", cursor);
                this.startPositions = null;
            }
            this.cursor = cursor;
            return this;
        }

        /**
         * Start each source at the given position instead of from a cursor: for a caller that keeps the positions in
         * a cursor of its own (signed with {@link CursorCodec#encode} over a fingerprint of its choosing) and checked
         * it already, e.g. one whose sources change between pages. The positions are trusted as given. They replace
         * the {@link #cursor(String) cursor} set before; {@link FanOut#queryWithPositions} returns the positions to
         * resume from.
         *
         * @param startPositions one position per source, in source order (the count is checked by {@link #build()})
         * @return this builder
         * @throws InvalidInputException if {@code startPositions} or one of them is null
         */
        public Builder<T> startPositions(List<SourcePosition> startPositions) {
            Checks.notNull("startPositions", startPositions);
            for (int i = 0; i < startPositions.size(); i++) {
                Checks.notNull("startPositions[" + i + "]", startPositions.get(i));
            }
            this.startPositions = List.copyOf(startPositions);
            this.cursor = null;
            return this;
        }

        /**
         * For {@link MergeOrder#sourceSequence()}: at most this many consecutive sources, starting at the
         * current one, are fetched at once (1 = strictly one after the other). Ignored by other orders.
         *
         * <p>A query with a limit does not start that wide: it reads one source first and widens its reach each
         * time a source it read is used up before the limit is reached — by one source at least (so the reach
         * doubles each round trip), or at once to the number of sources that the items per source seen so far
         * suggest are still needed — never beyond {@code window}, and never to a source that the items already
         * buffered before it would fill the page without. A page therefore sends at most the requests needed to
         * fill it plus {@code window - 1}, and exactly one when the first source fills it. A stream without a
         * limit needs every source and reads the whole window ahead from the start.
         *
         * @throws InvalidInputException if {@code window} is outside 1..1000
         */
        public Builder<T> window(int window) {
            this.window = Checks.inRange("window", window, 1, 1000);
            return this;
        }

        /**
         * The query.
         *
         * @throws InvalidInputException if no sources were given, or more than {@link #MAX_SOURCES}, or the start
         *     positions are not one per source
         */
        public FanOutQuery<T> build() {
            if (sources == null) {
                throw InvalidInputException.of("sources", null, "be set");
            }
            return new FanOutQuery<>(this);
        }
    }
}
