package io.github.ddbpatterns.core.buffer;

import java.util.Optional;

/**
 * A typed write not yet persisted, as {@link TypedWriteBuffer#pending} sees it: the item of a put, or a delete.
 *
 * @param item the item that will be written; null for a delete
 * @param <T> the mapped item type
 */
public record PendingWrite<T>(T item) {

    /** A pending put of {@code item}. */
    public static <T> PendingWrite<T> put(T item) {
        return new PendingWrite<>(item);
    }

    /** A pending delete. */
    public static <T> PendingWrite<T> delete() {
        return new PendingWrite<>(null);
    }

    /** True when the pending write deletes the item. */
    public boolean isDelete() {
        return item == null;
    }

    /** The item as it will be after the write: empty for a delete. */
    public Optional<T> itemAfterWrite() {
        return Optional.ofNullable(item);
    }
}
