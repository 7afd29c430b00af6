package io.github.ddbpatterns.core.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.InvalidInputException;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cursor is bound to the comparator of a sorted merge: the same sources, scope and direction under another
 * comparator refuse it before any request.
 */
class MergeOrderCursorTest {

    /** Values of two sources; by value and by position within the source the orders differ. */
    private static final List<List<Integer>> LISTS = List.of(List.of(1, 5, 9), List.of(2, 3, 4));

    private static final Comparator<Entry> BY_SEQ = Comparator.comparingInt(Entry::seq);

    @Test
    void query_cursorMadeUnderAnotherNamedComparator_isRejectedBeforeAnyRequest() {
        String cursor = firstPageCursor(MergeOrder.ascending("value", Entry.BY_VALUE));
        ListSource.Counters counters = new ListSource.Counters();

        for (MergeOrder<Entry> other : List.of(
                MergeOrder.<Entry>ascending("seq", BY_SEQ), MergeOrder.<Entry>descending("value", Entry.BY_VALUE))) {
            FanOutQuery<Entry> resumed = query(counters, other).after(cursor);
            assertThatThrownBy(() -> FanOut.ofDefaults().query(resumed))
                    .as(other.toString())
                    .isInstanceOf(InvalidCursorException.class)
                    .hasMessageContaining("another query");
            assertThatThrownBy(() -> FanOut.ofDefaults().stream(resumed)).isInstanceOf(InvalidCursorException.class);
        }
        assertThat(counters.requests.get()).as("requests sent").isZero();
    }

    @Test
    void query_cursorMadeUnderTheSameName_isAcceptedWithANewComparatorInstance() {
        String cursor = firstPageCursor(MergeOrder.ascending("value", Entry.BY_VALUE));

        List<Entry> rest = FanOut.ofDefaults()
                .query(query(
                                new ListSource.Counters(),
                                MergeOrder.ascending("value", Comparator.comparingInt(Entry::value)))
                        .after(cursor))
                .join()
                .items();

        assertThat(rest).extracting(Entry::value).containsExactly(4, 5, 9);
    }

    @Test
    void query_cursorMadeUnderAnUnnamedComparatorOfAnotherClass_isRejected() {
        String cursor = firstPageCursor(MergeOrder.ascending(Entry.BY_VALUE));

        FanOutQuery<Entry> resumed = query(new ListSource.Counters(), MergeOrder.ascending(new ByValue()))
                .after(cursor);

        assertThatThrownBy(() -> FanOut.ofDefaults().query(resumed))
                .isInstanceOf(InvalidCursorException.class)
                .hasMessageContaining("another query");
        assertThat(FanOut.ofDefaults()
                        .query(query(new ListSource.Counters(), MergeOrder.ascending(Entry.BY_VALUE))
                                .after(cursor))
                        .join()
                        .items())
                .extracting(Entry::value)
                .containsExactly(4, 5, 9);
    }

    @Test
    void ascending_withoutAName_failsNamingBy() {
        assertThatThrownBy(() -> MergeOrder.ascending("", Entry.BY_VALUE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("by ");
        assertThatThrownBy(() -> MergeOrder.descending(null, Entry.BY_VALUE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("by ");
        assertThat(MergeOrder.ascending("value", Entry.BY_VALUE).by()).isEqualTo("value");
    }

    private static String firstPageCursor(MergeOrder<Entry> order) {
        return FanOut.ofDefaults()
                .query(query(new ListSource.Counters(), order))
                .join()
                .cursor()
                .orElseThrow();
    }

    private static FanOutQuery<Entry> query(ListSource.Counters counters, MergeOrder<Entry> order) {
        return FanOutQuery.<Entry>builder()
                .scope("user-a")
                .sources(ListSource.of(LISTS, counters))
                .order(order)
                .limit(3)
                .build();
    }

    /** A comparator of its own class. */
    private static final class ByValue implements Comparator<Entry> {
        @Override
        public int compare(Entry a, Entry b) {
            return Integer.compare(a.value(), b.value());
        }
    }
}
