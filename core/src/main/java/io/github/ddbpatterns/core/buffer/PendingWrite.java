package io.github.ddbpatterns.core.buffer;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A typed write not yet persisted, as {@link TypedWriteBuffer#pending} sees it: the put of an item, or a delete.
 *
 * @param <T> the mapped item type
 */
public final class PendingWrite<T> {

    private final @Nullable T item;

    private PendingWrite(@Nullable T item) {
        this.item = item;
    }

    /**
     * A pending put of {@code item}.
     *
     * @param item the item that will be written
     * @param <T> the item type
     * @return the pending write
     * @throws NullPointerException if {@code item} is null
     */
    public static <T> PendingWrite<T> put(T item) {
        return new PendingWrite<>(Objects.requireNonNull(item, "item"));
    }

    /**
     * A pending delete.
     *
     * @param <T> the item type
     * @return the pending write
     */
    public static <T> PendingWrite<T> delete() {
        return new PendingWrite<>(null);
    }

    /**
     * Whether the pending write deletes the item.
     *
     * @return true for a delete
     */
    public boolean isDelete() {
        return item == null;
    }

    /**
     * The item as it will be after the write.
     *
     * @return the item of a put; empty for a delete
     */
    public Optional<T> item() {
        return Optional.ofNullable(item);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PendingWrite<?> other && Objects.equals(item, other.item);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(item);
    }

    @Override
    public String toString() {
        return isDelete() ? "PendingWrite[delete]" : "PendingWrite[put]";
    }
}
