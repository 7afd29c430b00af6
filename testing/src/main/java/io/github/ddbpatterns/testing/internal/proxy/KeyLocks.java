package io.github.ddbpatterns.testing.internal.proxy;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Non-blocking per-item locks: a write that reads the item's before-image holds its key from the read until the
 * target has answered, so two writes of one item in flight cannot both read the same before-image. Waiters queue
 * in arrival order; a request holding several keys (a batch) registers on all of them at once, so two batches
 * cannot wait on each other.
 */
final class KeyLocks {

    private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();

    /** Runs {@code action} once every key in {@code keys} is free, holding them until its future completes. */
    <T> CompletableFuture<T> withLocks(Collection<String> keys, Supplier<CompletableFuture<T>> action) {
        Set<String> unique = new LinkedHashSet<>(keys);
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<?>[] previous;
        synchronized (tails) {
            List<CompletableFuture<Void>> waits = new java.util.ArrayList<>();
            for (String key : unique) {
                CompletableFuture<Void> before = tails.put(key, mine);
                if (before != null) {
                    waits.add(before);
                }
            }
            previous = waits.toArray(CompletableFuture[]::new);
        }
        CompletableFuture<Void> ready =
                previous.length == 0 ? CompletableFuture.completedFuture(null) : CompletableFuture.allOf(previous);
        CompletableFuture<T> result = ready.thenCompose(free -> {
            try {
                return action.get();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
        result.whenComplete((value, error) -> {
            synchronized (tails) {
                for (String key : unique) {
                    tails.remove(key, mine);
                }
            }
            mine.complete(null);
        });
        return result;
    }
}
