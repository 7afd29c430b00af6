package io.github.ddbpatterns.core.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Error paths, backpressure and argument checks of {@link FanOut} (no network). */
class FanOutTest {

    private static final List<List<Integer>> THREE_SOURCES =
            List.of(List.of(1, 4, 7), List.of(2, 5, 8), List.of(3, 6, 9));

    @Test
    void query_whenOneSourceFails_completesExceptionallyWithItsError() {
        List<PagedSource<Entry>> sources = new ArrayList<>(ListSource.of(THREE_SOURCES, new ListSource.Counters()));
        IllegalStateException boom = new IllegalStateException("boom");
        sources.set(1, new FailingSource(boom));

        CompletableFuture<Page<Entry>> page = FanOut.ofDefaults()
                .query(FanOutQuery.<Entry>builder()
                        .sources(sources)
                        .order(MergeOrder.ascending(Entry.BY_VALUE))
                        .limit(5)
                        .build());

        assertThatThrownBy(page::join).isInstanceOf(CompletionException.class).hasCause(boom);
    }

    @Test
    void query_whenSourceThrowsInsteadOfFailingTheFuture_completesExceptionally() {
        IllegalArgumentException thrown = new IllegalArgumentException("thrown");
        PagedSource<Entry> throwing = new FailingSource(null) {
            @Override
            public CompletableFuture<SourcePage<Entry>> fetch(Map<String, AttributeValue> start, int limit) {
                throw thrown;
            }
        };

        CompletableFuture<Page<Entry>> page = FanOut.ofDefaults()
                .query(FanOutQuery.<Entry>builder()
                        .sources(List.of(throwing))
                        .limit(5)
                        .build());

        assertThatThrownBy(page::join).hasCause(thrown);
    }

    @Test
    void query_ofASingleSource_asksForTheWholeLimitInOneRequestWhateverThePageSize() {
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            values.add(i);
        }
        ListSource.Counters counters = new ListSource.Counters();
        FanOut fanOut = FanOut.builder().pageSize(100).build();

        Page<Entry> page = fanOut.query(FanOutQuery.<Entry>builder()
                        .sources(ListSource.of(List.of(values), counters))
                        .order(MergeOrder.ascending(Entry.BY_VALUE))
                        .limit(500)
                        .build())
                .join();

