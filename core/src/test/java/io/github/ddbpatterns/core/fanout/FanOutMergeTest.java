package io.github.ddbpatterns.core.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.Page;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Merge, limit and cursor invariants of {@link FanOut} over in-memory sources (no network). */
class FanOutMergeTest {

    enum Mode {
        ASCENDING,
        DESCENDING,
        SEQUENCE,
        UNORDERED
    }

    private static final Predicate<Entry> KEEP_ALL = e -> true;
    private static final Predicate<Entry> DROP_MULTIPLES_OF_3 = e -> e.value() % 3 != 0;

    @Property(tries = 300)
    void query_sorted_equalsStableSortedConcatenationCutAtLimit(
            @ForAll @Size(min = 1, max = 8) List<@Size(max = 15) List<@IntRange(max = 20) Integer>> raw,
            @ForAll boolean descending,
            @ForAll boolean filtered,
            @ForAll @IntRange(min = 1, max = 120) int limit,
            @ForAll @IntRange(min = 1, max = 7) int pageSize,
            @ForAll @IntRange(min = 1, max = 4) int concurrency) {
        Mode mode = descending ? Mode.DESCENDING : Mode.ASCENDING;
        List<List<Integer>> lists = sortLists(raw, mode);
        Predicate<Entry> filter = filtered ? DROP_MULTIPLES_OF_3 : KEEP_ALL;
        ListSource.Counters counters = new ListSource.Counters();
        FanOut fanOut =
                FanOut.builder().pageSize(pageSize).concurrency(concurrency).build();

        Page<Entry> page = fanOut.query(query(ListSource.of(lists, filter, counters, Runnable::run), mode)
                        .limit(limit)
                        .build())
                .join();

        List<Entry> expected = expected(lists, filter, mode);
        assertThat(page.items()).containsExactlyElementsOf(expected.subList(0, Math.min(limit, expected.size())));
        if (limit < expected.size()) {
            assertThat(page.hasMore()).isTrue();
        }
        assertThat(counters.maxInFlight.get()).isLessThanOrEqualTo(concurrency);
    }

    @Property(tries = 300)
    void query_pagedWithCursors_returnsEveryItemExactlyOnceInOrder(
            @ForAll @Size(min = 1, max = 8) List<@Size(max = 15) List<@IntRange(max = 20) Integer>> raw,
            @ForAll Mode mode,
            @ForAll boolean filtered,
            @ForAll @IntRange(min = 1, max = 12) int limit,
            @ForAll @IntRange(min = 1, max = 7) int pageSize,
            @ForAll @IntRange(min = 1, max = 3) int window) {
        List<List<Integer>> lists = sortLists(raw, mode);
        Predicate<Entry> filter = filtered ? DROP_MULTIPLES_OF_3 : KEEP_ALL;
        FanOut fanOut = FanOut.builder().pageSize(pageSize).concurrency(3).build();
        FanOutQuery<Entry> first = query(ListSource.of(lists, filter, new ListSource.Counters(), Runnable::run), mode)
                .limit(limit)
                .window(window)
                .build();

        List<Entry> all = new ArrayList<>();
        Page<Entry> page = fanOut.query(first).join();
        int pages = 1;
        while (true) {
            assertThat(page.size()).isLessThanOrEqualTo(limit);
            all.addAll(page.items());
            if (!page.hasMore()) {
                break;
            }
            assertThat(page.size()).as("a page followed by more is full").isEqualTo(limit);
            page = fanOut.query(first.toBuilder()
                            .cursor(page.cursor().orElseThrow())
                            .build())
                    .join();
            assertThat(++pages).isLessThanOrEqualTo(500);
        }

        List<Entry> expected = expected(lists, filter, mode);
        if (mode == Mode.UNORDERED) {
            assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
            assertPerSourceOrder(all);
        } else {
            assertThat(all).containsExactlyElementsOf(expected);
        }
    }

    @Property(tries = 200)
    void query_anyMode_returnsExactlyLimitOrAllThatExist(
            @ForAll @Size(min = 1, max = 10) List<@Size(max = 12) List<@IntRange(max = 50) Integer>> raw,
            @ForAll Mode mode,
            @ForAll boolean filtered,
            @ForAll @IntRange(min = 1, max = 80) int limit,
            @ForAll @IntRange(min = 1, max = 5) int pageSize) {
        List<List<Integer>> lists = sortLists(raw, mode);
        Predicate<Entry> filter = filtered ? DROP_MULTIPLES_OF_3 : KEEP_ALL;
        ListSource.Counters counters = new ListSource.Counters();

        Page<Entry> page = FanOut.builder()
                .pageSize(pageSize)
                .build()
                .query(query(ListSource.of(lists, filter, counters, Runnable::run), mode)
                        .limit(limit)
                        .build())
                .join();

        int total = expected(lists, filter, mode).size();
        assertThat(page.size()).isEqualTo(Math.min(limit, total));
        assertThat(page.items()).doesNotHaveDuplicates();
    }

