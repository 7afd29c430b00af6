package io.github.ddbpatterns.spring;

import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.core.buffer.WriteBufferConfig;
import io.github.ddbpatterns.core.fanout.CursorCodec;
import io.github.ddbpatterns.core.hotkeys.HotKey;
import io.github.ddbpatterns.core.hotkeys.HotKeyTracker;
import io.github.ddbpatterns.core.internal.SdkAttempts;
import io.github.ddbpatterns.core.resilience.AdaptiveRateLimiter;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.core.table.TableRepository;
import io.github.ddbpatterns.sharding.TableShardMap;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.util.ClassUtils;

/**
 * The Actuator endpoint {@code ddbpatterns} ({@code GET /actuator/ddbpatterns} once exposed with
 * {@code management.endpoints.web.exposure.include=ddbpatterns}): what ddb-patterns runs with, read from memory —
 * it sends no request to DynamoDB.
 *
 * <ul>
 *   <li>{@code settings}: the shared policy (attempts, backoff, circuit breaker state and metrics, rate limit), whether
 *       page cursors are signed with a shared key or a key of this JVM (never the key), whether the client makes one
 *       SDK attempt per call ({@code clientAligned}), and {@code checkTables};</li>
 *   <li>{@code repositories}: every repository bean (and the repository behind every blocking-twin bean), its type,
 *       table and layout in one line;</li>
 *   <li>{@code writeBuffers}: every {@link WriteBuffer} bean, its pending keys, held writes and settings;</li>
 *   <li>{@code hotKeys}: the hottest keys of every {@link HotKeyTracker} bean ({@code ddb.patterns.hot-keys.top-n}
 *       per access type), hashed unless the tracker was built with {@code revealKeys(true)};</li>
 *   <li>{@code deadLetters}: writes finally given up per buffer, counted by the meter
 *       {@value #FAILED_METER} (tag {@code buffer}: the name given to the buffer's builder, not its bean name; a
 *       buffer's dead-letter callback is the application's and cannot be seen from here);</li>
 *   <li>{@code shardMaps}: every {@link TableShardMap} bean; it does not expose the layouts it has cached, so they
 *       are not listed.</li>
 * </ul>
 *
 * <pre>{@code
 * {
 *   "settings": {
 *     "resilience": {"name": "ddb-patterns", "maxAttempts": 8, "baseBackoff": "50ms", "maxBackoff": "5s",
 *                    "circuitBreaker": {"state": "CLOSED", "failureRate": -1.0, "slowCallRate": -1.0,
 *                                       "bufferedCalls": 0, "failedCalls": 0, "successfulCalls": 0,
 *                                       "notPermittedCalls": 0},
 *                    "rateLimit": {"currentLimit": 400, "minLimit": 1, "maxLimit": 400,
 *                                  "availablePermissions": 400, "waitingThreads": 0}},
 *     "cursorKey": "shared",
 *     "clientAligned": true,
 *     "checkTables": true
 *   },
 *   "repositories": [{"beans": ["events"], "type": "ShardedTable", "table": "prod-events",
 *                     "layout": "table 'prod-events': partition key pk (S), sort key at (N)"}],
 *   "writeBuffers": [{"bean": "eventWrites", "pendingKeys": 12, "heldWrites": 37,
 *                     "config": {"maxPendingKeys": 1000, "maxDelay": "200ms", "flushConcurrency": 4,
 *                                "capacity": 10000, "whenFull": "block(5s)", "closeTimeout": "30s"}}],
 *   "hotKeys": [{"bean": "eventsHotKeys", "keys": "hashed", "window": "10s",
 *                "top": [{"key": "q3V1kq8yZ0Xb5nQe", "access": "write", "unitsPerSecond": 812.5,
 *                         "maxErrorPerSecond": 0.0}]}],
 *   "deadLetters": {"source": "meter ddb.patterns.buffer.failed", "byBuffer": {"events": 0}},
 *   "shardMaps": [{"bean": "eventShards", "shardMap": "TableShardMap[prod-events, default 1]",
 *                  "cachedLayouts": "not exposed by TableShardMap"}]
 * }
 * }</pre>
 *
 * Without a circuit breaker or a rate limit, their entries are absent; without a {@code MeterRegistry} the dead
 * letters are not counted ({@code "source": "not counted: no MeterRegistry"}).
 */
