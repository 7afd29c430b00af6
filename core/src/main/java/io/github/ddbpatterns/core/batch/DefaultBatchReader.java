package io.github.ddbpatterns.core.batch;

import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * The standard {@link BatchReader}: distinct keys in one {@link ResendPool}, calls of at most 100 keys under a
 * concurrency cap, policy retries for whole calls, backoff resends for UnprocessedKeys (which is also how
 * DynamoDB splits a response over 16 MB), bisection to isolate a key that makes the whole call invalid.
 *
 * <p>A key that comes back unprocessed waits at least the policy's backoff for its round in the pool, and goes out
 * with the keys returned by the other calls: resends go out in full calls of 100, fewer only when no call of the
 * read is in flight and no key is in its wait.
 */
final class DefaultBatchReader implements BatchReader {

    static final String OPERATION = "BatchGetItem";
    static final int MAX_KEYS_PER_CALL = 100;

    private final DynamoDbAsyncClient client;
    private final ResiliencePolicy policy;
    private final RequestPermits permits;
    private final BatchMetrics metrics;
    private final ScheduledExecutorService scheduler;
    private final int maxUnprocessedAttempts;
    private final boolean consistentRead;

    DefaultBatchReader(BatchReader.Builder b) {
        this.client = Checks.notNull("client", b.client);
        this.policy = b.policy;
        this.permits = new RequestPermits(b.maxConcurrentRequests);
        this.metrics =
                new BatchMetrics(b.meterRegistry != null ? b.meterRegistry : new CompositeMeterRegistry(), OPERATION);
        this.scheduler = b.scheduler != null ? b.scheduler : b.policy.scheduler();
        this.maxUnprocessedAttempts = b.maxUnprocessedAttempts > 0 ? b.maxUnprocessedAttempts : policy.maxAttempts();
        this.consistentRead = b.consistentRead;
    }

    @Override
    public CompletableFuture<BatchGetResult> read(Collection<WriteKey> keys) {
        Checks.notNull("keys", keys);
        Set<WriteKey> distinct = new LinkedHashSet<>();
        int index = 0;
        for (WriteKey key : keys) {
            Checks.notNull("keys[" + index++ + "]", key);
            distinct.add(key);
        }
        Read read = new Read(distinct.size());
        if (distinct.isEmpty()) {
            read.done.complete(null);
        } else {
            read.pool.add(distinct.stream().map(PendingKey::new).toList());
        }
        return read.done.handle((ignored, error) -> read.result(distinct, error));
    }

    /** Sends one call through the policy; a pooled call chooses its keys when it gets a permit of the cap. */
    private void send(Read read, ResendPool.Batch<PendingKey> batch) {
        CompletableFuture<BatchGetItemResponse> response = policy.execute(
                OPERATION,
                () -> permits.submit(() -> {
                            List<PendingKey> chunk = batch.items();
                            read.requests.incrementAndGet();
                            return client.batchGetItem(toRequest(chunk));
                        })
                        .whenComplete((ignored, error) -> metrics.request(error)));
        response.whenComplete((r, error) -> {
            // a call refused before it started (e.g. an open circuit breaker) takes its keys now, to fail them
            List<PendingKey> chunk = batch.items();
            try {
                if (error == null) {
                    onResponse(read, chunk, r);
                } else if (chunk.size() > 1 && DefaultBatchWriter.isRejectedRequest(error)) {
                    int half = chunk.size() / 2;
                    read.pool.startFixed(chunk.subList(0, half));
                    read.pool.startFixed(chunk.subList(half, chunk.size()));
                } else {
                    Throwable cause = DynamoDbErrors.unwrap(error);
                    chunk.forEach(key -> read.fail(key, cause));
                }
            } catch (RuntimeException | Error e) {
                chunk.forEach(key -> read.fail(key, e)); // never leave a key without an answer
            } finally {
                read.pool.finished(); // after the unprocessed keys are back in the pool
            }
        });
    }

    private void onResponse(Read read, List<PendingKey> chunk, BatchGetItemResponse response) {
        if (response.hasConsumedCapacity()) {
            metrics.consumed(response.consumedCapacity());
        }
        List<WriteKey> keys = chunk.stream().map(k -> k.key).toList();
        Map<WriteKey, PendingKey> byKey = new HashMap<>();
        chunk.forEach(k -> byKey.put(k.key, k));
        Map<String, List<Set<String>>> keyNames = keyNames(keys);
        Set<WriteKey> answered = new HashSet<>();
        for (Map.Entry<String, List<Map<String, AttributeValue>>> table :
                response.responses().entrySet()) {
            for (Map<String, AttributeValue> item : table.getValue()) {
                for (Set<String> names : keyNames.getOrDefault(table.getKey(), List.of())) {
                    PendingKey key = byKey.get(new WriteKey(table.getKey(), project(item, names)));
                    if (key != null) {
                        read.found(key, item);
                        answered.add(key.key);
                        break;
                    }
                }
            }
        }
        List<WriteKey> unprocessed = unprocessed(keys, answered, response);
        Set<WriteKey> unprocessedSet = new HashSet<>(unprocessed);
        for (PendingKey key : chunk) {
            if (!answered.contains(key.key) && !unprocessedSet.contains(key.key)) {
                read.missing(key);
            }
        }
        if (unprocessed.isEmpty()) {
            return;
        }
        metrics.unprocessed(unprocessed.size());
        // a pooled call may carry keys of different rounds: each waits the backoff of its own round
        Map<Integer, List<PendingKey>> byRound = new TreeMap<>();
        for (WriteKey writeKey : unprocessed) {
            PendingKey key = byKey.get(writeKey);
            if (key.round >= maxUnprocessedAttempts) {
                read.fail(key, UnprocessedException.after(key.key, key.round));
            } else {
                byRound.computeIfAbsent(key.round++, r -> new ArrayList<>()).add(key);
            }
        }
        byRound.forEach((round, resends) -> read.pool.addAfter(resends, policy.backoff(round)));
    }

