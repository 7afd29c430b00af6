package io.github.ddbpatterns.core.buffer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Test-only view of a real async client (not a fake: every request goes to it) that watches the BatchWriteItem
 * requests a buffer's own BatchWriter sends, by the {@code id} of their items: how many requests carried an id, a
 * future for "sent N times", which versions DynamoDB wrote (landed), and how often a request carried an id that a request still in flight carried too
 * (two writes of one key in flight at once, which the buffer must never allow).
 */
final class WatchedClient implements DynamoDbAsyncClient {

    private final DynamoDbAsyncClient delegate;
    private final Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final Map<String, Set<Integer>> landed = new ConcurrentHashMap<>();

    private record Watch(String id, int times, CompletableFuture<Void> reached) {}

    WatchedClient(DynamoDbAsyncClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<BatchWriteItemResponse> batchWriteItem(BatchWriteItemRequest request) {
        Set<String> ids = new HashSet<>();
        for (List<WriteRequest> writes : request.requestItems().values()) {
            for (WriteRequest write : writes) {
                ids.add(
                        write.putRequest() != null
                                ? write.putRequest().item().get("id").s()
                                : write.deleteRequest().key().get("id").s());
            }
        }
        for (String id : ids) {
            if (!inFlight.add(id)) {
                overlaps.incrementAndGet();
            }
        }
        CompletableFuture<BatchWriteItemResponse> response = delegate.batchWriteItem(request);
        return response.whenComplete((r, e) -> {
            if (r != null) {
                recordLanded(request, r);
            }
            inFlight.removeAll(ids);
            List<Watch> reached = new ArrayList<>();
            for (String id : ids) {
                int count = sends.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                for (Watch watch : watches) {
                    if (watch.id.equals(id) && count >= watch.times) {
                        reached.add(watch);
                    }
                }
            }
            reached.forEach(watch -> watch.reached.complete(null));
        });
    }

    /** The puts of a successful request that its response does not list as unprocessed. */
    private void recordLanded(BatchWriteItemRequest request, BatchWriteItemResponse response) {
        Set<String> unprocessed = new HashSet<>();
        if (response.hasUnprocessedItems()) {
            response.unprocessedItems()
                    .values()
                    .forEach(writes -> writes.stream()
                            .filter(w -> w.putRequest() != null)
                            .forEach(w -> unprocessed.add(
                                    w.putRequest().item().get("id").s())));
        }
        for (List<WriteRequest> writes : request.requestItems().values()) {
            for (WriteRequest write : writes) {
                if (write.putRequest() != null) {
                    Map<String, AttributeValue> item = write.putRequest().item();
                    String id = item.get("id").s();
                    if (!unprocessed.contains(id) && item.containsKey("version")) {
                        landed.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet())
                                .add(Integer.parseInt(item.get("version").n()));
                    }
                }
            }
        }
    }

    /** The versions of {@code id} that a put written by DynamoDB carried (not throttled, not unprocessed). */
    Set<Integer> landed(String id) {
        return Set.copyOf(landed.getOrDefault(id, Set.of()));
    }

    /** Requests that carried {@code id} and were answered. */
    int sends(String id) {
        AtomicInteger count = sends.get(id);
        return count == null ? 0 : count.get();
    }

    /** Completes once {@code more} further requests carrying {@code id} were answered, counted from now. */
    CompletableFuture<Void> sentAgain(String id, int more) {
        Watch watch = new Watch(id, sends(id) + more, new CompletableFuture<>());
        watches.add(watch);
        if (sends(id) >= watch.times) {
            watch.reached.complete(null);
        }
        return watch.reached;
    }

    /** Requests that carried an id while another request carrying it was in flight. */
    int overlaps() {
        return overlaps.get();
    }

    @Override
    public DynamoDbServiceClientConfiguration serviceClientConfiguration() {
        return delegate.serviceClientConfiguration();
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
        // the delegate belongs to the test fixture
    }
}
