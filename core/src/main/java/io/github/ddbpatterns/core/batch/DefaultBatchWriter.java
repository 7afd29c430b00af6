package io.github.ddbpatterns.core.batch;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * The standard {@link BatchWriter}: generations per key, one pool of waiting writes per generation, calls of at
 * most 25 writes and 16 MB under a concurrency cap, policy retries for whole calls, backoff resends for
 * UnprocessedItems, bisection to isolate a write that makes the whole call invalid.
 *
 * <p>Writes are grouped in generations: generation {@code g} holds, for each key, its {@code g}-th write in
 * input order. Generations run one after the other, so a later write of a key is sent only after the earlier
 * one is finished, and no call ever carries a key twice.
 *
 * <p>Within a generation, the writes not sent yet and the writes that came back unprocessed from any of its calls
 * wait in one {@link ResendPool}: a write that comes back unprocessed waits at least the policy's backoff for its
 * round ({@code backoff(1)} after its first call, {@code backoff(2)} after its second, …), and a call takes its
 * writes only when it starts, from the writes whose wait is over, so resends of all chunks go out together in full
 * calls. Fewer than 25 go out only when no call of the generation is in flight and no write is in its wait: 3,000
 * writes of which every call returns 30 % unprocessed take about {@code ⌈3000 / 25 / 0.7⌉ = 172} calls, not one
 * resend lineage per chunk.
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
            done = done.thenCompose(ignored -> new Generation(call, generation).start());
        }
        return done.handle((ignored, error) -> call.result(error));
    }

    /** The service answered 4xx (not a throttle) to the call: one of its writes may be the reason. */
    static boolean isRejectedRequest(Throwable error) {
        return DynamoDbErrors.unwrap(error) instanceof SdkServiceException service
                && !DynamoDbErrors.isRetryable(error)
                && service.statusCode() >= 400
                && service.statusCode() < 500;
    }

    /** One generation of one {@code write} call: its writes, their pool, and when every one has its outcome. */
    private final class Generation {
        final Call call;
        final List<Pending> writes;
        final ResendPool<Pending> pool;
        final AtomicInteger open;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Generation(Call call, List<Pending> writes) {
            this.call = call;
            this.writes = writes;
            this.open = new AtomicInteger(writes.size());
            this.pool = new ResendPool<>(MAX_WRITES_PER_CALL, maxRequestBytes, p -> p.bytes, scheduler, this::send);
        }

        /** Sends every write of the generation; completes when each has its outcome. */
        CompletableFuture<Void> start() {
            pool.add(writes);
            return done;
        }

        /** Sends one call through the policy; a pooled call chooses its writes when it gets a permit of the cap. */
        void send(ResendPool.Batch<Pending> batch) {
            CompletableFuture<BatchWriteItemResponse> response = policy.execute(
                    OPERATION,
                    () -> permits.submit(() -> {
                                List<Pending> chunk = batch.items();
                                call.requests.incrementAndGet();
                                chunk.forEach(p -> p.attempts.incrementAndGet());
                                return client.batchWriteItem(toRequest(chunk));
                            })
                            .whenComplete((ignored, error) -> metrics.request(error)));
            response.whenComplete((r, error) -> {
                // a call refused before it started (e.g. an open circuit breaker) takes its writes now, to fail them
                List<Pending> chunk = batch.items();
                try {
                    if (error != null) {
                        onFailure(chunk, error);
                    } else {
                        onResponse(chunk, r);
                    }
                } catch (RuntimeException | Error e) {
                    chunk.forEach(p -> fail(p, e)); // never leave a write without an outcome
                } finally {
                    pool.finished(); // after the unprocessed writes are back in the pool
                }
            });
        }

        private void onFailure(List<Pending> chunk, Throwable error) {
            if (chunk.size() > 1 && isRejectedRequest(error)) {
                // one bad write (e.g. a ValidationException) fails the whole call: bisect to find it
                int half = chunk.size() / 2;
                pool.startFixed(chunk.subList(0, half));
                pool.startFixed(chunk.subList(half, chunk.size()));
                return;
            }
            Throwable cause = DynamoDbErrors.unwrap(error);
            chunk.forEach(p -> fail(p, cause));
        }

        private void onResponse(List<Pending> chunk, BatchWriteItemResponse response) {
            if (response.hasConsumedCapacity()) {
                metrics.consumed(response.consumedCapacity());
            }
            List<Pending> unprocessed = unprocessed(chunk, response);
            Set<Pending> unprocessedSet = new HashSet<>(unprocessed);
            for (Pending p : chunk) {
                if (!unprocessedSet.contains(p)) {
                    persist(p);
                }
            }
            if (unprocessed.isEmpty()) {
                return;
            }
            metrics.unprocessed(unprocessed.size());
            // a pooled call may carry writes of different rounds: each waits the backoff of its own round
            Map<Integer, List<Pending>> byRound = new TreeMap<>();
            for (Pending p : unprocessed) {
                if (p.round >= maxUnprocessedAttempts) {
                    fail(p, UnprocessedException.after(p.op.writeKey(), p.attempts.get()));
                } else {
                    byRound.computeIfAbsent(p.round++, r -> new ArrayList<>()).add(p);
                }
            }
            byRound.forEach((round, resends) -> pool.addAfter(resends, policy.backoff(round)));
        }

        private void persist(Pending p) {
            if (call.persist(p)) {
                settled();
            }
        }

        private void fail(Pending p, Throwable cause) {
            if (call.fail(p, cause)) {
                settled();
            }
        }

        private void settled() {
            if (open.decrementAndGet() == 0) {
                done.complete(null);
            }
        }
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
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                .build();
    }

    /**
     * One write on its way: its place in the input, its request, how many calls carried it, and its round (1 +
     * how many times it came back unprocessed; only the response handler of the call carrying it changes it).
     */
    private static final class Pending {
        final int index;
        final WriteOp op;
        final WriteRequest request;
        final long bytes;
        final AtomicInteger attempts = new AtomicInteger();
        int round = 1;

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

        /** Fails at once the writes DynamoDB would refuse; groups the others in generations (see the class comment). */
        List<List<Pending>> validateAndGroup() {
            List<Pending> valid = new ArrayList<>(ops.size());
            for (int i = 0; i < ops.size(); i++) {
                WriteOp op = ops.get(i);
                Pending pending = new Pending(i, op);
                try {
                    op.checkItem(); // DynamoDB would reject the whole call
                    valid.add(pending);
                } catch (InvalidInputException e) {
                    fail(pending, e);
                }
            }
            return WritePlan.generations(valid, p -> p.op.writeKey());
        }

        /** Records that {@code p} is persisted; false if it had an outcome already. */
        boolean persist(Pending p) {
            if (outcomes.compareAndSet(p.index, null, WriteOutcome.persisted(p.op, p.attempts.get()))) {
                metrics.items(true, 1);
                return true;
            }
            return false;
        }

        /** Records that {@code p} failed; false if it had an outcome already. */
        boolean fail(Pending p, Throwable cause) {
            if (outcomes.compareAndSet(p.index, null, WriteOutcome.failed(p.op, cause, p.attempts.get()))) {
                metrics.items(false, 1);
                return true;
            }
            return false;
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
