package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.UnprocessedException;
import io.github.ddbpatterns.core.batch.WriteKey;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@link WriteBuffer}: one lock guards the pending map (insertion-ordered, so the first slot is the oldest),
 * the in-flight map (keys taken by a flush and not finished: sent, queued for a free call slot, or waiting to be
 * sent again after a throttle) and the counters. BatchWriter calls, future completions, dead-letter and listener
 * callbacks always run outside the lock.
 *
 * <p>A write the writer gives back throttled stays in the in-flight map (its key stays taken, so a newer write of
 * the key waits in pending), waits the policy's backoff on the scheduler (real time: no call slot is held), then is
 * queued for a retry call, taking over the key's pending slot if there is one (the newest value is sent). At most
 * {@code flushConcurrency - 1} retry calls are in flight (all of them when it is 1), so fresh writes always find a
 * call slot; retries also ride along in any flush made while they wait for one. The deadline is checked, on the
 * buffer's clock, whenever a throttled write returns and when its backoff ends.
 *
 * <p>Paced ({@link WriteBufferConfig#writeUnitsPerSecond()}), every call, fresh or retry, reserves its write units
 * from the {@link WritePacer} when it gets its call slot and is sent after the wait the pacer returns, scheduled on
 * the scheduler: the slot stays taken meanwhile, so at most {@code flushConcurrency} calls are reserved ahead and
 * the rest of the backlog waits in the queue, counted against the capacity.
 */
final class CoalescingWriteBuffer implements WriteBuffer {

    /** BatchWriteItem's limit of writes per call. */
    static final int MAX_WRITES_PER_CALL = 25;

    /** One BatchWriter call: its slots, and whether it carries only writes sent again after a throttle. */
    private record Call(List<KeySlot> slots, boolean retry) {}

    /** What the writer reported for one slot of a call: the failure (null when persisted) and the requests. */
    private record Returned(@Nullable Throwable cause, int requests) {}

    private final BatchWriter writer;
    private final WriteBufferConfig config;
    private final int maxPendingKeys;
    private final Duration maxDelay;
    private final int flushConcurrency;
    private final int capacity;
    private final FullPolicy whenFull;
    private final Duration closeTimeout;
    private final Duration writeDeadline;
    private final Duration sustainedThrottlingAfter;
    private final int maxRetryCalls;
    private final ResiliencePolicy backoffPolicy;
    private final Consumer<DeadLetter> deadLetter;
    private final Consumer<SustainedThrottling> onSustainedThrottling;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final ScheduledFuture<?> timer;
    private final @Nullable Thread shutdownHook;
    private final BufferMetrics metrics;
    private final @Nullable WritePacer pacer;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roomFreed = lock.newCondition();
    private final LinkedHashMap<WriteKey, KeySlot> pending = new LinkedHashMap<>();
    private final Map<WriteKey, KeySlot> inFlight = new HashMap<>();
    /**
     * Writes taken from pending (their keys are in the in-flight map) waiting for a free call slot, oldest first.
     * Calls are cut from here only when a slot is free, so writes queued by many small flushes still go out as full
     * calls of 25 (cut at flush time, a buffer held at its bound by a trickle of freed room sent 1.5 writes a call).
     */
    private final ArrayDeque<KeySlot> queued = new ArrayDeque<>();
    /** Throttled slots (in the in-flight map) waiting for their backoff to end. */
    private final Set<KeySlot> backingOff = new HashSet<>();
    /** Throttled slots (in the in-flight map) whose backoff ended, waiting for a call. */
    private final ArrayDeque<KeySlot> readyRetries = new ArrayDeque<>();
    /** Slots out of the maps whose futures are being completed: flush() still waits for them. */
    private final Set<KeySlot> finishing = new HashSet<>();
    /**
     * Paced calls holding a call slot and waiting for their pace, with their scheduled send (null until scheduled): a
     * close time-out fails their writes, never sent, and cancels the send.
     */
    private final Map<Call, @Nullable ScheduledFuture<?>> pacedCalls = new IdentityHashMap<>();
    /** flush() futures not completed yet: close() completes after them too. */
    private final Set<CompletableFuture<Void>> openFlushes = new HashSet<>();

    private int callsInFlight;
    private int retryCallsInFlight;
    private int held;
    private long nextSequence;
    /** Pending slots with a sequence up to this must go as soon as their key is free (flush/close asked). */
    private long flushUpTo = -1;

    private boolean closed;
    private CompletableFuture<Void> closedFuture;
    /** Set when close() timed out: throttled writes are failed with it instead of being sent again. */
    private @Nullable Throwable closeFailure;

    CoalescingWriteBuffer(
            WriteBuffer.Builder builder,
            BatchWriter writer,
            ResiliencePolicy backoffPolicy,
            MeterRegistry registry,
            Clock clock) {
        this.writer = writer;
        this.config = builder.config.build();
        this.maxPendingKeys = config.maxPendingKeys();
        this.maxDelay = config.maxDelay();
        this.flushConcurrency = config.flushConcurrency();
        this.capacity = config.capacity();
        this.whenFull = config.whenFull();
        this.closeTimeout = config.closeTimeout();
        this.writeDeadline = config.writeDeadline();
        this.sustainedThrottlingAfter = config.sustainedThrottlingAfter();
        this.maxRetryCalls = Math.max(1, flushConcurrency - 1);
        this.backoffPolicy = backoffPolicy;
        this.deadLetter = builder.deadLetter;
        this.onSustainedThrottling = builder.onSustainedThrottling;
        this.clock = clock;
        this.ownsScheduler = builder.scheduler == null;
        this.scheduler = ownsScheduler
                ? Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread thread = new Thread(r, "ddb-patterns-write-buffer-" + builder.name);
                    thread.setDaemon(true);
                    return thread;
                })
                : builder.scheduler;
        this.pacer = config.writeUnitsPerSecond().isPresent()
                ? new WritePacer(builder.name, config.writeUnitsPerSecond().getAsLong(), clock)
                : null;
        this.metrics = new BufferMetrics(registry, builder.name, this, pacer != null);
        long period = Math.max(1, maxDelay.toMillis() / 4);
        this.timer = scheduler.scheduleWithFixedDelay(this::tickSafely, period, period, TimeUnit.MILLISECONDS);
        this.shutdownHook = builder.flushOnShutdown ? registerShutdownHook(builder.name) : null;
    }

    /** A hook that closes this buffer when the JVM exits (what {@code close()} cannot persist is dead-lettered). */
    private Thread registerShutdownHook(String name) {
        Thread hook = new Thread(
                () -> {
                    try {
                        close();
                    } catch (RuntimeException e) {
                        // the writes it could not persist have failed futures and dead letters already
                    }
                },
                "ddb-patterns-write-buffer-shutdown-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    @Override
    public CompletableFuture<Void> submit(WriteOp write) {
        Checks.notNull("write", write).checkItem(); // refused now, not failed later by the writer
        WriteKey key = write.writeKey();
        boolean waited = false;
        long deadline = 0;
        while (true) {
            CompletableFuture<Void> accepted = null;
            List<Call> calls;
            lock.lock();
            try {
                if (closed) {
                    metrics.rejectedClosed();
                    throw BufferClosedException.rejected(write);
                }
                KeySlot slot = pending.get(key);
                if (slot != null) {
                    slot.supersede(write);
                    metrics.accepted();
                    metrics.coalesced();
                    return slot.newWaiter();
                }
                if (held < capacity) {
                    Instant now = clock.instant();
                    slot = new KeySlot(write, nextSequence++, now, now.plus(writeDeadline));
                    pending.put(key, slot);
                    held++;
                    metrics.accepted();
                    accepted = slot.newWaiter();
                    calls = takeCallsLocked(null);
                } else if (!whenFull.blocks()) {
                    metrics.rejectedFull();
                    throw BufferFullException.rejected(write, capacity);
                } else {
                    if (!waited) {
                        waited = true;
                        metrics.blocked();
                        deadline = System.nanoTime()
                                + whenFull.timeout().orElseThrow().toNanos();
                    }
                    calls = takeCallsLocked(FlushTrigger.SIZE);
                    if (calls.isEmpty()) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            metrics.rejectedFull();
                            throw BufferFullException.timedOut(
                                    write, capacity, whenFull.timeout().orElseThrow());
                        }
                        roomFreed.awaitNanos(left);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                metrics.rejectedFull();
                throw BufferFullException.interrupted(write, capacity);
            } finally {
                lock.unlock();
            }
            send(calls);
            if (accepted != null) {
                return accepted;
            }
        }
    }

    @Override
    public Optional<WriteOp> pending(WriteKey key) {
        Checks.notNull("key", key);
        lock.lock();
        try {
            KeySlot slot = pending.get(key);
            if (slot == null) {
                slot = inFlight.get(key);
            }
            return slot == null ? Optional.empty() : Optional.of(slot.write);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CompletableFuture<Void> flush() {
        CompletableFuture<Void> all;
        List<Call> calls;
        lock.lock();
        try {
            flushUpTo = nextSequence - 1;
            calls = takeCallsLocked(closed ? FlushTrigger.CLOSE : FlushTrigger.MANUAL);
            all = allSettledLocked();
            if (!all.isDone()) {
                openFlushes.add(all);
            }
        } finally {
            lock.unlock();
        }
        CompletableFuture<Void> flushed = all;
        flushed.whenComplete((ignored, failure) -> {
            lock.lock();
            try {
                openFlushes.remove(flushed);
            } finally {
                lock.unlock();
            }
        });
        send(calls);
        return flushed;
    }

    @Override
    public WriteBufferConfig config() {
        return config;
    }

    @Override
    public int pendingCount() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<PacingStats> pacingStats() {
        return pacer == null ? Optional.empty() : Optional.of(pacer.stats());
    }

    @Override
    public int heldCount() {
        lock.lock();
        try {
            return held;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        CompletableFuture<Void> result;
        List<Call> calls;
        lock.lock();
        try {
            if (closedFuture != null) {
                return closedFuture.copy();
            }
            closed = true;
            flushUpTo = Long.MAX_VALUE;
            calls = takeCallsLocked(FlushTrigger.CLOSE);
            List<CompletableFuture<Void>> waitFor = new ArrayList<>(openFlushes);
            waitFor.add(allSettledLocked());
            closedFuture = CompletableFuture.allOf(waitFor.toArray(CompletableFuture[]::new));
            result = closedFuture;
            roomFreed.signalAll();
        } finally {
            lock.unlock();
        }
        result.whenComplete((ignored, failure) -> stopTimer());
        send(calls);
        return result.copy();
    }

    @Override
    public void close() {
        CompletableFuture<Void> done = closeAsync();
        try {
            done.get(closeTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            int unfinished = heldCount();
            failUnsent(BufferClosedException.closeTimedOut(closeTimeout, unfinished));
            stopTimer();
            throw BufferClosedException.closeTimedOut(closeTimeout, unfinished);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            int unfinished = heldCount();
            failUnsent(BufferClosedException.closeTimedOut(closeTimeout, unfinished));
            stopTimer();
            throw BufferClosedException.closeTimedOut(closeTimeout, unfinished);
        } catch (ExecutionException e) {
            throw new IllegalStateException("unreachable: the close future never fails", e);
        }
    }

    /** Runs the age check now; the timer calls it, tests call it after moving their clock. */
    void tick() {
        List<Call> calls;
        lock.lock();
        try {
            calls = takeCallsLocked(null);
        } finally {
            lock.unlock();
        }
        send(calls);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            // keep the periodic task alive; a failing BatchWriter is reported through the writes' futures
        }
    }

    /**
     * Moves pending keys into calls when {@code forced} or a due trigger says so, then hands out the calls that fit
     * under flushConcurrency (the caller sends them after unlocking): retry calls first, at most
     * {@code maxRetryCalls} in flight, then the queued calls of fresh writes.
     */
    private List<Call> takeCallsLocked(@Nullable FlushTrigger forced) {
        FlushTrigger trigger = forced != null ? forced : dueTriggerLocked();
        if (trigger != null && !pending.isEmpty()) {
            List<KeySlot> batch = new ArrayList<>();
            Iterator<KeySlot> slots = pending.values().iterator();
            while (slots.hasNext()) {
                KeySlot slot = slots.next();
                if (!inFlight.containsKey(slot.key)) {
                    slots.remove();
                    inFlight.put(slot.key, slot);
                    batch.add(slot);
                }
            }
            if (!batch.isEmpty()) {
                metrics.flushed(trigger, batch.size());
                Instant now = clock.instant();
                for (KeySlot slot : batch) {
                    slot.readyAt = now;
                }
                // throttled writes waiting for a call ride along: in a call with other keys, a throttled item
                // comes back at once as unprocessed instead of failing the whole call
                while (!readyRetries.isEmpty()) {
                    batch.add(takeRetryLocked(readyRetries.poll()));
                }
                queued.addAll(batch);
            }
        }
        List<Call> calls = new ArrayList<>();
        while (callsInFlight < flushConcurrency) {
            if (!readyRetries.isEmpty() && retryCallsInFlight < maxRetryCalls) {
                List<KeySlot> call = new ArrayList<>(Math.min(MAX_WRITES_PER_CALL, readyRetries.size()));
                while (call.size() < MAX_WRITES_PER_CALL && !readyRetries.isEmpty()) {
                    call.add(takeRetryLocked(readyRetries.poll()));
                }
                calls.add(new Call(List.copyOf(call), true));
                retryCallsInFlight++;
            } else if (!queued.isEmpty()) {
                List<KeySlot> call = new ArrayList<>(Math.min(MAX_WRITES_PER_CALL, queued.size()));
                while (call.size() < MAX_WRITES_PER_CALL && !queued.isEmpty()) {
                    call.add(queued.poll());
                }
                calls.add(new Call(List.copyOf(call), false));
            } else {
                break;
            }
            callsInFlight++;
        }
        return calls;
    }

    /**
     * A throttled slot leaving for a call: it takes over the key's pending slot, accepted while it was away, so the
     * newest write is the one sent again and the older one is never sent after it.
     */
    private KeySlot takeRetryLocked(KeySlot slot) {
        KeySlot newer = pending.remove(slot.key);
        if (newer != null) {
            slot.absorb(newer);
            held--;
            metrics.coalesced();
            roomFreed.signalAll();
        }
        metrics.retried();
        return slot;
    }

    /**
     * The trigger due now, judged on the oldest pending slot that a flush can take: a slot whose key is still being
     * written (a throttled write backing off, for minutes in a storm) waits whatever its age, so it must not make
     * every tick flush the young keys behind it before their maxDelay.
     */
    private @Nullable FlushTrigger dueTriggerLocked() {
        KeySlot oldest = null;
        for (KeySlot slot : pending.values()) {
            if (!inFlight.containsKey(slot.key)) {
                oldest = slot;
                break;
            }
        }
        if (oldest == null) {
            return null;
        }
        if (closed) {
            return FlushTrigger.CLOSE;
        }
        if (oldest.sequence <= flushUpTo) {
            return FlushTrigger.MANUAL;
        }
        if (pending.size() >= maxPendingKeys) {
            return FlushTrigger.SIZE;
        }
        if (!clock.instant().isBefore(oldest.firstAcceptedAt.plus(maxDelay))) {
            return FlushTrigger.AGE;
        }
        return null;
    }

    /** Completes when every write held now is persisted or failed; never exceptionally. */
    private CompletableFuture<Void> allSettledLocked() {
        if (held == 0 && finishing.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> futures = new ArrayList<>(held + finishing.size());
        for (KeySlot slot : pending.values()) {
            futures.add(slot.settled);
        }
        for (KeySlot slot : inFlight.values()) {
            futures.add(slot.settled);
        }
        for (KeySlot slot : finishing) {
            futures.add(slot.settled);
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }

    /**
     * Sends {@code calls}, and the calls their completion releases. A call whose future is already complete is
     * finished in this loop rather than from inside its callback, so a BatchWriter that completes synchronously
     * cannot make the buffer recurse once per queued call (thousands deep) and overflow the stack.
     */
    private void send(List<Call> calls) {
        ArrayDeque<Call> work = new ArrayDeque<>(calls);
        while (!work.isEmpty()) {
            Call call = work.poll();
            CompletableFuture<BatchWriteResult> result = start(call);
            if (result.isDone()) {
                work.addAll(result.handle((outcome, failure) -> onCallDone(call, outcome, failure))
                        .getNow(List.of()));
            } else {
                result.whenComplete((outcome, failure) -> send(onCallDone(call, outcome, failure)));
            }
        }
    }

    /** Sends the call now, or, paced, once its write units are due (scheduled; the slot stays taken meanwhile). */
    private CompletableFuture<BatchWriteResult> start(Call call) {
        List<WriteOp> writes = new ArrayList<>(call.slots().size());
        for (KeySlot slot : call.slots()) {
            writes.add(slot.write);
        }
        if (pacer == null) {
            return write(writes);
        }
        long units = WritePacer.unitsOf(writes);
        long wait = pacer.reserve(units);
        if (wait == 0) {
            return sendPaced(call, writes, units);
        }
        CompletableFuture<BatchWriteResult> result = new CompletableFuture<>();
        lock.lock();
        try {
            pacedCalls.put(call, null);
        } finally {
            lock.unlock();
        }
        ScheduledFuture<?> task;
        try {
            task = scheduler.schedule(() -> sendWhenDue(call, writes, units, result), wait, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the scheduler was shut down (a given one): the call cannot wait for its pace, its writes fail
            lock.lock();
            try {
                pacedCalls.remove(call);
            } finally {
                lock.unlock();
            }
            return CompletableFuture.failedFuture(e);
        }
        lock.lock();
        try {
            if (pacedCalls.containsKey(call)) {
                pacedCalls.put(call, task);
            }
        } finally {
            lock.unlock();
        }
        return result;
    }

    /** The pace of a waiting call is due: sends it, unless a close time-out failed its writes meanwhile. */
    private void sendWhenDue(Call call, List<WriteOp> writes, long units, CompletableFuture<BatchWriteResult> result) {
        lock.lock();
        try {
            if (!pacedCalls.containsKey(call)) {
                return; // failed by a close time-out: never sent, its slot was given back
            }
            pacedCalls.remove(call);
        } finally {
            lock.unlock();
        }
        sendPaced(call, writes, units).whenComplete((outcome, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(outcome);
            }
        });
    }

    /** Records the pacing delay of each item write of the call (from its readiness to now) and sends it. */
    private CompletableFuture<BatchWriteResult> sendPaced(Call call, List<WriteOp> writes, long units) {
        Instant now = clock.instant();
        List<KeySlot> slots = call.slots();
        long[] delays = new long[slots.size()];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = Math.max(0, Duration.between(slots.get(i).readyAt, now).toNanos());
        }
        WritePacer paced = pacer;
        if (paced != null) {
            paced.sent(delays, units);
        }
        metrics.paced(delays, units);
        return write(writes);
    }

    private CompletableFuture<BatchWriteResult> write(List<WriteOp> writes) {
        try {
            CompletableFuture<BatchWriteResult> result = writer.write(writes);
            return result != null
                    ? result
                    : CompletableFuture.failedFuture(
                            new IllegalStateException("BatchWriter.write returned null instead of a future"));
        } catch (RuntimeException | Error e) {
            // the slots are in flight already: whatever the writer throws must settle them, not escape
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Settles the writes of a finished call, or keeps the throttled ones for a resend after their backoff; returns
     * the calls that may go now (the caller sends them).
     */
    private List<Call> onCallDone(Call call, BatchWriteResult result, Throwable failure) {
        List<KeySlot> slots = call.slots();
        Returned[] returned = returnedOf(slots, result, failure);
        List<KeySlot> done = new ArrayList<>(slots.size());
        List<Throwable> causes = new ArrayList<>(slots.size());
        List<KeySlot> throttled = new ArrayList<>();
        List<SustainedThrottling> sustained = new ArrayList<>();
        List<Call> next;
        lock.lock();
        try {
            Instant now = clock.instant();
            callsInFlight--;
            if (call.retry()) {
                retryCallsInFlight--;
            }
            for (int i = 0; i < slots.size(); i++) {
                KeySlot slot = slots.get(i);
                Throwable cause = returned[i].cause();
                slot.requests += returned[i].requests();
                if (cause == null || !isResendable(cause)) {
                    done.add(slot);
                    causes.add(cause);
                    continue;
                }
                boolean throttle = cause instanceof UnprocessedException || DynamoDbErrors.isThrottle(cause);
                if (throttle) {
                    metrics.throttled();
                }
                slot.throttles++;
                slot.lastThrottle = cause;
                if (slot.firstThrottledAt == null) {
                    slot.firstThrottledAt = now;
                }
                if (closeFailure != null) {
                    // closing: not sent again. Throttled, it was not applied (the close is why it fails); any other
                    // error may have been applied, so the caller gets that error, not "never sent"
                    done.add(slot);
                    causes.add(throttle ? closeFailure : cause);
                } else if (!now.isBefore(slot.deadline)) {
                    done.add(slot);
                    causes.add(deadlineExceeded(slot));
                } else {
                    backingOff.add(slot);
                    throttled.add(slot);
                    Duration throttledFor = Duration.between(slot.firstThrottledAt, now);
                    if (!slot.sustainedReported && throttledFor.compareTo(sustainedThrottlingAfter) >= 0) {
                        slot.sustainedReported = true;
                        metrics.sustained();
                        sustained.add(new SustainedThrottling(
                                slot.key, throttledFor, slot.requests, slot.writes(), slot.deadline));
                    }
                }
            }
            leaveLocked(done);
            next = takeCallsLocked(null);
        } finally {
            lock.unlock();
        }
        for (SustainedThrottling event : sustained) {
            try {
                onSustainedThrottling.accept(event);
            } catch (RuntimeException ignored) {
                // a failing listener must not stop the buffer; the metric counted the event
            }
        }
        for (int i = 0; i < done.size(); i++) {
            finish(done.get(i), causes.get(i));
        }
        doneFinishing(done);
        for (KeySlot slot : throttled) {
            scheduleResend(slot);
        }
        return next;
    }

    /** Takes settled slots out of the maps and the count; their futures are completed after unlocking. */
    private void leaveLocked(List<KeySlot> slots) {
        if (slots.isEmpty()) {
            return;
        }
        for (KeySlot slot : slots) {
            inFlight.remove(slot.key);
        }
        finishing.addAll(slots);
        held -= slots.size();
        roomFreed.signalAll();
    }

    /**
     * Whether the buffer sends a write again when the writer reports {@code cause} for it: throttling, unprocessed,
     * and every other failure that retrying can fix (5xx, resets, checksum mismatches, time-outs). Buffered writes
     * are puts and deletes of whole items, so sending one again is safe.
     */
    private static boolean isResendable(Throwable cause) {
        return cause instanceof UnprocessedException || DynamoDbErrors.isRetryable(cause);
    }

    private WriteDeadlineExceededException deadlineExceeded(KeySlot slot) {
        return WriteDeadlineExceededException.of(
                slot.write, writeDeadline, slot.requests, slot.writes(), slot.lastThrottle);
    }

    /** Waits the policy's backoff for the slot's throttle count, in real time, off every call slot. */
    private void scheduleResend(KeySlot slot) {
        long delay = backoffPolicy.backoff(Math.max(1, slot.throttles)).toNanos();
        try {
            scheduler.schedule(() -> resendSafely(slot), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the scheduler was shut down (a given one, or ours after close): nothing can wait any more
            giveUp(slot, e);
        }
    }

    private void resendSafely(KeySlot slot) {
        try {
            resend(slot);
        } catch (RuntimeException e) {
            // send() reports a failing writer through the writes' futures; nothing else may throw here
        }
    }

    /** The slot's backoff ended: given up when past its deadline, else queued for a retry call. */
    private void resend(KeySlot slot) {
        List<Call> calls;
        boolean expired = false;
        lock.lock();
        try {
            if (!backingOff.remove(slot)) {
                return; // failed meanwhile by a close timeout
            }
            if (!clock.instant().isBefore(slot.deadline)) {
                expired = true;
                leaveLocked(List.of(slot));
            } else {
                slot.readyAt = clock.instant();
                readyRetries.add(slot);
            }
            calls = takeCallsLocked(null);
        } finally {
            lock.unlock();
        }
        if (expired) {
            finish(slot, deadlineExceeded(slot));
            doneFinishing(List.of(slot));
        }
        send(calls);
    }

    /** Fails a slot waiting for its resend that cannot wait (its scheduler refused the task). */
    private void giveUp(KeySlot slot, RuntimeException why) {
        lock.lock();
        try {
            if (!backingOff.remove(slot)) {
                return;
            }
            leaveLocked(List.of(slot));
        } finally {
            lock.unlock();
        }
        Throwable cause = slot.lastThrottle != null ? slot.lastThrottle : why;
        finish(slot, cause);
        doneFinishing(List.of(slot));
    }

    private void doneFinishing(List<KeySlot> slots) {
        if (slots.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            slots.forEach(finishing::remove);
        } finally {
            lock.unlock();
        }
    }

    private static Returned[] returnedOf(List<KeySlot> call, BatchWriteResult result, Throwable failure) {
        Returned[] returned = new Returned[call.size()];
        if (failure != null || result == null) {
            Throwable cause = DynamoDbErrors.unwrap(failure);
            for (int i = 0; i < returned.length; i++) {
                returned[i] = new Returned(
                        cause != null ? cause : new IllegalStateException("BatchWriter returned no result"), 1);
            }
            return returned;
        }
        Map<WriteKey, WriteOutcome> byKey = new HashMap<>();
        for (WriteOutcome outcome : result.outcomes()) {
            byKey.put(outcome.write().writeKey(), outcome);
        }
        for (int i = 0; i < returned.length; i++) {
            WriteOutcome outcome = byKey.get(call.get(i).key);
            if (outcome == null) {
                returned[i] = new Returned(
                        new IllegalStateException("BatchWriter reported no outcome for " + call.get(i).write), 1);
            } else {
                returned[i] = new Returned(
                        outcome instanceof WriteOutcome.Failed failed ? failed.cause() : null,
                        Math.max(1, outcome.attempts()));
            }
        }
        return returned;
    }

    private void finish(KeySlot slot, @Nullable Throwable cause) {
        if (cause == null) {
            metrics.persisted(slot.writes());
            slot.completeWaiters(null);
            slot.settled.complete(null);
            return;
        }
        WriteFailedException error = cause instanceof WriteDeadlineExceededException expired
                ? expired
                : WriteFailedException.of(slot.write, cause);
        metrics.failed(slot.writes());
        if (error instanceof WriteDeadlineExceededException) {
            metrics.expired(slot.writes());
        }
        slot.completeWaiters(error);
        try {
            deadLetter.accept(new DeadLetter(slot.write, error, slot.superseded));
        } catch (RuntimeException ignored) {
            // a failing callback must not stop the buffer; the write's future already carries the failure
        } finally {
            slot.settled.complete(null);
        }
    }

    /**
     * After a close timeout: fails every write that was not sent yet (pending, queued for a call, waiting for its pace,
     * or waiting to be sent again after a throttle); writes in a call now fail when it returns, throttled or not.
     */
    private void failUnsent(Throwable cause) {
        List<KeySlot> unsent = new ArrayList<>();
        lock.lock();
        try {
            closeFailure = cause;
            List<KeySlot> taken = new ArrayList<>(); // in the in-flight map, but in no call
            taken.addAll(queued);
            queued.clear();
            taken.addAll(readyRetries);
            readyRetries.clear();
            taken.addAll(backingOff);
            backingOff.clear();
            for (Map.Entry<Call, @Nullable ScheduledFuture<?>> waiting : pacedCalls.entrySet()) {
                ScheduledFuture<?> task = waiting.getValue();
                if (task != null) {
                    task.cancel(false);
                }
                callsInFlight--;
                if (waiting.getKey().retry()) {
                    retryCallsInFlight--;
                }
                taken.addAll(waiting.getKey().slots());
            }
            pacedCalls.clear();
            for (KeySlot slot : taken) {
                inFlight.remove(slot.key);
            }
            unsent.addAll(pending.values());
            pending.clear();
            unsent.addAll(taken);
            finishing.addAll(unsent);
            held -= unsent.size();
            roomFreed.signalAll();
        } finally {
            lock.unlock();
        }
        for (KeySlot slot : unsent) {
            finish(slot, cause);
        }
        doneFinishing(unsent);
    }

    private void stopTimer() {
        timer.cancel(false);
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook runs or has run
            }
        }
        if (ownsScheduler) {
            scheduler.shutdown();
        }
    }

    @Override
    public String toString() {
        return "WriteBuffer[" + config + "]";
    }

    /** Keys waiting to be sent again after a throttle: backing off, or waiting for a call. */
    int retryingCount() {
        lock.lock();
        try {
            return backingOff.size() + readyRetries.size();
        } finally {
            lock.unlock();
        }
    }

    /** For tests: the keys of the calls queued behind flushConcurrency. */
    int queuedCallCount() {
        lock.lock();
        try {
            return (queued.size() + MAX_WRITES_PER_CALL - 1) / MAX_WRITES_PER_CALL;
        } finally {
            lock.unlock();
        }
    }
}
