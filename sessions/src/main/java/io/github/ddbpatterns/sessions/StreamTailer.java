package io.github.ddbpatterns.sessions;

import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsAsyncClient;

/**
 * The lease holder's reader of a table's stream: one shard iterator per unfinished shard, resumed from the
 * checkpoints of the previous holder. A checkpoint is the sequence number of the last record published (resumed
 * with AFTER_SEQUENCE_NUMBER), {@value #FROM_START} for a shard read from where the first holder found it
 * (LATEST) with no record published yet (resumed from TRIM_HORIZON: records may be published twice, never missed),
 * or {@value #DONE} for a closed shard read to its end. Reads are staged: {@link #read()} returns the keys changed
 * and the positions after them; {@link Batch#commit()} moves on once the keys are published, so a failed publish
 * reads the same records again. Used by one thread at a time (the invalidation loop).
 */
final class StreamTailer {

    static final String FROM_START = "";
    static final String DONE = "done";

    /** Rediscover shards every this many reads even if none closed (shards roll over about every 4 hours). */
    private static final int DISCOVER_EVERY = 40;

    private final DynamoDbStreamsAsyncClient streams;
    private final String streamArn;
    /** Shard id -> committed checkpoint. */
    private final Map<String, String> checkpoints = new LinkedHashMap<>();
    /** Shard id -> iterator at the committed checkpoint (absent: to be opened from the checkpoint). */
    private final Map<String, String> iterators = new HashMap<>();
    /** Shards the first holder opens at LATEST (once). */
    private final Set<String> latest = new HashSet<>();

    private boolean evictAll;
    private boolean rediscover;
    private int reads;

    StreamTailer(DynamoDbStreamsAsyncClient streams, String streamArn) {
        this.streams = streams;
        this.streamArn = streamArn;
    }

    /** The stream read. */
    String streamArn() {
        return streamArn;
    }

    /** The committed checkpoints, to store in the lease. */
    Map<String, String> checkpoints() {
        return Map.copyOf(checkpoints);
    }

    /**
     * Opens an iterator for every shard: from {@code previous} (a previous holder's checkpoints of this stream),
     * or, when {@code first}, at LATEST for open shards (the first holder: nothing cached depends on older
     * changes). Completes with true when history was lost (a checkpoint older than the stream keeps): the caller
     * must publish an evict-all entry.
     */
    CompletableFuture<Boolean> start(Map<String, String> previous, boolean first) {
        checkpoints.putAll(previous);
        return discover(first).thenCompose(ignored -> openMissing()).thenApply(ignored -> {
            boolean lost = evictAll;
            evictAll = false;
            return lost;
        });
    }

    /** Lists every shard (DescribeStream, paged); adds unknown ones, forgets ones no longer listed. */
    private CompletableFuture<Void> discover(boolean first) {
        return describeShards(null, new ArrayList<>()).thenAccept(shards -> {
            Set<String> listed = new HashSet<>();
            for (Shard shard : shards) {
                listed.add(shard.shardId());
                if (checkpoints.containsKey(shard.shardId())) {
                    continue;
                }
                boolean open = shard.sequenceNumberRange() == null
                        || shard.sequenceNumberRange().endingSequenceNumber() == null;
                if (first) {
                    // the first holder: history before it is not needed (no instance is ready yet)
                    checkpoints.put(shard.shardId(), open ? FROM_START : DONE);
                    if (open) {
                        iterators.remove(shard.shardId());
                        latest.add(shard.shardId());
                    }
                } else {
                    checkpoints.put(shard.shardId(), FROM_START); // a child shard: read all of it
                }
            }
            checkpoints.keySet().removeIf(id -> !listed.contains(id) && DONE.equals(checkpoints.get(id)));
            iterators.keySet().retainAll(checkpoints.keySet());
        });
    }

