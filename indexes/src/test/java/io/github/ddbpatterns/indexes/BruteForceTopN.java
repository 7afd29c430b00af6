package io.github.ddbpatterns.indexes;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The top N of interactions by score computed the slow, obvious way, and the labels the top-N tests compare:
 * {@code "<the other id>=<score>"}, score ties broken by that id, as the score keys order them.
 */
final class BruteForceTopN {

    private BruteForceTopN() {}

    /** The {@code n} users of {@code item} with the highest scores, as {@link #userLabel} labels. */
    static List<String> usersOf(Collection<Interaction> all, String item, int n) {
        return top(all, x -> x.getItemId().equals(item), Interaction::getUserId, n);
    }

    /** The {@code n} items of {@code user} with the highest scores, as {@link #itemLabel} labels. */
    static List<String> itemsOf(Collection<Interaction> all, String user, int n) {
        return top(all, x -> x.getUserId().equals(user), Interaction::getItemId, n);
    }

    static String userLabel(Interaction x) {
        return label(x, Interaction::getUserId);
    }

    static String itemLabel(Interaction x) {
        return label(x, Interaction::getItemId);
    }

    private static List<String> top(
            Collection<Interaction> all, Predicate<Interaction> of, Function<Interaction, String> other, int n) {
        Comparator<Interaction> order =
                Comparator.comparing(Interaction::getScore).thenComparing(other);
        return all.stream()
                .filter(of)
                .sorted(order.reversed())
                .limit(n)
                .map(x -> label(x, other))
                .toList();
    }

    private static String label(Interaction x, Function<Interaction, String> other) {
        return other.apply(x) + "=" + x.getScore().stripTrailingZeros().toPlainString();
    }
}
