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
 * Writes any number of puts and deletes through BatchWriteItem and loses none of them.
 *
 * <p>Contract (implemented by the builder's product, see {@link #builder()}):
 * <ul>
 *   <li>splits into calls of at most 25 writes and 16 MB, never two writes for the same {@link WriteKey} in
 *       one call (a later write for a key goes into a later call, so order per key is kept);</li>
 *   <li>resends {@code UnprocessedItems} with exponential backoff and jitter until done or attempts are
 *       exhausted, those of all calls of one {@code write} pooled into full calls (each write waits at least its
 *       backoff); throttling and 5xx on the whole call are retried by the same policy;</li>
 *   <li>fails at once, without sending it, a write DynamoDB would refuse: an item over 400 KB or an attribute
 *       without a type ({@link io.github.ddbpatterns.core.InvalidInputException}; key values that are empty,
 *       too long, of a non-key type or not well-formed are refused earlier, when the {@link WriteOp} is made); a
 *       write that makes
 *       DynamoDB refuse its whole call otherwise (a {@code ValidationException}, e.g. a key value of the wrong
 *       type) is isolated by halving the call until it is alone, 9 to 11 calls for a call of 25, and fails with
 *       that exception while the others are written;</li>
 *   <li>the returned future always completes normally with one {@link WriteOutcome} per input write, in
 *       input order: persisted, or failed with the cause. Nothing is dropped silently.</li>
 * </ul>
 *
 * <pre>{@code
 * BatchWriter writer = BatchWriter.builder()
 *     .dynamoDbClient(SdkRetryAlignment.configure(DynamoDbAsyncClient.builder()).build())
 *     .resilience(ResiliencePolicy.ofDefaults())
 *     .maxConcurrentRequests(8)
 *     .meterRegistry(registry)
 *     .build();                                      // or context.batchWriter().build()
 * BatchWriteResult result = writer.write(List.of(
 *         WriteOp.put(ordersTable, order),
 *         WriteOp.delete("carts", Map.of("userId", AttributeValue.fromS("u-1"))))).join();
 * result.failed().forEach(f -> log.warn("not written: {}", f.write(), f.cause()));
 * }</pre>
 *
 * <p>Each call runs through the {@link ResiliencePolicy} once (throttles and 5xx retried with backoff, with one SDK
 * attempt per policy attempt), and the policy's backoff paces the resends of {@code UnprocessedItems}.
 */
public interface BatchWriter {

    /**
     * Writes all {@code writes}. Never completes exceptionally because of a failed write: look at
     * {@link BatchWriteResult#failed()}.
     *
     * @throws io.github.ddbpatterns.core.InvalidInputException if {@code writes} or an element is null
     */
    CompletableFuture<BatchWriteResult> write(Collection<WriteOp> writes);

    /**
     * A builder of the standard BatchWriter; {@code dynamoDbClient} is required.
     *
     * @return the builder
     */
    static Builder builder() {
        return new Builder(null);
    }

    /**
     * A builder of the standard BatchWriter with the client, policy and registry of {@code context}.
     *
     * @param context the shared settings
     * @return the builder
     * @throws io.github.ddbpatterns.core.InvalidInputException if {@code context} is null
     */
    static Builder builder(PatternsContext context) {
        return new Builder(Checks.notNull("context", context));
    }

    /** Builder of the standard {@link BatchWriter}; every setter checks its argument at once. */
    final class Builder extends SharedSettings<Builder> {

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

        Builder(@Nullable PatternsContext base) {
            super(base);
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
            PatternsContext context = context();
            client = context.singleAttemptClient();
            policy = context.resilience();
            meterRegistry = context.meterRegistry();
            return new DefaultBatchWriter(this);
        }
    }
}
