package io.github.ddbpatterns.timeseries;

import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;

/** Test fixture: proxies in front of the shared DynamoDB Local that count requests and inject faults. */
final class TestProxies {

    /** Capacity no test load exhausts, so only the injected faults throttle. */
    private static final long AMPLE_UNITS = 1_000_000_000L;

    private TestProxies() {}

    /** A started proxy with ample capacity and {@code faults}. */
    static ThrottlingProxy start(DynamoDbLocal local, FaultPlan... faults) {
        return ThrottlingProxy.builder()
                .target(local.endpoint())
                .writeCapacityPerPartition(AMPLE_UNITS)
                .readCapacityPerPartition(AMPLE_UNITS)
                .faults(faults)
                .build()
                .start();
    }

    /** A policy of {@code maxAttempts} attempts with short waits, so retry tests stay fast. */
    static ResiliencePolicy fastPolicy(int maxAttempts) {
        return ResiliencePolicy.builder()
                .maxAttempts(maxAttempts)
                .backoff(Duration.ofMillis(2), Duration.ofMillis(50))
                .build();
    }
}
