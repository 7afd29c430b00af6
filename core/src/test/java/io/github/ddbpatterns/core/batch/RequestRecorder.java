package io.github.ddbpatterns.core.batch;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;

/**
 * Records every batch request exactly as the SDK sends it, to check which writes shared a call — what the
 * throttling proxy's counters cannot show. UnprocessedItems and throttling come from {@code ThrottlingProxy}.
 */
final class RequestRecorder implements ExecutionInterceptor {

    final List<BatchWriteItemRequest> writes = new CopyOnWriteArrayList<>();
    final List<BatchGetItemRequest> reads = new CopyOnWriteArrayList<>();

    @Override
    public void afterMarshalling(Context.AfterMarshalling context, ExecutionAttributes attributes) {
        if (context.request() instanceof BatchWriteItemRequest write) {
            writes.add(write);
        } else if (context.request() instanceof BatchGetItemRequest read) {
            reads.add(read);
        }
    }
}
