package io.github.ddbpatterns.core.buffer;

import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteKey;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The {@link WriteBuffer}: one lock guards the pending map (insertion-ordered, so the first slot is the oldest),
 * the in-flight map (keys taken by a flush and not finished, whether sent or queued for a free call slot) and the
 * counters. BatchWriter calls, future completions and dead-letter callbacks always run outside the lock.
 */
final class CoalescingWriteBuffer implements WriteBuffer {

    /** BatchWriteItem's limit of writes per call. */
    static final int MAX_WRITES_PER_CALL = 25;

    private final BatchWriter writer;
    private final WriteBufferConfig config;
    private final int maxPendingKeys;
    private final Duration maxDelay;
    private final int flushConcurrency;
    private final int capacity;
    private final FullPolicy whenFull;
    private final Duration closeTimeout;
    private final Consumer<DeadLetter> deadLetter;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final ScheduledFuture<?> timer;
    private final BufferMetrics metrics;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roomFreed = lock.newCondition();
    private final LinkedHashMap<WriteKey, KeySlot> pending = new LinkedHashMap<>();
    private final Map<WriteKey, KeySlot> inFlight = new HashMap<>();
    private final ArrayDeque<List<KeySlot>> queuedCalls = new ArrayDeque<>();
    /** Slots out of the maps whose futures are being completed: flush() still waits for them. */
    private final Set<KeySlot> finishing = new HashSet<>();
    /** flush() futures not completed yet: close() completes after them too. */
    private final Set<CompletableFuture<Void>> openFlushes = new HashSet<>();

    private int callsInFlight;
    private int held;
    private long nextSequence;
    /** Pending slots with a sequence up to this must go as soon as their key is free (flush/close asked). */
    private long flushUpTo = -1;

    private boolean closed;
    private CompletableFuture<Void> closedFuture;

