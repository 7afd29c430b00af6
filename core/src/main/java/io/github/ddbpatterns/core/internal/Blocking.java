package io.github.ddbpatterns.core.internal;

import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How the sync twins of the async repositories wait: for the result, rethrowing the failure itself (the
 * DynamoDB or ddb-patterns exception, not wrapped in a {@link CompletionException}).
 */
public final class Blocking {

    private Blocking() {}

    /**
     * Waits for {@code future} and returns its value.
     *
     * @throws RuntimeException the future's own runtime failure, unwrapped
     * @throws Error the future's own error, unwrapped
     * @throws CompletionException wrapping a checked failure, or an interruption (the thread's interrupt flag
     *     is set again)
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (ExecutionException e) {
            Throwable cause = DynamoDbErrors.unwrap(e);
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new CompletionException(cause);
        }
    }
}
