package io.github.ddbpatterns.sessions;

import static io.github.ddbpatterns.sessions.InvalidationLog.ALL;
import static io.github.ddbpatterns.sessions.InvalidationLog.EPOCH;
import static io.github.ddbpatterns.sessions.InvalidationLog.EXPIRES_AT;
import static io.github.ddbpatterns.sessions.InvalidationLog.HOLDER;
import static io.github.ddbpatterns.sessions.InvalidationLog.KEYS;
import static io.github.ddbpatterns.sessions.InvalidationLog.LEASE_POSITION;
import static io.github.ddbpatterns.sessions.InvalidationLog.LEASE_UNTIL;
import static io.github.ddbpatterns.sessions.InvalidationLog.POSITION;
import static io.github.ddbpatterns.sessions.InvalidationLog.SHARDS;
import static io.github.ddbpatterns.sessions.InvalidationLog.STREAM;
import static io.github.ddbpatterns.sessions.InvalidationLog.TABLE;
import static io.github.ddbpatterns.sessions.InvalidationLog.VERSION;
import static io.github.ddbpatterns.sessions.InvalidationLog.longOf;
import static io.github.ddbpatterns.sessions.InvalidationLog.number;
import static io.github.ddbpatterns.sessions.InvalidationLog.stringOf;

import io.github.ddbpatterns.core.internal.TableCheck;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.core.table.TableLayout;
import io.github.ddbpatterns.core.table.TableLayoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsAsyncClient;

/**
 * Stream invalidation shared by every instance of a table's preference store, with one stream reader per table.
 *
 * <p>Every instance runs the same loop every {@code pollInterval}: one consistent Query of the invalidation table
 * ({@link InvalidationLog}) for the log entries after the last one it applied (it evicts their keys) and the
 * lease. The instance holding the lease also renews it (a write conditional on holding it), reads one page of
 * every shard of the stream and appends the changed keys to the log; the renewal stores the sequence number of
 * the last record published per shard. An instance that finds the lease expired by its clock, or released, takes
 * it over with a write conditional on the lease being unchanged since it read it, and resumes every shard after
 * the stored sequence numbers: nothing is missed, some changes may be published twice. A holder reads the stream
 * only right after a renewal succeeded, so at most the holder and, for the rest of its current poll, a holder
 * whose lease just passed, read a shard.
 *
 * <p>Failures: a missing table or invalidation table, or a table without a stream, fail {@link #ready()} with a
 * {@link TableLayoutException} and stop the loop (no request after it); any other failure is retried at the next
 * poll. {@link #restart()} after the tables were created or verified starts again.
 */
final class LeasedStreamInvalidator implements AutoCloseable {

    static final String COMPONENT = "PreferenceStore stream invalidation";

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final DynamoDbAsyncClient client;
    private final DynamoDbStreamsAsyncClient streams;
    private final String tableName;
    private final TableLayout tableLayout;
    private final TableCheck tableCheck;
    private final TableCheck logCheck;
    private final String logTable;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Duration pollInterval;
    private final Duration leaseDuration;
    private final Duration retention;
    private final Consumer<Map<String, AttributeValue>> evict;
    private final Runnable evictAll;
    private final String holderId = UUID.randomUUID().toString();

    private volatile CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile @Nullable Throwable failure;
    private volatile boolean stopped;
    private volatile boolean closed;
    /** A restart was asked for while the tables were being checked: a failed check is then tried once more. */
    private volatile boolean checkAgain;

    private volatile CompletableFuture<Void> currentTick = DONE;

    // the log reader (every instance); touched by one tick at a time
    private boolean checked;
    private long lastSeen = -1;
    private @Nullable Instant lastReadAt;
    private @Nullable Map<String, AttributeValue> lease;

    // the lease holder
    private boolean holding;
    private long epoch;
    private long counter;
    private @Nullable StreamTailer tailer;
    private boolean evictAllPending;
    private @Nullable String previousStream;
    private Map<String, String> previousShards = Map.of();
    private boolean firstHolder;

