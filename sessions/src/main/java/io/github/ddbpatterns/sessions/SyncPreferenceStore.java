package io.github.ddbpatterns.sessions;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.buffer.BufferClosedException;
import io.github.ddbpatterns.core.buffer.BufferFullException;
import io.github.ddbpatterns.core.internal.Blocking;
import io.github.ddbpatterns.core.table.SyncTableRepository;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.enhanced.dynamodb.Key;

/**
 * The blocking twin of a {@link PreferenceStore}: the same methods, waiting for the result; failures are rethrown
 * as they are (not wrapped in {@link CompletionException}). Get one with {@link PreferenceStore#sync()}.
 *
 * <p>A blocking {@link #put} waits until the item is persisted, that is until the write window ends (or
 * {@link #flush} is called from another thread): use the async store to write behind.
 *
 * <pre>{@code
 * SyncPreferenceStore<Pref> prefs = PreferenceStore.builder(context, PREF_SCHEMA)
 *         .tableName("prefs")
 *         .build()
 *         .sync();
 * Optional<Pref> mine = prefs.get("user-42");
 * prefs.close();
 * }</pre>
 *
 * @param <T> the item type
 */
public final class SyncPreferenceStore<T> extends SyncTableRepository<PreferenceStore<T>> implements AutoCloseable {

    SyncPreferenceStore(PreferenceStore<T> store) {
        super(store);
    }

    /**
     * See {@link PreferenceStore#put}: waits until the item is persisted.
     *
     * @param item the item
     * @return the item
     * @throws InvalidInputException if item is null, lacks a key attribute or exceeds 400 KB
     * @throws BufferClosedException if the store is closed
     * @throws BufferFullException if too many writes are held
     * @throws PreferenceConflictException if a versioned write lost
     */
    public T put(T item) {
        return Blocking.await(async().put(item));
    }

    /**
     * See {@link PreferenceStore#putAll}: waits until every item is persisted or given up.
     *
     * @param items the items
     * @return one outcome per item
     * @throws InvalidInputException if items is null or holds an item that put would refuse
     * @throws BufferClosedException if the store is closed
     */
    public BatchWriteResult putAll(Collection<T> items) {
        return Blocking.await(async().putAll(items));
    }

    /**
     * See {@link PreferenceStore#get(Key)}.
     *
     * @param key the item's primary key
     * @return the value, or empty
     * @throws InvalidInputException if key is null or lacks a key attribute
     */
    public Optional<T> get(Key key) {
        return Blocking.await(async().get(key));
    }

    /**
     * See {@link PreferenceStore#get(String)}.
     *
     * @param partitionValue the partition key value
     * @return the value, or empty
     * @throws InvalidInputException if partitionValue is empty, or the table has a sort key
     */
    public Optional<T> get(String partitionValue) {
        return Blocking.await(async().get(partitionValue));
    }

    /**
     * See {@link PreferenceStore#delete(Key)}: waits until the delete is persisted.
     *
     * @param key the item's primary key
     * @throws InvalidInputException if key is null or lacks a key attribute
     * @throws BufferClosedException if the store is closed
     * @throws BufferFullException if too many writes are held
     */
    public void delete(Key key) {
        Blocking.await(async().delete(key));
    }

    /**
     * See {@link PreferenceStore#delete(String)}: waits until the delete is persisted.
     *
     * @param partitionValue the partition key value
     * @throws InvalidInputException if partitionValue is empty, or the table has a sort key
     * @throws BufferClosedException if the store is closed
     * @throws BufferFullException if too many writes are held
     */
    public void delete(String partitionValue) {
        Blocking.await(async().delete(partitionValue));
    }

    /** See {@link PreferenceStore#flush}: writes everything pending and waits for it. */
    public void flush() {
        Blocking.await(async().flush());
    }

    /**
     * See {@link PreferenceStore#pendingCount}.
     *
     * @return the pending keys
     */
    public int pendingCount() {
        return async().pendingCount();
    }

    /**
     * See {@link PreferenceStore#mode}.
     *
     * @return the mode
     */
    public PreferenceMode mode() {
        return async().mode();
    }

    /** See {@link PreferenceStore#close}: persists everything pending and stops. */
    @Override
    public void close() {
        async().close();
    }
}
