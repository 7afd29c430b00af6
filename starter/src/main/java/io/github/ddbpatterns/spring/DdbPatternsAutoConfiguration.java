package io.github.ddbpatterns.spring;

import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.fanout.CursorCodec;
import io.github.ddbpatterns.core.hotkeys.HotKeyTracker;
import io.github.ddbpatterns.core.internal.SdkAttempts;
import io.github.ddbpatterns.core.resilience.AdaptiveRateLimiter;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.core.resilience.SdkRetryAlignment;
import io.github.ddbpatterns.sharding.AdaptiveSharding;
import io.github.ddbpatterns.sharding.ShardDecisionListener;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;

/**
 * Auto-configuration of ddb-patterns: one {@link DdbPatterns} bean made of a DynamoDB async client, a
 * {@link ResiliencePolicy}, a {@link CursorCodec}, a {@link Clock} and the application's {@link MeterRegistry}, each
 * from {@code ddb.patterns.*} ({@link DdbPatternsProperties}) unless the application defines its own bean of that
 * type; the {@link PatternsContext} it holds, a {@link TableNameResolver}, the {@link DdbPatternsFlushLifecycle}
 * that flushes every write buffer and preference store at shutdown, and the hot-key metrics of every
 * {@link HotKeyTracker} bean, the {@link AdaptiveSharding} settings and the
 * {@link DdbPatternsAdaptiveShardingLifecycle} that starts the adaptive-sharding controllers of the application's
 * {@link ShardedTable} beans. See the package documentation for the whole picture.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
            "io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration",
            "io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration",
            "io.awspring.cloud.autoconfigure.dynamodb.DynamoDbAutoConfiguration"
        })
@ConditionalOnClass(DdbPatterns.class)
@EnableConfigurationProperties(DdbPatternsProperties.class)
public class DdbPatternsAutoConfiguration {

    private static final Log log = LogFactory.getLog(DdbPatternsAutoConfiguration.class);

    /** The name of the resilience policy, its circuit breaker and its rate limiter. */
    static final String POLICY_NAME = "ddb-patterns";

    /** Creates the auto-configuration (Spring does). */
    public DdbPatternsAutoConfiguration() {}

    /**
     * The DynamoDB async client, when the application defines none: one SDK attempt per call
     * ({@link SdkRetryAlignment}, so the policy alone decides how many requests a call sends), the Netty HTTP client
     * with {@code ddb.patterns.client.max-concurrency} connections, the region and endpoint of
     * {@code ddb.patterns.client.*}, the application's {@link AwsCredentialsProvider} and {@link AwsRegionProvider}
     * beans when there are any (Spring Cloud AWS declares both), else the SDK's default chains; then every
     * {@link DdbPatternsClientCustomizer}. Closed with the context (a client the application defines is left to
     * it).
     *
     * @param properties the starter's settings
     * @param credentials the application's credentials provider, if any
     * @param regions the application's region provider, if any
     * @param customizers the application's customizers, in order
     * @return the client
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public DynamoDbAsyncClient dynamoDbAsyncClient(
            DdbPatternsProperties properties,
            ObjectProvider<AwsCredentialsProvider> credentials,
            ObjectProvider<AwsRegionProvider> regions,
            ObjectProvider<DdbPatternsClientCustomizer> customizers) {
        DdbPatternsProperties.Client settings = properties.client();
        DynamoDbAsyncClientBuilder builder = SdkRetryAlignment.configure(DynamoDbAsyncClient.builder())
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(settings.maxConcurrency()));
        if (settings.apiCallTimeout() != null || settings.apiCallAttemptTimeout() != null) {
            ClientOverrideConfiguration.Builder override = builder.overrideConfiguration().toBuilder();
            if (settings.apiCallTimeout() != null) {
                override.apiCallTimeout(settings.apiCallTimeout());
            }
            if (settings.apiCallAttemptTimeout() != null) {
                override.apiCallAttemptTimeout(settings.apiCallAttemptTimeout());
            }
            builder.overrideConfiguration(override.build());
        }
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        } else {
            AwsRegionProvider regionProvider = regions.getIfUnique();
            if (regionProvider != null) {
                builder.region(regionProvider.getRegion());
            }
        }
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        AwsCredentialsProvider credentialsProvider = credentials.getIfUnique();
        if (credentialsProvider != null) {
            builder.credentialsProvider(credentialsProvider);
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /**
     * The policy every request goes through, from {@code ddb.patterns.resilience.*}: at most {@code max-attempts}
     * requests per call, full-jitter backoff, an optional circuit breaker (built from
     * {@link ResiliencePolicy#circuitBreakerConfig()}, so throttles do not open it) and an optional adaptive rate
     * limit; its meters ({@code ddb.patterns.resilience.*}) go to the application's registry.
     *
     * @param properties the starter's settings
     * @param meterRegistry the application's registry, if any
     * @return the policy
     */
    @Bean
    @ConditionalOnMissingBean
    public ResiliencePolicy resiliencePolicy(
            DdbPatternsProperties properties, ObjectProvider<MeterRegistry> meterRegistry) {
        DdbPatternsProperties.Resilience settings = properties.resilience();
        ResiliencePolicy.Builder policy = ResiliencePolicy.builder()
                .name(POLICY_NAME)
                .maxAttempts(settings.maxAttempts())
                .backoff(settings.baseBackoff(), settings.maxBackoff());
        DdbPatternsProperties.CircuitBreaker breaker = settings.circuitBreaker();
        if (breaker.enabled()) {
            CircuitBreakerConfig config = CircuitBreakerConfig.from(ResiliencePolicy.circuitBreakerConfig())
                    .failureRateThreshold(breaker.failureRateThreshold())
                    .slidingWindowSize(breaker.slidingWindowSize())
                    .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
                    .waitDurationInOpenState(breaker.waitDurationInOpenState())
                    .permittedNumberOfCallsInHalfOpenState(breaker.permittedNumberOfCallsInHalfOpenState())
                    .build();
            policy.circuitBreaker(CircuitBreaker.of(POLICY_NAME, config));
        }
        DdbPatternsProperties.RateLimit limit = settings.rateLimit();
        if (limit.limitPerSecond() != null) {
            int perSecond = limit.limitPerSecond();
            RateLimiter limiter = RateLimiter.of(
                    POLICY_NAME,
                    RateLimiterConfig.custom()
                            .limitForPeriod(perSecond)
                            .limitRefreshPeriod(Duration.ofSeconds(1))
                            .timeoutDuration(limit.timeout())
                            .build());
            policy.rateLimiter(AdaptiveRateLimiter.of(limiter, limit.minLimit(), Math.max(1, perSecond / 20), 0.5));
        }
        meterRegistry.ifUnique(policy::meterRegistry);
        return policy.build();
    }

    /**
     * The codec signing page cursors: {@link CursorCodec#withKey(byte[])} with {@code ddb.patterns.cursor.secret};
     * without a secret the per-JVM codec and a warning (cursors then fail on every other instance and after a
     * restart), or a failed startup with {@code ddb.patterns.cursor.require-secret=true}.
     *
     * @param properties the starter's settings
     * @return the codec
     * @throws IllegalStateException if no secret is set and {@code ddb.patterns.cursor.require-secret} is true
     */
    @Bean
    @ConditionalOnMissingBean
    public CursorCodec cursorCodec(DdbPatternsProperties properties) {
        byte[] secret = properties.cursor().secretBytes();
        if (secret != null) {
            return CursorCodec.withKey(secret);
        }
        if (properties.cursor().requireSecret()) {
            throw new IllegalStateException(DdbPatternsProperties.PREFIX
                    + ".cursor.require-secret=true but " + DdbPatternsProperties.PREFIX
                    + ".cursor.secret is not set: set it to a secret of at least "
                    + DdbPatternsProperties.Cursor.MIN_SECRET_BYTES
                    + " bytes, the same on every instance (or define a CursorCodec bean)");
        }
        log.warn(DdbPatternsProperties.PREFIX + ".cursor.secret is not set: page cursors are signed with a key"
                + " generated for this JVM, so a cursor handed out by one instance fails (InvalidCursorException) on"
                + " every other instance behind a load balancer, and after a restart. Set "
                + DdbPatternsProperties.PREFIX + ".cursor.secret to a secret of at least "
                + DdbPatternsProperties.Cursor.MIN_SECRET_BYTES + " bytes, the same on every instance, or "
                + DdbPatternsProperties.PREFIX + ".cursor.require-secret=true to refuse to start without one.");
        return CursorCodec.perJvm();
    }

    /**
     * The clock of every time-based decision (expiry, flush windows, latest events), unless the application
     * defines one.
     *
     * @return the system UTC clock
     */
    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The one entry point: every pattern the application creates from it shares the client (decorated with the
     * policy), the policy, the cursor codec, the clock, {@code ddb.patterns.check-tables} and the application's
     * {@link MeterRegistry}. Logs at INFO when the client was not built for one SDK attempt per call (each request
     * then carries a per-request override, which costs some CPU).
     *
     * @param dynamoDbClient the client (the application's, or the starter's)
     * @param resilience the policy
     * @param cursorCodec the cursor codec
     * @param clock the clock
     * @param meterRegistry the application's registry, if any
     * @param properties the starter's settings
     * @return the entry point
     */
    @Bean
    @ConditionalOnMissingBean
    public DdbPatterns ddbPatterns(
            DynamoDbAsyncClient dynamoDbClient,
            ResiliencePolicy resilience,
            CursorCodec cursorCodec,
            Clock clock,
            ObjectProvider<MeterRegistry> meterRegistry,
            DdbPatternsProperties properties) {
        if (!SdkAttempts.isSingleAttempt(dynamoDbClient)) {
            log.info("The DynamoDbAsyncClient bean retries by itself: ddb-patterns sends each of its requests with a"
                    + " per-request override for one SDK attempt per policy attempt (" + resilience.maxAttempts()
                    + " in all), which costs some CPU per request. Build the client with"
                    + " SdkRetryAlignment.configure(DynamoDbAsyncClient.builder()) to avoid it.");
        }
        DdbPatterns.Builder builder = DdbPatterns.builder()
                .dynamoDbClient(dynamoDbClient)
                .resilience(resilience)
                .cursorCodec(cursorCodec)
                .clock(clock)
                .checkTables(properties.checkTables());
        meterRegistry.ifUnique(builder::meterRegistry);
        return builder.build();
    }

    /**
     * The shared settings the {@link DdbPatterns} bean holds, for code that depends on {@code ddb-patterns-core}
     * builders ({@code WriteBuffer.builder(context)}, ...).
     *
     * @param ddbPatterns the entry point
     * @return its context
     */
    @Bean
    @ConditionalOnMissingBean
    public PatternsContext patternsContext(DdbPatterns ddbPatterns) {
        return ddbPatterns.context();
    }

    /**
     * The table names of the application's repositories, from {@code ddb.patterns.table-name.prefix} and
     * {@code .suffix}.
     *
     * @param properties the starter's settings
     * @return the resolver
     */
    @Bean
    @ConditionalOnMissingBean
    public TableNameResolver tableNameResolver(DdbPatternsProperties properties) {
        return TableNameResolver.of(
                properties.tableName().prefix(), properties.tableName().suffix());
    }

    /**
     * Flushes and closes every {@code WriteBuffer} and {@code PreferenceStore} bean at shutdown, after the web
     * server has drained its requests, within {@code spring.lifecycle.timeout-per-shutdown-phase}.
     *
     * @param beanFactory where the buffers and stores are found at shutdown
     * @param environment where the shutdown timeout is read
     * @return the lifecycle
     */
    @Bean
    @ConditionalOnMissingBean
    public DdbPatternsFlushLifecycle ddbPatternsFlushLifecycle(
            ConfigurableListableBeanFactory beanFactory, Environment environment) {
        return new DdbPatternsFlushLifecycle(beanFactory, DdbPatternsFlushLifecycle.shutdownTimeout(environment));
    }

    /**
     * The settings of adaptive sharding, from {@code ddb.patterns.sharding.adaptive.*}, for the application's
     * {@link ShardedTable} beans to use ({@code .shardMap(tableShardMap).adaptive(adaptiveSharding)}), with the
     * application's {@link ShardDecisionListener} beans as its listener: none, every decision is allowed; several,
     * each is told of every decision and result in bean order and a decision goes ahead only if all accept it.
     *
     * @param properties the starter's settings
     * @param listeners the application's listeners, in order
     * @return the settings
     */
    @Bean
    @ConditionalOnMissingBean
    public AdaptiveSharding adaptiveSharding(
            DdbPatternsProperties properties, ObjectProvider<ShardDecisionListener> listeners) {
        return properties.sharding().adaptive().toSettings().toBuilder()
                .listener(AllShardDecisionListeners.of(listeners.orderedStream().toList()))
                .build();
    }

    /**
     * Starts the adaptive-sharding controller of every {@link ShardedTable} bean that has one when the application
     * starts, and closes them when it stops, unless {@code ddb.patterns.sharding.adaptive.auto-start=false}.
     *
     * @param beanFactory where the tables are found at start
     * @param properties the starter's settings
     * @return the lifecycle
     */
    @Bean
    @ConditionalOnMissingBean
    public DdbPatternsAdaptiveShardingLifecycle ddbPatternsAdaptiveShardingLifecycle(
            ConfigurableListableBeanFactory beanFactory, DdbPatternsProperties properties) {
        return new DdbPatternsAdaptiveShardingLifecycle(
                beanFactory, properties.sharding().adaptive().autoStart());
    }

    /**
     * Publishes every {@link HotKeyTracker} bean to the application's registry ({@code ddb.patterns.hotkeys.*},
     * tag {@code tracker} = bean name), refreshing the per-key gauges on a schedule when
     * {@code ddb.patterns.hot-keys.tag-hashed-keys} is true.
     *
     * @param trackers the trackers, by bean name
     * @param meterRegistry the application's registry
     * @param properties the starter's settings
     * @return the binding, which owns the refresh scheduler and shuts it down with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnBean({MeterRegistry.class, HotKeyTracker.class})
    @ConditionalOnMissingBean
    public DdbPatternsHotKeyMetrics ddbPatternsHotKeyMetrics(
            Map<String, HotKeyTracker> trackers, MeterRegistry meterRegistry, DdbPatternsProperties properties) {
        return new DdbPatternsHotKeyMetrics(trackers, meterRegistry, properties.hotKeys());
    }
}
