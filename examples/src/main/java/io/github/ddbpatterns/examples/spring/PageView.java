package io.github.ddbpatterns.examples.spring;

import io.github.ddbpatterns.core.Page;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list endpoint, as JSON: the items and, when more may follow, the cursor to pass back as the
 * {@code cursor} query parameter (with the same other parameters) for the next page.
 *
 * @param items the items of the page, in order
 * @param cursor the cursor of the next page, or null on the last page
 * @param <T> the item type
 */
public record PageView<T>(List<T> items, @Nullable String cursor) {

    /**
     * The view of a library page.
     *
     * @param page the page
     * @param view how an item is shown
     * @param <S> the stored item type
     * @param <T> the shown item type
     * @return the view
     */
    public static <S, T> PageView<T> of(Page<S> page, Function<S, T> view) {
        return new PageView<>(
                page.items().stream().map(view).toList(), page.cursor().orElse(null));
    }
}
