package io.github.ddbpatterns.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResendPoolTest {

    private static final Duration WAIT = Duration.ofMillis(10);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final Deque<ResendPool.Batch<Integer>> started = new ArrayDeque<>();

    @AfterEach
    void shutdown() {
        scheduler.shutdownNow();
    }

    private ResendPool<Integer> pool(int maxCount, long maxBytes, Map<Integer, Long> sizes) {
        return new ResendPool<>(maxCount, maxBytes, i -> sizes.getOrDefault(i, 1L), scheduler, started::add);
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> items = new ArrayList<>();
        for (int i = from; i < to; i++) {
            items.add(i);
        }
        return items;
    }

    @Test
    void add_whenItemsAreDueAndNothingIsInFlight_startsOneCallPerFullCallRoundedUp() {
        ResendPool<Integer> pool = pool(25, Long.MAX_VALUE, Map.of());

        pool.add(range(0, 60));

        assertThat(started).hasSize(3);
        assertThat(started.poll().items()).isEqualTo(range(0, 25));
        assertThat(started.poll().items()).isEqualTo(range(25, 50));
        assertThat(started.poll().items()).isEqualTo(range(50, 60));
        assertThat(started).isEmpty();
    }

    @Test
    void addAfter_beforeAnyWaitEnds_startsNoCall() {
        ResendPool<Integer> pool = pool(25, Long.MAX_VALUE, Map.of());

        pool.addAfter(range(0, 25), WAIT);

        assertThat(started).isEmpty();
        assertThat(pool.size()).isEqualTo(25);
        scheduler.runNext();
        assertThat(started).singleElement().satisfies(b -> assertThat(b.items()).isEqualTo(range(0, 25)));
    }

    @Test
    void addAfter_whenOneWaitEndsWhileOthersRun_theDueItemsWaitForThemAndAllGoInOneCall() {
        ResendPool<Integer> pool = pool(25, Long.MAX_VALUE, Map.of());
        pool.addAfter(range(0, 7), WAIT); // came back from call A
        pool.addAfter(range(7, 15), WAIT); // from call B
        pool.addAfter(range(15, 22), WAIT.multipliedBy(4)); // from call C, one round further

        scheduler.runNext(); // A's wait ends
        scheduler.runNext(); // B's wait ends
        assertThat(started).isEmpty(); // C's writes could still join: no call for 15

        scheduler.runNext(); // C's wait ends: nothing else can join
        assertThat(started).singleElement().satisfies(b -> assertThat(b.items()).isEqualTo(range(0, 22)));
        assertThat(pool.size()).isZero();
    }

    @Test
    void finished_whenTheLastCallInFlightEnds_startsTheCallForTheFewDueItems() {
        ResendPool<Integer> pool = pool(25, Long.MAX_VALUE, Map.of());
        pool.add(range(0, 30));
        ResendPool.Batch<Integer> first = started.poll();
        ResendPool.Batch<Integer> second = started.poll();
        assertThat(first.items()).hasSize(25);
        assertThat(second.items()).hasSize(5);

        pool.addAfter(range(0, 7), WAIT); // the first call's answer: 7 unprocessed
        pool.finished();
        scheduler.runNext();
        assertThat(started).isEmpty(); // the second call is in flight: its answer may return some

        pool.finished(); // the second call's answer: all processed
        assertThat(started).singleElement().satisfies(b -> assertThat(b.items()).isEqualTo(range(0, 7)));
    }

    @Test
    void addAfter_whenAFullCallIsDueWhileOthersAreInFlight_startsItAtOnce() {
        ResendPool<Integer> pool = pool(25, Long.MAX_VALUE, Map.of());
        pool.add(range(0, 25));
        assertThat(started.poll().items()).hasSize(25); // in flight from here on

        pool.addAfter(range(100, 125), WAIT);
        scheduler.runNext();

        assertThat(started).singleElement().satisfies(b -> assertThat(b.items()).isEqualTo(range(100, 125)));
    }

    @Test
    void startFixed_sendsExactlyItsItemsAndCountsAsInFlight() {
        ResendPool<Integer> pool = pool(25, Long.MAX_VALUE, Map.of());

        pool.startFixed(range(0, 12));
        pool.addAfter(range(50, 53), WAIT);
        scheduler.runNext();

        assertThat(started).singleElement().satisfies(b -> assertThat(b.items()).isEqualTo(range(0, 12)));
        started.clear();
        pool.finished();
        assertThat(started).singleElement().satisfies(b -> assertThat(b.items()).isEqualTo(range(50, 53)));
    }

    @Test
    void take_whenTheByteLimitCutsCallsShort_startsTheCallsTheBytesFillAndTheRestLast() {
        Map<Integer, Long> sizes = new HashMap<>();
        range(0, 10).forEach(i -> sizes.put(i, 300L));
        ResendPool<Integer> pool = pool(25, 1_000, sizes);

        pool.add(range(0, 10));

        List<Integer> callSizes = new ArrayList<>();
        List<Integer> sent = new ArrayList<>();
        while (!started.isEmpty()) {
            List<Integer> call = started.poll().items();
            callSizes.add(call.size());
            sent.addAll(call);
        }
        assertThat(callSizes).containsExactly(3, 3, 3); // full by bytes; 300 bytes left could still have company
        pool.finished();
        pool.finished();
        assertThat(started).isEmpty();
        pool.finished();
        sent.addAll(started.poll().items());
        assertThat(sent).isEqualTo(range(0, 10));
    }

    /**
     * Any interleaving of first sends, ended waits, calls starting (getting their permit) and calls ending with
     * some of their items returned unprocessed: a call carries only items whose wait is over, never finds the pool
     * empty, respects the limits, and once every call has ended and every wait is over every item has gone out once
     * per time it was added and nothing is left in the pool.
     */
    @Property(tries = 300)
    void pool_anyInterleaving_sendsOnlyDueItemsNoEmptyCallNoLimitBrokenNothingLostOrDuplicated(
            @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 7) Integer> steps,
            @ForAll @IntRange(min = 1, max = 6) int maxCount,
            @ForAll @IntRange(min = 1, max = 9) int maxBytes,
            @ForAll @IntRange(min = 1, max = 7) int groupSize) {
        Map<Integer, Long> sizes = new HashMap<>();
        ManualScheduler scheduler = new ManualScheduler(); // per try: jqwik tries share the test instance
        Deque<ResendPool.Batch<Integer>> unbound = new ArrayDeque<>();
        ResendPool<Integer> pool = new ResendPool<>(maxCount, maxBytes, sizes::get, scheduler, unbound::add);
        Deque<List<Integer>> inWait = new ArrayDeque<>(); // in scheduling order, as the scheduler runs them
        Set<Integer> due = new HashSet<>();
        Deque<List<Integer>> inFlight = new ArrayDeque<>();
        Map<Integer, Integer> added = new HashMap<>();
        Map<Integer, Integer> sent = new HashMap<>();
        int next = 0;
        for (int step : steps) {
            switch (step) {
                case 0 -> { // first sends, due now
                    List<Integer> group = range(next, next + groupSize);
                    next += groupSize;
                    group.forEach(i -> sizes.put(i, 1L + (i * 7L) % 4));
                    group.forEach(i -> added.merge(i, 1, Integer::sum));
                    due.addAll(group);
                    pool.add(group);
                }
                case 1 -> { // a wait ends
                    if (scheduler.runNext()) {
                        due.addAll(inWait.poll());
                    }
                }
                case 2, 3 -> { // the oldest (2) or newest (3) started call gets its permit
                    if (!unbound.isEmpty()) {
                        ResendPool.Batch<Integer> batch = step == 2 ? unbound.pollFirst() : unbound.pollLast();
                        inFlight.add(bind(batch, due, sent, maxCount, maxBytes, sizes));
                    }
                }
                default -> { // the oldest call in flight ends, 0 to 3 of its items unprocessed
                    if (!inFlight.isEmpty()) {
                        end(pool, inFlight.poll(), step - 4, inWait, added);
                    }
                }
            }
        }
        boolean moved = true;
        while (moved) { // every call gets its permit and ends with all processed, every wait ends
            moved = false;
            while (!unbound.isEmpty()) {
                inFlight.add(bind(unbound.poll(), due, sent, maxCount, maxBytes, sizes));
                moved = true;
            }
            while (!inFlight.isEmpty()) {
                end(pool, inFlight.poll(), 0, inWait, added);
                moved = true;
            }
            while (scheduler.runNext()) {
                due.addAll(inWait.poll());
                moved = true;
            }
        }
        scheduler.shutdownNow();

        assertThat(sent).isEqualTo(added);
        assertThat(pool.size()).isZero();
        assertThat(due).isEmpty();
    }

    private static List<Integer> bind(
            ResendPool.Batch<Integer> batch,
            Set<Integer> due,
            Map<Integer, Integer> sent,
            int maxCount,
            int maxBytes,
            Map<Integer, Long> sizes) {
        List<Integer> call = batch.items();
        assertThat(call).isNotEmpty().hasSizeLessThanOrEqualTo(maxCount);
        assertThat(due).containsAll(call); // never an item still in its wait
        due.removeAll(call);
        long bytes = call.stream().mapToLong(sizes::get).sum();
        assertThat(bytes <= maxBytes || call.size() == 1).isTrue();
        assertThat(batch.items()).isSameAs(call); // a retry of the call carries the same items
        call.forEach(i -> sent.merge(i, 1, Integer::sum));
        return call;
    }

    private static void end(
            ResendPool<Integer> pool,
            List<Integer> call,
            int unprocessed,
            Deque<List<Integer>> inWait,
            Map<Integer, Integer> added) {
        List<Integer> back = List.copyOf(call.subList(0, Math.min(unprocessed, call.size())));
        if (!back.isEmpty()) {
            back.forEach(i -> added.merge(i, 1, Integer::sum));
            inWait.add(back);
            pool.addAfter(back, WAIT);
        }
        pool.finished();
    }
}