    LeasedStreamInvalidator(
            DynamoDbAsyncClient client,
            DynamoDbStreamsAsyncClient streams,
            TableLayout tableLayout,
            TableCheck tableCheck,
            TableCheck logCheck,
            Clock clock,
            ScheduledExecutorService scheduler,
            Duration pollInterval,
            Duration leaseDuration,
            Consumer<Map<String, AttributeValue>> evict,
            Runnable evictAll) {
        this.client = client;
        this.streams = streams;
        this.tableLayout = tableLayout;
        this.tableName = tableLayout.tableName();
        this.tableCheck = tableCheck;
        this.logCheck = logCheck;
        this.logTable = logCheck.expected().tableName();
        this.clock = clock;
        this.scheduler = scheduler;
        this.pollInterval = pollInterval;
        this.leaseDuration = leaseDuration;
        this.retention = retentionFor(leaseDuration);
        this.evict = evict;
        this.evictAll = evictAll;
    }

    /** Starts the loop (its first poll at once). */
    void start() {
        try {
            scheduler.execute(this::tick);
        } catch (RejectedExecutionException e) {
            fail(e);
        }
    }

    /** How long log entries are kept (TTL): 10 minutes, or 4 lease durations if longer. */
    static Duration retentionFor(Duration leaseDuration) {
        Duration fourLeases = leaseDuration.multipliedBy(4);
        return fourLeases.compareTo(Duration.ofMinutes(10)) > 0 ? fourLeases : Duration.ofMinutes(10);
    }

    /** Completes once every change made from then on will be evicted; fails when invalidation cannot start. */
    CompletableFuture<Void> ready() {
        return ready.copy();
    }

    /** The failure that stopped invalidation, if any. */
    @Nullable
    Throwable failure() {
        return failure;
    }

    /** Whether this instance holds the lease (reads the stream). */
    boolean holding() {
        return holding && !stopped;
    }

    /** This instance's id in the lease. */
    String holderId() {
        return holderId;
    }

    // ------------------------------------------------------------------ the loop

    private void tick() {
        if (stopped) {
            return;
        }
        CompletableFuture<Void> run;
        try {
            run = runTick();
        } catch (RuntimeException e) {
            run = CompletableFuture.failedFuture(e);
        }
        currentTick = run.handle((ignored, error) -> {
            if (error != null) {
                Throwable cause = DynamoDbErrors.unwrap(error);
                if (cause instanceof TableLayoutException permanent) {
                    if (!checkAgain || checked) {
                        fail(permanent);
                        return null;
                    }
                    checkAgain = false; // the tables were (re)created meanwhile: check them once more
                }
            }
            scheduleTick();
            return null;
        });
    }

