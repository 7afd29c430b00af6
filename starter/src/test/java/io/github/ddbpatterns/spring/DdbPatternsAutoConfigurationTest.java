package io.github.ddbpatterns.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.fanout.CursorCodec;
import io.github.ddbpatterns.core.fanout.SourcePosition;
import io.github.ddbpatterns.core.internal.SdkAttempts;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** The beans the starter declares, their defaults, the properties, and how each backs off for the application's. */
@ExtendWith(OutputCaptureExtension.class)
class DdbPatternsAutoConfigurationTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void defaults_declareEveryBean() {
        Runners.starter().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context)
                    .hasSingleBean(DynamoDbAsyncClient.class)
                    .hasSingleBean(ResiliencePolicy.class)
                    .hasSingleBean(CursorCodec.class)
                    .hasSingleBean(Clock.class)
                    .hasSingleBean(DdbPatterns.class)
                    .hasSingleBean(PatternsContext.class)
                    .hasSingleBean(TableNameResolver.class)
                    .hasSingleBean(DdbPatternsFlushLifecycle.class)
                    .doesNotHaveBean(DdbPatternsHotKeyMetrics.class); // no registry, no tracker

            DdbPatterns ddb = context.getBean(DdbPatterns.class);
            PatternsContext shared = ddb.context();
            assertThat(context.getBean(PatternsContext.class)).isSameAs(shared);
            assertThat(shared.undecoratedClient()).isSameAs(context.getBean(DynamoDbAsyncClient.class));
            assertThat(SdkAttempts.isSingleAttempt(shared.undecoratedClient()))
                    .as("the starter's client makes one SDK attempt per call")
                    .isTrue();
            assertThat(shared.resilience()).isSameAs(context.getBean(ResiliencePolicy.class));
            assertThat(shared.cursorCodec()).isSameAs(CursorCodec.perJvm());
            assertThat(shared.clock()).isEqualTo(Clock.systemUTC());
            assertThat(shared.checkTables()).isTrue();

            ResiliencePolicy policy = shared.resilience();
            assertThat(policy.maxAttempts()).isEqualTo(ResiliencePolicy.DEFAULT_MAX_ATTEMPTS);
            assertThat(policy.baseDelay()).isEqualTo(ResiliencePolicy.DEFAULT_BASE_DELAY);
            assertThat(policy.maxDelay()).isEqualTo(ResiliencePolicy.DEFAULT_MAX_DELAY);
            assertThat(policy.circuitBreaker()).isEmpty();
            assertThat(policy.rateLimiter()).isEmpty();

            assertThat(context.getBean(TableNameResolver.class).name("events")).isEqualTo("events");
            assertThat(context.getBean(DdbPatternsFlushLifecycle.class).timeout())
                    .isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void applicationBeans_areUsedInsteadOfTheStartersOwn() {
        CountingClient client = new CountingClient();
        ResiliencePolicy policy = ResiliencePolicy.builder().maxAttempts(2).build();
        CursorCodec codec = CursorCodec.withKey(SECRET.getBytes(StandardCharsets.UTF_8));
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        Runners.starter()
                .withBean("appClient", DynamoDbAsyncClient.class, () -> client, bd -> bd.setDestroyMethodName(""))
                .withBean(ResiliencePolicy.class, () -> policy)
                .withBean(CursorCodec.class, () -> codec)
                .withBean(Clock.class, () -> clock)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(DynamoDbAsyncClient.class).isSameAs(client);
                    assertThat(context).getBean(ResiliencePolicy.class).isSameAs(policy);
                    assertThat(context).getBean(CursorCodec.class).isSameAs(codec);
                    assertThat(context).getBean(Clock.class).isSameAs(clock);
                    PatternsContext shared = context.getBean(DdbPatterns.class).context();
                    assertThat(shared.undecoratedClient()).isSameAs(client);
                    assertThat(shared.resilience()).isSameAs(policy);
                    assertThat(shared.cursorCodec()).isSameAs(codec);
                    assertThat(shared.clock()).isSameAs(clock);
                });
        assertThat(client.closed)
                .as("the starter never closes the application's client")
                .hasValue(0);
    }

    @Test
    void applicationDdbPatterns_isUsedAndItsContextExposed() {
        DdbPatterns own = DdbPatterns.builder()
                .dynamoDbClient(new CountingClient())
                .checkTables(false)
                .build();
        Runners.starter().withBean(DdbPatterns.class, () -> own).run(context -> {
            assertThat(context).getBean(DdbPatterns.class).isSameAs(own);
            assertThat(context).getBean(PatternsContext.class).isSameAs(own.context());
        });
    }

    @Test
    void startersClient_isClosedWithTheContext() {
        AtomicInteger httpClientCloses = new AtomicInteger();
        // the SDK closes the HTTP client it built when its client is closed (and only then)
        DdbPatternsClientCustomizer countCloses = builder -> builder.httpClientBuilder(defaults -> {
            SdkAsyncHttpClient netty = NettyNioAsyncHttpClient.builder().buildWithDefaults(defaults);
            return new SdkAsyncHttpClient() {
                @Override
                public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
                    return netty.execute(request);
                }

                @Override
                public void close() {
                    httpClientCloses.incrementAndGet();
                    netty.close();
                }
            };
        });
        Runners.starter()
                .withBean(DdbPatternsClientCustomizer.class, () -> countCloses)
                .run(context -> {
                    assertThat(context).hasSingleBean(DynamoDbAsyncClient.class);
                    assertThat(httpClientCloses).hasValue(0);
                });
        assertThat(httpClientCloses).hasValue(1);
    }

    @Test
    void applicationRegistry_receivesEveryMeter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Runners.starter().withBean(MeterRegistry.class, () -> registry).run(context -> {
            PatternsContext shared = context.getBean(PatternsContext.class);
            assertThat(shared.meterRegistry()).isSameAs(registry);
            assertThat(shared.resilience().meterRegistry()).isSameAs(registry);

            shared.resilience()
                    .execute("Probe", () -> CompletableFuture.completedFuture("ok"))
                    .join();
            assertThat(registry.find("ddb.patterns.resilience.calls").meters()).isNotEmpty();
        });
    }

    @Test
    void properties_bindEverySetting() {
        Runners.starter()
                .withPropertyValues(
                        "ddb.patterns.client.endpoint=http://127.0.0.1:8000",
                        "ddb.patterns.client.max-concurrency=256",
                        "ddb.patterns.client.api-call-timeout=20s",
                        "ddb.patterns.client.api-call-attempt-timeout=2s",
                        "ddb.patterns.resilience.max-attempts=4",
                        "ddb.patterns.resilience.base-backoff=10ms",
                        "ddb.patterns.resilience.max-backoff=1s",
                        "ddb.patterns.resilience.circuit-breaker.enabled=true",
                        "ddb.patterns.resilience.circuit-breaker.failure-rate-threshold=25",
                        "ddb.patterns.resilience.circuit-breaker.sliding-window-size=20",
                        "ddb.patterns.resilience.circuit-breaker.minimum-number-of-calls=10",
                        "ddb.patterns.resilience.circuit-breaker.wait-duration-in-open-state=5s",
                        "ddb.patterns.resilience.circuit-breaker.permitted-number-of-calls-in-half-open-state=3",
                        "ddb.patterns.resilience.rate-limit.limit-per-second=400",
                        "ddb.patterns.resilience.rate-limit.min-limit=20",
                        "ddb.patterns.resilience.rate-limit.timeout=1s",
                        "ddb.patterns.cursor.secret=" + SECRET,
                        "ddb.patterns.cursor.require-secret=true",
                        "ddb.patterns.table-name.prefix=staging-",
                        "ddb.patterns.table-name.suffix=.v2",
                        "ddb.patterns.check-tables=false",
                        "ddb.patterns.hot-keys.top-n=3",
                        "ddb.patterns.hot-keys.tag-hashed-keys=true",
                        "ddb.patterns.hot-keys.refresh-interval=30s",
                        "spring.lifecycle.timeout-per-shutdown-phase=12s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    DdbPatternsProperties properties = context.getBean(DdbPatternsProperties.class);
                    assertThat(properties.client().region()).isEqualTo("us-east-1");
                    assertThat(properties.client().endpoint()).hasToString("http://127.0.0.1:8000");
                    assertThat(properties.client().maxConcurrency()).isEqualTo(256);
                    assertThat(properties.client().apiCallTimeout()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(properties.client().apiCallAttemptTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(properties.cursor().requireSecret()).isTrue();
                    assertThat(properties.cursor()).asString().doesNotContain(SECRET);
                    assertThat(properties.hotKeys().topN()).isEqualTo(3);
                    assertThat(properties.hotKeys().tagHashedKeys()).isTrue();
                    assertThat(properties.hotKeys().refreshInterval()).isEqualTo(Duration.ofSeconds(30));

                    PatternsContext shared = context.getBean(PatternsContext.class);
                    ResiliencePolicy policy = shared.resilience();
                    assertThat(policy.maxAttempts()).isEqualTo(4);
                    assertThat(policy.baseDelay()).isEqualTo(Duration.ofMillis(10));
                    assertThat(policy.maxDelay()).isEqualTo(Duration.ofSeconds(1));
                    CircuitBreakerConfig breaker =
                            policy.circuitBreaker().orElseThrow().getCircuitBreakerConfig();
                    assertThat(breaker.getFailureRateThreshold()).isEqualTo(25f);
                    assertThat(breaker.getSlidingWindowSize()).isEqualTo(20);
                    assertThat(breaker.getMinimumNumberOfCalls()).isEqualTo(10);
                    assertThat(breaker.getPermittedNumberOfCallsInHalfOpenState())
                            .isEqualTo(3);
                    assertThat(breaker.getIgnoreExceptionPredicate().test(serviceError(400, "ThrottlingException")))
                            .as("throttles never open the breaker (ResiliencePolicy.circuitBreakerConfig())")
                            .isTrue();
                    assertThat(breaker.getRecordExceptionPredicate().test(serviceError(500, "InternalServerError")))
                            .as("5xx count as failures")
                            .isTrue();
                    assertThat(breaker.getRecordExceptionPredicate().test(serviceError(400, "ValidationException")))
                            .as("client errors do not")
                            .isFalse();
                    assertThat(policy.rateLimiter().orElseThrow().maxLimit()).isEqualTo(400);
                    assertThat(policy.rateLimiter().orElseThrow().minLimit()).isEqualTo(20);
                    assertThat(policy.rateLimiter()
                                    .orElseThrow()
                                    .rateLimiter()
                                    .getRateLimiterConfig()
                                    .getTimeoutDuration())
                            .isEqualTo(Duration.ofSeconds(1));
                    assertThat(shared.checkTables()).isFalse();

                    String cursor = shared.cursorCodec().encode("query", List.of(SourcePosition.NOT_STARTED));
                    assertThat(CursorCodec.withKey(SECRET.getBytes(StandardCharsets.UTF_8))
                                    .decode(cursor, "query"))
                            .as("cursors are signed with the configured secret: another instance reads them")
                            .containsExactly(SourcePosition.NOT_STARTED);

                    assertThat(context.getBean(TableNameResolver.class).name("events"))
                            .isEqualTo("staging-events.v2");
                    assertThat(context.getBean(DdbPatternsFlushLifecycle.class).timeout())
                            .isEqualTo(Duration.ofSeconds(12));
                });
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ddb.patterns.resilience.max-attempts=0 | ddb.patterns.resilience.max-attempts must be between 1 and 100, got: 0",
                "ddb.patterns.resilience.max-attempts=101 | ddb.patterns.resilience.max-attempts must be between 1 and 100, got: 101",
                "ddb.patterns.resilience.base-backoff=-5s | ddb.patterns.resilience.base-backoff must not be negative, got: -5000ms",
                "ddb.patterns.resilience.max-backoff=10ms | ddb.patterns.resilience.max-backoff must not be shorter than ddb.patterns.resilience.base-backoff (50ms), got: 10ms",
                "ddb.patterns.resilience.circuit-breaker.failure-rate-threshold=0 | ddb.patterns.resilience.circuit-breaker.failure-rate-threshold must be a percentage above 0, at most 100, got: 0.0",
                "ddb.patterns.resilience.circuit-breaker.wait-duration-in-open-state=0s | ddb.patterns.resilience.circuit-breaker.wait-duration-in-open-state must be positive, got: 0ms",
                "ddb.patterns.resilience.rate-limit.limit-per-second=0 | ddb.patterns.resilience.rate-limit.limit-per-second must be at least 1, got: 0",
                "ddb.patterns.resilience.rate-limit.timeout=-1s | ddb.patterns.resilience.rate-limit.timeout must not be negative, got: -1000ms",
                "ddb.patterns.cursor.secret=too-short | ddb.patterns.cursor.secret must be at least 16 bytes in UTF-8 (32 recommended), got: 9 bytes (value hidden)",
                "ddb.patterns.client.max-concurrency=0 | ddb.patterns.client.max-concurrency must be at least 1, got: 0",
                "ddb.patterns.client.api-call-timeout=-1s | ddb.patterns.client.api-call-timeout must be positive, got: -1000ms",
                "ddb.patterns.client.endpoint=localhost | ddb.patterns.client.endpoint must be an absolute URI such as http://localhost:8000, got: localhost",
                "ddb.patterns.table-name.prefix=prod events | ddb.patterns.table-name.prefix must hold only letters, digits, '_', '-' and '.', got: 'prod events'",
                "ddb.patterns.hot-keys.top-n=0 | ddb.patterns.hot-keys.top-n must be between 1 and 100, got: 0",
                "ddb.patterns.hot-keys.refresh-interval=0s | ddb.patterns.hot-keys.refresh-interval must be positive, got: 0ms"
            })
    void badValue_failsStartupNamingThePropertyAndTheValue(String property, String message) {
        Runners.starter().withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessage(message);
            assertThat(context.getStartupFailure()).hasMessageContaining("ddb.patterns");
        });
    }

    @Test
    void badSecret_neverAppearsInTheFailure() {
        Runners.starter()
                .withPropertyValues("ddb.patterns.cursor.secret=hunter2-secret")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    for (Throwable t = failure; t != null; t = t.getCause()) {
                        assertThat(t.getMessage()).doesNotContain("hunter2-secret");
                    }
                });
    }

    @Test
    void noSecret_warnsThatCursorsBreakBehindALoadBalancer(CapturedOutput output) {
        Runners.starter().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(CursorCodec.class)).isSameAs(CursorCodec.perJvm());
        });
        assertThat(output.getOut() + output.getErr())
                .contains("WARN")
                .contains("ddb.patterns.cursor.secret is not set")
                .contains("behind a load balancer");
    }

    @Test
    void noSecret_whenRequired_failsStartup() {
        Runners.starter()
                .withPropertyValues("ddb.patterns.cursor.require-secret=true", "ddb.patterns.cursor.secret=")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageStartingWith("ddb.patterns.cursor.require-secret=true but"
                                    + " ddb.patterns.cursor.secret is not set");
                });
    }

    @Test
    void noSecret_whenRequired_butApplicationCodec_starts() {
        Runners.starter()
                .withPropertyValues("ddb.patterns.cursor.require-secret=true")
                .withBean(CursorCodec.class, () -> CursorCodec.withKey(SECRET.getBytes(StandardCharsets.UTF_8)))
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void tableNameResolver_refusesAnInvalidName() {
        Runners.starter().withPropertyValues("ddb.patterns.table-name.prefix=x").run(context -> {
            TableNameResolver tables = context.getBean(TableNameResolver.class);
            assertThat(tables.name("ab")).isEqualTo("xab");
            assertThatThrownBy(() -> tables.name("a/b"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'xa/b'");
        });
    }

    @Test
    void applicationClient_unaligned_isReportedOnce(CapturedOutput output) {
        Runners.starter()
                .withBean(
                        "appClient", DynamoDbAsyncClient.class, CountingClient::new, bd -> bd.setDestroyMethodName(""))
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output.getOut() + output.getErr())
                .contains("The DynamoDbAsyncClient bean retries by itself")
                .contains("SdkRetryAlignment.configure");
    }

    @Test
    void configurationMetadata_isGeneratedIntoTheJar() throws IOException {
        try (InputStream json = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(json)
                    .as("META-INF/spring-configuration-metadata.json on the classpath")
                    .isNotNull();
            String metadata = new String(json.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(metadata)
                    .contains("\"name\": \"ddb.patterns.resilience.max-attempts\"")
                    .contains("\"name\": \"ddb.patterns.cursor.secret\"")
                    .contains("\"name\": \"ddb.patterns.table-name.prefix\"")
                    .contains("\"name\": \"ddb.patterns.check-tables\"")
                    .contains("The most requests one call sends");
        }
    }

    static DynamoDbException serviceError(int status, String code) {
        return (DynamoDbException) DynamoDbException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
                .build();
    }

    /** A client that only counts its closes (every request method throws UnsupportedOperationException). */
    static final class CountingClient implements DynamoDbAsyncClient {
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }
}
