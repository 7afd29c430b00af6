package io.github.ddbpatterns.examples.demo;

import io.github.ddbpatterns.capacity.ConsumedCapacityRecorder;
import io.github.ddbpatterns.capacity.RecordedTraffic;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * {@link RequestStats} counted on the client side against a real endpoint: every attempt sent, every call that ended
 * in a throttling error, and the units DynamoDB reported (asked for on every request by a
 * {@link ConsumedCapacityRecorder}). Add {@link #interceptors()} to every client the scenario measures.
 */
final class EndpointRequestStats implements RequestStats {

    private final ConsumedCapacityRecorder recorder =
            ConsumedCapacityRecorder.builder().sampleRate(1.0).build();
    private final Map<String, LongAdder> attempts = new ConcurrentHashMap<>();
    private final LongAdder throttled = new LongAdder();
    private final ExecutionInterceptor counter = new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            attempts.computeIfAbsent(operation, o -> new LongAdder()).increment();
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            if (DynamoDbErrors.isThrottle(context.exception())) {
                throttled.increment();
            }
        }
    };

    /**
     * The interceptors to add to a measured client: the request counter and the capacity recorder.
     *
     * @return the interceptors
     */
    List<ExecutionInterceptor> interceptors() {
        return List.of(counter, recorder);
    }

    @Override
    public long requests(String operation) {
        LongAdder count = attempts.get(operation);
        return count == null ? 0 : count.sum();
    }

    @Override
    public long requests() {
        return attempts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    @Override
    public long throttled() {
        return throttled.sum();
    }

    @Override
    public double readUnits(String scope) {
        return totals(scope).readUnits();
    }

    @Override
    public double writeUnits(String scope) {
        return totals(scope).writeUnits();
    }

    /** The recorder's totals of a table, or of an index for {@code table/index}. */
    private RecordedTraffic totals(String scope) {
        int slash = scope.indexOf('/');
        return slash < 0
                ? recorder.totals(scope)
                : recorder.totals(scope.substring(0, slash), scope.substring(slash + 1));
    }

    @Override
    public void reset() {
        attempts.clear();
        throttled.reset();
        recorder.clear();
    }
}