@Endpoint(id = DdbPatternsEndpoint.ID)
public class DdbPatternsEndpoint {

    /** The endpoint's id: {@code /actuator/ddbpatterns}, {@code management.endpoints.web.exposure.include}. */
    public static final String ID = "ddbpatterns";

    /** The meter counting, per buffer, the writes a {@link WriteBuffer} finally gave up (and dead-lettered). */
    public static final String FAILED_METER = "ddb.patterns.buffer.failed";

    private static final String SHARD_MAP_LAYOUTS = "not exposed by TableShardMap";

    private final ExistingBeans beans;
    private final PatternsContext context;
    private final int topKeys;

    /**
     * An endpoint describing {@code context} and the beans found in {@code beans} at each read.
     *
     * @param beans where the repository, buffer, tracker and shard-map beans are found
     * @param context the shared settings of the {@code DdbPatterns} bean
     * @param topKeys how many hot keys per access type each tracker shows
     */
    DdbPatternsEndpoint(ExistingBeans beans, PatternsContext context, int topKeys) {
        this.beans = beans;
        this.context = context;
        this.topKeys = topKeys;
    }

    /**
     * What ddb-patterns runs with, now.
     *
     * @return the description, serialised as JSON by Actuator
     */
    @ReadOperation
    public DdbPatternsDescriptor describe() {
        return new DdbPatternsDescriptor(
                settings(), repositories(), writeBuffers(), hotKeys(), deadLetters(), shardMaps());
    }

    private SettingsDescriptor settings() {
        ResiliencePolicy policy = context.resilience();
        ResilienceDescriptor resilience = new ResilienceDescriptor(
                policy.name(),
                policy.maxAttempts(),
                DdbPatternsProperties.print(policy.baseDelay()),
                DdbPatternsProperties.print(policy.maxDelay()),
                policy.circuitBreaker().map(CircuitBreakerDescriptor::of).orElse(null),
                policy.rateLimiter().map(RateLimitDescriptor::of).orElse(null));
        return new SettingsDescriptor(
                resilience,
                context.cursorCodec() == CursorCodec.perJvm() ? "per-jvm" : "shared",
                SdkAttempts.isSingleAttempt(context.undecoratedClient()),
                context.checkTables());
    }

    private List<RepositoryDescriptor> repositories() {
        return beans.repositories().stream()
                .map(bean -> {
                    TableRepository repository = bean.repository();
                    return new RepositoryDescriptor(
                            bean.beans(),
                            typeOf(repository),
                            repository.tableName(),
                            repository.tableLayout().toString());
                })
                .toList();
    }

    /** The public interface of the repository, e.g. {@code ShardedTable}. */
    private static String typeOf(TableRepository repository) {
        for (Class<?> type : ClassUtils.getAllInterfacesForClassAsSet(repository.getClass())) {
            if (type != TableRepository.class && TableRepository.class.isAssignableFrom(type)) {
                return type.getSimpleName();
            }
        }
        return repository.getClass().getSimpleName();
    }

    private List<WriteBufferDescriptor> writeBuffers() {
        List<WriteBufferDescriptor> buffers = new ArrayList<>();
        beans.of(WriteBuffer.class).forEach((name, buffer) -> {
            WriteBufferConfig config = buffer.config();
            buffers.add(new WriteBufferDescriptor(
                    name,
                    buffer.pendingCount(),
                    buffer.heldCount(),
                    new WriteBufferConfigDescriptor(
                            config.maxPendingKeys(),
                            DdbPatternsProperties.print(config.maxDelay()),
                            config.flushConcurrency(),
                            config.capacity(),
                            config.whenFull()
                                    .timeout()
                                    .map(wait -> "block(" + DdbPatternsProperties.print(wait) + ")")
                                    .orElse("reject"),
                            DdbPatternsProperties.print(config.closeTimeout()))));
        });
        return buffers;
    }