    @Property(tries = 60)
    void query_asyncSources_neverExceedConcurrencyCap(
            @ForAll @Size(min = 1, max = 12) List<@Size(max = 10) List<@IntRange(max = 30) Integer>> raw,
            @ForAll Mode mode,
            @ForAll @IntRange(min = 1, max = 4) int concurrency,
            @ForAll @IntRange(min = 1, max = 40) int limit) {
        List<List<Integer>> lists = sortLists(raw, mode);
        ListSource.Counters counters = new ListSource.Counters();
        Executor async = CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS);
        FanOut fanOut = FanOut.builder().pageSize(3).concurrency(concurrency).build();

        Page<Entry> page = fanOut.query(query(ListSource.of(lists, KEEP_ALL, counters, async), mode)
                        .limit(limit)
                        .window(3)
                        .build())
                .join();

        assertThat(counters.maxInFlight.get()).isLessThanOrEqualTo(concurrency);
        List<Entry> expected = expected(lists, KEEP_ALL, mode);
        assertThat(page.size()).isEqualTo(Math.min(limit, expected.size()));
        if (mode != Mode.UNORDERED) {
            assertThat(page.items()).containsExactlyElementsOf(expected.subList(0, page.size()));
        }
    }

    @Property(tries = 100)
    void query_sourceSequence_fetchesOnlyWithinWindowAheadOfLastReturnedSource(
            @ForAll @Size(min = 1, max = 30) List<@Size(max = 6) List<@IntRange(max = 9) Integer>> raw,
            @ForAll @IntRange(min = 1, max = 4) int window,
            @ForAll @IntRange(min = 1, max = 10) int limit) {
        List<List<Integer>> lists = sortLists(raw, Mode.SEQUENCE);
        List<ListSource> sources = ListSource.of(lists, new ListSource.Counters());
        List<CountingSource<Entry>> counted =
                sources.stream().map(CountingSource::new).toList();

        Page<Entry> page = FanOut.builder()
                .pageSize(4)
                .build()
                .query(FanOutQuery.<Entry>builder()
                        .sources(counted)
                        .order(MergeOrder.sourceSequence())
                        .window(window)
                        .limit(limit)
                        .build())
                .join();

        int lastSource =
                page.items().isEmpty() ? 0 : page.items().get(page.size() - 1).source();
        // the merge walks past empty sources, so it may legitimately reach further than the last item's source
        int furthestCurrent = lastSource;
        for (int i = lastSource + 1; i < lists.size() && lists.get(i).isEmpty(); i++) {
            furthestCurrent = i;
        }
        for (int i = 0; i < counted.size(); i++) {
            if (counted.get(i).requests() > 0) {
                assertThat(i).as("source fetched").isLessThan(furthestCurrent + window);
            }
        }
    }

    @Example
    void query_limit10Over100SourcesOf50_readsOneSmallPagePerSource() {
        List<List<Integer>> lists = new ArrayList<>();
        for (int s = 0; s < 100; s++) {
            List<Integer> values = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                values.add(i * 100 + s);
            }
            lists.add(values);
        }
        ListSource.Counters counters = new ListSource.Counters();

        Page<Entry> page = FanOut.builder()
                .concurrency(100)
                .build()
                .query(FanOutQuery.<Entry>builder()
                        .sources(ListSource.of(lists, counters))
                        .order(MergeOrder.ascending(Entry.BY_VALUE))
                        .limit(10)
                        .build())
                .join();

        assertThat(page.items()).extracting(Entry::value).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(counters.requests.get()).isEqualTo(100);
        assertThat(counters.evaluated.get()).isEqualTo(1000).isLessThan(5000);
    }

    @Example
    void query_cursorOfAnotherQuery_isRejectedBeforeAnyRequest() {
        List<List<Integer>> lists = List.of(List.of(1, 2, 3), List.of(2, 3, 4));
        FanOut fanOut = FanOut.ofDefaults();
        FanOutQuery<Entry> a = FanOutQuery.<Entry>builder()
                .scope("user-a")
                .sources(ListSource.of(lists, new ListSource.Counters()))
                .order(MergeOrder.ascending(Entry.BY_VALUE))
                .limit(2)
                .build();
        String cursor = fanOut.query(a).join().cursor().orElseThrow();

        ListSource.Counters counters = new ListSource.Counters();
        List<ListSource> sourcesB = ListSource.of(lists, counters);
        List<FanOutQuery<Entry>> others = List.of(
                a.toBuilder().scope("user-b").sources(sourcesB).cursor(cursor).build(),
                a.toBuilder()
                        .sources(sourcesB)
                        .order(MergeOrder.descending(Entry.BY_VALUE))
                        .cursor(cursor)
                        .build(),
                a.toBuilder().sources(sourcesB.subList(0, 1)).cursor(cursor).build(),
                a.toBuilder()
                        .sources(List.of(sourcesB.get(1), sourcesB.get(0)))
                        .cursor(cursor)
                        .build());
        for (FanOutQuery<Entry> other : others) {
            assertThatThrownBy(() -> fanOut.query(other))
                    .isInstanceOf(InvalidCursorException.class)
                    .hasMessageContaining("another query");
            assertThatThrownBy(() -> fanOut.stream(other)).isInstanceOf(InvalidCursorException.class);
        }
        assertThat(counters.requests.get()).isZero();
        assertThat(fanOut.query(a.toBuilder().cursor(cursor).build()).join().items())
                .extracting(Entry::value)
                .containsExactly(2, 3);
    }

    @Example
    void query_cursorFromAnotherInstanceKey_isRejected() {
        List<List<Integer>> lists = List.of(List.of(1, 2, 3));
        FanOutQuery<Entry> q = FanOutQuery.<Entry>builder()
                .sources(ListSource.of(lists, new ListSource.Counters()))
                .limit(1)
                .build();
        String cursor = FanOut.builder()
                .cursorCodec(CursorCodec.withKey(new byte[32]))
                .build()
                .query(q)
                .join()
                .cursor()
                .orElseThrow();

        assertThatThrownBy(() ->
                        FanOut.ofDefaults().query(q.toBuilder().cursor(cursor).build()))
                .isInstanceOf(InvalidCursorException.class)
                .hasMessageContaining("integrity");
    }

    @Example
    void query_cursorFromAnotherInstanceWithTheSharedKey_isAccepted() {
        byte[] shared = "a-secret-shared-by-all-instances".getBytes();
        List<List<Integer>> lists = List.of(List.of(1, 3, 5), List.of(2, 4, 6));
        FanOutQuery<Entry> q = FanOutQuery.<Entry>builder()
                .scope("user-a")
                .sources(ListSource.of(lists, new ListSource.Counters()))
                .order(MergeOrder.ascending(Entry.BY_VALUE))
                .limit(4)
                .build();
        String cursor = FanOut.builder()
                .cursorCodec(CursorCodec.withKey(shared))
                .build()
                .query(q)
                .join()
                .cursor()
                .orElseThrow();

        Page<Entry> next = FanOut.builder()
                .cursorCodec(CursorCodec.withKey(shared.clone()))
                .build()
                .query(q.toBuilder().cursor(cursor).build())
                .join();

        assertThat(next.items()).extracting(Entry::value).containsExactly(5, 6);
        assertThat(next.hasMore()).isFalse();
    }

    @Example
    void query_withoutLimit_isRejected() {
        FanOutQuery<Entry> q = FanOutQuery.<Entry>builder()
                .sources(ListSource.of(List.of(List.of(1)), new ListSource.Counters()))
                .build();
        assertThatThrownBy(() -> FanOut.ofDefaults().query(q))
                .isInstanceOf(io.github.ddbpatterns.core.InvalidInputException.class)
                .hasMessageContaining("limit");
    }

    static FanOutQuery.Builder<Entry> query(List<? extends PagedSource<Entry>> sources, Mode mode) {
        MergeOrder<Entry> order = switch (mode) {
            case ASCENDING -> MergeOrder.ascending(Entry.BY_VALUE);
            case DESCENDING -> MergeOrder.descending(Entry.BY_VALUE);
            case SEQUENCE -> MergeOrder.sourceSequence();
            case UNORDERED -> MergeOrder.unordered();
        };
        return FanOutQuery.<Entry>builder().scope("test").sources(sources).order(order);
    }

    /** Each list sorted as the mode's sources would return it; for SEQUENCE, lists form consecutive ranges. */
    static List<List<Integer>> sortLists(List<List<Integer>> raw, Mode mode) {
        List<List<Integer>> lists = new ArrayList<>();
        int offset = 0;
        for (List<Integer> list : raw) {
            List<Integer> sorted = new ArrayList<>(list);
            if (mode == Mode.DESCENDING) {
                sorted.sort(Comparator.reverseOrder());
            } else if (mode == Mode.SEQUENCE) {
                final int base = offset;
                sorted = sorted.stream().sorted().map(v -> v + base).toList();
                offset += 100;
            } else {
                sorted.sort(Comparator.naturalOrder());
            }
            lists.add(sorted);
        }
        return lists;
    }

    /** Every kept entry in output order; ties broken by source index, then position in the source. */
    static List<Entry> expected(List<List<Integer>> lists, Predicate<Entry> filter, Mode mode) {
        List<Entry> all = new ArrayList<>();
        for (int s = 0; s < lists.size(); s++) {
            for (int i = 0; i < lists.get(s).size(); i++) {
                Entry e = new Entry(s, i, lists.get(s).get(i));
                if (filter.test(e)) {
                    all.add(e);
                }
            }
        }
        Comparator<Entry> byValue = mode == Mode.DESCENDING ? Entry.BY_VALUE.reversed() : Entry.BY_VALUE;
        all.sort(byValue.thenComparingInt(Entry::source).thenComparingInt(Entry::seq));
        return all;
    }

    static void assertPerSourceOrder(List<Entry> items) {
        int[] lastSeq = new int[1000];
        java.util.Arrays.fill(lastSeq, -1);
        for (Entry e : items) {
            assertThat(e.seq()).isGreaterThan(lastSeq[e.source()]);
            lastSeq[e.source()] = e.seq();
        }
    }
}
