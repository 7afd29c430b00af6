package io.github.ddbpatterns.core;

import io.github.ddbpatterns.core.internal.Checks;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of a paginated read: the items, in order, and an opaque cursor to resume after the last of them.
 * Every paginated read of ddb-patterns (sharded queries, time-series ranges, fan-out queries) returns this type.
 *
 * <pre>{@code
 * Page<Event> page = events.query("user-42", Query.newestFirst().limit(50)).join();
 * page.items().forEach(this::render);
 * page.cursor().ifPresent(next -> respondWithNextLink(next));
 * }</pre>
 *
 * <p>Like DynamoDB's {@code LastEvaluatedKey}, {@link #hasMore()} is conservative: it is false only when
 * the read is known to be complete; a following page may occasionally turn out empty.
 *
 * @param <T> the item type
 */
public final class Page<T> {

    private static final Page<?> EMPTY = new Page<>(List.of(), null);

    private final List<T> items;
    private final @Nullable String cursor;

    private Page(List<T> items, @Nullable String cursor) {
        this.items = items;
        this.cursor = cursor;
    }

    /**
     * A page of {@code items} followed by more results reachable through {@code cursor} (none when null).
     *
     * @throws InvalidInputException if {@code items} is null or {@code cursor} is empty
     */
    public static <T> Page<T> of(List<T> items, @Nullable String cursor) {
        Checks.notNull("items", items);
        if (cursor != null) {
            Checks.notEmpty("cursor", cursor);
        }
        return new Page<>(List.copyOf(items), cursor);
    }

    /**
     * The last page: {@code items} and no cursor.
     *
     * @throws InvalidInputException if {@code items} is null
     */
    public static <T> Page<T> last(List<T> items) {
        return of(items, null);
    }

    /** An empty last page. */
    @SuppressWarnings("unchecked")
    public static <T> Page<T> empty() {
        return (Page<T>) EMPTY;
    }

    /** The items of this page, in order; immutable. */
    public List<T> items() {
        return items;
    }

    /** The opaque cursor that resumes right after the last item of this page; empty on the last page. */
    public Optional<String> cursor() {
        return Optional.ofNullable(cursor);
    }

    /** Whether a cursor is present, that is whether more items may follow. */
    public boolean hasMore() {
        return cursor != null;
    }

    /** Number of items on this page. */
    public int size() {
        return items.size();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Page<?> page && items.equals(page.items) && Objects.equals(cursor, page.cursor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(items, cursor);
    }

    /** Shows the size and whether more follow (not the items, which may be personal data). */
    @Override
    public String toString() {
        return "Page[size=" + items.size() + ", hasMore=" + hasMore() + "]";
    }
}