    private void scheduleTick() {
        if (!stopped) {
            try {
                scheduler.schedule(this::tick, pollInterval.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                stopped = true; // the scheduler was shut down
            }
        }
    }

    private CompletableFuture<Void> runTick() {
        CompletableFuture<Void> checks = checked
                ? DONE
                : tableCheck.ensure().thenCompose(ignored -> logCheck.ensure()).thenRun(() -> checked = true);
        return checks.thenCompose(ignored -> readLog()).thenCompose(ignored -> holding ? hold() : contend());
    }

    /**
     * Starts again after a failure once the tables were created or verified ({@code createTable()},
     * {@code verifyTable()}): a fresh {@link #ready()}, a fresh check. While the first check runs, makes a failed
     * check be tried once more instead.
     */
    synchronized void restart() {
        if (closed) {
            return;
        }
        if (failure != null && stopped) {
            failure = null;
            stopped = false;
            checked = false;
            lastSeen = -1;
            ready = new CompletableFuture<>();
            start();
        } else if (!checked) {
            checkAgain = true;
        }
    }

    private synchronized void fail(Throwable cause) {
        failure = cause;
        stopped = true;
        ready.completeExceptionally(cause);
        if (holding) {
            release(); // let another instance try (it will fail the same way if the table is at fault)
        }
    }

    // ------------------------------------------------------------------ reading the log (every instance)

    private CompletableFuture<Void> readLog() {
        Instant now = clock.instant();
        if (lastSeen < 0) {
            // the first read: start after the newest entry, nothing older concerns this instance
            return client.query(b -> b.tableName(logTable)
                            .keyConditionExpression("#t = :t")
                            .expressionAttributeNames(Map.of("#t", TABLE))
                            .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tableName)))
                            .scanIndexForward(false)
                            .limit(2)
                            .consistentRead(true))
                    .handle(this::orMissingLogTable)
                    .thenAccept(response -> {
                        long newest = 0;
                        Map<String, AttributeValue> found = null;
                        for (Map<String, AttributeValue> item : response.items()) {
                            long position = longOf(item, POSITION, 0);
                            if (position == LEASE_POSITION) {
                                found = item;
                            } else {
                                newest = Math.max(newest, position);
                            }
                        }
                        lease = found;
                        lastSeen = newest;
                        lastReadAt = now;
                        checkReady();
                    });
        }
        if (lastReadAt != null && Duration.between(lastReadAt, now).compareTo(retention.dividedBy(2)) > 0) {
            evictAll.run(); // entries may have expired unread: evicting everything is always correct
        }
        List<Map<String, AttributeValue>> leaseFound = new ArrayList<>(1);
        return readAfter(null, leaseFound).thenRun(() -> {
            lease = leaseFound.isEmpty() ? null : leaseFound.get(0);
            lastReadAt = now;
            checkReady();
        });
    }

    private CompletableFuture<Void> readAfter(
            @Nullable Map<String, AttributeValue> startKey, List<Map<String, AttributeValue>> leaseFound) {
        long after = lastSeen;
        return client.query(b -> b.tableName(logTable)
                        .keyConditionExpression("#t = :t AND #p > :p")
                        .expressionAttributeNames(Map.of("#t", TABLE, "#p", POSITION))
                        .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tableName), ":p", number(after)))
                        .exclusiveStartKey(startKey)
                        .consistentRead(true))
                .handle(this::orMissingLogTable)
                .thenCompose(response -> {
                    for (Map<String, AttributeValue> item : response.items()) {
                        long position = longOf(item, POSITION, 0);
                        if (position == LEASE_POSITION) {
                            leaseFound.add(item);
                        } else {
                            apply(item);
                            lastSeen = Math.max(lastSeen, position);
                        }
                    }
                    return response.hasLastEvaluatedKey()
                                    && !response.lastEvaluatedKey().isEmpty()
                            ? readAfter(response.lastEvaluatedKey(), leaseFound)
                            : DONE;
                });
    }

    private QueryResponse orMissingLogTable(@Nullable QueryResponse response, @Nullable Throwable error) {
        if (error == null) {
            return response;
        }
        throw missingAsLayoutError(error, logCheck.expected());
    }

    private static RuntimeException missingAsLayoutError(Throwable error, TableLayout layout) {
        Throwable cause = DynamoDbErrors.unwrap(error);
        if (cause instanceof ResourceNotFoundException) {
            return TableLayoutException.missing(COMPONENT, layout, cause);
        }
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }

    private void apply(Map<String, AttributeValue> entry) {
        AttributeValue all = entry.get(ALL);
        if (all != null && Boolean.TRUE.equals(all.bool())) {
            evictAll.run();
            return;
        }
        for (Map<String, AttributeValue> key : InvalidationLog.keysOf(entry)) {
            evict.accept(key);
        }
    }

    /** Ready once this instance knows its log position and some holder has started reading the stream. */
    private void checkReady() {
        Map<String, AttributeValue> current = lease;
        if (!ready.isDone() && lastSeen >= 0 && current != null && current.containsKey(STREAM)) {
            evictAll.run(); // values cached before now may predate changes no instance will report
            ready.complete(null);
        }
    }

    // ------------------------------------------------------------------ the lease

    /** Not holding: takes the lease when there is none, or it expired (by this clock) or was released. */
    private CompletableFuture<Void> contend() {
        Map<String, AttributeValue> current = lease;
        Instant now = clock.instant();
        long until = now.plus(leaseDuration).toEpochMilli();
        CompletableFuture<Boolean> taken;
        long nextEpoch;
        if (current == null) {
            nextEpoch = 1;
            Map<String, AttributeValue> item = new HashMap<>(InvalidationLog.key(tableName, LEASE_POSITION));
            item.put(HOLDER, AttributeValue.fromS(holderId));
            item.put(LEASE_UNTIL, number(until));
            item.put(EPOCH, number(nextEpoch));
            item.put(VERSION, number(1));
            taken = conditional(client.putItem(b -> b.tableName(logTable)
                    .item(item)
                    .conditionExpression("attribute_not_exists(#p)")
                    .expressionAttributeNames(Map.of("#p", POSITION))));
        } else if (longOf(current, LEASE_UNTIL, 0) <= now.toEpochMilli()) {
            nextEpoch = longOf(current, EPOCH, 0) + 1;
            long version = longOf(current, VERSION, 0);
            taken = conditional(client.updateItem(b -> b.tableName(logTable)
                    .key(InvalidationLog.key(tableName, LEASE_POSITION))
                    .updateExpression("SET #h = :me, #u = :until, #e = :epoch, #v = :next")
                    .conditionExpression("#v = :version")
                    .expressionAttributeNames(Map.of("#h", HOLDER, "#u", LEASE_UNTIL, "#e", EPOCH, "#v", VERSION))
                    .expressionAttributeValues(Map.of(
                            ":me", AttributeValue.fromS(holderId),
                            ":until", number(until),
                            ":epoch", number(nextEpoch),
                            ":next", number(version + 1),
                            ":version", number(version)))));
        } else {
            return DONE; // held by another instance
        }
        return taken.thenCompose(won -> {
            if (!won) {
                return DONE;
            }
            holding = true;
            epoch = nextEpoch;
            counter = 0;
            tailer = null;
            previousStream = current == null ? null : stringOf(current, STREAM);
            previousShards = current == null ? Map.of() : shardsOf(current);
            firstHolder = previousStream == null;
            return startTailer();
        });
    }

    private static Map<String, String> shardsOf(Map<String, AttributeValue> lease) {
        AttributeValue shards = lease.get(SHARDS);
        Map<String, String> result = new HashMap<>();
        if (shards != null && shards.hasM()) {
            shards.m().forEach((id, value) -> result.put(id, value.s()));
        }
        return result;
    }

    /** Holding: renews, then reads the stream once and publishes what changed. */
    private CompletableFuture<Void> hold() {
        return renew().thenCompose(kept -> {
            if (!kept) {
                return DONE;
            }
            StreamTailer reader = tailer;
            if (reader == null) {
                return startTailer();
            }
            CompletableFuture<Void> pending = evictAllPending ? publish(List.of(), true) : DONE;
            return pending.thenCompose(ignored -> reader.read()).thenCompose(batch -> {
                return publish(batch.keys(), batch.lost()).thenRun(batch::commit);
            });
        });
    }

    /** Finds the stream (DescribeTable), opens the shards where the previous holder stopped, stores them. */
    private CompletableFuture<Void> startTailer() {
        return client.describeTable(b -> b.tableName(tableName))
                .handle((response, error) -> {
                    if (error != null) {
                        throw missingAsLayoutError(error, tableLayout);
                    }
                    TableLayout found = TableLayout.of(response.table());
                    List<String> differences = tableLayout.differencesFrom(found);
                    String arn = response.table().latestStreamArn();
                    if (!differences.isEmpty() || arn == null) {
                        throw TableLayoutException.mismatch(
                                COMPONENT,
                                tableLayout,
                                found,
                                differences.isEmpty() ? List.of("stream is disabled") : differences);
                    }
                    return arn;
                })
                .thenCompose(arn -> {
                    StreamTailer reader = new StreamTailer(streams, arn);
                    boolean sameStream = arn.equals(previousStream);
                    return reader.start(sameStream ? previousShards : Map.of(), firstHolder || !sameStream)
                            .thenCompose(lost -> {
                                // another stream than the one checkpointed: its history is unknown
                                evictAllPending = lost || (previousStream != null && !sameStream);
                                tailer = reader;
                                return renew();
                            })
                            .thenCompose(kept -> kept && evictAllPending ? publish(List.of(), true) : DONE);
                });
    }

    /** Extends the lease (and stores the checkpoints); false when another instance took it. */
    private CompletableFuture<Boolean> renew() {
        long until = clock.instant().plus(leaseDuration).toEpochMilli();
        // "#u > :zero": not released meanwhile
        return updateLease(tailer, until, "#h = :me AND #e = :epoch AND #u > :zero")
                .thenApply(kept -> {
                    if (!kept) {
                        holding = false; // taken over: stop reading the stream
                        tailer = null;
                    }
                    return kept;
                });
    }

    /**
     * Sets the lease's expiry to {@code until} (0 releases it) and bumps its version, with the checkpoints of
     * {@code reader} when there is one, if {@code condition} holds; false when it does not (another holder).
     */
    private CompletableFuture<Boolean> updateLease(@Nullable StreamTailer reader, long until, String condition) {
        Map<String, String> names = new HashMap<>(Map.of("#h", HOLDER, "#u", LEASE_UNTIL, "#e", EPOCH, "#v", VERSION));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":me", AttributeValue.fromS(holderId),
                ":until", number(until),
                ":epoch", number(epoch),
                ":one", number(1),
                ":zero", number(0)));
        String update = "SET #u = :until, #v = #v + :one";
        if (reader != null) {
            update += ", #s = :stream, #sh = :shards";
            names.put("#s", STREAM);
            names.put("#sh", SHARDS);
            values.put(":stream", AttributeValue.fromS(reader.streamArn()));
            values.put(":shards", shardsValue(reader.checkpoints()));
        }
        String expression = update;
        // DynamoDB refuses values the expressions do not use
        values.keySet().removeIf(name -> !expression.contains(name) && !condition.contains(name));
        return conditional(client.updateItem(b -> b.tableName(logTable)
                .key(InvalidationLog.key(tableName, LEASE_POSITION))
                .updateExpression(expression)
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)));
    }

    private static AttributeValue shardsValue(Map<String, String> checkpoints) {
        Map<String, AttributeValue> shards = new HashMap<>();
        checkpoints.forEach((id, checkpoint) -> shards.put(id, AttributeValue.fromS(checkpoint)));
        return AttributeValue.fromM(shards);
    }

    /** True when the conditional write succeeded, false when its condition failed. */
    private CompletableFuture<Boolean> conditional(CompletableFuture<?> write) {
        return write.handle((ignored, error) -> {
            if (error == null) {
                return Boolean.TRUE;
            }
            Throwable cause = DynamoDbErrors.unwrap(error);
            if (cause instanceof ConditionalCheckFailedException) {
                return Boolean.FALSE;
            }
            throw missingAsLayoutError(cause, logCheck.expected());
        });
    }

    /** Appends the keys (and an evict-all entry when {@code all}) to the log, one entry after the other. */
    private CompletableFuture<Void> publish(List<Map<String, AttributeValue>> keys, boolean all) {
        List<Map<String, AttributeValue>> entries = new ArrayList<>();
        long expiresAt = clock.instant().plus(retention).getEpochSecond();
        if (all) {
            entries.add(Map.of(ALL, AttributeValue.fromBool(true)));
        }
        for (List<Map<String, AttributeValue>> chunk : InvalidationLog.split(keys)) {
            List<AttributeValue> list = new ArrayList<>(chunk.size());
            chunk.forEach(key -> list.add(AttributeValue.fromM(key)));
            entries.add(Map.of(KEYS, AttributeValue.fromL(list)));
        }
        CompletableFuture<Void> chain = DONE;
        for (Map<String, AttributeValue> entry : entries) {
            chain = chain.thenCompose(ignored -> {
                Map<String, AttributeValue> item =
                        new HashMap<>(InvalidationLog.key(tableName, InvalidationLog.position(epoch, ++counter)));
                item.putAll(entry);
                item.put(EXPIRES_AT, number(expiresAt));
                return client.putItem(b -> b.tableName(logTable)
                                .item(item)
                                .conditionExpression("attribute_not_exists(#p)")
                                .expressionAttributeNames(Map.of("#p", POSITION)))
                        .handle((response, error) -> {
                            if (error != null) {
                                throw missingAsLayoutError(error, logCheck.expected());
                            }
                            return null;
                        });
            });
        }
        return chain.thenRun(() -> {
            if (all) {
                evictAllPending = false;
            }
        });
    }

    /** Gives the lease up now (expiry 0) with the checkpoints, so another instance takes over at its next poll. */
    private CompletableFuture<Boolean> release() {
        StreamTailer reader = tailer;
        holding = false;
        tailer = null;
        return updateLease(reader, 0, "#h = :me AND #e = :epoch");
    }

    /** For tests: stops like a crashed process, without releasing the lease. */
    void halt() {
        closed = true;
        stopped = true;
        try {
            currentTick.get(leaseDuration.toMillis(), TimeUnit.MILLISECONDS); // its last poll ends as it would
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // nothing more to wait for
        }
    }

    /** Stops polling; a holder releases the lease once its current poll is over (waits up to a lease duration). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopped = true;
        CompletableFuture<Boolean> released =
                currentTick.thenCompose(ignored -> holding ? release() : CompletableFuture.completedFuture(false));
        try {
            released.get(leaseDuration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // the lease expires by itself
        }
    }
}
