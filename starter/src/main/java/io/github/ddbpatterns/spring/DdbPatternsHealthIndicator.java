package io.github.ddbpatterns.spring;

import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.core.table.TableLayout;
import io.github.ddbpatterns.core.table.TableLayoutException;
import io.github.ddbpatterns.core.table.TableRepository;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/**
 * The Actuator health of ddb-patterns (component {@code ddbpatterns}): whether the table of every repository bean
 * exists with the layout the repository needs, and whether the resilience policy's circuit breaker lets requests
 * through.
 *
 * <p><b>What it sends.</b> One check per repository table ({@link TableRepository#verifyTable()}: one DescribeTable,
 * compared with {@link TableRepository#tableLayout()}; repositories over the same table with the same layout share
 * one check), or one {@code ListTables} (limit 1) when the application declares no repository. The result is kept for
 * {@code ddb.patterns.health.cache-ttl} (10 s): health requests within it send nothing, however often a load
 * balancer polls, and concurrent health requests share one check. A check still running when the next one is due is
 * waited for again rather than repeated, so there is never more than one check per table in flight.
 *
 * <p>The checks go through the repository's own client and policy, like its data requests: the right account and
 * region whatever client each repository was built with; a throttled DescribeTable is retried by the policy (up to
 * {@code max-attempts} requests per check), takes a permit of the rate limit if there is one, and counts in the
 * circuit breaker (in half-open state it is one of the trial calls); a passed check spares the repository its own
 * first check. The credentials need {@code dynamodb:DescribeTable} on every repository table
 * ({@code dynamodb:ListTables} without repositories), whatever {@code ddb.patterns.check-tables} says: with
 * credentials that may not call it, an {@code AccessDeniedException} is {@code DOWN}, so turn the indicator off
 * ({@code management.health.ddbpatterns.enabled=false}).
 *
 * <p><b>Statuses.</b>
 * <ul>
 *   <li>{@code UP}: every table serves its repositories (or ListTables answered).</li>
 *   <li>{@code DOWN}: a table is missing or has another layout (its entry gives the differences), DynamoDB refused
 *       the check for another reason (access denied, a server error after the policy's retries, no connection), or
 *       the circuit breaker is open — then no check is sent at all.</li>
 *   <li>{@code OUT_OF_SERVICE}: no verdict yet — DynamoDB throttled the check (also when the client-side rate limit
 *       refused it), or gave no answer within {@code ddb.patterns.health.timeout} (2 s). Nothing is known to be
 *       broken, so it is not {@code DOWN}; it still maps to HTTP 503 under Spring Boot's default mapping. Every
 *       instance shares the tables, so a load balancer polling a health group that includes {@code ddbpatterns}
 *       takes them all out of service together when DynamoDB throttles: point the load balancer at the readiness
 *       group (which does not include it) and watch this indicator from monitoring.</li>
 * </ul>
 * The indicator never throws: every failure is a status with details.
 *
 * <p><b>Details</b> (shown with {@code management.endpoint.health.show-details}):
 * <pre>{@code
 * "ddbpatterns": {
 *   "status": "DOWN",
 *   "details": {
 *     "tables": {
 *       "events": {"status": "UP", "repositories": ["events"]},
 *       "sessions": {"status": "DOWN", "repositories": ["sessions"],
 *                    "differences": ["partition key is id (N), expected id (S)"]},
 *       "audit": {"status": "DOWN", "repositories": ["audit"], "differences": ["table does not exist"]},
 *       "counters": {"status": "OUT_OF_SERVICE", "repositories": ["pageViews"], "reason": "throttled",
 *                    "error": "ProvisionedThroughputExceededException: ..."}
 *     },
 *     "circuitBreaker": {"name": "ddb-patterns", "state": "CLOSED"}
 *   }
 * }
 * }</pre>
 * Without repositories, {@code "probe": "ListTables"} replaces {@code "tables"} (with {@code "reason"} and
 * {@code "error"} when it failed); {@code "circuitBreaker"} appears when the policy has one.
 *
 * <p><b>Why blocking.</b> It is a plain {@link HealthIndicator}, not a reactive one: the library's calls are
 * {@code CompletableFuture}s, a reactive indicator would need Project Reactor on the application's classpath, and
 * Spring Boot already runs blocking indicators on a bounded elastic scheduler in WebFlux applications. A health
 * request blocks at most {@code ddb.patterns.health.timeout}, and only once per {@code cache-ttl}.
 *
 * <p>Repositories are the {@code TableRepository} beans and the repositories behind blocking-twin beans
 * ({@code sync()} views) that exist when a check starts: a lazy bean not created yet is not created for a health
 * check.
 */
