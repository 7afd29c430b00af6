package io.github.ddbpatterns.core;

import io.github.ddbpatterns.core.batch.BatchReader;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.core.fanout.CursorCodec;
import io.github.ddbpatterns.core.fanout.FanOut;
import io.github.ddbpatterns.core.internal.DecoratedClients;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.core.resilience.SdkRetryAlignment;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClientExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * What every ddb-patterns component shares, given once: the DynamoDB async client, the {@link ResiliencePolicy}
 * applied to every request, the Micrometer registry, the {@link CursorCodec} signing page cursors, the
 * {@link Clock}, an optional {@link Executor}, and whether tables are checked before first use. Immutable.
 *
 * <p>The client you give is never used directly: components use {@link #dynamoDbClient()}, a view of it that runs
 * every request through the policy with one SDK attempt per policy attempt (see
 * {@link ResiliencePolicy#decorate}; build your client with {@link SdkRetryAlignment#configure} to make that free),
 * and {@link #enhancedClient()}, an Enhanced client built on that view. So a
 * single put, each page of a fan-out, a counter increment and a session touch are all retried the same way, at
 * most {@link ResiliencePolicy#maxAttempts()} requests each. {@link BatchWriter} and {@link BatchReader} run the
 * policy themselves around each call, so that they can also resend {@code UnprocessedItems}; they never stack it.
 *
 * <pre>{@code
 * PatternsContext context = PatternsContext.builder()
 *         .dynamoDbClient(DynamoDbAsyncClient.create())
 *         .resilience(ResiliencePolicy.builder().maxAttempts(6).build())
 *         .meterRegistry(registry)
 *         .cursorCodec(CursorCodec.withKey(secret))
 *         .build();
 * BatchWriter writer = context.batchWriter().build();
 * }</pre>
 *
 * <p>The application-level entry point {@code io.github.ddbpatterns.DdbPatterns} (artifact {@code ddb-patterns})
 * holds one of these and creates every pattern from it; use this class directly when you depend on
 * {@code ddb-patterns-core} alone.
 */
public final class PatternsContext {

    private final DynamoDbAsyncClient rawClient;
    private final DynamoDbAsyncClient client;
    private final DynamoDbAsyncClient singleAttemptClient;
    private final DynamoDbEnhancedAsyncClient enhancedClient;
    private final @Nullable List<DynamoDbEnhancedClientExtension> extensions;
    private final ResiliencePolicy resilience;
    private final MeterRegistry meterRegistry;
    private final CursorCodec cursorCodec;
    private final Clock clock;
    private final @Nullable Executor executor;
    private final boolean checkTables;

    PatternsContext(SharedSettings.Values values) {
        this.rawClient = DecoratedClients.undecorated(values.dynamoDbClient);
        this.resilience = values.resilience;
        this.client = resilience.decorate(rawClient);
        this.singleAttemptClient = DecoratedClients.singleAttempt(DynamoDbAsyncClient.class, rawClient);
        this.extensions = values.extensions;
        DynamoDbEnhancedAsyncClient.Builder enhanced =
                DynamoDbEnhancedAsyncClient.builder().dynamoDbClient(client);
        if (extensions != null) {
            enhanced.extensions(extensions);
        }
        this.enhancedClient = enhanced.build();
        this.meterRegistry = values.meterRegistry;
        this.cursorCodec = values.cursorCodec;
        this.clock = values.clock;
        this.executor = values.executor;
        this.checkTables = values.checkTables;
    }

    /** A builder; {@link Builder#dynamoDbClient} is required. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** A builder holding this context's settings (and the same client, policy and registry instances). */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The client every component sends its requests through: the given client, with every operation run through
     * {@link #resilience()} and one SDK attempt per policy attempt. Use it for your own calls to get the same
     * retries.
     */
    public DynamoDbAsyncClient dynamoDbClient() {
        return client;
    }

    /** An Enhanced async client over {@link #dynamoDbClient()} (so its calls are retried the same way). */
    public DynamoDbEnhancedAsyncClient enhancedClient() {
        return enhancedClient;
    }

    /**
     * The given client with one SDK attempt per call and no policy: for components that run {@link #resilience()}
     * around each call themselves ({@link BatchWriter}, {@link BatchReader}). Not for application code.
     */
    public DynamoDbAsyncClient singleAttemptClient() {
        return singleAttemptClient;
    }

    /** The client as it was given, without the policy. */
    public DynamoDbAsyncClient undecoratedClient() {
        return rawClient;
    }

    /** The policy applied to every request. */
    public ResiliencePolicy resilience() {
        return resilience;
    }

    /** Where every component's metrics go (an empty, no-op registry when none was given). */
    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /** The codec signing and checking every page cursor. */
    public CursorCodec cursorCodec() {
        return cursorCodec;
    }

    /** The clock of every time-based decision (expiry, flush windows, latest events). */
    public Clock clock() {
        return clock;
    }

    /** Where asynchronous work continues (fan-out merges), if one was given; otherwise the SDK's threads. */
    public Optional<Executor> executor() {
        return Optional.ofNullable(executor);
    }

    /** Whether components check their table's key layout (DescribeTable, once) before their first request. */
    public boolean checkTables() {
        return checkTables;
    }

    /** The Enhanced client extensions, if set ({@code null}: the SDK's defaults). */
    @Nullable
    List<DynamoDbEnhancedClientExtension> extensions() {
        return extensions;
    }

    /** A {@link BatchWriter} builder with this context's client, policy and registry. */
    public BatchWriter.Builder batchWriter() {
        return BatchWriter.builder(this);
    }

    /** A {@link BatchReader} builder with this context's client, policy and registry. */
    public BatchReader.Builder batchReader() {
        return BatchReader.builder(this);
    }

    /** A {@link WriteBuffer} builder writing through a {@link BatchWriter} of this context. */
    public WriteBuffer.Builder writeBuffer() {
        return WriteBuffer.builder(this);
    }

    /**
     * A {@link FanOut} builder with this context's cursor codec, registry and executor (concurrency and page size
     * at their defaults).
     */
    public FanOut.Builder fanOut() {
        FanOut.Builder builder = FanOut.builder().cursorCodec(cursorCodec).meterRegistry(meterRegistry);
        if (executor != null) {
            builder.executor(executor);
        }
        return builder;
    }

    @Override
    public String toString() {
        return "PatternsContext[" + rawClient.serviceName() + ", " + resilience + ", checkTables=" + checkTables + "]";
    }

    /**
     * Builder of {@link PatternsContext}; every setter checks its argument at once. See {@link SharedSettings} for
     * the settings and their defaults.
     */
    public static final class Builder extends SharedSettings<Builder> {

        Builder(@Nullable PatternsContext base) {
            super(base);
        }

        /**
         * The context.
         *
         * @throws InvalidInputException if no client was given
         */
        public PatternsContext build() {
            return context();
        }
    }
}
