/**
 * Spring Boot starter of ddb-patterns: add {@code io.github.ddbpatterns:ddb-patterns-spring-boot-starter} and inject
 * one {@link io.github.ddbpatterns.DdbPatterns} bean, configured under {@code ddb.patterns.*}.
 *
 * <h2>Beans</h2>
 * {@link io.github.ddbpatterns.spring.DdbPatternsAutoConfiguration} declares each of these unless the application
 * defines its own bean of that type:
 * <ul>
 *   <li>{@code DynamoDbAsyncClient}: built for one SDK attempt per call ({@code SdkRetryAlignment}) on the Netty
 *       client, from {@code ddb.patterns.client.*} (region, endpoint — e.g. DynamoDB Local —, max concurrency,
 *       timeouts), the application's {@code AwsCredentialsProvider} and {@code AwsRegionProvider} beans if any
 *       (Spring Cloud AWS declares both), else the SDK's default chains, then every
 *       {@link io.github.ddbpatterns.spring.DdbPatternsClientCustomizer}; closed with the context. An application
 *       client (say, one shared with other code) is used as it is and never closed by the starter; if it keeps the
 *       SDK's own retries, every request of ddb-patterns carries a per-request override for one SDK attempt, which
 *       costs some CPU per request (the starter says so once, at INFO): build it with
 *       {@code SdkRetryAlignment.configure(DynamoDbAsyncClient.builder())} to avoid it. Spring Cloud AWS declares
 *       only the synchronous {@code DynamoDbClient}, which ddb-patterns does not use.</li>
 *   <li>{@code ResiliencePolicy} from {@code ddb.patterns.resilience.*}: every request of every repository is
 *       retried by it, exactly once; optional circuit breaker and adaptive rate limit; its meters go to the
 *       application's {@code MeterRegistry}. A policy bean of your own keeps the registry you built it with
 *       ({@code ResiliencePolicy.builder().meterRegistry(registry)}).</li>
 *   <li>{@code CursorCodec}: signs page cursors with {@code ddb.patterns.cursor.secret}; without it, a key per JVM
 *       and a WARN at startup (cursors then fail behind a load balancer and after a restart), or a failed startup
 *       with {@code ddb.patterns.cursor.require-secret=true}.</li>
 *   <li>{@code Clock}: {@code Clock.systemUTC()}.</li>
 *   <li>{@code DdbPatterns}, made of the above, {@code ddb.patterns.check-tables} and the application's
 *       {@code MeterRegistry} (every {@code ddb.patterns.*} meter goes there), and the {@code PatternsContext} it
 *       holds.</li>
 *   <li>{@link io.github.ddbpatterns.spring.TableNameResolver} from {@code ddb.patterns.table-name.prefix} and
 *       {@code .suffix}.</li>
 *   <li>{@link io.github.ddbpatterns.spring.DdbPatternsFlushLifecycle}: flushes and closes every {@code WriteBuffer}
 *       and {@code PreferenceStore} bean at shutdown, after the web server has drained its requests, within
 *       {@code spring.lifecycle.timeout-per-shutdown-phase}; what cannot be written by then is failed into the
 *       dead-letter handling and counted in one WARN line.</li>
 *   <li>{@link io.github.ddbpatterns.spring.DdbPatternsHotKeyMetrics}, when there are a {@code MeterRegistry} and
 *       {@code HotKeyTracker} beans: the trackers' gauges, from {@code ddb.patterns.hot-keys.*}.</li>
 * </ul>
 *
 * <h2>Repositories are your beans</h2>
 * Declare each repository as a bean of your own configuration, from the injected {@code DdbPatterns} and
 * {@code TableNameResolver}: the builders are the library's, unchanged, and every bean shares the client, the
 * policy, the cursor key, the clock and the registry. {@code WriteBuffer} and {@code PreferenceStore} beans are
 * flushed and closed at shutdown, wherever they come from (this example is compiled and run by the starter's
 * tests):
 *
 * <pre>{@code
 * @Configuration(proxyBeanMethods = false)
 * public class EventsConfiguration {
 *
 *     @Bean
 *     TableSchema<Event> eventSchema() {
 *         return TableSchema.fromBean(Event.class);
 *     }
 *
 *     @Bean
 *     WriteBuffer eventWrites(DdbPatterns ddb) {
 *         return ddb.writeBuffer().name("events").maxDelay(Duration.ofMillis(200)).build(); // flushed at shutdown
 *     }
 *
 *     @Bean
 *     ShardedTable<Event> events(
 *             DdbPatterns ddb, TableNameResolver tables, TableSchema<Event> eventSchema, WriteBuffer eventWrites) {
 *         return ddb.shardedTable(eventSchema)
 *                 .tableName(tables.name("events")) // "staging-events" with ddb.patterns.table-name.prefix=staging-
 *                 .logicalKey(Event::getUserId)
 *                 .shards(10)
 *                 .writeBuffer(eventWrites) // put() is coalesced and batched
 *                 .build();
 *     }
 *
 *     @Bean
 *     PreferenceStore<Preference> preferences(DdbPatterns ddb, TableNameResolver tables) {
 *         return ddb.preferences(TableSchema.fromBean(Preference.class))
 *                 .tableName(tables.name("preferences"))
 *                 .maxStaleness(Duration.ofSeconds(1)) // other instances see a write within 1 s
 *                 .build(); // flushed and closed at shutdown
 *     }
 * }
 * }</pre>
 *
 * Then inject {@code ShardedTable<Event>} wherever events are written or read. With several buffers or stores of one
 * type, inject them by bean name or {@code @Qualifier}. Create tables in your infrastructure code
 * ({@code tableLayout().toCloudFormation()}), or with {@code createTable()} in development and tests; each repository
 * checks its table before its first request unless {@code ddb.patterns.check-tables=false}.
 *
 * <h2>Properties</h2>
 * {@code ddb.patterns.client.region} (unset: the SDK's chain), {@code .endpoint} (unset),
 * {@code .max-concurrency} (50), {@code .api-call-timeout} and {@code .api-call-attempt-timeout} (unset);
 * {@code ddb.patterns.resilience.max-attempts} (8), {@code .base-backoff} (50ms), {@code .max-backoff} (5s),
 * {@code .circuit-breaker.enabled} (false) with {@code failure-rate-threshold} (50), {@code sliding-window-size} (100),
 * {@code minimum-number-of-calls} (100), {@code wait-duration-in-open-state} (60s),
 * {@code permitted-number-of-calls-in-half-open-state} (10), {@code .rate-limit.limit-per-second} (unset: no limit)
 * with {@code min-limit} (1) and {@code timeout} (5s); {@code ddb.patterns.cursor.secret} (unset) and
 * {@code .require-secret} (false); {@code ddb.patterns.table-name.prefix} and {@code .suffix} (empty);
 * {@code ddb.patterns.check-tables} (true); {@code ddb.patterns.hot-keys.top-n} (5), {@code .tag-hashed-keys}
 * (false), {@code .refresh-interval} (10s). Your IDE completes and documents them from the
 * {@code META-INF/spring-configuration-metadata.json} in the jar. A bad value stops the application at startup with
 * a message naming the property and the value, e.g.
 * {@code ddb.patterns.resilience.max-attempts must be between 1 and 100, got: 0}.
 *
 * <h2>Shutdown</h2>
 * Writes still buffered when the application stops are written before the DynamoDB client closes: the flush runs in
 * phase {@code Integer.MAX_VALUE / 2 - 1024}, after the web server's graceful shutdown, the web server, message
 * listeners and Spring's executors have stopped, and takes at most {@code spring.lifecycle.timeout-per-shutdown-phase}
 * (default 30 s). Writes not sent by then fail (their futures, and a {@code WriteBuffer}'s dead-letter callback);
 * writes already sent end with their request, which {@code ddb.patterns.client.api-call-timeout} bounds.
 *
 * <h2>Versions</h2>
 * Built and tested with Spring Boot 3.5.7, Micrometer 1.17.2 and AWS SDK 2.40.2. Spring Boot 3.5.7's dependency
 * management picks Micrometer 1.15.5 for an application unless told otherwise: to run ddb-patterns on the Micrometer
 * it is tested with, set {@code micrometer.version} (with the Boot parent) or import
 * {@code io.micrometer:micrometer-bom} before Boot's BOM.
 */
@NullMarked
package io.github.ddbpatterns.spring;

import org.jspecify.annotations.NullMarked;