    CoalescingWriteBuffer(WriteBuffer.Builder builder, BatchWriter writer, MeterRegistry registry, Clock clock) {
        this.writer = writer;
        this.config = builder.config.build();
        this.maxPendingKeys = config.maxPendingKeys();
        this.maxDelay = config.maxDelay();
        this.flushConcurrency = config.flushConcurrency();
        this.capacity = config.capacity();
        this.whenFull = config.whenFull();
        this.closeTimeout = config.closeTimeout();
        this.deadLetter = builder.deadLetter;
        this.clock = clock;
        this.ownsScheduler = builder.scheduler == null;
        this.scheduler = ownsScheduler
                ? Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread thread = new Thread(r, "ddb-patterns-write-buffer-" + builder.name);
                    thread.setDaemon(true);
                    return thread;
                })
                : builder.scheduler;
        this.metrics = new BufferMetrics(registry, builder.name, this);
        long period = Math.max(1, maxDelay.toMillis() / 4);
        this.timer = scheduler.scheduleWithFixedDelay(this::tickSafely, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<Void> submit(WriteOp write) {
        Checks.notNull("write", write);
        WriteKey key = write.writeKey();
        boolean waited = false;
        long deadline = 0;
        while (true) {
            CompletableFuture<Void> accepted = null;
            List<List<KeySlot>> calls;
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
                    slot = new KeySlot(write, nextSequence++, clock.instant());
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
        List<List<KeySlot>> calls;
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
        List<List<KeySlot>> calls;
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
        List<List<KeySlot>> calls;
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
     * Moves pending keys into calls when {@code forced} or a due trigger says so, then hands out the queued calls
     * that fit under flushConcurrency (the caller sends them after unlocking).
     */
    private List<List<KeySlot>> takeCallsLocked(FlushTrigger forced) {
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
                for (int from = 0; from < batch.size(); from += MAX_WRITES_PER_CALL) {
                    queuedCalls.add(
                            List.copyOf(batch.subList(from, Math.min(batch.size(), from + MAX_WRITES_PER_CALL))));
                }
            }
        }
        if (queuedCalls.isEmpty() || callsInFlight >= flushConcurrency) {
            return List.of();
        }
        List<List<KeySlot>> calls = new ArrayList<>();
        while (callsInFlight < flushConcurrency && !queuedCalls.isEmpty()) {
            calls.add(queuedCalls.poll());
            callsInFlight++;
        }
        return calls;
    }

    private FlushTrigger dueTriggerLocked() {
        if (pending.isEmpty()) {
            return null;
        }
        KeySlot oldest = pending.values().iterator().next();
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
    private void send(List<List<KeySlot>> calls) {
        ArrayDeque<List<KeySlot>> work = new ArrayDeque<>(calls);
        while (!work.isEmpty()) {
            List<KeySlot> call = work.poll();
            CompletableFuture<BatchWriteResult> result = start(call);
            if (result.isDone()) {
                work.addAll(result.handle((outcome, failure) -> onCallDone(call, outcome, failure))
                        .getNow(List.of()));
            } else {
                result.whenComplete((outcome, failure) -> send(onCallDone(call, outcome, failure)));
            }
        }
    }

    private CompletableFuture<BatchWriteResult> start(List<KeySlot> call) {
        List<WriteOp> writes = new ArrayList<>(call.size());
        for (KeySlot slot : call) {
            writes.add(slot.write);
        }
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

    /** Settles the writes of a finished call; returns the queued calls that may go now (the caller sends them). */
    private List<List<KeySlot>> onCallDone(List<KeySlot> call, BatchWriteResult result, Throwable failure) {
        Throwable[] causes = causesOf(call, result, failure);
        List<List<KeySlot>> next;
        lock.lock();
        try {
            for (KeySlot slot : call) {
                inFlight.remove(slot.key);
            }
            finishing.addAll(call);
            held -= call.size();
            callsInFlight--;
            roomFreed.signalAll();
            next = takeCallsLocked(null);
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < call.size(); i++) {
            finish(call.get(i), causes[i]);
        }
        doneFinishing(call);
        return next;
    }

    private void doneFinishing(List<KeySlot> slots) {
        lock.lock();
        try {
            slots.forEach(finishing::remove);
        } finally {
            lock.unlock();
        }
    }

    private static Throwable[] causesOf(List<KeySlot> call, BatchWriteResult result, Throwable failure) {
        Throwable[] causes = new Throwable[call.size()];
        if (failure != null || result == null) {
            Throwable cause = DynamoDbErrors.unwrap(failure);
            for (int i = 0; i < causes.length; i++) {
                causes[i] = cause != null ? cause : new IllegalStateException("BatchWriter returned no result");
            }
            return causes;
        }
        Map<WriteKey, WriteOutcome> byKey = new HashMap<>();
        for (WriteOutcome outcome : result.outcomes()) {
            byKey.put(outcome.write().writeKey(), outcome);
        }
        for (int i = 0; i < causes.length; i++) {
            WriteOutcome outcome = byKey.get(call.get(i).key);
            causes[i] = outcome == null
                    ? new IllegalStateException("BatchWriter reported no outcome for " + call.get(i).write)
                    : outcome instanceof WriteOutcome.Failed failed ? failed.cause() : null;
        }
        return causes;
    }

    private void finish(KeySlot slot, Throwable cause) {
        if (cause == null) {
            metrics.persisted(slot.writes());
            slot.completeWaiters(null);
            slot.settled.complete(null);
            return;
        }
        WriteFailedException error = WriteFailedException.of(slot.write, cause);
        metrics.failed(slot.writes());
        slot.completeWaiters(error);
        try {
            deadLetter.accept(new DeadLetter(slot.write, error, slot.superseded));
        } catch (RuntimeException ignored) {
            // a failing callback must not stop the buffer; the write's future already carries the failure
        } finally {
            slot.settled.complete(null);
        }
    }

    /** After a close timeout: fails every write that was not sent yet (pending or queued for a call). */
    private void failUnsent(Throwable cause) {
        List<KeySlot> unsent = new ArrayList<>();
        lock.lock();
        try {
            unsent.addAll(pending.values());
            pending.clear();
            for (List<KeySlot> call : queuedCalls) {
                for (KeySlot slot : call) {
                    inFlight.remove(slot.key);
                    unsent.add(slot);
                }
            }
            queuedCalls.clear();
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
        if (ownsScheduler) {
            scheduler.shutdown();
        }
    }

    @Override
    public String toString() {
        return "WriteBuffer[" + config + "]";
    }

    /** For tests: the keys of the calls queued behind flushConcurrency. */
    int queuedCallCount() {
        lock.lock();
        try {
            return queuedCalls.size();
        } finally {
            lock.unlock();
        }
    }
}
