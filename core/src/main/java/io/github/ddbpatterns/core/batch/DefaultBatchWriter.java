package io.github.ddbpatterns.core.batch;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.keys.ItemSize;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The standard {@link BatchWriter}: generations per key, greedy chunks, concurrent sends under a cap, policy
 * retries for whole calls, backoff resends for UnprocessedItems, bisection to isolate a write that makes the
 * whole call invalid.
 *
 * <p>Writes are grouped in generations: generation {@code g} holds, for each key, its {@code g}-th write in
 * input order. Generations run one after the other, so a later write of a key is sent only after the earlier
 * one is finished, and no call ever carries a key twice.
 */
final class DefaultBatchWriter implements BatchWriter {

    static final String OPERATION = "BatchWriteItem";
    static final int MAX_WRITES_PER_CALL = 25;

    private final DynamoDbAsyncClient client;
    private final ResiliencePolicy policy;
    private final RequestPermits permits;
    private final BatchMetrics metrics;
    private final ScheduledExecutorService scheduler;
    private final int maxUnprocessedAttempts;
    private final long maxRequestBytes;

    DefaultBatchWriter(BatchWriter.Builder b) {
        this.client = Checks.notNull("client", b.client);
        this.policy = b.policy;
        this.permits = new RequestPermits(b.maxConcurrentRequests);
        this.metrics =
                new BatchMetrics(b.meterRegistry != null ? b.meterRegistry : new CompositeMeterRegistry(), OPERATION);
        this.scheduler = b.scheduler != null ? b.scheduler : b.policy.scheduler();
        this.maxUnprocessedAttempts = b.maxUnprocessedAttempts > 0 ? b.maxUnprocessedAttempts : policy.maxAttempts();
        this.maxRequestBytes = b.maxRequestBytes;
    }

    @Override
    public CompletableFuture<BatchWriteResult> write(Collection<WriteOp> writes) {
        Checks.notNull("writes", writes);
        List<WriteOp> ops = new ArrayList<>(writes.size());
        int index = 0;
        for (WriteOp op : writes) {
            ops.add(Checks.notNull("writes[" + index++ + "]", op));
        }
        Call call = new Call(ops);
        List<List<Pending>> generations = call.validateAndGroup();
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        for (List<Pending> generation : generations) {
            done = done.thenCompose(ignored -> sendGeneration(call, generation));
        }
        return done.handle((ignored, error) -> call.result(error));
    }

    private CompletableFuture<Void> sendGeneration(Call call, List<Pending> generation) {
        List<List<Pending>> chunks = WritePlan.chunks(generation, p -> p.bytes, MAX_WRITES_PER_CALL, maxRequestBytes);
        return CompletableFuture.allOf(
                chunks.stream().map(chunk -> send(call, chunk, 1)).toArray(CompletableFuture[]::new));
    }

    /** Sends {@code chunk}; {@code round} is how many times this lineage of UnprocessedItems was sent. */
    private CompletableFuture<Void> send(Call call, List<Pending> chunk, int round) {
        BatchWriteItemRequest request = toRequest(chunk);
        CompletableFuture<BatchWriteItemResponse> response = policy.execute(OPERATION, () -> {
            call.requests.incrementAndGet();
            chunk.forEach(p -> p.attempts.incrementAndGet());
            return permits.submit(() -> client.batchWriteItem(request))
                    .whenComplete((ignored, error) -> metrics.request(error));
        });
        return response.handle((r, error) -> {
                    if (error != null) {
                        return onFailure(call, chunk, round, error);
                    }
                    return onResponse(call, chunk, round, r);
                })
                .thenCompose(next -> next);
    }

    private CompletableFuture<Void> onFailure(Call call, List<Pending> chunk, int round, Throwable error) {
        if (chunk.size() > 1 && isRejectedRequest(error)) {
            // one bad write (e.g. a ValidationException) fails the whole call: bisect to find it
            int half = chunk.size() / 2;
            return CompletableFuture.allOf(
                    send(call, List.copyOf(chunk.subList(0, half)), round),
                    send(call, List.copyOf(chunk.subList(half, chunk.size())), round));
        }
        chunk.forEach(p -> call.fail(p, DynamoDbErrors.unwrap(error)));
        return CompletableFuture.completedFuture(null);
    }

    /** The service answered 4xx (not a throttle) to the call: one of its writes may be the reason. */
    static boolean isRejectedRequest(Throwable error) {
        return DynamoDbErrors.unwrap(error) instanceof SdkServiceException service
                && !DynamoDbErrors.isRetryable(error)
                && service.statusCode() >= 400
                && service.statusCode() < 500;
    }

