package io.github.ddbpatterns.examples.readme;

import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.core.fanout.CursorCodec;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.core.resilience.SdkRetryAlignment;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/** The README's "one shared object" section: every shared setting, given once. */
public final class SharedSetup {

    private SharedSetup() {}

    /**
     * Builds the entry point as the README shows.
     *
     * @param cursorSecret the secret every instance shares (at least 16 bytes)
     * @param meterRegistry where the meters go
     * @return the entry point (the caller closes its client)
     */
    public static DdbPatterns build(byte[] cursorSecret, MeterRegistry meterRegistry) {
        // tag::setup[]
        DynamoDbAsyncClient dynamoDb = SdkRetryAlignment.configure(DynamoDbAsyncClient.builder())
                .build(); // one SDK attempt per call: the policy below owns retries
        DdbPatterns ddb = DdbPatterns.builder()
                .dynamoDbClient(dynamoDb)
                .resilience(ResiliencePolicy.builder() // every request, at most 6 attempts in all
                        .maxAttempts(6)
                        .backoff(Duration.ofMillis(25), Duration.ofSeconds(2))
                        .build())
                .cursorCodec(CursorCodec.withKey(cursorSecret)) // the same secret on every instance
                .meterRegistry(meterRegistry) // ddb.patterns.* meters
                .clock(Clock.systemUTC())
                .build();
        // end::setup[]
        return ddb;
    }
}
