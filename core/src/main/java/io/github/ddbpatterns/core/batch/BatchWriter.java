package io.github.ddbpatterns.core.batch;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.core.resilience.SdkRetryAlignment;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * Writes any number of puts and deletes through BatchWriteItem and loses none of them.
 *
 * <p>Contract (implemented by the builder's product, see {@link #builder()}):
 * <ul>
 *   <li>splits into calls of at most 25 writes and 16 MB, never two writes for the same {@link WriteKey} in
 *       one call (a later write for a key goes into a later call, so order per key is kept);</li>
 *   <li>resends {@code UnprocessedItems} with exponential backoff and jitter until done or attempts are
 *       exhausted; throttling and 5xx on the whole call are retried by the same policy;</li>
 *   <li>the returned future always completes normally with one {@link WriteOutcome} per input write, in
 *       input order: persisted, or failed with the cause. Nothing is dropped silently.</li>
 * </ul>
 *
 * <pre>{@code
 * BatchWriter writer = BatchWriter.builder()
 *     .client(SdkRetryAlignment.configure(DynamoDbAsyncClient.builder()).build())
 *     .policy(ResiliencePolicy.ofDefaults())
 *     .maxConcurrentRequests(8)
 *     .meterRegistry(registry)
 *     .build();
 * BatchWriteResult result = writer.write(List.of(
 *         WriteOp.put(ordersTable, order),
 *         WriteOp.delete("carts", Map.of("userId", AttributeValue.fromS("u-1"))))).join();
 * result.failed().forEach(o -> log.warn("not written: {}", o.write(), o.failure()));
 * }</pre>
 */
public interface BatchWriter {

    /**
     * Writes all {@code writes}. Never completes exceptionally because of a failed write: look at
     * {@link BatchWriteResult#failed()}.
     *
     * @throws io.github.ddbpatterns.core.InvalidInputException if {@code writes} or an element is null
     */
    CompletableFuture<BatchWriteResult> write(Collection<WriteOp> writes);

    /** A builder of the standard BatchWriter over the low-level async client. */
    static Builder builder() {
        return new Builder();
    }

    /** Builder of the standard {@link BatchWriter}; every setter checks its argument at once. */
    final class Builder {

        @Nullable
        DynamoDbAsyncClient client;

        ResiliencePolicy policy = ResiliencePolicy.ofDefaults();
        int maxConcurrentRequests = 8;
        int maxUnprocessedAttempts;

        @Nullable
        MeterRegistry meterRegistry;

        @Nullable
        ScheduledExecutorService scheduler;

        long maxRequestBytes = RequestSizeEstimate.MAX_REQUEST_BYTES;

        Builder() {}

        /**
         * The low-level async client (the Enhanced client's batchWriteItem does not retry UnprocessedItems).
         * Configure it with {@link SdkRetryAlignment} so the SDK's retries do not multiply the policy's.
         *
         * @throws InvalidInputException if null
         */
        public Builder client(DynamoDbAsyncClient client) {
            this.client = Checks.notNull("client", client);
            return this;
        }

        /**
         * Retries whole calls that were throttled or failed with 5xx; its backoff also paces UnprocessedItems
         * resends (default {@link ResiliencePolicy#ofDefaults()}).
         *
         * @throws InvalidInputException if null
         */
        public Builder policy(ResiliencePolicy policy) {
            this.policy = Checks.notNull("policy", policy);
            return this;
        }

        /**
         * Most BatchWriteItem calls in flight at once, across all {@code write} calls (default 8). Keep it
         * below the HTTP client's {@code maxConcurrency} (Netty's default is 50).
         *
         * @throws InvalidInputException if not in [1, 1000]
         */
        public Builder maxConcurrentRequests(int maxConcurrentRequests) {
            this.maxConcurrentRequests = Checks.inRange("maxConcurrentRequests", maxConcurrentRequests, 1, 1000);
            return this;
        }

        /**
         * How many calls may carry a write that keeps coming back unprocessed before it is reported failed
         * with {@link UnprocessedException} (default: the policy's {@code maxAttempts}).
         *
         * @throws InvalidInputException if not in [1, 100]
         */
        public Builder maxUnprocessedAttempts(int maxUnprocessedAttempts) {
            this.maxUnprocessedAttempts = Checks.inRange("maxUnprocessedAttempts", maxUnprocessedAttempts, 1, 100);
            return this;
        }

        /**
         * Where the {@code ddb.patterns.batch.*} meters go (default: none).
         *
         * @throws InvalidInputException if null
         */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = Checks.notNull("meterRegistry", meterRegistry);
            return this;
        }

        /**
         * Where waits between UnprocessedItems resends are scheduled (default: the policy's scheduler).
         *
         * @throws InvalidInputException if null
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Checks.notNull("scheduler", scheduler);
            return this;
        }

        /** Lowers the request size limit (16 MB) — for tests of the size split. */
        Builder maxRequestBytes(long maxRequestBytes) {
            this.maxRequestBytes = Checks.positive("maxRequestBytes", maxRequestBytes);
            return this;
        }

        /**
         * Builds the writer.
         *
         * @throws InvalidInputException if no client was given
         */
        public BatchWriter build() {
            Checks.notNull("client", client);
            return new DefaultBatchWriter(this);
        }
    }
}
