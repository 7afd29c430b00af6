package io.github.ddbpatterns.examples.demo;

import io.github.ddbpatterns.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The time a scenario's load runs on. Against DynamoDB Local it is the proxy's test clock: {@link #advance} moves it
 * at once, so "500 writes a second for 2 seconds" takes as long as the writes take. Against a real endpoint it is
 * the system clock: {@link #advance} waits until that much time has passed since the first call, so the load keeps
 * its rate.
 */
public final class DemoClock {

    private final @Nullable MutableClock testClock;
    private long paceStartNanos = -1;
    private long pacedNanos;

    private DemoClock(@Nullable MutableClock testClock) {
        this.testClock = testClock;
    }

    /**
     * A clock the scenario moves itself.
     *
     * @param clock the proxy's clock
     * @return the demo clock
     */
    public static DemoClock simulated(MutableClock clock) {
        return new DemoClock(Objects.requireNonNull(clock, "clock"));
    }

    /**
     * The system clock; {@link #advance} paces the caller.
     *
     * @return the demo clock
     */
    public static DemoClock real() {
        return new DemoClock(null);
    }

    /**
     * Whether this is a test clock.
     *
     * @return true against DynamoDB Local
     */
    public boolean simulated() {
        return testClock != null;
    }

    /**
     * The clock to give library components (a buffer's pacer, a session store's expiry).
     *
     * @return the clock
     */
    public Clock clock() {
        return testClock != null ? testClock : Clock.systemUTC();
    }

    /**
     * The current instant.
     *
     * @return now
     */
    public Instant now() {
        return clock().instant();
    }

    /**
     * Lets {@code step} pass: moves the test clock, or waits until the sum of all steps has passed in real time.
     *
     * @param step the time to let pass
     * @throws IllegalArgumentException if {@code step} is negative
     */
    public synchronized void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("step must not be negative, got: " + step);
        }
        if (testClock != null) {
            testClock.advance(step);
            return;
        }
        long now = System.nanoTime();
        if (paceStartNanos < 0) {
            paceStartNanos = now;
        }
        pacedNanos += step.toNanos();
        long wait = paceStartNanos + pacedNanos - now;
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /**
     * Lets the proxy's token buckets refill between two runs (10 s of the test clock); against an endpoint there is
     * no test clock to move and nothing to wait for. Either way the next paced run starts afresh.
     */
    public synchronized void letLimitsRecover() {
        if (testClock != null) {
            testClock.advance(Duration.ofSeconds(10));
        }
        restartPacing();
    }

    /** Starts the next paced stretch afresh (a pause between steps does not count as time the load had). */
    public synchronized void restartPacing() {
        paceStartNanos = -1;
        pacedNanos = 0;
    }

    @Override
    public String toString() {
        return testClock != null
                ? "DemoClock[test clock at " + testClock.instant() + "]"
                : "DemoClock[system, paced " + TimeUnit.NANOSECONDS.toMillis(pacedNanos) + " ms]";
    }
}
