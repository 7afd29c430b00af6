package io.github.ddbpatterns.core.resilience;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters of a {@link ResiliencePolicy}, tagged {@code operation} (e.g. {@code BatchWriteItem}) and
 * {@code result} ({@code success|throttled|failed}, the final outcome of the call):
 * <ul>
 *   <li>{@code ddb.patterns.resilience.calls}: decorated calls;</li>
 *   <li>{@code ddb.patterns.resilience.retries}: attempts after the first;</li>
 *   <li>{@code ddb.patterns.resilience.throttles}: attempts the service (or our limiter) throttled;</li>
 *   <li>{@code ddb.patterns.index.throttles} (tagged {@code operation} and {@code index}, {@code unnamed} when the
 *       service did not say which): attempts throttled by a secondary index's back-pressure, see {@link
 *       DynamoDbErrors#indexBackPressure}.</li>
 * </ul>
 */
final class ResilienceMetrics {

    static final String CALLS = "ddb.patterns.resilience.calls";
    static final String RETRIES = "ddb.patterns.resilience.retries";
    static final String THROTTLES = "ddb.patterns.resilience.throttles";
    static final String INDEX_THROTTLES = "ddb.patterns.index.throttles";

    private final MeterRegistry registry;

    ResilienceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String operation, String result, int attempts, int throttles) {
        counter(CALLS, "decorated calls", operation, result).increment();
        if (attempts > 1) {
            counter(RETRIES, "attempts after the first", operation, result).increment(attempts - 1);
        }
        if (throttles > 0) {
            counter(THROTTLES, "throttled attempts", operation, result).increment(throttles);
        }
    }

    void indexThrottle(String operation, IndexBackPressure backPressure) {
        Counter.builder(INDEX_THROTTLES)
                .description("attempts throttled by a secondary index's back-pressure")
                .tag("operation", operation)
                .tag("index", backPressure.indexTag())
                .register(registry)
                .increment();
    }

    private Counter counter(String name, String description, String operation, String result) {
        return Counter.builder(name)
                .description(description)
                .tag("operation", operation)
                .tag("result", result)
                .register(registry);
    }
}
