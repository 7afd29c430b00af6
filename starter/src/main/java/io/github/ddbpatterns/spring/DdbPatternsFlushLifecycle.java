package io.github.ddbpatterns.spring;

import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.sessions.PreferenceStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * At shutdown, flushes and closes every {@link WriteBuffer} and {@link PreferenceStore} bean — the application's
 * own and those built from the {@code DdbPatterns} bean alike — so that the writes they accepted are persisted
 * before the DynamoDB client is closed.
 *
 * <p><b>When.</b> It stops in phase {@value #PHASE} ({@code Integer.MAX_VALUE / 2 - 1024}). Higher phases stop
 * first: the web server's graceful shutdown ({@code SmartLifecycle.DEFAULT_PHASE - 1024}) and the web server itself
 * ({@code DEFAULT_PHASE - 2048}), message listener containers (at or near {@code DEFAULT_PHASE}) and Spring's task
 * executors and schedulers ({@code ExecutorConfigurationSupport.DEFAULT_PHASE}, {@code Integer.MAX_VALUE / 2}) have
 * all stopped, so no request, message or scheduled task still running can add a write after the buffers are
 * flushed (such a write would be refused with {@code BufferClosedException}). The DynamoDB client is not a
 * lifecycle bean: it is closed later, when the context destroys its beans.
 *
 * <p><b>How long.</b> All buffers and stores are closed at once, and the whole phase is bounded by
 * {@code spring.lifecycle.timeout-per-shutdown-phase} (default 30 s), less a margin of a tenth of it (at most 1 s)
 * to report before Spring gives up on the phase. A buffer or store still flushing at that deadline is interrupted
 * in its {@code close()}, which fails the writes it has not sent yet: their futures fail with
 * {@code BufferClosedException} and, for a {@link WriteBuffer}, its dead-letter callback gets each one. Writes already
 * sent stay with their request and end persisted or failed (and dead-lettered) when it ends — bound that with
 * {@code ddb.patterns.client.api-call-timeout}. Then one WARN line gives the counts: buffers and stores that did not
 * finish, writes unfinished at the deadline, writes still in flight. Nothing is dropped silently.
 *
 * <p>A buffer whose own {@code closeTimeout} is shorter than the phase stops at that timeout, with the same
 * semantics. Closing is final: a context restarted after {@code stop()} has closed buffers. When the context then
 * destroys a {@link WriteBuffer} bean, its {@code close()} returns at once unless writes are still in flight, which it
 * waits for up to its {@code closeTimeout}.
 */
public class DdbPatternsFlushLifecycle implements SmartLifecycle {

    /** The phase: after the web server, message listeners and Spring's executors and schedulers have stopped. */
    public static final int PHASE = Integer.MAX_VALUE / 2 - 1024;

    /** Spring Boot's property bounding each shutdown phase. */
    public static final String TIMEOUT_PROPERTY = "spring.lifecycle.timeout-per-shutdown-phase";

    /** Spring Boot's default for {@value #TIMEOUT_PROPERTY}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Log log = LogFactory.getLog(DdbPatternsFlushLifecycle.class);
    private static final Duration MAX_MARGIN = Duration.ofSeconds(1);

    private final ConfigurableListableBeanFactory beanFactory;
    private final Duration timeout;
    private volatile boolean running;

    /**
     * A lifecycle closing the buffers and stores of {@code beanFactory} within {@code timeout}.
     *
     * @param beanFactory where the {@link WriteBuffer} and {@link PreferenceStore} singletons are found at shutdown
     * @param timeout the shutdown phase's timeout
     */
    public DdbPatternsFlushLifecycle(ConfigurableListableBeanFactory beanFactory, Duration timeout) {
        this.beanFactory = beanFactory;
        this.timeout = timeout;
    }

    /**
     * The value of {@value #TIMEOUT_PROPERTY} in {@code environment}, or its default of 30 s.
     *
     * @param environment the application's environment
     * @return the timeout of each shutdown phase
     */
    public static Duration shutdownTimeout(Environment environment) {
        return Binder.get(environment).bind(TIMEOUT_PROPERTY, Duration.class).orElse(DEFAULT_TIMEOUT);
    }

    /** Marks the lifecycle running (the buffers and stores need no start). */
    @Override
    public void start() {
        running = true;
    }

    /** Flushes and closes every buffer and store, waiting at most the shutdown timeout. */
    @Override
    public void stop() {
        try {
            flushAndClose();
        } finally {
            running = false;
        }
    }

    /**
     * Flushes and closes every buffer and store on a thread of its own, so the other beans of the phase stop at the
     * same time, then runs {@code callback}.
     *
     * @param callback Spring's signal that this bean has stopped
     */
    @Override
    public void stop(Runnable callback) {
        Thread stopping = new Thread(
                () -> {
                    try {
                        flushAndClose();
                    } finally {
                        running = false;
                        callback.run();
                    }
                },
                "ddb-patterns-shutdown-flush");
        stopping.setDaemon(true);
        stopping.start();
    }

    /** Whether it started and has not stopped. */
    @Override
    public boolean isRunning() {
        return running;
    }

    /** {@value #PHASE}: see the class comment. */
    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * The shutdown phase's timeout this lifecycle keeps to.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /** Closes every buffer and store singleton at once and reports what did not finish by the deadline. */
    Report flushAndClose() {
        List<Closing> closings = new ArrayList<>();
        long start = System.nanoTime();
        for (Map.Entry<String, AutoCloseable> target : targets().entrySet()) {
            closings.add(new Closing(target.getKey(), target.getValue()));
        }
        if (closings.isEmpty()) {
            return new Report(0, List.of(), 0, 0);
        }
        Duration margin = timeout.dividedBy(10).compareTo(MAX_MARGIN) > 0 ? MAX_MARGIN : timeout.dividedBy(10);
        long deadline = start + timeout.minus(margin).toNanos();
        closings.forEach(Closing::start);
        boolean interrupted = false;
        for (Closing closing : closings) {
            interrupted |= !closing.awaitUntil(deadline);
        }
        List<Closing> late = new ArrayList<>();
        for (Closing closing : closings) {
            if (!closing.isDone()) {
                closing.interrupt();
                late.add(closing);
            }
        }
        long graceEnd = System.nanoTime() + margin.toNanos();
        for (Closing closing : late) {
            interrupted |= !closing.awaitUntil(graceEnd);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Report report = report(closings);
        if (report.unfinished().isEmpty()) {
            log.info("ddb-patterns: flushed and closed " + closings.size() + " write buffer(s) and preference"
                    + " store(s) in "
                    + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
        } else {
            log.warn(report.describe(closings.size(), timeout));
        }
        return report;
    }

    private Map<String, AutoCloseable> targets() {
        // only what exists: a lazy bean never created has nothing to flush and is not created now
        ExistingBeans beans = new ExistingBeans(beanFactory);
        Map<String, AutoCloseable> found = new LinkedHashMap<>(beans.of(WriteBuffer.class));
        beans.of(PreferenceStore.class).forEach(found::putIfAbsent);
        return found;
    }

    private static Report report(List<Closing> closings) {
        List<String> unfinished = new ArrayList<>();
        long unfinishedWrites = 0;
        long inFlightWrites = 0;
        for (Closing closing : closings) {
            if (closing.isDone() && closing.failure == null && !closing.interrupted) {
                continue;
            }
            StringBuilder line = new StringBuilder(closing.name).append(" (");
            if (closing.target instanceof WriteBuffer buffer) {
                int inFlight = buffer.heldCount();
                inFlightWrites += inFlight;
                if (closing.heldAtDeadline >= 0) {
                    unfinishedWrites += closing.heldAtDeadline;
                    line.append(closing.heldAtDeadline).append(" unfinished, ");
                }
                line.append(inFlight).append(" in flight");
            } else {
                line.append("unsent writes failed");
            }
            if (!closing.isDone()) {
                line.append(", close() did not return after the interrupt");
            } else if (!closing.interrupted && closing.failure != null) {
                line.append(", ").append(closing.failure.getMessage());
            }
            unfinished.add(line.append(')').toString());
        }
        return new Report(closings.size(), unfinished, unfinishedWrites, inFlightWrites);
    }

    /**
     * What a shutdown flush did.
     *
     * @param closed how many buffers and stores it closed
     * @param unfinished one description per buffer or store that did not finish in time
     * @param unfinishedWrites writes of write buffers unfinished at the deadline (pending, queued or in flight)
     * @param inFlightWrites writes of write buffers still in flight after the unsent ones were failed
     */
    record Report(int closed, List<String> unfinished, long unfinishedWrites, long inFlightWrites) {

        String describe(int total, Duration timeout) {
            return "ddb-patterns: " + unfinished.size() + " of " + total
                    + " write buffer(s) and preference store(s) did not finish flushing within " + timeout.toMillis()
                    + " ms (" + TIMEOUT_PROPERTY + "): " + unfinishedWrites
                    + " write(s) of write buffers were unfinished at the deadline; those not yet sent were failed"
                    + " (failed futures, dead-letter callbacks), " + inFlightWrites
                    + " already sent are still in flight and end with their requests; "
                    + unfinished.stream().collect(Collectors.joining(", "));
        }
    }

    /** One buffer or store being closed on a thread of its own. */
    private static final class Closing {
        final String name;
        final AutoCloseable target;
        final CountDownLatch done = new CountDownLatch(1);
        final Thread thread;
        volatile @Nullable Throwable failure;
        volatile boolean interrupted;
        volatile int heldAtDeadline = -1;

        Closing(String name, AutoCloseable target) {
            this.name = name;
            this.target = target;
            this.thread = new Thread(this::close, "ddb-patterns-close-" + name);
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void close() {
            try {
                target.close();
            } catch (Exception | Error e) {
                failure = e;
            } finally {
                done.countDown();
            }
        }

        boolean isDone() {
            return done.getCount() == 0;
        }

        /** Waits until closed or {@code deadline} (nanoTime); false if this thread was interrupted. */
        boolean awaitUntil(long deadline) {
            try {
                done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        }

        /** Interrupts {@code close()}: a buffer then fails the writes it has not sent. */
        void interrupt() {
            if (target instanceof WriteBuffer buffer) {
                heldAtDeadline = buffer.heldCount();
            }
            interrupted = true;
            thread.interrupt();
        }
    }
}
