package io.github.ddbpatterns.core.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link FanOut#queryWithPositions} and {@link FanOutQuery.Builder#startPositions}: positions in the clear. */
class FanOutPositionsTest {

    private static final List<List<Integer>> THREE_SOURCES =
            List.of(List.of(1, 4, 7, 10), List.of(2, 5, 8), List.of(3, 6, 9));

    private static FanOutQuery<Entry> query(ListSource.Counters counters, int limit) {
        return FanOutQuery.<Entry>builder()
                .scope("test")
                .sources(ListSource.of(THREE_SOURCES, counters))
                .order(MergeOrder.ascending(Entry.BY_VALUE))
                .limit(limit)
                .build();
    }

    private static List<Integer> values(List<Entry> entries) {
        return entries.stream().map(Entry::value).toList();
    }

    @Test
    void queryWithPositions_whenResumedFromItsPositions_readsWhatTheSignedCursorReads() {
        FanOut fanOut = FanOut.builder().pageSize(2).build();
        FanOutQuery<Entry> first = query(new ListSource.Counters(), 4);

        FanOutPage<Entry> positioned = fanOut.queryWithPositions(first).join();
        Page<Entry> signed = fanOut.query(first).join();
        List<SourcePosition> decoded =
                fanOut.cursorCodec().decode(signed.cursor().orElseThrow(), first.fingerprint());
        Page<Entry> next = fanOut.query(first.after(signed)).join();
        Page<Entry> nextFromPositions = fanOut.query(first.toBuilder()
                        .startPositions(positioned.positions().orElseThrow())
                        .build())
                .join();

        assertThat(values(positioned.items())).containsExactly(1, 2, 3, 4);
        assertThat(positioned.items()).isEqualTo(signed.items());
        assertThat(positioned.positions()).contains(decoded);
        assertThat(values(nextFromPositions.items())).containsExactly(5, 6, 7, 8);
        assertThat(nextFromPositions).isEqualTo(next);
    }

    @Test
    void queryWithPositions_whenEverySourceIsExhausted_hasNoPositions() {
        FanOutPage<Entry> all = FanOut.ofDefaults()
                .queryWithPositions(query(new ListSource.Counters(), 100))
                .join();

        assertThat(values(all.items())).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(all.hasMore()).isFalse();
        assertThat(all.positions()).isEmpty();
    }

    @Test
    void stream_withStartPositions_startsEachSourceThere() {
        FanOut fanOut = FanOut.ofDefaults();
        List<SourcePosition> positions = fanOut.queryWithPositions(query(new ListSource.Counters(), 5))
                .join()
                .positions()
                .orElseThrow();
        List<Entry> rest = new ArrayList<>();

        fanOut.stream(FanOutQuery.<Entry>builder()
                        .sources(ListSource.of(THREE_SOURCES, new ListSource.Counters()))
                        .order(MergeOrder.ascending(Entry.BY_VALUE))
                        .startPositions(positions)
                        .build())
                .subscribe(rest::add)
                .join();

        assertThat(values(rest)).containsExactly(6, 7, 8, 9, 10);
    }

    @Test
    void query_whenItsCursorIsTooLongToEncode_failsThePagesFuture() {
        // 1,000 sources each stopped after an item with an incompressible 1,000-byte key: over the cursor limit
        java.util.Random random = new java.util.Random(1);
        List<PagedSource<Entry>> sources = new ArrayList<>();
        for (int s = 0; s < 1_000; s++) {
            byte[] key = new byte[1_000];
            random.nextBytes(key);
            sources.add(new BigKeySource(s, key));
        }

        CompletableFuture<Page<Entry>> page = FanOut.ofDefaults()
                .query(FanOutQuery.<Entry>builder()
                        .sources(sources)
                        .limit(1_000)
                        .build());

        assertThat(page).isDone();
        assertThatThrownBy(page::join).hasCauseInstanceOf(InvalidInputException.class);
    }

    /** One item, then more behind it; the item's key is {@code key}. */
    private record BigKeySource(int index, byte[] key) implements PagedSource<Entry> {
        @Override
        public String fingerprint() {
            return "big-" + index;
        }

        @Override
        public CompletableFuture<SourcePage<Entry>> fetch(Map<String, AttributeValue> exclusiveStartKey, int limit) {
            return CompletableFuture.completedFuture(
                    new SourcePage<>(List.of(new Entry(index, 0, index)), keyOf(null)));
        }

        @Override
        public Map<String, AttributeValue> keyOf(Entry item) {
            return Map.of("pk", AttributeValue.fromB(SdkBytes.fromByteArray(key)));
        }
    }

    @Test
    void startPositions_whenNotOnePerSource_failsAtBuild() {
        FanOutQuery.Builder<Entry> builder = query(new ListSource.Counters(), 3).toBuilder();

        assertThatThrownBy(() -> builder.startPositions(List.of(SourcePosition.NOT_STARTED))
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("startPositions");
        assertThatThrownBy(() -> builder.startPositions(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void startPositions_andCursor_theLastSetReplacesTheOther() {
        FanOutQuery<Entry> first = query(new ListSource.Counters(), 3);
        List<SourcePosition> exhausted =
                List.of(SourcePosition.EXHAUSTED, SourcePosition.EXHAUSTED, SourcePosition.EXHAUSTED);

        FanOutQuery<Entry> positioned = first.after("not-a-cursor").toBuilder()
                .startPositions(exhausted)
                .build();
        FanOutQuery<Entry> cursored = positioned.after("not-a-cursor");

        assertThat(positioned.cursor()).isEmpty();
        assertThat(FanOut.ofDefaults().query(positioned).join().items()).isEmpty();
        assertThat(cursored.startPositions()).isEmpty();
        assertThatThrownBy(() -> FanOut.ofDefaults().query(cursored)).isInstanceOf(InvalidCursorException.class);
    }
}
