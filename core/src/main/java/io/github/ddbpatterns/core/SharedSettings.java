package io.github.ddbpatterns.core;

import io.github.ddbpatterns.core.fanout.CursorCodec;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClientExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * The settings every ddb-patterns builder shares, with the same names everywhere: {@code dynamoDbClient},
 * {@code resilience}, {@code meterRegistry}, {@code cursorCodec}, {@code clock}, {@code executor},
 * {@code checkTables}. A builder created from a {@link PatternsContext} (or from {@code DdbPatterns}) starts with
 * the context's values; setting one here overrides it for that component only.
 *
 * <p>Defaults when neither the context nor the builder sets them: {@link ResiliencePolicy#ofDefaults()} (with this
 * builder's registry), no metrics, {@link CursorCodec#perJvm()} (cursors do not survive a restart nor move between
 * instances: give a {@link CursorCodec#withKey(byte[]) shared key} to services with several instances), the system
 * UTC clock, the SDK's threads, tables checked.
 *
 * @param <B> the concrete builder
 */
public abstract class SharedSettings<B extends SharedSettings<B>> {

    private final @Nullable PatternsContext base;
    private @Nullable DynamoDbAsyncClient dynamoDbClient;
    private @Nullable ResiliencePolicy resilience;
    private @Nullable MeterRegistry meterRegistry;
    private @Nullable CursorCodec cursorCodec;
    private @Nullable Clock clock;
    private @Nullable Executor executor;
    private @Nullable List<DynamoDbEnhancedClientExtension> extensions;
    private @Nullable Boolean checkTables;
    private @Nullable PatternsContext built;

    /**
     * Settings starting from {@code base} (null: from the defaults).
     *
     * @param base the context whose values this builder starts with, or null
     */
    protected SharedSettings(@Nullable PatternsContext base) {
        this.base = base;
    }

    /**
     * The DynamoDB async client (required unless the builder came from a context). Its requests are sent through
     * a view that applies the {@link #resilience} policy; see {@link PatternsContext#dynamoDbClient()}.
     *
     * @param dynamoDbClient the client, e.g. {@code DynamoDbAsyncClient.create()}
     * @return this builder
     * @throws InvalidInputException if null
     */
    public B dynamoDbClient(DynamoDbAsyncClient dynamoDbClient) {
        this.dynamoDbClient = Checks.notNull("dynamoDbClient", dynamoDbClient);
        return changed();
    }

    /**
     * The retry / circuit breaker / rate limit policy applied to every request, exactly once.
     *
     * @param resilience the policy
     * @return this builder
     * @throws InvalidInputException if null
     */
    public B resilience(ResiliencePolicy resilience) {
        this.resilience = Checks.notNull("resilience", resilience);
        return changed();
    }

    /**
     * Where metrics go ({@code ddb.patterns.*}).
     *
     * @param meterRegistry the registry
     * @return this builder
     * @throws InvalidInputException if null
     */
    public B meterRegistry(MeterRegistry meterRegistry) {
        this.meterRegistry = Checks.notNull("meterRegistry", meterRegistry);
        return changed();
    }

    /**
     * The codec signing page cursors; give every instance of a service the same {@link CursorCodec#withKey(byte[])}.
     *
     * @param cursorCodec the codec
     * @return this builder
     * @throws InvalidInputException if null
     */
    public B cursorCodec(CursorCodec cursorCodec) {
        this.cursorCodec = Checks.notNull("cursorCodec", cursorCodec);
        return changed();
    }

    /**
     * The clock of time-based decisions (expiry, flush windows, latest events); a test clock makes them
     * deterministic.
     *
     * @param clock the clock
     * @return this builder
     * @throws InvalidInputException if null
     */
    public B clock(Clock clock) {
        this.clock = Checks.notNull("clock", clock);
        return changed();
    }

    /**
     * Where asynchronous work continues (fan-out merges); by default the threads completing the SDK's futures.
     *
     * @param executor the executor
     * @return this builder
     * @throws InvalidInputException if null
     */
    public B executor(Executor executor) {
        this.executor = Checks.notNull("executor", executor);
        return changed();
    }

    /**
     * The Enhanced client extensions of the Enhanced client built on the decorated client (default: the SDK's
     * defaults, e.g. versioned records).
     *
     * @param extensions the extensions, in order
     * @return this builder
     * @throws InvalidInputException if null or holding null
     */
    public B extensions(List<DynamoDbEnhancedClientExtension> extensions) {
        Checks.notNull("extensions", extensions);
        for (int i = 0; i < extensions.size(); i++) {
            Checks.notNull("extensions[" + i + "]", extensions.get(i));
        }
        this.extensions = List.copyOf(extensions);
        return changed();
    }

    /**
     * Whether components check their table (DescribeTable, once, before their first request) and fail with a
     * {@link io.github.ddbpatterns.core.table.TableLayoutException} naming the table, the layout found and the
     * layout expected (default true). Turn it off when the credentials may not call DescribeTable.
     *
     * @param checkTables whether to check
     * @return this builder
     */
    public B checkTables(boolean checkTables) {
        this.checkTables = checkTables;
        return changed();
    }

    /**
     * The shared part of the settings, resolved: the base context when nothing was overridden, else a new context
     * holding the overrides.
     *
     * @return the context this component runs in
     * @throws InvalidInputException if no client was given here nor by a base context
     */
    protected final PatternsContext context() {
        if (built != null) {
            return built;
        }
        if (base != null && !overridden()) {
            built = base;
            return built;
        }
        Values values = new Values();
        values.dynamoDbClient = pick(dynamoDbClient, base == null ? null : base.undecoratedClient());
        if (values.dynamoDbClient == null) {
            throw InvalidInputException.of(
                    "dynamoDbClient", null, "be set (or create this builder from a PatternsContext / DdbPatterns)");
        }
        values.meterRegistry = pick(meterRegistry, base == null ? null : base.meterRegistry());
        if (values.meterRegistry == null) {
            values.meterRegistry = new CompositeMeterRegistry();
        }
        values.resilience = pick(resilience, base == null ? null : base.resilience());
        if (values.resilience == null) {
            values.resilience = ResiliencePolicy.builder()
                    .meterRegistry(values.meterRegistry)
                    .build();
        }
        values.cursorCodec =
                orDefault(pick(cursorCodec, base == null ? null : base.cursorCodec()), CursorCodec.perJvm());
        values.clock = orDefault(pick(clock, base == null ? null : base.clock()), Clock.systemUTC());
        values.executor = pick(executor, base == null ? null : base.executor().orElse(null));
        values.extensions = pick(extensions, base == null ? null : base.extensions());
        values.checkTables = orDefault(pick(checkTables, base == null ? null : base.checkTables()), Boolean.TRUE);
        built = new PatternsContext(values);
        return built;
    }

    /**
     * The clock: this builder's, else the base context's, else the system UTC clock (no client needed).
     *
     * @return the clock
     */
    protected final Clock sharedClock() {
        return orDefault(pick(clock, base == null ? null : base.clock()), Clock.systemUTC());
    }

    /**
     * The registry: this builder's, else the base context's, else an empty no-op registry (no client needed).
     *
     * @return the registry
     */
    protected final MeterRegistry sharedMeterRegistry() {
        MeterRegistry registry = pick(meterRegistry, base == null ? null : base.meterRegistry());
        return registry != null ? registry : new CompositeMeterRegistry();
    }

    /**
     * Whether a client was given here or by the base context, that is whether {@link #context()} can be built.
     *
     * @return true when a client is known
     */
    protected final boolean hasClient() {
        return dynamoDbClient != null || base != null;
    }

    private boolean overridden() {
        return dynamoDbClient != null
                || resilience != null
                || meterRegistry != null
                || cursorCodec != null
                || clock != null
                || executor != null
                || extensions != null
                || checkTables != null;
    }

    @SuppressWarnings("unchecked")
    private B changed() {
        built = null;
        return (B) this;
    }

    private static <V> @Nullable V pick(@Nullable V local, @Nullable V shared) {
        return local != null ? local : shared;
    }

    private static <V> V orDefault(@Nullable V value, V fallback) {
        return value != null ? value : fallback;
    }

    /** The resolved values a context is made of. */
    static final class Values {
        @Nullable
        DynamoDbAsyncClient dynamoDbClient;

        @Nullable
        ResiliencePolicy resilience;

        @Nullable
        MeterRegistry meterRegistry;

        @Nullable
        CursorCodec cursorCodec;

        @Nullable
        Clock clock;

        @Nullable
        Executor executor;

        @Nullable
        List<DynamoDbEnhancedClientExtension> extensions;

        boolean checkTables = true;
    }
}