    private CompletableFuture<List<Shard>> describeShards(@Nullable String after, List<Shard> into) {
        return streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(after))
                .thenCompose(response -> {
                    into.addAll(response.streamDescription().shards());
                    String last = response.streamDescription().lastEvaluatedShardId();
                    return last == null ? CompletableFuture.completedFuture(into) : describeShards(last, into);
                });
    }

    /** Opens an iterator at the checkpoint of every unfinished shard that has none. */
    private CompletableFuture<Void> openMissing() {
        List<CompletableFuture<Void>> opened = new ArrayList<>();
        for (Map.Entry<String, String> shard : checkpoints.entrySet()) {
            String id = shard.getKey();
            if (!DONE.equals(shard.getValue()) && !iterators.containsKey(id)) {
                opened.add(open(id, shard.getValue()));
            }
        }
        return CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> open(String shardId, String checkpoint) {
        ShardIteratorType type;
        if (latest.remove(shardId)) {
            type = ShardIteratorType.LATEST;
        } else if (FROM_START.equals(checkpoint)) {
            type = ShardIteratorType.TRIM_HORIZON;
        } else {
            type = ShardIteratorType.AFTER_SEQUENCE_NUMBER;
        }
        return streams.getShardIterator(b -> {
                    b.streamArn(streamArn).shardId(shardId).shardIteratorType(type);
                    if (type == ShardIteratorType.AFTER_SEQUENCE_NUMBER) {
                        b.sequenceNumber(checkpoint);
                    }
                })
                .handle((response, failure) -> {
                    if (failure == null) {
                        iterators.put(shardId, response.shardIterator());
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    Throwable cause = DynamoDbErrors.unwrap(failure);
                    if (cause instanceof TrimmedDataAccessException) {
                        // the checkpoint is older than the stream keeps: changes were lost, evict everything
                        evictAll = true;
                        checkpoints.put(shardId, FROM_START);
                        return open(shardId, FROM_START);
                    }
                    if (cause instanceof ResourceNotFoundException) {
                        evictAll = true; // the shard is gone with whatever it held
                        checkpoints.put(shardId, DONE);
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    return CompletableFuture.<Void>failedFuture(cause); // transient: opened at the next read
                })
                .thenCompose(next -> next);
    }

    /**
     * One GetRecords per unfinished shard (after opening missing iterators and, every {@value #DISCOVER_EVERY}
     * reads or when a shard ended, rediscovering shards).
     */
    CompletableFuture<Batch> read() {
        CompletableFuture<Void> ready = rediscover || ++reads % DISCOVER_EVERY == 0
                ? discover(false).thenCompose(ignored -> openMissing())
                : openMissing();
        rediscover = false;
        return ready.exceptionally(ignored -> null) // an unopened shard is tried again next time
                .thenCompose(ignored -> readShards());
    }

    private CompletableFuture<Batch> readShards() {
        Map<String, String> read = new HashMap<>(iterators);
        List<CompletableFuture<ShardRead>> reads = new ArrayList<>();
        for (Map.Entry<String, String> shard : read.entrySet()) {
            String id = shard.getKey();
            reads.add(streams.getRecords(b -> b.shardIterator(shard.getValue())).handle((response, failure) -> {
                if (failure != null) {
                    Throwable cause = DynamoDbErrors.unwrap(failure);
                    if (cause instanceof ExpiredIteratorException
                            || cause instanceof TrimmedDataAccessException
                            || cause instanceof ResourceNotFoundException) {
                        // reopened at its checkpoint next time; when that is gone too, open() evicts everything
                        return new ShardRead(id, List.of(), null, null, Outcome.REOPEN);
                    }
                    return new ShardRead(id, List.of(), null, null, Outcome.RETRY);
                }
                List<Map<String, AttributeValue>> keys = new ArrayList<>();
                String last = null;
                for (Record record : response.records()) {
                    if (record.dynamodb() != null) {
                        if (record.dynamodb().hasKeys()) {
                            keys.add(record.dynamodb().keys());
                        }
                        last = record.dynamodb().sequenceNumber();
                    }
                }
                return new ShardRead(
                        id,
                        keys,
                        last,
                        response.nextShardIterator(),
                        response.nextShardIterator() == null ? Outcome.ENDED : Outcome.READ);
            }));
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<ShardRead> results = new ArrayList<>(reads.size());
            reads.forEach(r -> results.add(r.join()));
            return new Batch(results, evictAll);
        });
    }

    private enum Outcome {
        READ,
        ENDED,
        REOPEN,
        RETRY
    }

    private record ShardRead(
            String shardId,
            List<Map<String, AttributeValue>> keys,
            @Nullable String lastSequence,
            @Nullable String next,
            Outcome outcome) {}

    /** What one read found; {@link #commit()} once its keys are published. */
    final class Batch {
        private final List<ShardRead> reads;
        private final boolean lost;

        private Batch(List<ShardRead> reads, boolean lost) {
            this.reads = reads;
            this.lost = lost;
        }

        /** The changed keys (a key changed twice appears twice). */
        List<Map<String, AttributeValue>> keys() {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            reads.forEach(read -> keys.addAll(read.keys()));
            return keys;
        }

        /** True when a shard's unread history was lost: every cached entry must be evicted. */
        boolean lost() {
            return lost;
        }

        /** Moves every shard past what this batch read. */
        void commit() {
            if (lost) {
                evictAll = false; // published
            }
            for (ShardRead read : reads) {
                String id = read.shardId();
                if (read.lastSequence() != null) {
                    checkpoints.put(id, read.lastSequence());
                }
                switch (read.outcome()) {
                    case READ -> iterators.put(id, read.next());
                    case ENDED -> {
                        checkpoints.put(id, DONE);
                        iterators.remove(id);
                        rediscover = true; // its children are new shards
                    }
                    case REOPEN -> iterators.remove(id); // reopened at its checkpoint next time
                    case RETRY -> {}
                }
            }
        }
    }
}
