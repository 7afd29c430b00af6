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
 *       deterministic. A cursor is bound to the comparator: name it ({@link #ascending(String, Comparator)})
 *       so that a cursor made under one comparator is refused under another.</li>
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
    /** What the comparator orders by, as the cursor fingerprint knows it; empty for the other kinds. */
    private final String by;

    private MergeOrder(Kind kind, Comparator<? super T> comparator, boolean descending, String by) {
        this.kind = kind;
        this.comparator = comparator;
        this.descending = descending;
        this.by = by;
    }

    /** Items in arrival order. */
    public static <T> MergeOrder<T> unordered() {
        return new MergeOrder<>(Kind.UNORDERED, (a, b) -> 0, false, "");
    }

    /**
     * Smallest first by {@code sortKeyOrder} (each source must return its items ascending). A cursor is bound to
     * the comparator's class (for a lambda or method reference: the class that defines it), so that a cursor made
     * under a comparator of another class is refused; two lambdas of one class (e.g. two
     * {@code Comparator.comparing(...)}) are told apart only when named, see {@link #ascending(String, Comparator)}.
     *
     * @throws io.github.ddbpatterns.core.InvalidInputException if {@code sortKeyOrder} is null
     */
    public static <T> MergeOrder<T> ascending(Comparator<? super T> sortKeyOrder) {
        return ascending(identity(Checks.notNull("sortKeyOrder", sortKeyOrder)), sortKeyOrder);
    }

    /**
     * Smallest first by {@code sortKeyOrder} (each source must return its items ascending), which orders by what
     * {@code by} names (e.g. the sort key attribute, {@code "createdAt"}): a cursor made under this order is
     * refused by a query ordered by anything else.
     *
     * @param by what {@code sortKeyOrder} orders by; part of the cursor fingerprint
     * @param sortKeyOrder the order of the items
     * @return the order
     * @throws io.github.ddbpatterns.core.InvalidInputException if {@code by} is null or empty, or
     *     {@code sortKeyOrder} is null
     */
    public static <T> MergeOrder<T> ascending(String by, Comparator<? super T> sortKeyOrder) {
        return new MergeOrder<>(
                Kind.SORTED, Checks.notNull("sortKeyOrder", sortKeyOrder), false, Checks.notEmpty("by", by));
    }

    /**
     * Largest first by {@code sortKeyOrder} (each source must return its items descending, e.g.
     * {@code scanIndexForward(false)}); ties still go to the lower source index. A cursor is bound to the
     * comparator's class, as for {@link #ascending(Comparator)}.
     *
     * @throws io.github.ddbpatterns.core.InvalidInputException if {@code sortKeyOrder} is null
     */
    public static <T> MergeOrder<T> descending(Comparator<? super T> sortKeyOrder) {
        return descending(identity(Checks.notNull("sortKeyOrder", sortKeyOrder)), sortKeyOrder);
    }

    /**
     * Largest first by {@code sortKeyOrder} (each source must return its items descending), which orders by what
     * {@code by} names: a cursor made under this order is refused by a query ordered by anything else.
     *
     * @param by what {@code sortKeyOrder} orders by; part of the cursor fingerprint
     * @param sortKeyOrder the order of the items, smallest first (reversed here)
     * @return the order
     * @throws io.github.ddbpatterns.core.InvalidInputException if {@code by} is null or empty, or
     *     {@code sortKeyOrder} is null
     */
    public static <T> MergeOrder<T> descending(String by, Comparator<? super T> sortKeyOrder) {
        Comparator<? super T> order = Checks.notNull("sortKeyOrder", sortKeyOrder);
        return new MergeOrder<>(Kind.SORTED, (a, b) -> order.compare(b, a), true, Checks.notEmpty("by", by));
    }

    /**
     * A name of {@code comparator} that is the same in every JVM running the same code: its class, or for a
     * lambda (a hidden class whose name carries a per-run number) the class that defines it.
     */
    private static String identity(Comparator<?> comparator) {
        String name = comparator.getClass().getName();
        int lambda = name.indexOf("$$Lambda");
        return "class:" + (lambda >= 0 ? name.substring(0, lambda) + "$$Lambda" : name);
    }

    /** Concatenation of the sources in list order, with a bounded prefetch window. */
    public static <T> MergeOrder<T> sourceSequence() {
        return new MergeOrder<>(Kind.SOURCE_SEQUENCE, (a, b) -> 0, false, "");
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

    /** What a {@link Kind#SORTED} order orders by (its name, or its comparator's class); empty otherwise. */
    public String by() {
        return by;
    }

    /** Part of the cursor fingerprint: kind, direction and, when sorted, what the comparator orders by. */
    String fingerprint() {
        return kind == Kind.SORTED
                ? kind + (descending ? "-desc" : "-asc") + ":" + by.length() + ":" + by
                : kind.toString();
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
        return kind == Kind.SORTED
                ? "MergeOrder[" + kind + (descending ? "-desc" : "-asc") + " by " + by + "]"
                : "MergeOrder[" + kind + "]";
    }
}
