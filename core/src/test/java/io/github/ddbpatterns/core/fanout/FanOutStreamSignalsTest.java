package io.github.ddbpatterns.core.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Reactive Streams §1.3 with §3.9: an illegal {@code request(n <= 0)} made on one thread while another thread is
 * inside {@code onNext} is signalled after that {@code onNext} returns, never during it, and ends the items.
 */
class FanOutStreamSignalsTest {

    @Test
    void stream_requestOfZeroWhileOnNextRunsOnAnotherThread_signalsOnErrorOnlyAfterOnNextReturns() throws Exception {
        ManualSources sources = new ManualSources(3);
        CountDownLatch insideOnNext = new CountDownLatch(1);
        CountDownLatch releaseOnNext = new CountDownLatch(1);
        AtomicBoolean inOnNext = new AtomicBoolean();
        AtomicBoolean overlapped = new AtomicBoolean();
        List<Object> signals = new CopyOnWriteArrayList<>();
        AtomicReference<Subscription> subscription = new AtomicReference<>();
        FanOut.ofDefaults().stream(FanOutQuery.<Entry>builder()
                        .sources(sources.sources())
                        .order(MergeOrder.sourceSequence())
                        .build())
                .subscribe(new Subscriber<Entry>() {
                    @Override
                    public void onSubscribe(Subscription s) {
                        subscription.set(s);
                        s.request(10);
                    }

                    @Override
                    public void onNext(Entry item) {
                        inOnNext.set(true);
                        signals.add(item);
                        insideOnNext.countDown();
                        try {
                            releaseOnNext.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        inOnNext.set(false);
                    }

                    @Override
                    public void onError(Throwable t) {
                        overlapped.compareAndSet(false, inOnNext.get());
                        signals.add(t);
                    }

                    @Override
                    public void onComplete() {
                        signals.add("complete");
                    }
                });
        ManualSources.Pending pending = sources.pending().get(0);
        // the page arrives on another thread, which delivers the first item and waits inside onNext
        Thread answering = new Thread(pending::complete, "answering");
        answering.start();
        assertThat(insideOnNext.await(30, TimeUnit.SECONDS)).isTrue();

        subscription.get().request(0);
        List<Object> duringOnNext = List.copyOf(signals);
        releaseOnNext.countDown();
        answering.join(30_000);

        assertThat(duringOnNext)
                .as("signals while onNext ran on the other thread")
                .containsExactly(new Entry(0, 0, 0));
        assertThat(overlapped).as("onError during onNext").isFalse();
        // the illegal request ends the items: the two buffered ones are not delivered
        assertThat(signals).hasSize(2);
        assertThat(signals.get(0)).isEqualTo(new Entry(0, 0, 0));
        assertThat(signals.get(1))
                .isInstanceOf(IllegalArgumentException.class)
                .asString()
                .contains("3.9");
    }
}