    /** Keys of {@code chunk} listed in UnprocessedKeys; when one cannot be matched, all unanswered of its table. */
    private static List<WriteKey> unprocessed(
            List<WriteKey> chunk, Set<WriteKey> answered, BatchGetItemResponse response) {
        if (!response.hasUnprocessedKeys() || response.unprocessedKeys().isEmpty()) {
            return List.of();
        }
        Set<WriteKey> requested = new HashSet<>(chunk);
        Set<WriteKey> result = new LinkedHashSet<>();
        for (Map.Entry<String, KeysAndAttributes> table :
                response.unprocessedKeys().entrySet()) {
            boolean unmatched = false;
            for (Map<String, AttributeValue> key : table.getValue().keys()) {
                WriteKey writeKey = new WriteKey(table.getKey(), key);
                if (requested.contains(writeKey)) {
                    result.add(writeKey);
                } else {
                    unmatched = true;
                }
            }
            if (unmatched) {
                chunk.stream()
                        .filter(k -> k.tableName().equals(table.getKey()) && !answered.contains(k))
                        .forEach(result::add);
            }
        }
        return new ArrayList<>(result);
    }

    private static Map<String, List<Set<String>>> keyNames(List<WriteKey> chunk) {
        Map<String, List<Set<String>>> names = new HashMap<>();
        for (WriteKey key : chunk) {
            List<Set<String>> forTable = names.computeIfAbsent(key.tableName(), t -> new ArrayList<>());
            if (!forTable.contains(key.key().keySet())) {
                forTable.add(key.key().keySet());
            }
        }
        return names;
    }

    private static Map<String, AttributeValue> project(Map<String, AttributeValue> item, Set<String> names) {
        Map<String, AttributeValue> key = new HashMap<>();
        for (String name : names) {
            AttributeValue value = item.get(name);
            if (value != null) {
                key.put(name, value);
            }
        }
        return key;
    }

    private BatchGetItemRequest toRequest(List<PendingKey> chunk) {
        Map<String, List<Map<String, AttributeValue>>> byTable = new LinkedHashMap<>();
        for (PendingKey pending : chunk) {
            byTable.computeIfAbsent(pending.key.tableName(), t -> new ArrayList<>())
                    .add(pending.key.key());
        }
        Map<String, KeysAndAttributes> requestItems = new LinkedHashMap<>();
        byTable.forEach((table, keys) -> requestItems.put(
                table,
                KeysAndAttributes.builder()
                        .keys(keys)
                        .consistentRead(consistentRead)
                        .build()));
        return BatchGetItemRequest.builder()
                .requestItems(requestItems)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .build();
    }

    /**
     * One distinct key on its way, and its round (1 + how many times it came back unprocessed; only the response
     * handler of the call carrying it changes it). Told apart by identity: each key of a read has one.
     */
    private static final class PendingKey {
        final WriteKey key;
        final AtomicBoolean answered = new AtomicBoolean();
        int round = 1;

        PendingKey(WriteKey key) {
            this.key = key;
        }
    }

    /** The state of one {@code read} call. */
    private final class Read {
        final Map<WriteKey, Map<String, AttributeValue>> items = new ConcurrentHashMap<>();
        final Set<WriteKey> missing = ConcurrentHashMap.newKeySet();
        final Map<WriteKey, Throwable> failures = new ConcurrentHashMap<>();
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger open;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final ResendPool<PendingKey> pool;

        Read(int keys) {
            this.open = new AtomicInteger(keys);
            // keys are small: the count limit binds long before the 16 MB request limit
            this.pool =
                    new ResendPool<>(MAX_KEYS_PER_CALL, Long.MAX_VALUE, k -> 1, scheduler, batch -> send(this, batch));
        }

        void found(PendingKey key, Map<String, AttributeValue> item) {
            if (key.answered.compareAndSet(false, true)) {
                items.put(key.key, item);
                settled();
            }
        }

        void missing(PendingKey key) {
            if (key.answered.compareAndSet(false, true)) {
                missing.add(key.key);
                settled();
            }
        }

        void fail(PendingKey key, Throwable cause) {
            if (key.answered.compareAndSet(false, true)) {
                failures.put(key.key, cause);
                settled();
            }
        }

        private void settled() {
            if (open.decrementAndGet() == 0) {
                done.complete(null);
            }
        }

        BatchGetResult result(Set<WriteKey> keys, @Nullable Throwable error) {
            int found = 0;
            for (WriteKey key : keys) {
                if (items.containsKey(key)) {
                    found++;
                } else if (!missing.contains(key) && !failures.containsKey(key)) {
                    failures.put(
                            key,
                            error != null
                                    ? DynamoDbErrors.unwrap(error)
                                    : new IllegalStateException("key finished without an answer"));
                }
            }
            metrics.items(true, found + missing.size());
            metrics.items(false, failures.size());
            return new BatchGetResult(items, missing, failures, requests.get());
        }
    }
}
