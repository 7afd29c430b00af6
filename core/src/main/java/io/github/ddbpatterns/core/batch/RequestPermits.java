package io.github.ddbpatterns.core.batch;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Caps how many requests are in flight at once without blocking: a request over the cap is queued and
 * started when an earlier one completes.
 */
final class RequestPermits {

    private final int max;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    RequestPermits(int max) {
        this.max = max;
    }

    <T> CompletableFuture<T> submit(Supplier<? extends CompletionStage<T>> request) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> start(request, result);
        synchronized (this) {
            if (inFlight >= max) {
                waiting.add(start);
                return result;
            }
            inFlight++;
        }
        start.run();
        return result;
    }

    private <T> void start(Supplier<? extends CompletionStage<T>> request, CompletableFuture<T> result) {
        CompletionStage<T> stage;
        try {
            stage = request.get();
            if (stage == null) {
                stage = CompletableFuture.failedFuture(new NullPointerException("request returned no CompletionStage"));
            }
        } catch (RuntimeException | Error e) {
            // an Error must not leak the permit: after max leaks every later request would wait for ever
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((value, error) -> {
            release();
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        });
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
            }
        }
        if (next != null) {
            next.run();
        }
    }

    synchronized int inFlight() {
        return inFlight;
    }
}
