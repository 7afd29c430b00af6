package io.github.ddbpatterns.core.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;

/**
 * Test-only client: records every BatchWriteItem request in the thread that sends it, before handing it to the
 * real client, so a test knows which calls were started when a step of its own returns.
 */
final class CallRecordingClient implements DynamoDbAsyncClient {

    private final DynamoDbAsyncClient delegate;
    private final List<BatchWriteItemRequest> calls = new ArrayList<>();

    CallRecordingClient(DynamoDbAsyncClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<BatchWriteItemResponse> batchWriteItem(BatchWriteItemRequest request) {
        synchronized (this) {
            calls.add(request);
        }
        return delegate.batchWriteItem(request);
    }

    /** The BatchWriteItem requests started so far, in order. */
    synchronized List<BatchWriteItemRequest> calls() {
        return List.copyOf(calls);
    }

    /** How many writes each request started so far carried, in order. */
    synchronized List<Integer> writesPerCall() {
        return calls.stream()
                .map(r ->
                        r.requestItems().values().stream().mapToInt(List::size).sum())
                .toList();
    }

    @Override
    public DynamoDbServiceClientConfiguration serviceClientConfiguration() {
        return delegate.serviceClientConfiguration();
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    /** Leaves the real client open: it belongs to the test. */
    @Override
    public void close() {}
}