public class DdbPatternsHealthIndicator implements HealthIndicator {

    private final Supplier<List<ExistingBeans.RepositoryBean>> repositories;
    private final PatternsContext context;
    private final long cacheTtlNanos;
    private final Duration timeout;
    private final LongSupplier nanoTime;

    private final Object lock = new Object();
    private @Nullable Probe running;
    private @Nullable Health cached;
    private long cachedAt;

    /**
     * An indicator checking the repositories found in {@code beans} at each check, with the ListTables probe and
     * the circuit breaker of {@code context}.
     *
     * @param beans where the repository beans are found
     * @param context the shared settings of the {@code DdbPatterns} bean
     * @param settings {@code ddb.patterns.health.*}
     */
    DdbPatternsHealthIndicator(ExistingBeans beans, PatternsContext context, DdbPatternsProperties.Health settings) {
        this(beans::repositories, context, settings, System::nanoTime);
    }

    DdbPatternsHealthIndicator(
            Supplier<List<ExistingBeans.RepositoryBean>> repositories,
            PatternsContext context,
            DdbPatternsProperties.Health settings,
            LongSupplier nanoTime) {
        this.repositories = repositories;
        this.context = context;
        this.cacheTtlNanos = settings.cacheTtl().toNanos();
        this.timeout = settings.timeout();
        this.nanoTime = nanoTime;
    }

    /**
     * The health: {@code DOWN} at once while the circuit breaker is open; otherwise the cached result of the last
     * check, or of a new one when it is older than {@code cache-ttl}. Never throws.
     *
     * @return the health, with details
     */
    @Override
    public Health health() {
        Optional<CircuitBreaker> breaker = context.resilience().circuitBreaker();
        if (breaker.isPresent() && isOpen(breaker.get())) {
            return Health.down()
                    .withDetail("circuitBreaker", describe(breaker.get()))
                    .build();
        }
        Health checked = checked();
        if (breaker.isEmpty()) {
            return checked;
        }
        return Health.status(checked.getStatus())
                .withDetails(checked.getDetails())
                .withDetail("circuitBreaker", describe(breaker.get()))
                .build();
    }

    /** The cached check, or a new (or still running) one's result. */
    private Health checked() {
        Probe probe;
        synchronized (lock) {
            if (cached != null && nanoTime.getAsLong() - cachedAt < cacheTtlNanos) {
                return cached;
            }
            if (running == null || running.isDone()) {
                try {
                    running = start();
                } catch (RuntimeException e) {
                    return Health.down(e).build(); // finding the repositories failed: not cached
                }
            }
            probe = running;
        }
        boolean interrupted = false;
        try {
            probe.all.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // unanswered checks are reported as timeouts; outcomes never complete exceptionally
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interrupted = true;
        }
        Health health = probe.health(timeout);
        if (!interrupted) {
            synchronized (lock) {
                cached = health;
                cachedAt = nanoTime.getAsLong();
            }
        }
        return health;
    }

    /** Starts one check per distinct table layout, or the ListTables probe. */
    private Probe start() {
        List<ExistingBeans.RepositoryBean> found = repositories.get();
        if (found.isEmpty()) {
            return new Probe(
                    null,
                    List.of(new Check(
                            "ListTables",
                            List.of(),
                            outcome(() -> context.dynamoDbClient()
                                    .listTables(b -> b.limit(1))
                                    .thenApply(ignored -> null)))));
        }
        Map<TableLayout, List<String>> beansByLayout = new LinkedHashMap<>();
        Map<TableLayout, TableRepository> checkedBy = new LinkedHashMap<>();
        for (ExistingBeans.RepositoryBean bean : found) {
            TableLayout layout = bean.repository().tableLayout();
            checkedBy.putIfAbsent(layout, bean.repository());
            beansByLayout.computeIfAbsent(layout, l -> new ArrayList<>()).addAll(bean.beans());
        }
        List<Check> checks = new ArrayList<>();
        checkedBy.forEach((layout, repository) ->
                checks.add(new Check(layout.tableName(), beansByLayout.get(layout), outcome(repository::verifyTable))));
        return new Probe("tables", checks);
    }

