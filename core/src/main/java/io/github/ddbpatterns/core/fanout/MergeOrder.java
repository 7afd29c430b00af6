package io.github.ddbpatterns.core.fanout;

import io.github.ddbpatterns.core.internal.Checks;
import java.util.Comparator;

/**
 * How a {@link FanOut} combines its sources into one stream.
 *
 * <ul>
 *   <li>{@link #unordered()}: items as they arrive, each source's items in its own order; fastest.</li>
 *   <li>{@link #ascending(Comparator)} / {@link #descending(Comparator)}: a k-way merge by a sort-key
 *       comparator (each source must already return its items in that order, e.g. a Query with
 *       {@code scanIndexForward} matching the direction); ties are broken by source index, so the output is
 *       deterministic.</li>
 *   <li>{@link #sourceSequence()}: the sources are consecutive ranges already in output order (time buckets
 *       queried oldest-first, or newest-first in reverse bucket order): the output is their concatenation, and
 *       only a window of sources ahead of the current one is fetched ({@link FanOutQuery.Builder#window(int)}).</li>
 * </ul>
 *
 * @param <T> the item type
 */
public final class MergeOrder<T> {

    /** The kind of combination. */
    public enum Kind {
        /** As items arrive. */
        UNORDERED,
        /** K-way merge by comparator. */
        SORTED,
        /** Concatenation in source order. */
        SOURCE_SEQUENCE
    }

    private final Kind kind;
    private final Comparator<? super T> comparator;
    private final boolean descending;

    private MergeOrder(Kind kind, Comparator<? super T> comparator, boolean descending) {
        this.kind = kind;
        this.comparator = comparator;
        this.descending = descending;
    }

    /** Items in arrival order. */
    public static <T> MergeOrder<T> unordered() {
        return new MergeOrder<>(Kind.UNORDERED, (a, b) -> 0, false);
    }

    /**
     * Smallest first by {@code sortKeyOrder} (each source must return its items ascending).
     *
     * @throws io.github.ddbpatterns.core.InvalidInputException if {@code sortKeyOrder} is null
     */
    public static <T> MergeOrder<T> ascending(Comparator<? super T> sortKeyOrder) {
        return new MergeOrder<>(Kind.SORTED, Checks.notNull("sortKeyOrder", sortKeyOrder), false);
    }

    /**
     * Largest first by {@code sortKeyOrder} (each source must return its items descending, e.g.
     * {@code scanIndexForward(false)}); ties still go to the lower source index.
     *
     * @throws io.github.ddbpatterns.core.InvalidInputException if {@code sortKeyOrder} is null
     */
    public static <T> MergeOrder<T> descending(Comparator<? super T> sortKeyOrder) {
        Comparator<? super T> order = Checks.notNull("sortKeyOrder", sortKeyOrder);
        return new MergeOrder<>(Kind.SORTED, (a, b) -> order.compare(b, a), true);
    }

    /** Concatenation of the sources in list order, with a bounded prefetch window. */
    public static <T> MergeOrder<T> sourceSequence() {
        return new MergeOrder<>(Kind.SOURCE_SEQUENCE, (a, b) -> 0, false);
    }

    /** The kind of combination. */
    public Kind kind() {
        return kind;
    }

    /** Whether a {@link Kind#SORTED} order is largest first. */
    public boolean descending() {
        return descending;
    }

    /** The comparator in output order (already reversed for {@link #descending(Comparator)}). */
    Comparator<? super T> outputOrder() {
        return comparator;
    }

    /** Part of the cursor fingerprint: kind and direction. */
    String fingerprint() {
        return kind == Kind.SORTED ? kind + (descending ? "-desc" : "-asc") : kind.toString();
    }

    /** Lowercase name for metric tags. */
    String tag() {
        return switch (kind) {
            case UNORDERED -> "unordered";
            case SORTED -> "sorted";
            case SOURCE_SEQUENCE -> "sequence";
        };
    }

    @Override
    public String toString() {
        return "MergeOrder[" + fingerprint() + "]";
    }
}
