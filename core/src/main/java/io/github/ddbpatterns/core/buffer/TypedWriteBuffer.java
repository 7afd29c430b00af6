package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.core.batch.WriteKey;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.internal.Checks;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;

/**
 * A typed view of a {@link WriteBuffer} for one Enhanced table: put and delete mapped items, and read your own
 * writes. Several views may share one buffer (one per table); closing the buffer is the owner's job.
 *
 * <pre>{@code
 * TypedWriteBuffer<Pref> prefs = TypedWriteBuffer.of(buffer, enhancedAsyncClient.table("prefs", PREF_SCHEMA));
 * prefs.put(new Pref("user-42", "theme", "dark"));
 * Optional<Pref> current = prefs.get(Key.builder().partitionValue("user-42").sortValue("theme").build()).join();
 * }</pre>
 *
 * @param <T> the mapped item type
 */
public final class TypedWriteBuffer<T> {

    private final WriteBuffer buffer;
    private final DynamoDbAsyncTable<T> table;

    private TypedWriteBuffer(WriteBuffer buffer, DynamoDbAsyncTable<T> table) {
        this.buffer = buffer;
        this.table = table;
    }

    /**
     * A typed view of {@code buffer} writing into {@code table}.
     *
     * @throws io.github.ddbpatterns.core.InvalidInputException if an argument is null
     */
    public static <T> TypedWriteBuffer<T> of(WriteBuffer buffer, DynamoDbAsyncTable<T> table) {
        return new TypedWriteBuffer<>(Checks.notNull("buffer", buffer), Checks.notNull("table", table));
    }

    /**
     * Buffers a put of {@code item}; see {@link WriteBuffer#submit}.
     *
     * @throws io.github.ddbpatterns.core.InvalidInputException if {@code item} is null or lacks a key attribute
     * @throws BufferClosedException if the buffer is closed
     * @throws BufferFullException if the buffer is full and the policy rejects, or the block timeout passed
     */
    public CompletableFuture<Void> put(T item) {
        return buffer.submit(WriteOp.put(table, item));
    }

    /**
     * Buffers a delete of the item whose key attributes {@code keyItem} carries.
     *
     * @throws io.github.ddbpatterns.core.InvalidInputException if {@code keyItem} is null or lacks a key attribute
     * @throws BufferClosedException if the buffer is closed
     * @throws BufferFullException if the buffer is full and the policy rejects, or the block timeout passed
     */
    public CompletableFuture<Void> delete(T keyItem) {
        return buffer.submit(WriteOp.delete(table, keyItem));
    }

    /**
     * Buffers a delete of the item with primary key {@code key}.
     *
     * @throws io.github.ddbpatterns.core.InvalidInputException if {@code key} is null
     * @throws BufferClosedException if the buffer is closed
     * @throws BufferFullException if the buffer is full and the policy rejects, or the block timeout passed
     */
    public CompletableFuture<Void> delete(Key key) {
        return buffer.submit(WriteOp.delete(table.tableName(), writeKey(key).key()));
    }

    /**
     * The last accepted write of {@code key} not yet persisted, or empty when there is none.
     *
     * @throws io.github.ddbpatterns.core.InvalidInputException if {@code key} is null
     */
    public Optional<PendingWrite<T>> pending(Key key) {
        return buffer.pending(writeKey(key))
                .map(write -> write.kind() == WriteOp.Kind.PUT
                        ? PendingWrite.put(table.tableSchema().mapToItem(write.attributes()))
                        : PendingWrite.<T>delete());
    }

    /**
     * Read-your-writes get: the pending write of {@code key} when there is one (empty when it is a delete),
     * otherwise a strongly consistent read of the table (empty when there is no item).
     *
     * @throws io.github.ddbpatterns.core.InvalidInputException if {@code key} is null
     */
    public CompletableFuture<Optional<T>> get(Key key) {
        Optional<PendingWrite<T>> pending = pending(key);
        if (pending.isPresent()) {
            return CompletableFuture.completedFuture(pending.get().item());
        }
        return table.getItem(b -> b.key(key).consistentRead(true)).thenApply(Optional::ofNullable);
    }

    /** The table this view writes into. */
    public DynamoDbAsyncTable<T> table() {
        return table;
    }

    /** The shared buffer (flush and close it there). */
    public WriteBuffer buffer() {
        return buffer;
    }

    private WriteKey writeKey(Key key) {
        Checks.notNull("key", key);
        return new WriteKey(table.tableName(), key.keyMap(table.tableSchema(), TableMetadata.primaryIndexName()));
    }
}
