package io.github.ddbpatterns.core.batch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.nio.ByteBuffer;

import org.reactivestreams.Publisher;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * SDK interceptors that make DynamoDB Local behave like a loaded service while real HTTP still happens. They
 * stand in for the throttling proxy of the {@code testing} module until it is available.
 */
final class Interceptors {

    private Interceptors() {
    }

    /** Records every batch request as sent (after our interceptors changed it). */
    static final class Recorder implements ExecutionInterceptor {
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

    /**
     * Withholds every second write / key of the first {@code calls} batch calls (at least one is always sent)
     * and returns them in {@code UnprocessedItems} / {@code UnprocessedKeys}, as DynamoDB does when a partition
     * is over capacity. Withheld items are really not written.
     */
    static final class Unprocessed implements ExecutionInterceptor {
        private static final ExecutionAttribute<Object> WITHHELD = new ExecutionAttribute<>("withheld");
        private final AtomicInteger remaining;
        final AtomicInteger withheld = new AtomicInteger();

        Unprocessed(int calls) {
            this.remaining = new AtomicInteger(calls);
        }

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (context.request() instanceof BatchWriteItemRequest write && remaining.getAndDecrement() > 0) {
                Map<String, List<WriteRequest>> kept = new LinkedHashMap<>();
                Map<String, List<WriteRequest>> held = new HashMap<>();
                int index = 0;
                for (Map.Entry<String, List<WriteRequest>> table : write.requestItems().entrySet()) {
                    for (WriteRequest request : table.getValue()) {
                        boolean hold = index++ % 2 == 1;
                        (hold ? held : kept).computeIfAbsent(table.getKey(), t -> new ArrayList<>()).add(request);
                    }
                }
                if (held.isEmpty()) {
                    return write;
                }
                held.values().forEach(list -> withheld.addAndGet(list.size()));
                attributes.putAttribute(WITHHELD, held);
                return write.toBuilder().requestItems(kept).build();
            }
            if (context.request() instanceof BatchGetItemRequest read && remaining.getAndDecrement() > 0) {
                Map<String, KeysAndAttributes> kept = new LinkedHashMap<>();
                Map<String, KeysAndAttributes> held = new HashMap<>();
                int index = 0;
                for (Map.Entry<String, KeysAndAttributes> table : read.requestItems().entrySet()) {
                    List<Map<String, AttributeValue>> keep = new ArrayList<>();
                    List<Map<String, AttributeValue>> hold = new ArrayList<>();
                    for (Map<String, AttributeValue> key : table.getValue().keys()) {
                        (index++ % 2 == 1 ? hold : keep).add(key);
                    }
                    if (!keep.isEmpty()) {
                        kept.put(table.getKey(), table.getValue().toBuilder().keys(keep).build());
                    }
                    if (!hold.isEmpty()) {
                        held.put(table.getKey(), table.getValue().toBuilder().keys(hold).build());
                        withheld.addAndGet(hold.size());
                    }
                }
                if (held.isEmpty()) {
                    return read;
                }
                attributes.putAttribute(WITHHELD, held);
                return read.toBuilder().requestItems(kept).build();
            }
            return context.request();
        }

        @Override
        @SuppressWarnings("unchecked")
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            Object held = attributes.getAttribute(WITHHELD);
            if (held == null) {
                return context.response();
            }
            if (context.response() instanceof BatchWriteItemResponse write) {
                Map<String, List<WriteRequest>> unprocessed = new HashMap<>(write.unprocessedItems());
                ((Map<String, List<WriteRequest>>) held).forEach((table, list) -> unprocessed.merge(table, list,
                        (a, b) -> { List<WriteRequest> all = new ArrayList<>(a); all.addAll(b); return all; }));
                return write.toBuilder().unprocessedItems(unprocessed).build();
            }
            if (context.response() instanceof BatchGetItemResponse read) {
                Map<String, KeysAndAttributes> unprocessed = new HashMap<>(read.unprocessedKeys());
                unprocessed.putAll((Map<String, KeysAndAttributes>) held);
                return read.toBuilder().unprocessedKeys(unprocessed).build();
            }
            return context.response();
        }
    }

    /**
     * Replaces the HTTP response of the first {@code calls} requests with DynamoDB's throttling error (HTTP 400,
     * {@code ProvisionedThroughputExceededException}). The request itself did reach DynamoDB Local.
     */
    static final class Throttle implements ExecutionInterceptor {
        private static final ExecutionAttribute<Boolean> THROTTLED = new ExecutionAttribute<>("throttled");
        private static final String BODY = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
                + "ProvisionedThroughputExceededException\",\"message\":\"injected by the test\"}";
        private final AtomicInteger remaining;

        Throttle(int calls) {
            this.remaining = new AtomicInteger(calls);
        }

        @Override
        public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            if (remaining.getAndDecrement() <= 0) {
                return context.httpResponse();
            }
            attributes.putAttribute(THROTTLED, true);
            return context.httpResponse().toBuilder().statusCode(400).statusText("Bad Request")
                    .removeHeader("x-amz-crc32")
                    .putHeader("Content-Length", String.valueOf(BODY.getBytes(StandardCharsets.UTF_8).length))
                    .build();
        }

        @Override
        public Optional<Publisher<ByteBuffer>> modifyAsyncHttpResponseContent(Context.ModifyHttpResponse context,
                ExecutionAttributes attributes) {
            if (Boolean.TRUE.equals(attributes.getAttribute(THROTTLED))) {
                return Optional.of(AsyncRequestBody.fromString(BODY));
            }
            return context.responsePublisher();
        }
    }
}