        // nothing to merge, so nothing read in vain: one request (one Query up to DynamoDB's 1 MB)
        assertThat(page.items()).hasSize(500);
        assertThat(counters.requests.get()).isEqualTo(1);
        Page<Entry> twoSources = fanOut.query(FanOutQuery.<Entry>builder()
                        .sources(ListSource.of(List.of(values, List.of()), counters))
                        .order(MergeOrder.ascending(Entry.BY_VALUE))
                        .limit(500)
                        .build())
                .join();
        assertThat(twoSources.items()).hasSize(500);
        assertThat(counters.requests.get()).isEqualTo(1 + 6); // pages of 100 when merging: 5 + the empty source
    }

    @Test
    void stream_withDemandOf2_emitsTwoAndFetchesNoFurther() {
        ListSource.Counters counters = new ListSource.Counters();
        RecordingSubscriber subscriber = new RecordingSubscriber();
        FanOut.builder().pageSize(1).build().stream(FanOutQuery.<Entry>builder()
                        .sources(ListSource.of(THREE_SOURCES, counters))
                        .order(MergeOrder.ascending(Entry.BY_VALUE))
                        .build())
                .subscribe(subscriber);

        subscriber.subscription.get().request(2);

        assertThat(subscriber.items).extracting(Entry::value).containsExactly(1, 2);
        // one page per source to find the first head, then the source of 1 again to know the second item;
        // the source of 2 is not asked again until more is requested
        assertThat(counters.requests.get()).isEqualTo(4);
        subscriber.subscription.get().request(100);
        assertThat(subscriber.items).extracting(Entry::value).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(subscriber.completed).isTrue();
    }

    @Test
    void stream_cancelled_stopsEmittingAndFetching() {
        ListSource.Counters counters = new ListSource.Counters();
        RecordingSubscriber subscriber = new RecordingSubscriber();
        FanOut.builder().pageSize(1).build().stream(FanOutQuery.<Entry>builder()
                        .sources(ListSource.of(THREE_SOURCES, counters))
                        .order(MergeOrder.sourceSequence())
                        .window(1)
                        .build())
                .subscribe(subscriber);
        subscriber.subscription.get().request(1);
        int requestsBeforeCancel = counters.requests.get();

        subscriber.subscription.get().cancel();
        subscriber.subscription.get().request(10);

        assertThat(subscriber.items).hasSize(1);
        assertThat(counters.requests.get()).isEqualTo(requestsBeforeCancel);
        assertThat(subscriber.completed).isFalse();
    }

    @Test
    void stream_requestOfZero_signalsIllegalArgument() {
        RecordingSubscriber subscriber = new RecordingSubscriber();
        FanOut.ofDefaults().stream(FanOutQuery.<Entry>builder()
                        .sources(ListSource.of(THREE_SOURCES, new ListSource.Counters()))
                        .build())
                .subscribe(subscriber);

        subscriber.subscription.get().request(0);

        assertThat(subscriber.error.get())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3.9");
    }

    @Test
    void builders_withBadValues_failNamingFieldAndValue() {
        assertThatThrownBy(() -> FanOut.builder().concurrency(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("concurrency must be between 1 and 1000, got: 0");
        assertThatThrownBy(() -> FanOut.builder().pageSize(-1)).hasMessageContaining("pageSize");
        assertThatThrownBy(() -> FanOutQuery.<Entry>builder().limit(0)).hasMessage("limit must be positive, got: 0");
        assertThatThrownBy(() -> FanOutQuery.<Entry>builder().cursor("")).hasMessageContaining("cursor");
        assertThatThrownBy(() -> FanOutQuery.<Entry>builder().window(0)).hasMessageContaining("window");
        assertThatThrownBy(() -> FanOutQuery.<Entry>builder().build()).hasMessageContaining("sources must be set");
        assertThatThrownBy(() -> FanOutQuery.<Entry>builder().sources(List.of()).build())
                .hasMessageContaining("sources must hold between 1 and");
    }

    @Test
    void page_accessors_reflectCursor() {
        assertThat(Page.of(List.of(1), "c").hasMore()).isTrue();
        assertThat(Page.of(List.of(1), "c").cursor()).contains("c");
        assertThat(Page.last(List.of(1)).hasMore()).isFalse();
        assertThat(Page.empty().items()).isEmpty();
        assertThat(Page.of(List.of("secret"), "c").toString()).doesNotContain("secret");
    }

    /** A source whose every fetch fails with {@code error}. */
    private static class FailingSource implements PagedSource<Entry> {
        private final Throwable error;

        FailingSource(Throwable error) {
            this.error = error;
        }

        @Override
        public String fingerprint() {
            return "failing";
        }

        @Override
        public CompletableFuture<SourcePage<Entry>> fetch(Map<String, AttributeValue> start, int limit) {
            return CompletableFuture.failedFuture(error);
        }

        @Override
        public Map<String, AttributeValue> keyOf(Entry item) {
            return Map.of("k", AttributeValue.fromN("0"));
        }
    }

    /** Records signals; requests nothing by itself. */
    private static final class RecordingSubscriber implements Subscriber<Entry> {
        final AtomicReference<Subscription> subscription = new AtomicReference<>();
        final List<Entry> items = new ArrayList<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        volatile boolean completed;

        @Override
        public void onSubscribe(Subscription s) {
            subscription.set(s);
        }

        @Override
        public void onNext(Entry item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
        }

        @Override
        public void onComplete() {
            completed = true;
        }
    }
}