    /** The call's failure, or null when it succeeded; never completes exceptionally. */
    private static CompletableFuture<@Nullable Throwable> outcome(Supplier<CompletableFuture<Void>> call) {
        CompletableFuture<Void> started;
        try {
            started = call.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        return started.handle((ok, error) -> error == null ? null : DynamoDbErrors.unwrap(error));
    }

    private static boolean isOpen(CircuitBreaker breaker) {
        CircuitBreaker.State state = breaker.getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    private static Map<String, Object> describe(CircuitBreaker breaker) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", breaker.getName());
        details.put("state", breaker.getState().name());
        return details;
    }

    /** The worse of two statuses: DOWN, then OUT_OF_SERVICE, then UP. */
    private static Status worse(Status a, Status b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(Status status) {
        if (Status.DOWN.equals(status)) {
            return 2;
        }
        return Status.OUT_OF_SERVICE.equals(status) ? 1 : 0;
    }

    /**
     * One round of checks.
     *
     * @param detail the details key of the per-table entries, or null for the ListTables probe
     * @param checks the checks, one per distinct table layout
     */
    private record Probe(@Nullable String detail, List<Check> checks, CompletableFuture<Void> all) {

        Probe(@Nullable String detail, List<Check> checks) {
            this(
                    detail,
                    checks,
                    CompletableFuture.allOf(checks.stream().map(Check::outcome).toArray(CompletableFuture[]::new)));
        }

        boolean isDone() {
            return all.isDone();
        }

        Health health(Duration timeout) {
            if (detail == null) {
                Check probe = checks.get(0);
                Map<String, Object> result = probe.result(timeout);
                Health.Builder health = Health.status((Status) result.remove("status"));
                return health.withDetail("probe", probe.table())
                        .withDetails(result)
                        .build();
            }
            Map<String, Map<String, Object>> tables = new LinkedHashMap<>();
            Status status = Status.UP;
            for (Check check : checks) {
                Map<String, Object> result = check.result(timeout);
                status = worse(status, (Status) result.get("status"));
                tables.merge(check.table(), result, Probe::merge);
            }
            tables.values().forEach(entry -> entry.put("status", ((Status) entry.get("status")).getCode()));
            return Health.status(status).withDetail(detail, tables).build();
        }

        /** Two checks of one table (repositories needing different layouts of it): one entry. */
        @SuppressWarnings("unchecked")
        private static Map<String, Object> merge(Map<String, Object> first, Map<String, Object> second) {
            Map<String, Object> merged = new LinkedHashMap<>(first);
            merged.put("status", worse((Status) first.get("status"), (Status) second.get("status")));
            Set<String> beans = new LinkedHashSet<>((List<String>) first.get("repositories"));
            beans.addAll((List<String>) second.get("repositories"));
            merged.put("repositories", List.copyOf(beans));
            second.forEach((key, value) -> {
                if (value instanceof List<?> list && merged.get(key) instanceof List<?> existing) {
                    Set<Object> union = new LinkedHashSet<>(existing);
                    union.addAll(list);
                    merged.put(key, List.copyOf(union));
                } else {
                    merged.putIfAbsent(key, value);
                }
            });
            return merged;
        }
    }

    /**
     * One check: a table's DescribeTable compared with a layout, or the ListTables probe.
     *
     * @param table the table's name (or {@code ListTables})
     * @param repositories the beans of the repositories it answers for
     * @param outcome the failure, null when it passed
     */
    private record Check(String table, List<String> repositories, CompletableFuture<@Nullable Throwable> outcome) {

        /** {@code status} (a {@link Status}), the repositories, and what went wrong. */
        Map<String, Object> result(Duration timeout) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("status", Status.UP);
            if (!repositories.isEmpty()) {
                result.put("repositories", repositories);
            }
            if (!outcome.isDone()) {
                result.put("status", Status.OUT_OF_SERVICE);
                result.put("reason", "timeout");
                result.put(
                        "error",
                        "no answer within " + DdbPatternsProperties.print(timeout) + " (" + DdbPatternsProperties.PREFIX
                                + ".health.timeout)");
                return result;
            }
            Throwable error = outcome.join();
            if (error == null) {
                return result;
            }
            if (error instanceof TableLayoutException layout) {
                result.put("status", Status.DOWN);
                result.put("differences", layout.differences());
                return result;
            }
            String reason = DynamoDbErrors.isThrottle(error) ? "throttled" : isTimeout(error) ? "timeout" : null;
            result.put("status", reason == null ? Status.DOWN : Status.OUT_OF_SERVICE);
            if (reason != null) {
                result.put("reason", reason);
            }
            result.put("error", error.getClass().getSimpleName() + ": " + error.getMessage());
            return result;
        }

        private static boolean isTimeout(Throwable error) {
            for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof ApiCallTimeoutException
                        || t instanceof ApiCallAttemptTimeoutException
                        || t instanceof TimeoutException) {
                    return true;
                }
            }
            return false;
        }
    }
}
