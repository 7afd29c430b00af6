package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.core.internal.Checks;
import java.time.Duration;
import java.util.Optional;

/**
 * What {@link WriteBuffer#submit} does when the buffer already holds {@code capacity} writes (pending plus in
 * flight) and the new write does not coalesce into a pending one.
 *
 * <pre>{@code
 * FullPolicy.block(Duration.ofSeconds(5));   // wait up to 5 s for room, then BufferFullException
 * FullPolicy.reject();                       // BufferFullException at once
 * }</pre>
 */
public final class FullPolicy {

    private static final FullPolicy REJECT = new FullPolicy(null);

    private final Duration timeout;

    private FullPolicy(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Blocks the producer (without spinning) until room is free or {@code timeout} passed; then fails with
     * {@link BufferFullException}.
     *
     * @throws io.github.ddbpatterns.core.InvalidInputException if {@code timeout} is null or not positive
     */
    public static FullPolicy block(Duration timeout) {
        return new FullPolicy(Checks.positive("timeout", timeout));
    }

    /** Fails with {@link BufferFullException} at once. */
    public static FullPolicy reject() {
        return REJECT;
    }

    /** The longest a producer waits for room; empty for {@link #reject()}. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** True for {@link #block(Duration)}. */
    public boolean blocks() {
        return timeout != null;
    }

    @Override
    public String toString() {
        return timeout == null ? "reject" : "block(" + timeout + ")";
    }
}
