package io.github.ddbpatterns.core.internal;

import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.SdkPublisher;

/**
 * A publisher that first waits for an asynchronous step (a table check, a shard layout) and then subscribes the
 * subscriber to the publisher made from its result; when the step fails, the subscriber gets {@code onSubscribe}
 * then {@code onError} with the step's failure (unwrapped), as Reactive Streams requires.
 *
 * @param <R> the step's result
 * @param <T> the items
 */
public final class DeferredPublisher<R, T> implements SdkPublisher<T> {

    /** The subscription of a stream that fails before it starts. */
    private static final Subscription NOTHING = new Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
    };

    private final CompletableFuture<R> step;
    private final Function<? super R, ? extends SdkPublisher<T>> then;

    private DeferredPublisher(CompletableFuture<R> step, Function<? super R, ? extends SdkPublisher<T>> then) {
        this.step = step;
        this.then = then;
    }

    /**
     * The items of {@code then.apply(result)} once {@code step} completes; subscribes at once when it already has.
     *
     * @param step the step to wait for
     * @param then makes the publisher from the step's result
     * @param <R> the step's result
     * @param <T> the items
     * @return the publisher
     */
    public static <R, T> SdkPublisher<T> after(
            CompletableFuture<R> step, Function<? super R, ? extends SdkPublisher<T>> then) {
        return new DeferredPublisher<>(Checks.notNull("step", step), Checks.notNull("then", then));
    }

    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        Checks.notNull("subscriber", subscriber);
        step.whenComplete((result, error) -> {
            SdkPublisher<T> publisher = null;
            Throwable failure = error;
            if (failure == null) {
                try {
                    publisher = then.apply(result);
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                subscriber.onSubscribe(NOTHING);
                subscriber.onError(DynamoDbErrors.unwrap(failure));
            } else {
                publisher.subscribe(subscriber);
            }
        });
    }
}
