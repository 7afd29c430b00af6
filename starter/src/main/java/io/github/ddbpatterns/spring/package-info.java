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
 *   <li>{@code AdaptiveSharding} from {@code ddb.patterns.sharding.adaptive.*}, for the {@code ShardedTable} beans
 *       you build with {@code .shardMap(tableShardMap).adaptive(adaptiveSharding)}; its listener is your
 *       {@code ShardDecisionListener} beans (none: every decision allowed; several: each is told of every decision
 *       and result, in {@code @Order}, and a decision goes ahead only if all accept it).</li>
 *   <li>{@link io.github.ddbpatterns.spring.DdbPatternsAdaptiveShardingLifecycle}: starts the adaptive-sharding
 *       controller of every {@code ShardedTable} bean that has one when the application starts, and closes them when
 *       it stops, just before the buffers are flushed ({@code ddb.patterns.sharding.adaptive.auto-start=false}
 *       leaves them to you).</li>
 *   <li>{@link io.github.ddbpatterns.spring.DdbPatternsHotKeyMetrics}, when there are a {@code MeterRegistry} and
 *       {@code HotKeyTracker} beans: the trackers' gauges, from {@code ddb.patterns.hot-keys.*}.</li>
 *   <li>With Spring Boot Actuator on the classpath (see <a href="#actuator">Actuator</a>): the health indicator
 *       {@link io.github.ddbpatterns.spring.DdbPatternsHealthIndicator} ({@code ddbpatterns}) and, once exposed, the
 *       endpoint {@link io.github.ddbpatterns.spring.DdbPatternsEndpoint} ({@code /actuator/ddbpatterns}).</li>
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
 * (false), {@code .refresh-interval} (10s); {@code ddb.patterns.health.cache-ttl} (10s) and {@code .timeout} (2s);
 * {@code ddb.patterns.sharding.adaptive.target-utilisation} (0.8), {@code .write-units-per-partition} (1000),
 * {@code .cool-down} (5m), {@code .max-shards} (100), {@code .window} (10s), {@code .dry-run} (false),
 * {@code .report-threshold} (unset: a tenth of the per-shard target, 80), {@code .tracked-keys} (20),
 * {@code .reveal-keys} (false), {@code .auto-start} (true) — the defaults of {@code AdaptiveSharding.ofDefaults()}.
 * Your IDE completes and documents them from the {@code META-INF/spring-configuration-metadata.json} in the jar. A bad value stops the application at startup with
 * a message naming the property and the value, e.g.
 * {@code ddb.patterns.resilience.max-attempts must be between 1 and 100, got: 0}.
 *
 * <h2 id="actuator">Actuator</h2>
 * With {@code spring-boot-starter-actuator} in the application, the starter adds a health indicator and an endpoint
 * (without Actuator, neither exists and nothing of Actuator is needed).
 *
 * <p><b>Health</b>, component {@code ddbpatterns} of {@code /actuator/health}: for every repository bean, one
 * DescribeTable of its table ({@code verifyTable()}, through the repository's client and policy, so retried like any
 * request; repositories over one table and layout share it), or one {@code ListTables} when there is no repository bean; the result answers every
 * health request for {@code ddb.patterns.health.cache-ttl} (10s), so a load balancer polling every second still
 * costs one DescribeTable per table per 10 s, and never more than one check per table is in flight.
 * {@code UP}: every table has the layout its repositories need. {@code DOWN}: a table is missing or has another
 * layout (its entry names the differences), the check failed for another reason (access denied, server error, no
 * connection), or the policy's circuit breaker is open (then no request is sent). {@code OUT_OF_SERVICE}: throttled,
 * or no answer within {@code ddb.patterns.health.timeout} (2s) — not known to be broken; it still answers HTTP 503
 * under Boot's default mapping. All instances share the tables, so a load balancer polling a group that includes
 * {@code ddbpatterns} takes every instance out at once when DynamoDB throttles: give the load balancer the readiness
 * group ({@code /actuator/health/readiness}, which does not include it) and alert on this indicator. Details, with
 * {@code management.endpoint.health.show-details=always} (or {@code when-authorized}):
 *
 * <pre>{@code
 * "ddbpatterns": {
 *   "status": "DOWN",
 *   "details": {
 *     "tables": {
 *       "prod-events": {"status": "UP", "repositories": ["events", "eventCounts"]},
 *       "prod-sessions": {"status": "DOWN", "repositories": ["sessions"],
 *                         "differences": ["partition key is id (N), expected id (S)"]},
 *       "prod-audit": {"status": "DOWN", "repositories": ["audit"], "differences": ["table does not exist"]},
 *       "prod-counters": {"status": "OUT_OF_SERVICE", "repositories": ["pageViews"], "reason": "throttled",
 *                         "error": "ProvisionedThroughputExceededException: ..."}
 *     },
 *     "circuitBreaker": {"name": "ddb-patterns", "state": "CLOSED"}
 *   }
 * }
 * }</pre>
 *
 * Turn it off with {@code management.health.ddbpatterns.enabled=false}, as you must when the credentials may not call
 * DescribeTable ({@code ddb.patterns.check-tables=false}): an access denied is {@code DOWN}.
 *
 * <p><b>Endpoint</b> {@code ddbpatterns}, once exposed ({@code management.endpoints.web.exposure.include=ddbpatterns}
 * or over JMX; {@code management.endpoint.ddbpatterns.access=none} removes it): a read-only JSON description of what
 * ddb-patterns runs with, from memory, without a request to DynamoDB — the shared settings (policy attempts and
 * backoff, circuit breaker state and metrics, rate limit, whether cursors are signed with a shared key or a key of
 * this JVM — never the key —, whether the client makes one SDK attempt per call, {@code check-tables}), every
 * repository bean with its table and layout, every {@code WriteBuffer} bean with its pending keys, held writes and
 * settings, the hottest keys of every {@code HotKeyTracker} bean ({@code ddb.patterns.hot-keys.top-n} per access
 * type, hashed unless the tracker reveals keys), the writes each buffer gave up (the {@code ddb.patterns.buffer.failed}
 * meter, by the buffer's name, when there is a {@code MeterRegistry}) and every {@code TableShardMap} bean (whose
 * cached layouts are not exposed by the class, so not listed). Abridged:
 *
 * <pre>{@code
 * {
 *   "settings": {"resilience": {"name": "ddb-patterns", "maxAttempts": 8, "baseBackoff": "50ms", "maxBackoff": "5s"},
 *                "cursorKey": "shared", "clientAligned": true, "checkTables": true},
 *   "repositories": [{"beans": ["events"], "type": "ShardedTable", "table": "prod-events",
 *                     "layout": "table 'prod-events': partition key pk (S), sort key at (N)"}],
 *   "writeBuffers": [{"bean": "eventWrites", "pendingKeys": 12, "heldWrites": 37, "config": {"maxDelay": "200ms"}}],
 *   "hotKeys": [{"bean": "eventsHotKeys", "keys": "hashed", "window": "10s",
 *                "top": [{"key": "q3V1kq8yZ0Xb5nQe", "access": "write", "unitsPerSecond": 812.5}]}],
 *   "deadLetters": {"source": "meter ddb.patterns.buffer.failed", "byBuffer": {"events": 0}},
 *   "shardMaps": []
 * }
 * }</pre>
 *
 * See {@link io.github.ddbpatterns.spring.DdbPatternsEndpoint} for every field.
 *
 * <h2>Shutdown</h2>
 * Writes still buffered when the application stops are written before the DynamoDB client closes: the flush runs in
 * phase {@code Integer.MAX_VALUE / 2 - 1024}, after the web server's graceful shutdown, the web server, message
 * listeners and Spring's executors have stopped, and takes at most {@code spring.lifecycle.timeout-per-shutdown-phase}
 * (default 30 s). Writes not sent by then fail (their futures, and a {@code WriteBuffer}'s dead-letter callback);
 * writes already sent end with their request, which {@code ddb.patterns.client.api-call-timeout} bounds.
 *
 * <p>Adaptive-sharding controllers stop one phase earlier ({@code Integer.MAX_VALUE / 2 - 1023}): after the web
 * server and Spring's executors, so hot keys can still be raised while requests drain, and before the flush, which
 * then runs alone.
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
