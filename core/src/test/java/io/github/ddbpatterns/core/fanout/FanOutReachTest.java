package io.github.ddbpatterns.core.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * What a page sends and when it completes, with sources answered by the test round after round (a round answers
 * every request pending at its start, in a random order): a source sequence with a limit starts with one source and
 * reads further ahead only as sources turn out too small, and no page completes while a request is pending.
 */
class FanOutReachTest {

    private static final int WINDOW = 8;

    @Example
    void query_sourceSequenceLimit1WhenTheFirstSourceHasAnItem_sendsOneRequest() {
        ManualSources sources = new ManualSources(sizes(30, 5));

        CompletableFuture<Page<Entry>> page = FanOut.ofDefaults().query(sequence(sources, 1, WINDOW));
        List<Integer> rounds = sources.answerRounds(new Random(1));

        assertThat(rounds).containsExactly(1);
        assertThat(sources.requests()).isEqualTo(1);
        assertThat(page.join().items()).containsExactly(sources.all().get(0));
        assertThat(page.join().hasMore()).isTrue();
    }

    @Example
    void query_sourceSequenceLimit23OverSourcesOf5_sendsOnlyTheFiveRequestsNeededInTwoRounds() {
        for (int seed = 0; seed < 20; seed++) {
            ManualSources sources = new ManualSources(sizes(30, 5));

            CompletableFuture<Page<Entry>> page = FanOut.ofDefaults().query(sequence(sources, 23, WINDOW));
            List<Integer> rounds = sources.answerRounds(new Random(seed));

            // source 0 shows 5 items per source: 18 more need about 4 sources, all asked at once
            assertThat(rounds).as("requests per round, seed " + seed).containsExactly(1, 4);
            assertThat(page.join().items())
                    .containsExactlyElementsOf(sources.all().subList(0, 23));
        }
    }

    @Example
    void query_sourceSequenceOverEmptySources_doublesItsReachEachRoundUpToTheWindow() {
        int[] sizes = new int[30];
        sizes[20] = 1; // 20 empty sources, then one item
        for (int seed = 0; seed < 20; seed++) {
            ManualSources sources = new ManualSources(sizes);

            CompletableFuture<Page<Entry>> page = FanOut.ofDefaults().query(sequence(sources, 1, WINDOW));
            List<Integer> rounds = sources.answerRounds(new Random(seed));

            assertThat(rounds.subList(0, 5))
                    .as("requests per round, seed " + seed)
                    .containsExactly(1, 2, 4, 8, 8);
            // the 21 sources needed, plus at most a window less one
            assertThat(sources.requests()).isBetween(21, 21 + WINDOW - 1);
            assertThat(page.join().items()).containsExactly(new Entry(20, 0, 20_000));
        }
    }

    @Property(tries = 300)
    void query_sourceSequenceWithLimit_sendsAtMostTheRequestsNeededPlusAWindowLessOne(
            @ForAll @Size(min = 1, max = 25) List<@IntRange(max = 7) Integer> sizeList,
            @ForAll @IntRange(min = 1, max = 8) int window,
            @ForAll @IntRange(min = 1, max = 40) int limit,
            @ForAll @IntRange(min = 1, max = 10) int pageSize,
            @ForAll long seed) {
        int[] sizes = sizeList.stream().mapToInt(Integer::intValue).toArray();
        FanOut fanOut = FanOut.builder().pageSize(pageSize).build();
        // one source at a time, each asked for exactly what is missing: the requests the page needs
        ManualSources sequential = new ManualSources(sizes);
        CompletableFuture<Page<Entry>> minimal = fanOut.query(sequence(sequential, limit, 1));
        sequential.answerRounds(new Random(seed));
        ManualSources sources = new ManualSources(sizes);
        AtomicInteger pendingAtCompletion = new AtomicInteger(-1);

        CompletableFuture<Page<Entry>> page = fanOut.query(sequence(sources, limit, window));
        page.whenComplete((p, e) -> pendingAtCompletion.set(sources.pending().size()));
        sources.answerRounds(new Random(seed));

        List<Entry> all = sources.all();
        assertThat(page.join().items()).containsExactlyElementsOf(all.subList(0, Math.min(limit, all.size())));
        assertThat(minimal.join().items()).isEqualTo(page.join().items());
        assertThat(sources.requests()).isLessThanOrEqualTo(sequential.requests() + window - 1);
        if (sizes[0] >= limit && pageSize >= limit) {
            assertThat(sources.requests()).isEqualTo(1);
        }
        assertThat(pendingAtCompletion.get())
                .as("requests pending when the page completed")
                .isZero();
    }

