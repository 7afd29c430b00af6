package io.github.ddbpatterns.core.internal;

import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.core.table.TableLayout;
import io.github.ddbpatterns.core.table.TableLayoutException;
import io.github.ddbpatterns.core.table.TableTtl;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A repository's check of its table: one DescribeTable before the first request, compared with the layout the
 * repository needs. A passed check is remembered for the repository's life; a failed one is not, so the next
 * request checks again (after someone created the table, say). Concurrent first requests share one check.
 */
public final class TableCheck {

    private static final CompletableFuture<Void> PASSED = CompletableFuture.completedFuture(null);
    private static final WaiterOverrideConfiguration UNTIL_ACTIVE = WaiterOverrideConfiguration.builder()
            .backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(500)))
            .waitTimeout(Duration.ofMinutes(10))
            .build();

    private final DynamoDbAsyncClient client;
    private final TableLayout expected;
    private final String component;
    private final boolean enabled;
    private final AtomicReference<@Nullable CompletableFuture<Void>> state = new AtomicReference<>();

    private TableCheck(DynamoDbAsyncClient client, TableLayout expected, String component, boolean enabled) {
        this.client = client;
        this.expected = expected;
        this.component = component;
        this.enabled = enabled;
    }

    /**
     * The check of {@code expected} for {@code component}, through the context's client; a no-op when the context
     * does not check tables (creating still works).
     *
     * @param context the component's context
     * @param expected the layout it needs
     * @param component its name for messages, e.g. {@code ShardedTable}
     * @return the check
     */
    public static TableCheck of(PatternsContext context, TableLayout expected, String component) {
        return new TableCheck(
                context.dynamoDbClient(),
                Checks.notNull("expected", expected),
                Checks.notEmpty("component", component),
                context.checkTables());
    }

    /**
     * The layout checked.
     *
     * @return the expected layout
     */
    public TableLayout expected() {
        return expected;
    }

    /**
     * Whether a check passed: requests then go at once, and what {@link #then} runs throws at the call.
     *
     * @return true after a passed check (or when checks are off)
     */
    public boolean hasPassed() {
        return !enabled || state.get() == PASSED;
    }

    /**
     * Runs {@code request} once the table is known to serve the repository (at once after the first check). Check
     * the request's arguments before: {@code request} runs later when the table is not checked yet, so what it
     * throws then fails the returned future instead of the call.
     *
     * @param request the data request to send
     * @param <R> its result
     * @return the request's result, or a failure with {@link TableLayoutException}
     */
    public <R> CompletableFuture<R> then(Supplier<CompletableFuture<R>> request) {
        CompletableFuture<Void> checked = ensure();
        if (checked == PASSED) {
            return request.get();
        }
        return checked.thenCompose(ignored -> request.get());
    }

    /**
     * Subscribes to {@code publisher} once the table is known to serve the repository, checking it at each
     * subscription until a check passes; a failed check reaches the subscriber as
     * {@code onError(TableLayoutException)} after {@code onSubscribe}.
     *
     * @param publisher the data stream
     * @param <T> its items
     * @return the gated stream
     */
    public <T> SdkPublisher<T> thenPublish(SdkPublisher<T> publisher) {
        return subscriber -> DeferredPublisher.after(ensure(), ignored -> publisher)
                .subscribe(subscriber); // checked per subscription: a failed check is tried again
    }

    /**
     * Completes when the table serves the repository, checking it the first time.
     *
     * @return the check
     */
    public CompletableFuture<Void> ensure() {
        if (!enabled) {
            return PASSED;
        }
        while (true) {
            CompletableFuture<Void> current = state.get();
            if (current != null && (!current.isDone() || !current.isCompletedExceptionally())) {
                return current;
            }
            CompletableFuture<Void> next = new CompletableFuture<>();
            if (state.compareAndSet(current, next)) {
                describeAndCompare().whenComplete((ok, error) -> {
                    if (error == null) {
                        state.set(PASSED);
                        next.complete(null);
                    } else {
                        next.completeExceptionally(error);
                    }
                });
                return next;
            }
        }
    }

    /**
     * Checks the table now; a pass is remembered, so the first request after it sends no DescribeTable.
     *
     * @return completes when it serves the repository; exceptionally with {@link TableLayoutException}
     */
    public CompletableFuture<Void> verify() {
        return describeAndCompare().thenRun(() -> state.set(PASSED));
    }

    private CompletableFuture<Void> describeAndCompare() {
        return client.describeTable(b -> b.tableName(expected.tableName())).handle((response, error) -> {
            if (error != null) {
                Throwable cause = DynamoDbErrors.unwrap(error);
                if (cause instanceof ResourceNotFoundException) {
                    throw TableLayoutException.missing(component, expected, cause);
                }
                throw new CompletionException(cause);
            }
            compare(response.table());
            return null;
        });
    }

    /** @throws TableLayoutException if the described table does not serve the repository */
    private void compare(TableDescription table) {
        TableLayout found = TableLayout.of(table);
        List<String> differences = expected.differencesFrom(found);
        if (!differences.isEmpty()) {
            throw TableLayoutException.mismatch(component, expected, found, differences);
        }
    }

    /**
     * Creates the table if it does not exist and waits until it is active; then checks it, and only when it serves
     * the repository enables TTL if the layout has it. An existing table of another layout is left untouched.
     *
     * @return completes when the table serves the repository
     */
    public CompletableFuture<Void> create() {
        return client.createTable(expected.toCreateTableRequest())
                .handle((response, error) -> {
                    if (error == null) {
                        return Boolean.TRUE;
                    }
                    Throwable cause = DynamoDbErrors.unwrap(error);
                    if (cause instanceof ResourceInUseException) {
                        return Boolean.FALSE; // it exists: check it before touching anything
                    }
                    throw new CompletionException(cause);
                })
                .thenCompose(created -> untilActive().thenCompose(table -> {
                    compare(table);
                    return expected.timeToLiveAttribute()
                            .map(attribute -> created
                                    ? enableTtl(attribute)
                                    : TableTtl.enable(client, table.tableName(), attribute))
                            .orElse(PASSED);
                }))
                .thenRun(() -> state.set(PASSED));
    }

    /** The table's description once it is active (the waiter polls through the decorated client). */
    private CompletableFuture<TableDescription> untilActive() {
        DescribeTableRequest describe =
                DescribeTableRequest.builder().tableName(expected.tableName()).build();
        return client.waiter()
                .waitUntilTableExists(describe, UNTIL_ACTIVE)
                .thenApply(waited -> waited.matched()
                        .response()
                        .map(DescribeTableResponse::table)
                        .orElseThrow(() -> new CompletionException(waited.matched()
                                .exception()
                                .orElseGet(() -> new IllegalStateException(
                                        "table " + expected.tableName() + " did not become active")))));
    }

    /** TTL on a table just created: nothing stored yet to sample, no TTL set before. */
    private CompletableFuture<Void> enableTtl(String attribute) {
        return client.updateTimeToLive(b -> b.tableName(expected.tableName())
                        .timeToLiveSpecification(t -> t.enabled(true).attributeName(attribute)))
                .thenApply(ignored -> null);
    }
}
