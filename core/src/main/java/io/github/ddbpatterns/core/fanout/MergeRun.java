package io.github.ddbpatterns.core.fanout;

import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One execution of a fan-out query: a single-threaded state machine driven by a drain loop (work-in-progress
 * counter, as in reactive operators), fed by page arrivals and by demand. All state below the "drain-owned"
 * line is touched only inside {@link #drain()}, which at most one thread runs at a time, so every signal to the
 * {@link Sink} (items, completion, errors — including the error of an illegal {@link #signalError request}) is
 * serialized.
 *
 * <p>Invariants: at most {@code concurrency} requests in flight; at most one page buffered per source;
 * a request asks for {@code min(remaining, pageSize)} items (a page of a single source, which needs no merge, asks
 * for all it still needs, so it is one Query up to DynamoDB's 1 MB); a source is only asked for a page when its
 * buffer is empty and the order needs it (sorted: every live source needs a head; sequence: the sources of
 * the reach, see below, not already covered by the items in hand; unordered: any live source).
 *
 * <p>Reach (source sequence): a run with a limit starts with a reach of 1 source ahead and widens it each time
 * it moves past a source it fetched that was used up before the limit was reached: to at least one more source
 * (so the reach doubles each round trip), or at once to the number of sources the items read so far suggest are
 * still needed, never beyond {@code window}. Within the reach, a source is not started while the items buffered
 * before it, plus the items per source seen so far for each source before it still in flight, fill the page; it
 * asks for what the buffered items alone leave to read. A run without a limit (a stream of everything) needs
 * every source, so it uses the whole window from the start.
 *
 * <p>Settling: a run completes (or fails) only when no request it sent is still in flight. Requests started
 * before the limit was reached are waited for; their pages only update the sources' positions (a page that was
 * not consumed leaves its source's position where it was) and their errors are ignored, since the result no
 * longer depends on them. Only {@link #cancel()} and an illegal request end a run at once, leaving requests in
 * flight to finish unobserved.
 */
final class MergeRun<T> {

    /** Receives the output; called only from the drain loop, never concurrently. */
    interface Sink<T> {
        void onItem(T item);

        /** {@code positions} is null when every source is exhausted (nothing more to read). */
        void onComplete(@Nullable List<SourcePosition> positions);

        void onError(Throwable error);
    }

    private record Arrival<T>(
            SourceState<T> source,
            @Nullable SourcePage<T> page,
            @Nullable Throwable error) {}

    private final MergeOrder.Kind kind;
    private final int pageSize;
    private final int concurrency;
    private final int window;
    private final long limit;
    private final FanOutMetrics metrics;
    private final @Nullable Executor executor;
    private final Sink<T> sink;
    private final ConcurrentLinkedQueue<Arrival<T>> arrivals = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicLong demand = new AtomicLong();
    private volatile boolean cancelled;
    /** The error of an illegal request, signalled (from the drain loop) at once. */
    private volatile @Nullable Throwable illegal;

    // drain-owned state
    private final List<SourceState<T>> states;
    private final @Nullable PriorityQueue<SourceState<T>> heap;
    private final ArrayDeque<SourceState<T>> arrivedOrder = new ArrayDeque<>();
    private long emitted;
    private int inFlight;
    private int live;
    private int starved;
    private int sequenceIndex;
    /** Source sequence: how many sources from {@link #sequenceIndex} on may be fetched. */
    private int reach;
    /** Source sequence: sources fetched in this run that the merge moved past. */
    private long passed;

    private int scanStart;
    /** The first error of a request needed by the result, signalled when nothing is in flight any more. */
    private @Nullable Throwable failure;

    private boolean done;
    private long mergeNanos;
    private long sendNanos;
    private long drainStart;

    MergeRun(
            List<PagedSource<T>> sources,
            List<SourcePosition> positions,
            MergeOrder<T> order,
            long limit,
            int pageSize,
            int concurrency,
            int window,
            FanOutMetrics metrics,
            @Nullable Executor executor,
            Sink<T> sink) {
        this.kind = order.kind();
        this.limit = limit;
        this.pageSize = pageSize;
        this.concurrency = concurrency;
        this.window = kind == MergeOrder.Kind.SOURCE_SEQUENCE ? window : Integer.MAX_VALUE;
        // without a limit every source is needed: no reason to start narrow
        this.reach = limit == Long.MAX_VALUE ? this.window : 1;
        this.metrics = metrics;
        this.executor = executor;
        this.sink = sink;
        this.states = new ArrayList<>(sources.size());
        for (int i = 0; i < sources.size(); i++) {
            SourceState<T> state = new SourceState<>(i, sources.get(i), positions.get(i));
            states.add(state);
            if (!state.done()) {
                live++;
                starved++;
            }
        }
        if (kind == MergeOrder.Kind.SORTED) {
            Comparator<? super T> itemOrder = order.outputOrder();
            Comparator<SourceState<T>> byHead = (a, b) -> itemOrder.compare(a.head(), b.head());
            this.heap = new PriorityQueue<>(Math.max(1, sources.size()), byHead.thenComparingInt(s -> s.index));
        } else {
            this.heap = null;
        }
        metrics.width(sources.size());
    }

    /** Adds demand ({@code n > 0}) and runs. */
    void request(long n) {
        long current;
        long next;
        do {
            current = demand.get();
            next = current + n < 0 ? Long.MAX_VALUE : current + n;
        } while (!demand.compareAndSet(current, next));
        drain();
    }

    /** Stops: no more requests, no more signals. Requests in flight are left to finish and ignored. */
    void cancel() {
        cancelled = true;
        drain();
    }

    /**
     * Stops and signals {@code error} from the drain loop, serialized with the items (e.g. Reactive Streams §3.9:
     * {@code request(n <= 0)}). Requests in flight are left to finish and ignored. Only the first such error counts.
     */
    void signalError(Throwable error) {
        if (illegal == null) {
            illegal = error;
        }
        drain();
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            if (done) {
                arrivals.clear(); // late arrivals of a cancelled run
            } else {
                drainStart = System.nanoTime();
                try {
                    step();
                } catch (RuntimeException | Error e) {
                    fail(e);
                }
                mergeNanos += System.nanoTime() - drainStart;
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void step() {
        if (cancelled) {
            finish();
            return;
        }
        Throwable illegalRequest = illegal;
        if (illegalRequest != null) {
            finish();
            sink.onError(illegalRequest);
            return;
        }
        Arrival<T> arrival;
        while ((arrival = arrivals.poll()) != null) {
            accept(arrival);
        }
        if (failure == null) {
            emit();
        }
        if (failure != null || emitted >= limit || live == 0) {
            // nothing more is started; the run ends once the requests already sent have settled
            if (inFlight == 0) {
                terminate();
            }
            return;
        }
        if (demand.get() > 0) {
            // a stream without demand reads nothing more than what is buffered
            startFetches();
        }
    }

    private void accept(Arrival<T> arrival) {
        SourceState<T> s = arrival.source();
        s.inFlight = false;
        inFlight--;
        if (arrival.error() != null) {
            // an error of a request the result no longer needs (the limit is reached) is ignored
            if (failure == null && emitted < limit) {
                failure = arrival.error();
            }
            return;
        }
        SourcePage<T> page = arrival.page();
        metrics.page(page.items().size());
        s.accept(page);
        if (s.buffer.isEmpty()) {
            if (s.done()) {
                live--;
                starved--;
            }
            // empty page with more behind it (e.g. everything filtered out): stays starved, fetched again
            return;
        }
        starved--;
        if (heap != null) {
            heap.add(s);
        } else if (kind == MergeOrder.Kind.UNORDERED) {
            arrivedOrder.add(s);
        }
    }

    private void emit() {
        // an illegal request (set by another thread) stops the items at once: its error comes next
        while (emitted < limit && demand.get() > 0 && !cancelled && illegal == null) {
            SourceState<T> s = next();
            if (s == null) {
                return;
            }
            T item = s.consume();
            if (s.buffer.isEmpty()) {
                if (s.done()) {
                    live--;
                } else {
                    starved++;
                }
            } else if (heap != null) {
                heap.add(s);
            } else if (kind == MergeOrder.Kind.UNORDERED) {
                arrivedOrder.addFirst(s);
            }
            emitted++;
            demand.decrementAndGet();
            sink.onItem(item);
        }
    }

    /** The source whose head is the next item to emit, removed from its queue; null when not known yet. */
    private @Nullable SourceState<T> next() {
        switch (kind) {
            case SORTED:
                // the smallest head is only known when every live source has one
                return starved == 0 ? heap.poll() : null;
            case UNORDERED:
                return arrivedOrder.poll();
            default:
                while (sequenceIndex < states.size()
                        && states.get(sequenceIndex).done()) {
                    widen(states.get(sequenceIndex));
                    sequenceIndex++;
                }
                if (sequenceIndex == states.size()) {
                    return null;
                }
                SourceState<T> current = states.get(sequenceIndex);
                if (current.buffer.isEmpty()) {
                    return null;
                }
                return current;
        }
    }

    /**
     * Source sequence: the merge moves past {@code source}, used up while the limit is not reached (only called
     * from {@link #emit()}). If this run fetched it, the sources ahead are needed sooner than the reach assumed:
     * widen it by one source at least (so the reach doubles each round trip), or at once to the number of
     * sources that the items per source seen so far suggest are needed, never beyond the window.
     */
    private void widen(SourceState<T> source) {
        if (!source.fetched) {
            return;
        }
        passed++;
        if (reach >= window) {
            return;
        }
        long wanted = reach + 1L;
        if (emitted > 0) {
            // ceil(remaining / (emitted / passed)) without overflow: limit < 2^31 when reach < window
            long estimate = ((limit - emitted) * passed + emitted - 1) / emitted;
            wanted = Math.max(wanted, estimate);
        }
        reach = (int) Math.min(window, wanted);
    }

    private void startFetches() {
        int n = states.size();
        if (kind == MergeOrder.Kind.SOURCE_SEQUENCE) {
            int end = (int) Math.min(n, (long) sequenceIndex + reach);
            long remaining = limit - emitted;
            // items before source i: buffered (certain), plus the items per source seen so far for each source
            // before i still in flight (expected)
            long perSource = passed == 0 ? 0 : emitted / passed;
            long certain = 0;
            long expected = 0;
            for (int i = sequenceIndex; i < end && inFlight < concurrency; i++) {
                if (expected >= remaining) {
                    // the sources before this one should fill the page: it is read only if they do not
                    return;
                }
                SourceState<T> s = states.get(i);
                if (s.needsFetch()) {
                    // asks for what only certain items leave to read: a smaller source before it costs no request
                    fetch(s, remaining - certain);
                }
                certain += s.buffer.size();
                expected += s.inFlight ? perSource : s.buffer.size();
            }
            return;
        }
        // round-robin start so that a capped fan-out serves every source in turn; the scan starts where the last
        // one stopped and visits every source once (moving its start inside the loop would skip sources)
        int start = scanStart;
        for (int k = 0; k < n && inFlight < concurrency; k++) {
            int i = (start + k) % n;
            SourceState<T> s = states.get(i);
            if (s.needsFetch()) {
                fetch(s, limit - emitted);
                scanStart = (i + 1) % n;
            }
        }
    }

    /**
     * Sends one request for at most {@code min(wanted, pageSize)} items, or {@code wanted} for the page of a single
     * source (nothing to merge, so nothing read in vain).
     */
    private void fetch(SourceState<T> s, long wanted) {
        long cap = states.size() == 1 && limit != Long.MAX_VALUE ? Integer.MAX_VALUE : pageSize;
        int requestLimit = (int) Math.min(wanted, cap);
        s.inFlight = true;
        s.fetched = true;
        inFlight++;
        long start = System.nanoTime();
        CompletableFuture<SourcePage<T>> future;
        try {
            future = s.source.fetch(s.startKey(), requestLimit);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        // the synchronous part of sending a request (marshalling, signing) is the source's, not the merge's
        sendNanos += System.nanoTime() - start;
        future.whenComplete((page, error) -> {
            Throwable cause = DynamoDbErrors.unwrap(error);
            if (cause == null && page == null) {
                cause = new IllegalStateException("source " + s.index + " completed with a null page");
            }
            metrics.request(System.nanoTime() - start, cause == null);
            arrivals.add(new Arrival<>(s, page, cause));
            if (executor == null) {
                drain();
            } else {
                try {
                    executor.execute(this::drain);
                } catch (RuntimeException rejected) {
                    drain();
                }
            }
        });
    }

    /** Ends the run once nothing is in flight: with the first error, or with the items emitted. */
    private void terminate() {
        Throwable error = failure;
        if (error != null) {
            finish();
            sink.onError(error);
        } else {
            complete();
        }
    }

    private void complete() {
        List<SourcePosition> positions = null;
        if (live > 0) {
            positions = new ArrayList<>(states.size());
            for (SourceState<T> s : states) {
                positions.add(s.position());
            }
        }
        finish();
        sink.onComplete(positions);
    }

    /** An error thrown inside the drain loop: signalled once the requests in flight have settled. */
    private void fail(Throwable error) {
        if (done) {
            return;
        }
        if (failure == null) {
            failure = error;
        }
        if (inFlight == 0) {
            terminate();
        }
    }

    private void finish() {
        done = true;
        metrics.returned(emitted);
        long merging = mergeNanos + (System.nanoTime() - drainStart) - sendNanos;
        metrics.mergeTime(Math.max(0, merging));
        arrivals.clear();
        arrivedOrder.clear();
        if (heap != null) {
            heap.clear();
        }
    }

    /** One source: its buffered page and its position. Drain-owned. */
    static final class SourceState<T> {
        final int index;
        final PagedSource<T> source;
        final ArrayDeque<T> buffer = new ArrayDeque<>();
        boolean inFlight;
        /** Asked for a page in this run. */
        boolean fetched;
        /** ExclusiveStartKey of the next request. */
        private @Nullable Map<String, AttributeValue> nextStart;
        /** No more pages to request. */
        private boolean fetchedAll;
        /** LastEvaluatedKey of the buffered page. */
        private @Nullable Map<String, AttributeValue> pageEnd;
        /** Position when nothing of the buffered page was consumed since, or when the buffer is empty. */
        private SourcePosition base;

        private @Nullable T lastConsumed;

        SourceState(int index, PagedSource<T> source, SourcePosition position) {
            this.index = index;
            this.source = source;
            this.base = position;
            if (position instanceof SourcePosition.After after) {
                nextStart = after.key();
            } else if (position instanceof SourcePosition.Exhausted) {
                fetchedAll = true;
            }
        }

        boolean done() {
            return fetchedAll && buffer.isEmpty();
        }

        boolean needsFetch() {
            return !fetchedAll && buffer.isEmpty() && !inFlight;
        }

        @Nullable
        Map<String, AttributeValue> startKey() {
            return nextStart;
        }

        T head() {
            return buffer.peekFirst();
        }

        void accept(SourcePage<T> page) {
            buffer.addAll(page.items());
            pageEnd = page.lastEvaluatedKey();
            nextStart = pageEnd;
            fetchedAll = pageEnd == null;
            lastConsumed = null;
            if (buffer.isEmpty()) {
                base = endOfPage();
            }
        }

        T consume() {
            T item = buffer.pollFirst();
            if (buffer.isEmpty()) {
                // the whole page is consumed: resume at its end, skipping what a filter dropped after the item
                base = endOfPage();
                lastConsumed = null;
            } else {
                lastConsumed = item;
            }
            return item;
        }

        private SourcePosition endOfPage() {
            return pageEnd == null ? SourcePosition.EXHAUSTED : SourcePosition.after(pageEnd);
        }

        SourcePosition position() {
            return lastConsumed != null ? SourcePosition.after(source.keyOf(lastConsumed)) : base;
        }
    }
}