    @Property(tries = 200)
    void query_pagedWithCursorsWhileRequestsWereStillPending_returnsEveryItemOnce(
            @ForAll @Size(min = 1, max = 12) List<@IntRange(max = 6) Integer> sizeList,
            @ForAll @IntRange(min = 1, max = 4) int window,
            @ForAll @IntRange(min = 1, max = 9) int limit,
            @ForAll boolean unordered,
            @ForAll long seed) {
        int[] sizes = sizeList.stream().mapToInt(Integer::intValue).toArray();
        ManualSources sources = new ManualSources(sizes);
        Random random = new Random(seed);
        FanOut fanOut = FanOut.builder().pageSize(3).build();
        FanOutQuery<Entry> query = FanOutQuery.<Entry>builder()
                .sources(sources.sources())
                .order(unordered ? MergeOrder.unordered() : MergeOrder.sourceSequence())
                .window(window)
                .limit(limit)
                .build();
        List<Entry> read = new ArrayList<>();

        for (int pages = 0; pages < 200; pages++) {
            CompletableFuture<Page<Entry>> future = fanOut.query(query);
            sources.answerRounds(random);
            Page<Entry> page = future.join();
            read.addAll(page.items());
            if (!page.hasMore()) {
                break;
            }
            query = query.after(page);
        }

        if (unordered) {
            assertThat(read).containsExactlyInAnyOrderElementsOf(sources.all());
        } else {
            assertThat(read).containsExactlyElementsOf(sources.all());
        }
    }

    @Example
    void query_unorderedLimitReachedWhileARequestIsPending_completesOnlyOnceItIsAnswered() {
        ManualSources sources = new ManualSources(3, 3);
        FanOutQuery<Entry> query = unordered(sources, 2);

        CompletableFuture<Page<Entry>> page = FanOut.ofDefaults().query(query);
        assertThat(sources.pending()).hasSize(2);
        sources.pending().get(0).complete();

        assertThat(page).as("page while source 1 is pending").isNotDone();
        sources.pending().get(0).complete();
        assertThat(page.join().items()).containsExactly(new Entry(0, 0, 0), new Entry(0, 1, 1));
        // source 1's answer was not consumed: the next page still reads it
        CompletableFuture<Page<Entry>> next = FanOut.ofDefaults()
                .query(query.after(page.join()).toBuilder().limit(10).build());
        sources.answerRounds(new Random(7));
        assertThat(next.join().items())
                .containsExactlyInAnyOrder(
                        new Entry(0, 2, 2), new Entry(1, 0, 1000), new Entry(1, 1, 1001), new Entry(1, 2, 1002));
    }

    @Example
    void query_whenARequestTheFullPageDoesNotNeedFails_returnsThePage() {
        ManualSources sources = new ManualSources(3, 3);

        CompletableFuture<Page<Entry>> page = FanOut.ofDefaults().query(unordered(sources, 2));
        sources.pending().get(0).complete();
        sources.pending().get(0).fail(new IllegalStateException("not needed"));

        assertThat(page.join().items()).hasSize(2);
    }

    @Example
    void query_whenASourceFailsWhileAnotherIsPending_failsOnlyOnceItIsAnswered() {
        ManualSources sources = new ManualSources(3, 3);
        IllegalStateException failure = new IllegalStateException("source 0 failed");

        CompletableFuture<Page<Entry>> page = FanOut.ofDefaults().query(unordered(sources, 5));
        sources.pending().get(0).fail(failure);

        assertThat(page).as("page while source 1 is pending").isNotDone();
        sources.pending().get(0).complete();
        assertThatThrownBy(page::join).isInstanceOf(CompletionException.class).hasCause(failure);
        assertThat(sources.pending()).isEmpty();
    }

    private static FanOutQuery<Entry> sequence(ManualSources sources, int limit, int window) {
        return FanOutQuery.<Entry>builder()
                .sources(sources.sources())
                .order(MergeOrder.sourceSequence())
                .window(window)
                .limit(limit)
                .build();
    }

    private static FanOutQuery<Entry> unordered(ManualSources sources, int limit) {
        return FanOutQuery.<Entry>builder()
                .sources(sources.sources())
                .order(MergeOrder.unordered())
                .limit(limit)
                .build();
    }

    private static int[] sizes(int sources, int each) {
        int[] sizes = new int[sources];
        java.util.Arrays.fill(sizes, each);
        return sizes;
    }
}