    private List<HotKeyTrackerDescriptor> hotKeys() {
        List<HotKeyTrackerDescriptor> trackers = new ArrayList<>();
        beans.of(HotKeyTracker.class)
                .forEach((name, tracker) -> trackers.add(new HotKeyTrackerDescriptor(
                        name,
                        tracker.revealKeys() ? "raw" : "hashed",
                        DdbPatternsProperties.print(tracker.window()),
                        tracker.top(topKeys).stream().map(HotKeyDescriptor::of).toList())));
        return trackers;
    }

    private DeadLettersDescriptor deadLetters() {
        MeterRegistry registry = context.meterRegistry();
        if (registry instanceof CompositeMeterRegistry composite
                && composite.getRegistries().isEmpty()) {
            return new DeadLettersDescriptor("not counted: no MeterRegistry", Map.of());
        }
        Map<String, Long> byBuffer = new TreeMap<>();
        for (Counter counter : registry.find(FAILED_METER).counters()) {
            String buffer = counter.getId().getTag("buffer");
            byBuffer.merge(buffer == null ? "" : buffer, (long) counter.count(), Long::sum);
        }
        return new DeadLettersDescriptor("meter " + FAILED_METER, byBuffer);
    }

    private List<ShardMapDescriptor> shardMaps() {
        List<ShardMapDescriptor> maps = new ArrayList<>();
        beans.of(TableShardMap.class)
                .forEach((name, map) -> maps.add(new ShardMapDescriptor(name, map.toString(), SHARD_MAP_LAYOUTS)));
        return maps;
    }

    /**
     * What the endpoint answers.
     *
     * @param settings the shared settings every repository of the {@code DdbPatterns} bean runs with
     * @param repositories every repository bean
     * @param writeBuffers every write buffer bean
     * @param hotKeys every hot-key tracker bean
     * @param deadLetters writes finally given up, per buffer
     * @param shardMaps every table shard map bean
     */
    public record DdbPatternsDescriptor(
            SettingsDescriptor settings,
            List<RepositoryDescriptor> repositories,
            List<WriteBufferDescriptor> writeBuffers,
            List<HotKeyTrackerDescriptor> hotKeys,
            DeadLettersDescriptor deadLetters,
            List<ShardMapDescriptor> shardMaps)
            implements OperationResponseBody {}

    /**
     * The shared settings.
     *
     * @param resilience the policy every request goes through
     * @param cursorKey {@code shared} (a key given to every instance) or {@code per-jvm} (cursors fail on other
     *     instances and after a restart); never the key
     * @param clientAligned whether the client makes one SDK attempt per call (else each request carries an override)
     * @param checkTables whether repositories check their table before their first request
     */
    public record SettingsDescriptor(
            ResilienceDescriptor resilience, String cursorKey, boolean clientAligned, boolean checkTables) {}

    /**
     * The resilience policy.
     *
     * @param name its name
     * @param maxAttempts the most requests one call sends
     * @param baseBackoff the first backoff ceiling
     * @param maxBackoff the largest backoff ceiling
     * @param circuitBreaker its circuit breaker, or null
     * @param rateLimit its adaptive rate limit, or null
     */
    public record ResilienceDescriptor(
            String name,
            int maxAttempts,
            String baseBackoff,
            String maxBackoff,
            @Nullable CircuitBreakerDescriptor circuitBreaker,
            @Nullable RateLimitDescriptor rateLimit) {}

    /**
     * A circuit breaker's state and metrics (rates are -1 until the window holds its minimum number of calls).
     *
     * @param state {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, ...
     * @param failureRate the failure percentage of the window
     * @param slowCallRate the slow-call percentage of the window
     * @param bufferedCalls the calls in the window
     * @param failedCalls the failed calls in the window
     * @param successfulCalls the successful calls in the window
     * @param notPermittedCalls the calls refused while open
     */
    public record CircuitBreakerDescriptor(
            String state,
            float failureRate,
            float slowCallRate,
            int bufferedCalls,
            int failedCalls,
            int successfulCalls,
            long notPermittedCalls) {

        static CircuitBreakerDescriptor of(CircuitBreaker breaker) {
            CircuitBreaker.Metrics metrics = breaker.getMetrics();
            return new CircuitBreakerDescriptor(
                    breaker.getState().name(),
                    metrics.getFailureRate(),
                    metrics.getSlowCallRate(),
                    metrics.getNumberOfBufferedCalls(),
                    metrics.getNumberOfFailedCalls(),
                    metrics.getNumberOfSuccessfulCalls(),
                    metrics.getNumberOfNotPermittedCalls());
        }
    }

