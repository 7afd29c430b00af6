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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * The standard {@link BatchReader}: distinct keys in chunks of 100, concurrent sends under a cap, policy
 * retries for whole calls, backoff resends for UnprocessedKeys (which is also how DynamoDB splits a response
 * over 16 MB), bisection to isolate a key that makes the whole call invalid.
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
        Read read = new Read();
        List<CompletableFuture<Void>> chunks = new ArrayList<>();
        List<WriteKey> chunk = new ArrayList<>();
        for (WriteKey key : distinct) {
            chunk.add(key);
            if (chunk.size() == MAX_KEYS_PER_CALL) {
                chunks.add(send(read, chunk, 1));
                chunk = new ArrayList<>();
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(send(read, chunk, 1));
        }
        return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new))
                .handle((ignored, error) -> read.result(distinct, error));
    }

    private CompletableFuture<Void> send(Read read, List<WriteKey> chunk, int round) {
        BatchGetItemRequest request = toRequest(chunk);
        CompletableFuture<BatchGetItemResponse> response = policy.execute(OPERATION, () -> {
            read.requests.incrementAndGet();
            return permits.submit(() -> client.batchGetItem(request))
                    .whenComplete((ignored, error) -> metrics.request(error));
        });
        return response.handle((r, error) -> {
                    if (error == null) {
                        return onResponse(read, chunk, round, r);
                    }
                    if (chunk.size() > 1 && DefaultBatchWriter.isRejectedRequest(error)) {
                        int half = chunk.size() / 2;
                        return CompletableFuture.allOf(
                                send(read, List.copyOf(chunk.subList(0, half)), round),
                                send(read, List.copyOf(chunk.subList(half, chunk.size())), round));
                    }
                    Throwable cause = DynamoDbErrors.unwrap(error);
                    chunk.forEach(key -> read.failures.put(key, cause));
                    return CompletableFuture.<Void>completedFuture(null);
                })
                .thenCompose(next -> next);
    }

    private CompletableFuture<Void> onResponse(
            Read read, List<WriteKey> chunk, int round, BatchGetItemResponse response) {
        if (response.hasConsumedCapacity()) {
            metrics.consumed(response.consumedCapacity());
        }
        Map<String, List<Set<String>>> keyNames = keyNames(chunk);
        Set<WriteKey> requested = new HashSet<>(chunk);
        Set<WriteKey> answered = new HashSet<>();
        for (Map.Entry<String, List<Map<String, AttributeValue>>> table :
                response.responses().entrySet()) {
            for (Map<String, AttributeValue> item : table.getValue()) {
                for (Set<String> names : keyNames.getOrDefault(table.getKey(), List.of())) {
                    WriteKey key = new WriteKey(table.getKey(), project(item, names));
                    if (requested.contains(key)) {
                        read.items.put(key, item);
                        answered.add(key);
                        break;
                    }
                }
            }
        }
        List<WriteKey> unprocessed = unprocessed(chunk, answered, response);
        Set<WriteKey> unprocessedSet = new HashSet<>(unprocessed);
        for (WriteKey key : chunk) {
            if (!answered.contains(key) && !unprocessedSet.contains(key)) {
                read.missing.add(key);
            }
        }
        if (unprocessed.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        metrics.unprocessed(unprocessed.size());
        if (round >= maxUnprocessedAttempts) {
            unprocessed.forEach(key -> read.failures.put(key, UnprocessedException.after(key, round)));
            return CompletableFuture.completedFuture(null);
        }
        return ScheduledDelay.after(scheduler, policy.backoff(round))
                .thenCompose(ignored -> send(read, unprocessed, round + 1));
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

    private BatchGetItemRequest toRequest(List<WriteKey> chunk) {
        Map<String, List<Map<String, AttributeValue>>> byTable = new LinkedHashMap<>();
        for (WriteKey key : chunk) {
            byTable.computeIfAbsent(key.tableName(), t -> new ArrayList<>()).add(key.key());
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

    /** The state of one {@code read} call. */
    private final class Read {
        final Map<WriteKey, Map<String, AttributeValue>> items = new ConcurrentHashMap<>();
        final Set<WriteKey> missing = ConcurrentHashMap.newKeySet();
        final Map<WriteKey, Throwable> failures = new ConcurrentHashMap<>();
        final AtomicInteger requests = new AtomicInteger();

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
