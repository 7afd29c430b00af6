package io.github.ddbpatterns.core.batch;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.SharedSettings;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * Reads any number of items by primary key through BatchGetItem: calls of at most 100 keys, resends of
 * {@code UnprocessedKeys} with backoff, and a per-key answer (found, missing, or failed with the cause).
 *
 * <p>Duplicate keys in the input are read once. The future never completes exceptionally because of a failed
 * key: look at {@link BatchGetResult#failures()}.
 *
 * <pre>{@code
 * BatchReader reader = BatchReader.builder().dynamoDbClient(asyncClient).consistentRead(true).build(); // or context.batchReader()
 * WriteKey key = new WriteKey("orders", Map.of("orderId", AttributeValue.fromS("o-1")));
 * BatchGetResult result = reader.read(List.of(key)).join();
 * result.item(key).ifPresent(item -> ...);
 * }</pre>
 *
 * <p>Keys are matched to returned items by their attribute values; a number key written as {@code "1.0"}
 * comes back as {@code "1"}: pass numbers in DynamoDB's canonical form.
 */
public interface BatchReader {

    /**
     * Reads the items stored under {@code keys} (table + primary key each).
     *
     * @throws InvalidInputException if {@code keys} or an element is null
     */
    CompletableFuture<BatchGetResult> read(Collection<WriteKey> keys);

    /**
     * A builder of the standard BatchReader; {@code dynamoDbClient} is required.
     *
     * @return the builder
     */
    static Builder builder() {
        return new Builder(null);
    }

    /**
     * A builder of the standard BatchReader with the client, policy and registry of {@code context}.
     *
     * @param context the shared settings
     * @return the builder
     * @throws io.github.ddbpatterns.core.InvalidInputException if {@code context} is null
     */
    static Builder builder(PatternsContext context) {
        return new Builder(Checks.notNull("context", context));
    }

    /** Builder of the standard {@link BatchReader}; every setter checks its argument at once. */
    final class Builder extends SharedSettings<Builder> {

        @Nullable
        DynamoDbAsyncClient client;

        ResiliencePolicy policy = ResiliencePolicy.ofDefaults();
        int maxConcurrentRequests = 8;
        int maxUnprocessedAttempts;
        boolean consistentRead;

        @Nullable
        MeterRegistry meterRegistry;

        @Nullable
        ScheduledExecutorService scheduler;

        Builder(@Nullable PatternsContext base) {
            super(base);
        }

        /**
         * Most BatchGetItem calls in flight at once, across all reads (default 8).
         *
         * @throws InvalidInputException if not in [1, 1000]
         */
        public Builder maxConcurrentRequests(int maxConcurrentRequests) {
            this.maxConcurrentRequests = Checks.inRange("maxConcurrentRequests", maxConcurrentRequests, 1, 1000);
            return this;
        }

        /**
         * How many calls may carry a key that keeps coming back unprocessed before it is reported failed
         * (default: the policy's {@code maxAttempts}).
         *
         * @throws InvalidInputException if not in [1, 100]
         */
        public Builder maxUnprocessedAttempts(int maxUnprocessedAttempts) {
            this.maxUnprocessedAttempts = Checks.inRange("maxUnprocessedAttempts", maxUnprocessedAttempts, 1, 100);
            return this;
        }

        /** Strongly consistent reads (twice the read capacity); default eventually consistent. */
        public Builder consistentRead(boolean consistentRead) {
            this.consistentRead = consistentRead;
            return this;
        }

        /**
         * Where waits between UnprocessedKeys resends are scheduled (default: the policy's scheduler).
         *
         * @throws InvalidInputException if null
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Checks.notNull("scheduler", scheduler);
            return this;
        }

        /**
         * Builds the reader.
         *
         * @throws InvalidInputException if no client was given
         */
        public BatchReader build() {
            PatternsContext context = context();
            client = context.singleAttemptClient();
            policy = context.resilience();
            meterRegistry = context.meterRegistry();
            return new DefaultBatchReader(this);
        }
    }
}
