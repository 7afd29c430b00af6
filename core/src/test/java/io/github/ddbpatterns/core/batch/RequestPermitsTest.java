package io.github.ddbpatterns.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RequestPermitsTest {

    @Test
    void submit_whenRequestThrowsAnErrorOrReturnsNull_failsItAndReleasesThePermit() {
        RequestPermits permits = new RequestPermits(1);
        CompletableFuture<Integer> thrown = permits.submit(() -> {
            throw new AssertionError("client bug");
        });
        CompletableFuture<Integer> nullStage = permits.submit(() -> null);
        CompletableFuture<Integer> next = permits.submit(() -> CompletableFuture.completedFuture(7));

        assertThat(thrown).isCompletedExceptionally();
        assertThat(nullStage).isCompletedExceptionally();
        assertThat(next).isCompletedWithValue(7);
        assertThat(permits.inFlight()).isZero();
    }

    @Test
    void submit_overTheCap_queuesUntilAnEarlierRequestCompletes() {
        RequestPermits permits = new RequestPermits(2);
        List<CompletableFuture<Integer>> started = new ArrayList<>();
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(permits.submit(() -> {
                CompletableFuture<Integer> request = new CompletableFuture<>();
                started.add(request);
                return request;
            }));
        }
        assertThat(started).hasSize(2);
        assertThat(permits.inFlight()).isEqualTo(2);

        started.get(0).complete(0);
        assertThat(results.get(0)).isCompletedWithValue(0);
        assertThat(started).hasSize(3);

        started.get(1).completeExceptionally(new IllegalStateException("boom"));
        assertThat(results.get(1)).isCompletedExceptionally();
        assertThat(started).hasSize(4);

        started.get(2).complete(2);
        started.get(3).complete(3);
        started.get(4).complete(4);
        assertThat(results).allSatisfy(r -> assertThat(r).isDone());
        assertThat(permits.inFlight()).isZero();
    }

    @Test
    void submit_whenRequestThrows_releasesThePermit() {
        RequestPermits permits = new RequestPermits(1);
        CompletableFuture<Object> failed = permits.submit(() -> {
            throw new IllegalStateException("sync failure");
        });
        assertThat(failed).isCompletedExceptionally();
        assertThat(permits.inFlight()).isZero();
    }
}