    private CompletableFuture<Void> onResponse(
            Call call, List<Pending> chunk, int round, BatchWriteItemResponse response) {
        if (response.hasConsumedCapacity()) {
            metrics.consumed(response.consumedCapacity());
        }
        List<Pending> unprocessed = unprocessed(chunk, response);
        Set<Pending> unprocessedSet = new HashSet<>(unprocessed);
        for (Pending p : chunk) {
            if (!unprocessedSet.contains(p)) {
                call.persist(p);
            }
        }
        if (unprocessed.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        metrics.unprocessed(unprocessed.size());
        if (round >= maxUnprocessedAttempts) {
            unprocessed.forEach(p -> call.fail(p, UnprocessedException.after(p.op.writeKey(), p.attempts.get())));
            return CompletableFuture.completedFuture(null);
        }
        Duration wait = policy.backoff(round);
        return ScheduledDelay.after(scheduler, wait).thenCompose(ignored -> send(call, unprocessed, round + 1));
    }

    /** The writes of {@code chunk} the response lists in UnprocessedItems. */
    private static List<Pending> unprocessed(List<Pending> chunk, BatchWriteItemResponse response) {
        if (!response.hasUnprocessedItems() || response.unprocessedItems().isEmpty()) {
            return List.of();
        }
        Map<WriteKey, Pending> byKey = new HashMap<>();
        Map<String, Set<String>> keyNames = new HashMap<>();
        for (Pending p : chunk) {
            byKey.put(p.op.writeKey(), p);
            keyNames.computeIfAbsent(
                    p.op.tableName(), t -> new HashSet<>(p.op.key().keySet()));
        }
        List<Pending> result = new ArrayList<>();
        Set<Pending> added = new HashSet<>();
        for (Map.Entry<String, List<WriteRequest>> table :
                response.unprocessedItems().entrySet()) {
            boolean unmatched = false;
            for (WriteRequest request : table.getValue()) {
                Pending p = byKey.get(new WriteKey(table.getKey(), keyOf(request, keyNames.get(table.getKey()))));
                if (p != null && added.add(p)) {
                    result.add(p);
                } else if (p == null) {
                    unmatched = true;
                }
            }
            if (unmatched) {
                // could not tell which (e.g. numbers re-formatted): resending a processed put/delete is harmless
                for (Pending p : chunk) {
                    if (p.op.tableName().equals(table.getKey()) && added.add(p)) {
                        result.add(p);
                    }
                }
            }
        }
        return result;
    }

    private static Map<String, AttributeValue> keyOf(WriteRequest request, @Nullable Set<String> names) {
        if (request.deleteRequest() != null) {
            return request.deleteRequest().key();
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        if (names != null && request.putRequest() != null) {
            for (String name : names) {
                AttributeValue value = request.putRequest().item().get(name);
                if (value != null) {
                    key.put(name, value);
                }
            }
        }
        return key;
    }

    private static BatchWriteItemRequest toRequest(List<Pending> chunk) {
        Map<String, List<WriteRequest>> byTable = new LinkedHashMap<>();
        for (Pending p : chunk) {
            byTable.computeIfAbsent(p.op.tableName(), t -> new ArrayList<>()).add(p.request);
        }
        return BatchWriteItemRequest.builder()
                .requestItems(byTable)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .build();
    }

    /** One write on its way: its place in the input, its request, and how many calls carried it. */
    private static final class Pending {
        final int index;
        final WriteOp op;
        final WriteRequest request;
        final long bytes;
        final AtomicInteger attempts = new AtomicInteger();

        Pending(int index, WriteOp op) {
            this.index = index;
            this.op = op;
            this.request = op.toWriteRequest();
            this.bytes = RequestSizeEstimate.requestBytes(op);
        }
    }

    /** The state of one {@code write} call. */
    private final class Call {
        final List<WriteOp> ops;
        final AtomicReferenceArray<WriteOutcome> outcomes;
        final AtomicInteger requests = new AtomicInteger();

        Call(List<WriteOp> ops) {
            this.ops = ops;
            this.outcomes = new AtomicReferenceArray<>(ops.size());
        }

        /** Fails oversize writes at once; groups the others in generations (see the class comment). */
        List<List<Pending>> validateAndGroup() {
            List<Pending> valid = new ArrayList<>(ops.size());
            for (int i = 0; i < ops.size(); i++) {
                WriteOp op = ops.get(i);
                Pending pending = new Pending(i, op);
                long size;
                try {
                    size = op.item().map(ItemSize::of).orElse(0L);
                } catch (InvalidInputException e) {
                    fail(pending, e); // e.g. a value with no type: DynamoDB would reject the whole call
                    continue;
                }
                if (size > ItemSize.MAX_ITEM_BYTES) {
                    fail(
                            pending,
                            InvalidInputException.of(
                                    "item",
                                    op + " of " + size + " bytes",
                                    "be at most " + ItemSize.MAX_ITEM_BYTES + " bytes"));
                } else {
                    valid.add(pending);
                }
            }
            return WritePlan.generations(valid, p -> p.op.writeKey());
        }

        void persist(Pending p) {
            if (outcomes.compareAndSet(p.index, null, WriteOutcome.persisted(p.op, p.attempts.get()))) {
                metrics.items(true, 1);
            }
        }

        void fail(Pending p, Throwable cause) {
            if (outcomes.compareAndSet(p.index, null, WriteOutcome.failed(p.op, cause, p.attempts.get()))) {
                metrics.items(false, 1);
            }
        }

        BatchWriteResult result(@Nullable Throwable error) {
            List<WriteOutcome> list = new ArrayList<>(ops.size());
            for (int i = 0; i < ops.size(); i++) {
                WriteOutcome outcome = outcomes.get(i);
                if (outcome == null) {
                    // only reachable through a bug or an unexpected runtime error: still report, never drop
                    Throwable cause = error != null
                            ? DynamoDbErrors.unwrap(error)
                            : new IllegalStateException("write finished without an outcome");
                    outcome = WriteOutcome.failed(ops.get(i), cause, 0);
                    metrics.items(false, 1);
                }
                list.add(outcome);
            }
            return new BatchWriteResult(list, requests.get());
        }
    }
}
