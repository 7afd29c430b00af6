package io.github.ddbpatterns.core.resilience;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.internal.DecoratedClients;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * How ddb-patterns survives throttling and transient failures: an immutable composition of a Resilience4j
 * {@link Retry}, an optional {@link CircuitBreaker} and an optional {@link AdaptiveRateLimiter}, applied to
 * asynchronous calls without ever blocking a thread.
 *
 * <p>Each attempt goes through, from the outside in: retry → circuit breaker → rate limiter → the call
 * (Resilience4j's recommended order). Defaults ({@link #ofDefaults()}): at most {@value #DEFAULT_MAX_ATTEMPTS}
 * attempts in total, {@link FullJitterBackoff} from {@code 50 ms} doubling to {@code 5 s}, retrying only
 * {@link ErrorClass#THROTTLED} and {@link ErrorClass#RETRYABLE_SERVER} (see {@link DynamoDbErrors}); no circuit
 * breaker; no rate limiter; backoff waits on a shared pool of two daemon threads; no metrics.
 *
 * <p><b>Two layers of retries.</b> The SDK's DynamoDB client already retries (up to 9 attempts by default); around
 * it, a policy of 8 attempts could send 72 requests. Calls made through {@link #decorate a decorated client} (every
 * ddb-patterns component uses one) make one SDK attempt per policy attempt, so {@link #maxAttempts()} is the real
 * total. Build the client with {@link SdkRetryAlignment#configure} to get that for free; otherwise each request
 * carries a per-request override that costs some CPU. Calls you wrap yourself with {@link #execute} are on your
 * client as it is: align it.
 *
 * <p><b>Circuit breaker.</b> When given, it records only {@link ErrorClass#RETRYABLE_SERVER} failures as
 * failures; throttles are ignored (neither success nor failure: throttling means "slow down", which the retry
 * backoff and the adaptive limiter do, not "the service is down"), and client errors count as successes (the
 * service answered). Build one with {@link #circuitBreakerConfig()} to get exactly this; a breaker built from
 * another config is used as it is. An open breaker fails calls with {@code CallNotPermittedException}, which
 * is not retried.
 *
 * <pre>{@code
 * ResiliencePolicy policy = ResiliencePolicy.builder()
 *     .maxAttempts(6)
 *     .backoff(Duration.ofMillis(25), Duration.ofSeconds(2))
 *     .circuitBreaker(CircuitBreaker.of("ddb", ResiliencePolicy.circuitBreakerConfig()))
 *     .rateLimiter(RateLimiter.of("ddb", RateLimiterConfig.custom().limitForPeriod(1000).build()))
 *     .meterRegistry(registry)
 *     .build();
 * CompletableFuture<PutItemResponse> put = policy.execute("PutItem", () -> client.putItem(request));
 * }</pre>
 */
public final class ResiliencePolicy {

    /** Total attempts (first call included) of the default retry. */
    public static final int DEFAULT_MAX_ATTEMPTS = 8;
    /** First backoff ceiling of the default retry. */
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(50);
    /** Largest backoff ceiling of the default retry. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(5);

    private static final String DEFAULT_NAME = "ddb-patterns";
    private static final String UNNAMED_OPERATION = "call";

    private final String name;
    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final @Nullable Retry userRetry;
    private final Retry retry;
    private final Retry throttlesOnly;
    private final @Nullable CircuitBreaker circuitBreaker;
    private final @Nullable AdaptiveRateLimiter rateLimiter;
    private final @Nullable ScheduledExecutorService userScheduler;
    private final ScheduledExecutorService scheduler;
    private final @Nullable MeterRegistry userRegistry;
    private final MeterRegistry meterRegistry;
    private final ResilienceMetrics metrics;

    private ResiliencePolicy(Builder b) {
        this.name = b.name;
        this.userRetry = b.retry;
        if (b.retry != null) {
            this.retry = b.retry;
            this.maxAttempts = b.retry.getRetryConfig().getMaxAttempts();
        } else {
            this.retry = Retry.of(b.name, retryConfig(b.maxAttempts, b.baseDelay, b.maxDelay));
            this.maxAttempts = b.maxAttempts;
        }
        this.throttlesOnly = Retry.of(
                retry.getName() + "-throttles",
                RetryConfig.from(retry.getRetryConfig())
                        .retryOnException(DynamoDbErrors::isThrottle)
                        .build());
        this.baseDelay = b.baseDelay;
        this.maxDelay = b.maxDelay;
        this.circuitBreaker = b.circuitBreaker;
        this.rateLimiter = b.rateLimiter;
        this.userScheduler = b.scheduler;
        this.scheduler = b.scheduler != null ? b.scheduler : SharedScheduler.get();
        this.userRegistry = b.meterRegistry;
        this.meterRegistry = b.meterRegistry != null ? b.meterRegistry : new CompositeMeterRegistry();
        this.metrics = new ResilienceMetrics(meterRegistry);
    }

    /** The default policy (see the class comment). */
    public static ResiliencePolicy ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this policy's settings and instances (the same Retry/CircuitBreaker/limiter objects). */
    public Builder toBuilder() {
        Builder b =
                new Builder().name(name).maxAttempts(Math.max(1, maxAttempts)).backoff(baseDelay, maxDelay);
        b.retry = userRetry;
        b.circuitBreaker = circuitBreaker;
        b.rateLimiter = rateLimiter;
        b.scheduler = userScheduler;
        b.meterRegistry = userRegistry;
        return b;
    }

    /**
     * The retry configuration ddb-patterns uses: {@code maxAttempts} in total, {@link FullJitterBackoff}
     * between {@code baseDelay} and {@code maxDelay}, retrying only what {@link DynamoDbErrors#isRetryable}
     * accepts. Useful to build your own {@link Retry} (e.g. to register it in a {@code RetryRegistry}).
     *
     * @throws InvalidInputException if {@code maxAttempts < 1} or the delays are negative or reversed
     */
    public static RetryConfig retryConfig(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        Checks.positive("maxAttempts", maxAttempts);
        return RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(FullJitterBackoff.of(baseDelay, maxDelay))
                .retryOnException(DynamoDbErrors::isRetryable)
                .build();
    }

    /**
     * The circuit breaker configuration described in the class comment: failures are
     * {@link ErrorClass#RETRYABLE_SERVER} errors only, throttles are ignored; other settings are
     * Resilience4j's defaults.
     */
    public static CircuitBreakerConfig circuitBreakerConfig() {
        return CircuitBreakerConfig.custom()
                .recordException(e -> DynamoDbErrors.classify(e) == ErrorClass.RETRYABLE_SERVER)
                .ignoreException(DynamoDbErrors::isThrottle)
                .build();
    }

    /** Decorates one asynchronous call, reported in metrics as operation {@code call}. */
    public <T> CompletableFuture<T> execute(Supplier<? extends CompletionStage<T>> call) {
        return execute(UNNAMED_OPERATION, call);
    }

    /**
     * Runs {@code call} (which must start a new request each time it is invoked) with retries, circuit
     * breaker and rate limit. The result completes with the first success, or with the last failure once the
     * failure is not retryable or the attempts are exhausted. Waits are scheduled, never slept.
     *
     * @param operation low-cardinality metric tag, e.g. {@code "BatchWriteItem"}
     * @throws InvalidInputException if {@code operation} is empty or {@code call} is null
     */
    public <T> CompletableFuture<T> execute(String operation, Supplier<? extends CompletionStage<T>> call) {
        return execute(retry, operation, call);
    }

    /**
     * Like {@link #execute(String, Supplier)}, for a call that must not run twice once it may have been applied: an
     * increment ({@code ADD}), a conditional write (whose repetition would fail its own condition), a PartiQL
     * update. Only throttles are retried, because DynamoDB never applied a throttled request; a 5xx, an I/O error, a
     * time-out or a CRC32 mismatch of the response ends the call with that error, as the request may have been
     * applied. Decorated clients choose this for such requests by themselves.
     *
     * @param operation low-cardinality metric tag, e.g. {@code "UpdateItem"}
     * @param call starts a new request each time it is invoked
     * @param <T> the result
     * @return the first success, or the first error that is not a throttle, or the last throttle
     * @throws InvalidInputException if {@code operation} is empty or {@code call} is null
     */
    public <T> CompletableFuture<T> executeNonIdempotent(
            String operation, Supplier<? extends CompletionStage<T>> call) {
        return execute(throttlesOnly, operation, call);
    }

    private <T> CompletableFuture<T> execute(
            Retry retrying, String operation, Supplier<? extends CompletionStage<T>> call) {
        Checks.notEmpty("operation", operation);
        Checks.notNull("call", call);
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger throttles = new AtomicInteger();
        Supplier<CompletionStage<T>> attempt = () -> {
            attempts.incrementAndGet();
            return decoratedAttempt(call).whenComplete((value, error) -> observe(operation, error, throttles));
        };
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletionStage<T> retried;
        try {
            retried = retrying.executeCompletionStage(scheduler, attempt);
        } catch (RuntimeException e) {
            retried = CompletableFuture.failedFuture(e);
        }
        retried.whenComplete((value, error) -> {
            String outcome = error == null ? "success" : DynamoDbErrors.isThrottle(error) ? "throttled" : "failed";
            metrics.record(operation, outcome, attempts.get(), throttles.get());
            if (error != null) {
                result.completeExceptionally(DynamoDbErrors.unwrap(error));
            } else {
                result.complete(value);
            }
        });
        return result;
    }

    private <T> CompletionStage<T> decoratedAttempt(Supplier<? extends CompletionStage<T>> call) {
        Supplier<CompletionStage<T>> limited =
                rateLimiter == null ? () -> invoke(call) : () -> rateLimiter.execute(scheduler, call);
        if (circuitBreaker == null) {
            return invoke(limited);
        }
        return invoke(CircuitBreaker.decorateCompletionStage(circuitBreaker, limited));
    }

    private void observe(String operation, @Nullable Throwable error, AtomicInteger throttles) {
        if (error == null) {
            if (rateLimiter != null) {
                rateLimiter.onSuccess();
            }
            return;
        }
        if (DynamoDbErrors.isThrottle(error)) {
            throttles.incrementAndGet();
            DynamoDbErrors.indexBackPressure(error).ifPresent(index -> metrics.indexThrottle(operation, index));
            // only the service's throttles teach the limiter; our own "no permit" must not lower it further
            if (rateLimiter != null && DynamoDbErrors.unwrap(error) instanceof SdkException) {
                rateLimiter.onThrottle();
            }
        }
    }

    /**
     * A view of {@code client} whose every operation runs through this policy: {@code putItem}, {@code query}, each
     * page of {@code queryPaginator}, and so on (an Enhanced client built on the view is retried the same way). The
     * SDK makes one attempt per policy attempt, so {@link #maxAttempts()} is the total number of requests a call may
     * send, whatever retry strategy the client was built with. Decorating a view decorates the client under it,
     * with this policy instead of the view's: policies never stack.
     *
     * <pre>{@code
     * DynamoDbAsyncClient resilient = ResiliencePolicy.ofDefaults().decorate(DynamoDbAsyncClient.create());
     * resilient.putItem(request);   // throttles and 5xx retried with full jitter, 8 attempts in total
     * }</pre>
     *
     * @throws InvalidInputException if {@code client} is null
     */
    public DynamoDbAsyncClient decorate(DynamoDbAsyncClient client) {
        return decorate(DynamoDbAsyncClient.class, client);
    }

    /**
     * Like {@link #decorate(DynamoDbAsyncClient)} for any SDK async client interface, e.g.
     * {@code decorate(DynamoDbStreamsAsyncClient.class, streams)}.
     *
     * @throws InvalidInputException if an argument is null or {@code type} is not an interface
     */
    public <C extends SdkClient> C decorate(Class<C> type, C client) {
        return DecoratedClients.resilient(type, client, this);
    }

    /** Calls {@code call}, turning a synchronous throw or a null stage into a failed future. */
    static <T> CompletableFuture<T> invoke(Supplier<? extends CompletionStage<T>> call) {
        try {
            CompletionStage<T> stage = call.get();
            if (stage == null) {
                return CompletableFuture.failedFuture(new NullPointerException("call returned a null stage"));
            }
            return stage.toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The wait before retry number {@code retryNumber} (1-based) under this policy's retry interval, for
     * callers that retry partial results themselves (e.g. {@code UnprocessedItems}).
     *
     * @throws InvalidInputException if {@code retryNumber < 1}
     */
    public Duration backoff(int retryNumber) {
        Checks.positive("retryNumber", retryNumber);
        IntervalBiFunction<Object> interval = retry.getRetryConfig().getIntervalBiFunction();
        Long millis = interval == null
                ? retry.getRetryConfig().getIntervalFunction().apply(retryNumber)
                : interval.apply(retryNumber, Either.right(null));
        return Duration.ofMillis(millis == null ? 0 : Math.max(0, millis));
    }

    public String name() {
        return name;
    }

    /** Total attempts (the first included) the retry allows. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The base delay of the built-in backoff (ignored when a {@link Retry} was given). */
    public Duration baseDelay() {
        return baseDelay;
    }

    /** The maximum delay of the built-in backoff (ignored when a {@link Retry} was given). */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** The Retry in use (given or built); subscribe to its event publisher for per-attempt events. */
    public Retry retry() {
        return retry;
    }

    public Optional<CircuitBreaker> circuitBreaker() {
        return Optional.ofNullable(circuitBreaker);
    }

    public Optional<AdaptiveRateLimiter> rateLimiter() {
        return Optional.ofNullable(rateLimiter);
    }

    /** Where backoff and rate-limit waits are scheduled. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** The registry metrics go to (an empty, no-op composite when none was given). */
    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    @Override
    public String toString() {
        return "ResiliencePolicy[" + name + ", maxAttempts=" + maxAttempts + ", backoff=" + baseDelay + ".."
                + maxDelay + (userRetry != null ? ", retry=" + userRetry.getName() : "")
                + (circuitBreaker != null ? ", circuitBreaker=" + circuitBreaker.getName() : "")
                + (rateLimiter != null ? ", " + rateLimiter : "") + "]";
    }

    /** Builder of {@link ResiliencePolicy}; every setter checks its argument at once. */
    public static final class Builder {

        private String name = DEFAULT_NAME;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration baseDelay = DEFAULT_BASE_DELAY;
        private Duration maxDelay = DEFAULT_MAX_DELAY;
        private @Nullable Retry retry;
        private @Nullable CircuitBreaker circuitBreaker;
        private @Nullable AdaptiveRateLimiter rateLimiter;
        private @Nullable ScheduledExecutorService scheduler;
        private @Nullable MeterRegistry meterRegistry;

        private Builder() {}

        /**
         * Name of the built-in Retry.
         *
         * @throws InvalidInputException if empty
         */
        public Builder name(String name) {
            this.name = Checks.notEmpty("name", name);
            return this;
        }

        /**
         * Total attempts, the first included, of the built-in retry.
         *
         * @throws InvalidInputException if not in {@code [1, 100]}
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = Checks.inRange("maxAttempts", maxAttempts, 1, 100);
            return this;
        }

        /**
         * Full-jitter backoff of the built-in retry: before retry {@code n} wait a random time up to
         * {@code min(maxDelay, baseDelay * 2^(n-1))}.
         *
         * @throws InvalidInputException if a delay is null or negative, or {@code maxDelay < baseDelay}
         */
        public Builder backoff(Duration baseDelay, Duration maxDelay) {
            FullJitterBackoff.of(baseDelay, maxDelay);
            this.baseDelay = baseDelay;
            this.maxDelay = maxDelay;
            return this;
        }

        /**
         * Uses your Retry instead of the built-in one; its config decides what is retried and how long to
         * wait (build it from {@link #retryConfig} to keep the DynamoDB classification).
         *
         * @throws InvalidInputException if null
         */
        public Builder retry(Retry retry) {
            this.retry = Checks.notNull("retry", retry);
            return this;
        }

        /**
         * Adds a circuit breaker around each attempt (see the class comment for what it should record).
         *
         * @throws InvalidInputException if null
         */
        public Builder circuitBreaker(CircuitBreaker circuitBreaker) {
            this.circuitBreaker = Checks.notNull("circuitBreaker", circuitBreaker);
            return this;
        }

        /**
         * Adds a client-side limit adapted to throttling (AIMD).
         *
         * @throws InvalidInputException if null
         */
        public Builder rateLimiter(AdaptiveRateLimiter rateLimiter) {
            this.rateLimiter = Checks.notNull("rateLimiter", rateLimiter);
            return this;
        }

        /**
         * Adds a client-side limit: {@code rateLimiter} adapted with {@link AdaptiveRateLimiter#of(RateLimiter)}.
         *
         * @throws InvalidInputException if null
         */
        public Builder rateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = AdaptiveRateLimiter.of(rateLimiter);
            return this;
        }

        /**
         * Where backoff waits are scheduled (default: a shared pool of two daemon threads).
         *
         * @throws InvalidInputException if null
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Checks.notNull("scheduler", scheduler);
            return this;
        }

        /**
         * Where the {@code ddb.patterns.resilience.*} meters go (default: none).
         *
         * @throws InvalidInputException if null
         */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = Checks.notNull("meterRegistry", meterRegistry);
            return this;
        }

        public ResiliencePolicy build() {
            return new ResiliencePolicy(this);
        }
    }
}
