/**
 * The sample application of the Spring Boot starter ({@link io.github.ddbpatterns.examples.spring.SampleApplication}):
 * a small REST service on DynamoDB whose repositories are the application's own beans
 * ({@link io.github.ddbpatterns.examples.spring.SampleRepositories}), made from the starter's {@code DdbPatterns}
 * bean, with the library's meters under {@code /actuator/metrics/ddb.patterns.*}.
 *
 * <h2>Run it</h2>
 * <pre>
 * mvn -B -q -Pdemo -DskipTests -pl examples -am package -Ddemo.args="--scenario spring-sample"  # calls, prints, stops
 * mvn -B -q -Pdemo -DskipTests -pl examples -am package -Ddemo.args="--serve"                   # keeps serving on :8080
 * </pre>
 * Both start DynamoDB Local in the demo's JVM and the application with the profile {@code local}
 * ({@link io.github.ddbpatterns.examples.spring.LocalDynamoDbConfiguration}, {@code application-local.properties}):
 * static credentials, region us-east-1, {@code ddb.patterns.client.endpoint} pointed at DynamoDB Local, tables created
 * at startup ({@link io.github.ddbpatterns.examples.spring.DevelopmentTables}). Without that profile the starter's
 * client uses the SDK's default credentials and region chains and the tables must exist.
 *
 * <h2>Endpoints</h2>
 * <pre>
 * POST /users/user-42/clicks {"action":"buy"}                     (optional "at": an ISO-8601 instant)
 *   201 {"id":"9deb8c3d9d628f1a","userId":"user-42","at":"2026-11-24T10:00:00Z","action":"buy"}
 * GET  /users/user-42/clicks?limit=12&amp;cursor=...                  (newest first; limit 20 by default)
 *   200 {"items":[{"id":...,"at":"2026-11-24T10:00:29Z",...}, ...],"cursor":"AQF10D1KRDEUhmG9..."}  (null: last page)
 * POST /companies/company-123/telemetry {"at":"2026-11-23T21:00:00Z","value":17,"id":"r-3"}  ("id" optional)
 *   201 {"companyId":"company-123","at":"2026-11-23T21:00:00Z","id":"r-3","value":17.0}
 * GET  /companies/company-123/telemetry?from=2026-11-23T22:00:00Z&amp;to=2026-11-24T02:00:00Z&amp;limit=&amp;cursor=
 *   200 {"items":[... 22:00, 23:00, 00:00, 01:00 ...],"cursor":null}    (from &lt;= at &lt; to, oldest first)
 * POST /sessions {"userId":"user-7","attributes":{"role":"admin"}}
 *   201 {"id":"N0I69IUtkv74rngkRpTqCg","userId":"user-7","attributes":{"role":"admin"},
 *        "createdAt":"2026-11-29T23:55:18Z","expiresAt":"2026-11-30T00:25:18Z"}
 * GET  /sessions/N0I69IUtkv74rngkRpTqCg                              (200 with the session; 404 expired or absent)
 * GET  /actuator/metrics, /actuator/metrics/ddb.patterns.resilience.calls
 * </pre>
 * A click is answered 201 once persisted: it waits in the write buffer at most {@code sample.clicks.max-delay}
 * (50 ms) for other clicks to share its BatchWriteItem call. Errors are RFC 9457 problem details
 * ({@link io.github.ddbpatterns.examples.spring.ApiErrors}): 400 for bad input with the library's message and the
 * field it names ({@code "detail":"limit must be between 1 and 10000, got: 0","field":"limit"}; a cursor altered or issued for
 * another user or range is {@code "field":"cursor"}), 503 naming the table while a table is missing, 503 with
 * {@code Retry-After} when the write buffer is full, 404 for a session expired or absent.
 */
@NullMarked
package io.github.ddbpatterns.examples.spring;

import org.jspecify.annotations.NullMarked;
