package io.github.ddbpatterns.spring;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.sharding.AdaptiveSharding;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The starter's settings, under {@code ddb.patterns}. Every value is checked when it is bound: a bad one stops the
 * application at startup with a message naming the property and the value (a secret by its length only).
 *
 * @param client The DynamoDB async client the starter builds when the application defines none.
 * @param resilience The policy every request goes through.
 * @param cursor The key signing page cursors.
 * @param tableName The names given to the tables of the repositories declared with TableNameResolver.
 * @param checkTables Whether every repository checks its table (one DescribeTable, before its first request) and
 *     fails naming the table, the layout found and the layout expected; turn it off when the credentials may not call
 *     DescribeTable.
 * @param hotKeys How HotKeyTracker beans are published to the application's MeterRegistry.
 * @param health The Actuator health indicator ddbpatterns (when Spring Boot Actuator is present).
 * @param sharding Sharded tables: the settings of adaptive sharding.
 */
@ConfigurationProperties(DdbPatternsProperties.PREFIX)
public record DdbPatternsProperties(
        @DefaultValue Client client,
        @DefaultValue Resilience resilience,
        @DefaultValue Cursor cursor,
        @DefaultValue TableName tableName,
        @DefaultValue("true") boolean checkTables,
        @DefaultValue HotKeys hotKeys,
        @DefaultValue Health health,
        @DefaultValue Sharding sharding) {

    /** The prefix of every property of the starter. */
    public static final String PREFIX = "ddb.patterns";

    /**
     * The DynamoDB async client the starter builds when the application defines no {@code DynamoDbAsyncClient} bean:
     * one SDK attempt per call ({@code SdkRetryAlignment}), the Netty HTTP client, the application's
     * {@code AwsCredentialsProvider} bean or else the SDK's default credentials chain.
     *
     * @param region The AWS region, e.g. eu-west-1; unset: the application's AwsRegionProvider bean, else the SDK's
     *     default region chain (AWS_REGION, profile, instance metadata).
     * @param endpoint The endpoint to call instead of the region's, e.g. http://localhost:8000 for DynamoDB Local;
     *     unset: the region's.
     * @param maxConcurrency The most HTTP requests in flight at once (the Netty client's connection pool); a fan-out
     *     over more shards than this waits for connections.
     * @param apiCallTimeout The longest a call may take, all attempts of the SDK included; unset: no limit. Writes in
     *     flight when the shutdown timeout passes end within it.
     * @param apiCallAttemptTimeout The longest one HTTP attempt may take; unset: no limit.
     */
    public record Client(
            @Nullable String region,
            @Nullable URI endpoint,
            @DefaultValue("50") int maxConcurrency,
            @Nullable Duration apiCallTimeout,
            @Nullable Duration apiCallAttemptTimeout) {

        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException naming the property and the value of the first bad value
         */
        public Client {
            if (region != null && region.isBlank()) {
                throw invalid("client.region", region, "must not be blank (leave it unset for the SDK's chain)");
            }
            if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
                throw invalid("client.endpoint", endpoint, "must be an absolute URI such as http://localhost:8000");
            }
            atLeast("client.max-concurrency", maxConcurrency, 1);
            if (apiCallTimeout != null) {
                positive("client.api-call-timeout", apiCallTimeout);
            }
            if (apiCallAttemptTimeout != null) {
                positive("client.api-call-attempt-timeout", apiCallAttemptTimeout);
            }
        }
    }

    /**
     * The {@link ResiliencePolicy} applied to every request of every repository, exactly once (the SDK makes one
     * attempt per policy attempt): throttles and 5xx retried with full-jitter backoff.
     *
     * @param maxAttempts The most requests one call sends, the first included (1 to 100).
     * @param baseBackoff The first backoff ceiling; before retry n the policy waits a random time up to
     *     min(max-backoff, base-backoff * 2^(n-1)).
     * @param maxBackoff The largest backoff ceiling.
     * @param circuitBreaker An optional circuit breaker around each attempt.
     * @param rateLimit An optional client-side rate limit that adapts to throttling.
     */
    public record Resilience(
            @DefaultValue("8") int maxAttempts,
            @DefaultValue("50ms") Duration baseBackoff,
            @DefaultValue("5s") Duration maxBackoff,
            @DefaultValue CircuitBreaker circuitBreaker,
            @DefaultValue RateLimit rateLimit) {

        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException naming the property and the value of the first bad value
         */
        public Resilience {
            if (maxAttempts < 1 || maxAttempts > 100) {
                throw invalid("resilience.max-attempts", maxAttempts, "must be between 1 and 100");
            }
            notNegative("resilience.base-backoff", baseBackoff);
            notNegative("resilience.max-backoff", maxBackoff);
            if (maxBackoff.compareTo(baseBackoff) < 0) {
                throw invalid(
                        "resilience.max-backoff",
                        format(maxBackoff),
                        "must not be shorter than " + PREFIX + ".resilience.base-backoff (" + format(baseBackoff)
                                + ")");
            }
        }
    }

    /**
     * A circuit breaker built from {@link ResiliencePolicy#circuitBreakerConfig()}: only 5xx errors count as
     * failures, throttles are ignored; an open breaker fails calls at once, without a request.
     *
     * @param enabled Whether each attempt goes through the breaker.
     * @param failureRateThreshold The failure percentage (of the calls in the window) that opens the breaker.
     * @param slidingWindowSize How many recent calls the failure rate is computed over.
     * @param minimumNumberOfCalls How many calls the window needs before the rate can open the breaker.
     * @param waitDurationInOpenState How long the breaker stays open before it lets test calls through.
     * @param permittedNumberOfCallsInHalfOpenState How many test calls decide whether it closes again.
     */
    public record CircuitBreaker(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("100") int slidingWindowSize,
            @DefaultValue("100") int minimumNumberOfCalls,
            @DefaultValue("60s") Duration waitDurationInOpenState,
            @DefaultValue("10") int permittedNumberOfCallsInHalfOpenState) {

        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException naming the property and the value of the first bad value
         */
        public CircuitBreaker {
            if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
                throw invalid(
                        "resilience.circuit-breaker.failure-rate-threshold",
                        failureRateThreshold,
                        "must be a percentage above 0, at most 100");
            }
            atLeast("resilience.circuit-breaker.sliding-window-size", slidingWindowSize, 1);
            atLeast("resilience.circuit-breaker.minimum-number-of-calls", minimumNumberOfCalls, 1);
            positive("resilience.circuit-breaker.wait-duration-in-open-state", waitDurationInOpenState);
            atLeast(
                    "resilience.circuit-breaker.permitted-number-of-calls-in-half-open-state",
                    permittedNumberOfCallsInHalfOpenState,
                    1);
        }
    }

    /**
     * A client-side rate limit that finds the table's capacity by itself: the limit is halved on each throttle and
     * raised by a twentieth on each success, between {@code min-limit} and {@code limit-per-second}.
     *
     * @param limitPerSecond The most requests per second (the ceiling of the adaptation); unset: no rate limit.
     * @param minLimit The lowest the limit goes on throttling.
     * @param timeout How long a call may wait for a permit before it fails as throttled.
     */
    public record RateLimit(
            @Nullable Integer limitPerSecond,
            @DefaultValue("1") int minLimit,
            @DefaultValue("5s") Duration timeout) {

        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException naming the property and the value of the first bad value
         */
        public RateLimit {
            if (limitPerSecond != null) {
                atLeast("resilience.rate-limit.limit-per-second", limitPerSecond, 1);
                if (minLimit > limitPerSecond) {
                    throw invalid(
                            "resilience.rate-limit.min-limit",
                            minLimit,
                            "must not be above " + PREFIX + ".resilience.rate-limit.limit-per-second (" + limitPerSecond
                                    + ")");
                }
            }
            atLeast("resilience.rate-limit.min-limit", minLimit, 1);
            notNegative("resilience.rate-limit.timeout", timeout);
        }
    }

    /**
     * The key signing page cursors. Without a secret, cursors are signed with a key generated per JVM: a cursor
     * handed out by one instance fails on every other instance behind a load balancer, and after a restart.
     *
     * @param secret The shared secret, at least 16 bytes in UTF-8 (32 recommended), the same on every instance; blank
     *     counts as unset (so ${CURSOR_SECRET:} works).
     * @param requireSecret Whether startup fails when no secret is set (instead of a warning).
     */
    public record Cursor(
            @Nullable String secret, @DefaultValue("false") boolean requireSecret) {

        /** The fewest bytes a secret may have. */
        public static final int MIN_SECRET_BYTES = 16;

        /**
         * Checks the values; a blank secret becomes unset.
         *
         * @throws IllegalArgumentException if the secret is shorter than 16 bytes (the message gives its length, not
         *     its value)
         */
        public Cursor {
            if (secret != null && secret.isBlank()) {
                secret = null;
            }
            if (secret != null) {
                int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
                if (bytes < MIN_SECRET_BYTES) {
                    throw invalid(
                            "cursor.secret",
                            bytes + " bytes (value hidden)",
                            "must be at least " + MIN_SECRET_BYTES + " bytes in UTF-8 (32 recommended)");
                }
            }
        }

        /**
         * The secret's UTF-8 bytes, if one is set.
         *
         * @return the key bytes, or null
         */
        public byte @Nullable [] secretBytes() {
            return secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Cursor[secret=" + (secret == null ? "unset" : "(hidden)") + ", requireSecret=" + requireSecret
                    + "]";
        }
    }

    /**
     * The names {@link TableNameResolver} gives: {@code prefix + name + suffix}, e.g. {@code prod-events} for
     * {@code name("events")} with the prefix {@code prod-}.
     *
     * @param prefix Put before every table name (letters, digits, _ - .).
     * @param suffix Put after every table name (letters, digits, _ - .).
     */
    public record TableName(
            @DefaultValue("") String prefix,
            @DefaultValue("") String suffix) {

        private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.\\-]*");

        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException naming the property and the value when it holds a character DynamoDB
         *     refuses in table names, or is longer than 200 characters
         */
        public TableName {
            checkPart("table-name.prefix", prefix);
            checkPart("table-name.suffix", suffix);
        }

        private static void checkPart(String property, String value) {
            if (!ALLOWED.matcher(value).matches()) {
                throw invalid(property, "'" + value + "'", "must hold only letters, digits, '_', '-' and '.'");
            }
            if (value.length() > 200) {
                throw invalid(property, "'" + value + "'", "must be at most 200 characters");
            }
        }
    }

    /**
     * How every {@code HotKeyTracker} bean is published to the application's {@code MeterRegistry} (tag
     * {@code tracker} = the bean name).
     *
     * @param topN How many ranks are published per access type (1 to 100).
     * @param tagHashedKeys Whether each hot key also gets a gauge tagged with its hash (each distinct hot key then
     *     becomes a time series); those gauges are refreshed every refresh-interval.
     * @param refreshInterval How often the per-key gauges are refreshed.
     */
    public record HotKeys(
            @DefaultValue("5") int topN,
            @DefaultValue("false") boolean tagHashedKeys,
            @DefaultValue("10s") Duration refreshInterval) {

        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException naming the property and the value of the first bad value
         */
        public HotKeys {
            if (topN < 1 || topN > 100) {
                throw invalid("hot-keys.top-n", topN, "must be between 1 and 100");
            }
            positive("hot-keys.refresh-interval", refreshInterval);
        }
    }

    /**
     * The Actuator health indicator {@code ddbpatterns}: one DescribeTable per repository table (ListTables when the
     * application declares no repository), its result reused for {@code cache-ttl}. Turn it off with Spring Boot's
     * {@code management.health.ddbpatterns.enabled=false}.
     *
     * @param cacheTtl How long a check's result answers health requests without a request to DynamoDB (a load
     *     balancer polling every second sends one check per table per cache-ttl); 0: every health request checks,
     *     though never while a check is still running.
     * @param timeout The longest a health request waits for DynamoDB; a table with no answer by then is reported
     *     OUT_OF_SERVICE (its check goes on and answers the next health request).
     */
    public record Health(
            @DefaultValue("10s") Duration cacheTtl,
            @DefaultValue("2s") Duration timeout) {

        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException naming the property and the value of the first bad value
         */
        public Health {
            notNegative("health.cache-ttl", cacheTtl);
            positive("health.timeout", timeout);
        }
    }

    /**
     * Sharded tables.
     *
     * @param adaptive The AdaptiveSharding bean, given to the ShardedTable beans built with
     *     {@code .adaptive(adaptiveSharding)}, and whether their controllers start with the application.
     */
    public record Sharding(@DefaultValue Adaptive adaptive) {}

    /**
     * The {@link AdaptiveSharding} bean's settings, defaults exactly {@link AdaptiveSharding#ofDefaults()}'s. Each
     * value is checked by {@link AdaptiveSharding.Builder} itself (no limit is repeated here); a bad one fails the
     * binding naming the property, e.g. {@code ddb.patterns.sharding.adaptive.target-utilisation must be in (0, 1],
     * got: 1.5}.
     *
     * @param targetUtilisation The share of a partition's write limit each shard is planned to use, above 0 and at
     *     most 1 (0.8: headroom for bursts and uneven shards).
     * @param writeUnitsPerPartition Write units per second one partition sustains, a finite number above 0 (1000 on
     *     DynamoDB; lower it only to test at a throttling proxy's scale).
     * @param coolDown How long every evaluation must recommend fewer shards before a key is lowered (5m); positive.
     * @param maxShards The largest shard count a key is raised to: a read of a key fans out over this many Queries
     *     at most (100; 1 to 1000).
     * @param window The evaluation window: each instance reports what it saw and decides once per window (10s;
     *     whole milliseconds, at least 100ms). Every instance sharing a table must use the same window.
     * @param dryRun Whether decisions are only reported (to the ShardDecisionListener beans and the metrics), never
     *     applied (false).
     * @param reportThreshold The write units per second one instance must see on a key before it reports the key, a
     *     finite number of 0 or more; unset: a tenth of the per-shard target (write-units-per-partition x
     *     target-utilisation / 10, 80 with the defaults). With N instances sharing a key's traffic evenly, keep it
     *     below the per-shard target / N.
     * @param trackedKeys How many of its hottest keys an instance considers per window (20; 1 to 10000).
     * @param revealKeys Whether metric tags show raw logical keys instead of their hashes (false: keys may be
     *     personal data).
     * @param autoStart Whether the controller of every ShardedTable bean built with adaptive sharding starts
     *     evaluating when the application starts, and stops when it stops (true); false: call
     *     table.adaptive().orElseThrow().start() yourself (and close it).
     */
    public record Adaptive(
            @DefaultValue("0.8") double targetUtilisation,
            @DefaultValue("1000") double writeUnitsPerPartition,
            @DefaultValue("5m") Duration coolDown,
            @DefaultValue("100") int maxShards,
            @DefaultValue("10s") Duration window,
            @DefaultValue("false") boolean dryRun,
            @Nullable Double reportThreshold,
            @DefaultValue("20") int trackedKeys,
            @DefaultValue("false") boolean revealKeys,
            @DefaultValue("true") boolean autoStart) {

        /**
         * Checks the values by building the settings.
         *
         * @throws IllegalArgumentException naming the property and the value of the first bad value
         */
        public Adaptive {
            settings(
                    targetUtilisation,
                    writeUnitsPerPartition,
                    coolDown,
                    maxShards,
                    window,
                    dryRun,
                    reportThreshold,
                    trackedKeys,
                    revealKeys);
        }

        /**
         * These settings, with the default listener (the starter's bean adds the application's listeners).
         *
         * @return the settings
         */
        public AdaptiveSharding toSettings() {
            return settings(
                    targetUtilisation,
                    writeUnitsPerPartition,
                    coolDown,
                    maxShards,
                    window,
                    dryRun,
                    reportThreshold,
                    trackedKeys,
                    revealKeys);
        }

        private static AdaptiveSharding settings(
                double targetUtilisation,
                double writeUnitsPerPartition,
                Duration coolDown,
                int maxShards,
                Duration window,
                boolean dryRun,
                @Nullable Double reportThreshold,
                int trackedKeys,
                boolean revealKeys) {
            AdaptiveSharding.Builder builder = AdaptiveSharding.builder();
            try {
                builder.targetUtilisation(targetUtilisation)
                        .writeUnitsPerPartition(writeUnitsPerPartition)
                        .coolDown(coolDown)
                        .maxShards(maxShards)
                        .window(window)
                        .dryRun(dryRun)
                        .trackedKeys(trackedKeys)
                        .revealKeys(revealKeys);
                if (reportThreshold != null) {
                    builder.reportThreshold(reportThreshold);
                }
            } catch (InvalidInputException e) {
                throw translate(
                        e,
                        switch (e.field()) {
                            case "coolDown" -> coolDown == null ? null : format(coolDown);
                            case "window" -> window == null ? null : format(window);
                            default -> null;
                        });
            }
            return builder.build();
        }

        /**
         * The builder's complaint about field {@code targetUtilisation} as one about
         * {@code ddb.patterns.sharding.adaptive.target-utilisation}, the value written as the other properties' are
         * ({@code durationValue}, when the field is a duration).
         */
        private static IllegalArgumentException translate(InvalidInputException e, @Nullable String durationValue) {
            String property = "sharding.adaptive." + kebab(e.field());
            String message = String.valueOf(e.getMessage());
            String got = ", got: ";
            int at = message.lastIndexOf(got);
            if (!message.startsWith(e.field() + " ") || at < 0) {
                return new IllegalArgumentException(PREFIX + "." + property + ": " + message);
            }
            String requirement = message.substring(e.field().length() + 1, at);
            String value = durationValue != null ? durationValue : message.substring(at + got.length());
            return invalid(property, value, requirement);
        }

        private static String kebab(String field) {
            StringBuilder name = new StringBuilder(field.length() + 4);
            for (char c : field.toCharArray()) {
                if (Character.isUpperCase(c)) {
                    name.append('-').append(Character.toLowerCase(c));
                } else {
                    name.append(c);
                }
            }
            return name.toString();
        }
    }

    private static void atLeast(String property, int value, int min) {
        if (value < min) {
            throw invalid(property, value, "must be at least " + min);
        }
    }

    private static void positive(String property, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw invalid(property, format(value), "must be positive");
        }
    }

    private static void notNegative(String property, Duration value) {
        if (value.isNegative()) {
            throw invalid(property, format(value), "must not be negative");
        }
    }

    /**
     * A duration as a property value is written: {@code 50ms}, {@code 5s}, {@code 2m}, {@code 1h}; ISO-8601 (e.g.
     * {@code PT0.0005S}) for anything finer than a millisecond.
     */
    static String print(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.toNanos() % 1_000_000 != 0) {
            return duration.toString();
        }
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static String format(Duration value) {
        return value.toMillis() + "ms";
    }

    private static IllegalArgumentException invalid(String property, Object value, String requirement) {
        return new IllegalArgumentException(PREFIX + "." + property + " " + requirement + ", got: " + value);
    }
}
