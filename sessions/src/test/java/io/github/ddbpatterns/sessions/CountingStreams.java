package io.github.ddbpatterns.sessions;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsResponse;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsAsyncClient;

/** One instance's Streams client, counting the requests it sends (who reads the stream, and how much). */
final class CountingStreams implements DynamoDbStreamsAsyncClient {

    private final DynamoDbStreamsAsyncClient delegate;
    final AtomicLong getRecords = new AtomicLong();
    final AtomicLong getShardIterator = new AtomicLong();
    final AtomicLong describeStream = new AtomicLong();

    CountingStreams(DynamoDbStreamsAsyncClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<GetRecordsResponse> getRecords(GetRecordsRequest request) {
        getRecords.incrementAndGet();
        return delegate.getRecords(request);
    }

    @Override
    public CompletableFuture<GetShardIteratorResponse> getShardIterator(GetShardIteratorRequest request) {
        getShardIterator.incrementAndGet();
        return delegate.getShardIterator(request);
    }

    @Override
    public CompletableFuture<DescribeStreamResponse> describeStream(DescribeStreamRequest request) {
        describeStream.incrementAndGet();
        return delegate.describeStream(request);
    }

    @Override
    public CompletableFuture<ListStreamsResponse> listStreams(ListStreamsRequest request) {
        return delegate.listStreams(request);
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
