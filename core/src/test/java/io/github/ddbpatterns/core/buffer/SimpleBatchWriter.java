package io.github.ddbpatterns.core.buffer;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Test-only {@link BatchWriter}: real BatchWriteItem calls of at most 25 writes through a
 * {@link DynamoDbAsyncClient}, UnprocessedItems resent a few times with a short backoff. Counts requests and item
 * writes and records every call that carried two writes of one key (which the buffer must never send). The lead
 * replaces it with the real {@code BatchWriter} at merge.
 */
final class SimpleBatchWriter implements BatchWriter {

    private static final int MAX_ATTEMPTS = 6;

    private final DynamoDbAsyncClient client;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger itemWrites = new AtomicInteger();
    final AtomicInteger callsWithDuplicateKeys = new AtomicInteger();
    final AtomicInteger largestCall = new AtomicInteger();

    SimpleBatchWriter(DynamoDbAsyncClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<BatchWriteResult> write(Collection<WriteOp> writes) {
        List<WriteOp> all = List.copyOf(writes);
        calls.incrementAndGet();
        largestCall.accumulateAndGet(all.size(), Math::max);
        Set<Object> keys = new HashSet<>();
        for (WriteOp write : all) {
            keys.add(write.writeKey());
        }
        if (keys.size() != all.size()) {
            callsWithDuplicateKeys.incrementAndGet();
        }
        Map<WriteOp, WriteOutcome> outcomes = new HashMap<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int from = 0; from < all.size(); from += 25) {
            List<WriteOp> chunk = all.subList(from, Math.min(all.size(), from + 25));
            chain = chain.thenCompose(ignored -> send(chunk, 1, outcomes));
        }
        return chain.thenApply(ignored -> {
            synchronized (outcomes) {
                return new BatchWriteResult(all.stream().map(outcomes::get).toList(), requests.get());
            }
        });
    }

    private CompletableFuture<Void> send(List<WriteOp> chunk, int attempt, Map<WriteOp, WriteOutcome> outcomes) {
        Map<String, List<WriteRequest>> byTable = new LinkedHashMap<>();
        Map<WriteRequest, WriteOp> byRequest = new HashMap<>();
        for (WriteOp write : chunk) {
            WriteRequest request = write.toWriteRequest();
            byTable.computeIfAbsent(write.tableName(), t -> new ArrayList<>()).add(request);
            byRequest.put(request, write);
        }
        requests.incrementAndGet();
        itemWrites.addAndGet(chunk.size());
        return client.batchWriteItem(b -> b.requestItems(byTable)).handle((response, failure) -> {
            if (failure != null) {
                record(outcomes, chunk, write -> WriteOutcome.failed(write, failure, attempt));
                return CompletableFuture.<Void>completedFuture(null);
            }
            List<WriteOp> unprocessed = unprocessed(response, byRequest);
            List<WriteOp> done = new ArrayList<>(chunk);
            done.removeAll(unprocessed);
            record(outcomes, done, write -> WriteOutcome.persisted(write, attempt));
            if (unprocessed.isEmpty()) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (attempt >= MAX_ATTEMPTS) {
                record(outcomes, unprocessed, write -> WriteOutcome.failed(write,
                        new IllegalStateException("still unprocessed after " + attempt + " attempts"), attempt));
                return CompletableFuture.<Void>completedFuture(null);
            }
            long delayMillis = Duration.ofMillis(5).multipliedBy(1L << attempt).toMillis();
            return CompletableFuture.supplyAsync(() -> null,
                            CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> send(unprocessed, attempt + 1, outcomes));
        }).thenCompose(next -> next);
    }

    private static List<WriteOp> unprocessed(BatchWriteItemResponse response, Map<WriteRequest, WriteOp> byRequest) {
        List<WriteOp> unprocessed = new ArrayList<>();
        response.unprocessedItems().values().forEach(requests -> requests.forEach(request -> {
            WriteOp write = byRequest.get(request);
            if (write != null) {
                unprocessed.add(write);
            }
        }));
        return unprocessed;
    }

    private static void record(Map<WriteOp, WriteOutcome> outcomes, List<WriteOp> writes,
            java.util.function.Function<WriteOp, WriteOutcome> outcome) {
        synchronized (outcomes) {
            for (WriteOp write : writes) {
                outcomes.put(write, outcome.apply(write));
            }
        }
    }
}
