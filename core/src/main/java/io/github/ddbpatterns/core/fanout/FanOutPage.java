package io.github.ddbpatterns.core.fanout;

import io.github.ddbpatterns.core.internal.Checks;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of a fan-out with the positions of its sources in the clear, as {@link FanOut#queryWithPositions}
 * returns it: for a caller that keeps its own cursor and resumes with
 * {@link FanOutQuery.Builder#startPositions(List)}.
 *
 * @param <T> the item type
 */
public final class FanOutPage<T> {

    private final List<T> items;
    private final @Nullable List<SourcePosition> positions;

    private FanOutPage(List<T> items, @Nullable List<SourcePosition> positions) {
        this.items = List.copyOf(items);
        this.positions = positions == null ? null : List.copyOf(positions);
    }

    /**
     * A page of {@code items} whose sources stand at {@code positions}.
     *
     * @param items the items, in order
     * @param positions one position per source, or null when every source is exhausted
     * @param <T> the item type
     * @return the page
     * @throws io.github.ddbpatterns.core.InvalidInputException if {@code items} is null
     */
    public static <T> FanOutPage<T> of(List<T> items, @Nullable List<SourcePosition> positions) {
        return new FanOutPage<>(Checks.notNull("items", items), positions);
    }

    /**
     * The items of this page, in order.
     *
     * @return the items; immutable
     */
    public List<T> items() {
        return items;
    }

    /**
     * Where each source stands after the last item of this page: the positions a cursor of this page holds.
     *
     * @return one position per source, in source order, or empty when every source is exhausted (the last page)
     */
    public Optional<List<SourcePosition>> positions() {
        return Optional.ofNullable(positions);
    }

    /**
     * Whether more items may follow (as {@link io.github.ddbpatterns.core.Page#hasMore()}).
     *
     * @return true when positions are present
     */
    public boolean hasMore() {
        return positions != null;
    }

    /** Shows the size and whether more follow (not the items nor the keys, which may be personal data). */
    @Override
    public String toString() {
        return "FanOutPage[size=" + items.size() + ", hasMore=" + hasMore() + "]";
    }
}
