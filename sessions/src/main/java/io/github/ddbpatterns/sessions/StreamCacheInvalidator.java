package io.github.ddbpatterns.sessions;

import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsAsyncClient;

/**
 * Tails a table's DynamoDB Stream and hands the key of every changed item to a callback (the read cache's evict).
 * Starts at the stream's end (LATEST) for the shards open at start, reads child shards from their beginning,
 * polls every {@code pollInterval}, and never stops on a failed poll (it retries at the next interval). Every
 * instance runs its own tailer: the stream is the shared invalidation channel, no cache server is needed.
 */
final class StreamCacheInvalidator implements AutoCloseable {

    /** Rediscover shards every this many polls even if none closed (shards roll over about every 4 hours). */
    private static final int DISCOVER_EVERY = 40;

    private final DynamoDbStreamsAsyncClient streams;
    private final DynamoDbAsyncClient client;
    private final String tableName;
    private final ScheduledExecutorService scheduler;
    private final Duration pollInterval;
    private final Consumer<Map<String, AttributeValue>> onChange;
    /** Open shard id -> next iterator. */
    private final Map<String, String> iterators = new ConcurrentHashMap<>();
    /** Shards already read to their end or being read. */
    private final Map<String, Boolean> known = new ConcurrentHashMap<>();

    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private volatile @Nullable String streamArn;
    private volatile boolean closed;
    private int polls;

    StreamCacheInvalidator(
            DynamoDbStreamsAsyncClient streams,
            DynamoDbAsyncClient client,
            String tableName,
            ScheduledExecutorService scheduler,
            Duration pollInterval,
            Consumer<Map<String, AttributeValue>> onChange) {
        this.streams = streams;
        this.client = client;
        this.tableName = tableName;
        this.scheduler = scheduler;
        this.pollInterval = pollInterval;
        this.onChange = onChange;
        start();
    }

    private void start() {
        client.describeTable(b -> b.tableName(tableName))
                .thenCompose(table -> {
                    String arn = table.table().latestStreamArn();
                    if (arn == null) {
                        throw new IllegalStateException("table " + tableName + " has no stream: enable one (any"
                                + " view type) to use invalidateFromStream");
                    }
                    streamArn = arn;
                    return discover(ShardIteratorType.LATEST);
                })
                .whenComplete((ignored, failure) -> {
                    if (failure != null && !closed) {
                        scheduleRetryStart();
                    } else {
                        started.complete(null);
                        schedulePoll();
                    }
                });
    }

    private void scheduleRetryStart() {
        if (!closed) {
            scheduler.schedule(this::start, pollInterval.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Adds an iterator for every shard not seen yet; {@code type} for the first round, TRIM_HORIZON after. */
    private CompletableFuture<Void> discover(ShardIteratorType type) {
        String arn = streamArn;
        return streams.describeStream(b -> b.streamArn(arn)).thenCompose(description -> {
            List<CompletableFuture<Void>> opened = new ArrayList<>();
            for (Shard shard : description.streamDescription().shards()) {
                boolean open = shard.sequenceNumberRange() == null
                        || shard.sequenceNumberRange().endingSequenceNumber() == null;
                if (known.putIfAbsent(shard.shardId(), Boolean.TRUE) != null) {
                    continue;
                }
                if (type == ShardIteratorType.LATEST && !open) {
                    continue; // history before start: nothing cached depends on it
                }
                opened.add(streams.getShardIterator(
                                b -> b.streamArn(arn).shardId(shard.shardId()).shardIteratorType(type))
                        .thenAccept(response -> iterators.put(shard.shardId(), response.shardIterator())));
            }
            return CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new));
        });
    }

    private void schedulePoll() {
        if (!closed) {
            scheduler.schedule(this::poll, pollInterval.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void poll() {
        if (closed) {
            return;
        }
        List<CompletableFuture<Boolean>> reads = new ArrayList<>();
        for (Map.Entry<String, String> shard : iterators.entrySet()) {
            reads.add(streams.getRecords(b -> b.shardIterator(shard.getValue())).handle((response, failure) -> {
                if (failure != null) {
                    Throwable cause = DynamoDbErrors.unwrap(failure);
                    if (cause instanceof ExpiredIteratorException
                            || cause instanceof TrimmedDataAccessException
                            || cause instanceof ResourceNotFoundException) {
                        // the iterator cannot be used again: forget the shard, rediscovery reopens it
                        iterators.remove(shard.getKey());
                        known.remove(shard.getKey());
                        return Boolean.TRUE;
                    }
                    return Boolean.FALSE; // transient error: retried next poll
                }
                for (Record record : response.records()) {
                    if (record.dynamodb() != null && record.dynamodb().hasKeys()) {
                        try {
                            onChange.accept(record.dynamodb().keys());
                        } catch (RuntimeException ignored) {
                            // a failing callback must not stop the tailer
                        }
                    }
                }
                if (response.nextShardIterator() == null) {
                    iterators.remove(shard.getKey());
                    return Boolean.TRUE;
                }
                iterators.put(shard.getKey(), response.nextShardIterator());
                return Boolean.FALSE;
            }));
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                .thenCompose(ignored -> {
                    boolean closedShard = reads.stream().anyMatch(read -> read.join());
                    return closedShard || ++polls % DISCOVER_EVERY == 0
                            ? discover(ShardIteratorType.TRIM_HORIZON)
                            : CompletableFuture.completedFuture(null);
                })
                .whenComplete((ignored, failure) -> schedulePoll());
    }

    /** Completes once the tailer reads the stream (changes from then on are seen). */
    CompletableFuture<Void> started() {
        return started.copy();
    }

    @Override
    public void close() {
        closed = true;
    }
}
