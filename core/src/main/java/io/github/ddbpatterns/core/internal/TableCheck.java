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
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

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
     * Runs {@code request} once the table is known to serve the repository (at once after the first check).
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
     * Subscribes to {@code publisher} once the table is known to serve the repository; a failed check reaches the
     * subscriber as {@code onError(TableLayoutException)} after {@code onSubscribe}.
     *
     * @param publisher the data stream
     * @param <T> its items
     * @return the gated stream
     */
    public <T> SdkPublisher<T> thenPublish(SdkPublisher<T> publisher) {
        return DeferredPublisher.after(ensure(), ignored -> publisher);
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
            TableLayout found = TableLayout.of(response.table());
            List<String> differences = expected.differencesFrom(found);
            if (!differences.isEmpty()) {
                throw TableLayoutException.mismatch(component, expected, found, differences);
            }
            return null;
        });
    }

    /**
     * Creates the table if it does not exist, waits until it is active, enables TTL if the layout has it, and
     * checks it.
     *
     * @return completes when the table serves the repository
     */
    public CompletableFuture<Void> create() {
        return client.createTable(expected.toCreateTableRequest())
                .handle((created, error) -> {
                    if (error != null && !(DynamoDbErrors.unwrap(error) instanceof ResourceInUseException)) {
                        throw new CompletionException(DynamoDbErrors.unwrap(error));
                    }
                    return null;
                })
                .thenCompose(ignored -> client.waiter()
                        .waitUntilTableExists(
                                DescribeTableRequest.builder()
                                        .tableName(expected.tableName())
                                        .build(),
                                UNTIL_ACTIVE))
                .thenCompose(ignored -> expected.timeToLiveAttribute()
                        .map(attribute -> TableTtl.enable(client, expected.tableName(), attribute))
                        .orElse(PASSED))
                .thenCompose(ignored -> verify());
    }
}