    /**
     * The adaptive rate limit.
     *
     * @param currentLimit the requests per second allowed now
     * @param minLimit the lowest the limit goes on throttling
     * @param maxLimit the ceiling of the adaptation
     * @param availablePermissions the permits left in the current second
     * @param waitingThreads the callers waiting for a permit
     */
    public record RateLimitDescriptor(
            int currentLimit, int minLimit, int maxLimit, int availablePermissions, int waitingThreads) {

        static RateLimitDescriptor of(AdaptiveRateLimiter limiter) {
            return new RateLimitDescriptor(
                    limiter.currentLimit(),
                    limiter.minLimit(),
                    limiter.maxLimit(),
                    limiter.rateLimiter().getMetrics().getAvailablePermissions(),
                    limiter.rateLimiter().getMetrics().getNumberOfWaitingThreads());
        }
    }

    /**
     * A repository.
     *
     * @param beans the beans holding it (or its blocking twin)
     * @param type its interface, e.g. {@code ShardedTable}
     * @param table its table's name
     * @param layout the layout it needs, in one line
     */
    public record RepositoryDescriptor(List<String> beans, String type, String table, String layout) {}

    /**
     * A write buffer.
     *
     * @param bean its bean name
     * @param pendingKeys distinct keys waiting to be written
     * @param heldWrites writes pending or in flight
     * @param config its settings
     */
    public record WriteBufferDescriptor(
            String bean, int pendingKeys, int heldWrites, WriteBufferConfigDescriptor config) {}

    /**
     * A write buffer's settings.
     *
     * @param maxPendingKeys flush when this many distinct keys are pending
     * @param maxDelay flush when the oldest pending write is this old
     * @param flushConcurrency batch calls in flight at once
     * @param capacity the most writes held at once
     * @param whenFull what a producer meets when the buffer is full: {@code block(5s)} (waits at most 5 s for room)
     *     or {@code reject}
     * @param closeTimeout the longest close waits for the last writes
     */
    public record WriteBufferConfigDescriptor(
            int maxPendingKeys,
            String maxDelay,
            int flushConcurrency,
            int capacity,
            String whenFull,
            String closeTimeout) {}

    /**
     * A hot-key tracker.
     *
     * @param bean its bean name
     * @param keys {@code hashed}, or {@code raw} when the tracker was built with {@code revealKeys(true)}
     * @param window the window its rates are measured over
     * @param top the hottest keys, writes first, hottest first
     */
    public record HotKeyTrackerDescriptor(String bean, String keys, String window, List<HotKeyDescriptor> top) {}

    /**
     * One hot key.
     *
     * @param key the key's hash, or the key itself when the tracker reveals keys
     * @param access {@code read} or {@code write}
     * @param unitsPerSecond the estimated capacity units per second (an upper bound)
     * @param maxErrorPerSecond how much the estimate may exceed the true rate
     */
    public record HotKeyDescriptor(String key, String access, double unitsPerSecond, double maxErrorPerSecond) {

        static HotKeyDescriptor of(HotKey hot) {
            return new HotKeyDescriptor(
                    hot.key(), hot.access().tagValue(), hot.unitsPerSecond(), hot.maxErrorPerSecond());
        }
    }

    /**
     * Writes finally given up.
     *
     * @param source where the counts come from
     * @param byBuffer the count per buffer name (the meter's {@code buffer} tag)
     */
    public record DeadLettersDescriptor(String source, Map<String, Long> byBuffer) {}

    /**
     * A table shard map.
     *
     * @param bean its bean name
     * @param shardMap its table and default shard count
     * @param cachedLayouts why its cached layouts are not listed
     */
    public record ShardMapDescriptor(String bean, String shardMap, String cachedLayouts) {}
}
