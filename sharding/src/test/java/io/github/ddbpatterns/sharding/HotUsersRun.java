package io.github.ddbpatterns.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.commons.math3.distribution.ZipfDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.jspecify.annotations.Nullable;

/**
 * The acceptance workload of adaptive sharding, on the instances of an {@link AdaptiveRun} (one test clock, one
 * throttling proxy): {@code users} users write with Zipf-distributed frequency (exponent 1, seeded) at
 * {@code backgroundRate} puts per second in all, alternately through each instance; during the hot period each
 * hot user also writes at {@code hotRate} puts per second, split over the instances. The clock advances in 10 ms
 * steps; at every second the puts in flight are drained, then both instances read (every item written so far must
 * be found, once), a paging reader follows its cursor one page further, and every controller evaluates.
 */
final class HotUsersRun {

    private static final long STEP_MILLIS = 10;
    private static final int IN_FLIGHT = 16;
    /**
     * Deletes per second of each hot user during retention: under the partition limit on one shard (deletes are
     * writes: faster, they would make the key hot again, and the controller would rightly raise it).
     */
    static final double DELETE_RATE = 14;

    private final AdaptiveRun run;
    private final List<String> hotUsers;
    private final double hotRate;
    private final double backgroundRate;
    private final ZipfDistribution zipf;
    private final int users;

    /** The items each user has now (sort keys): persisted puts, minus acknowledged deletes. */
    final Map<String, Set<String>> stored = new TreeMap<>();
    /** Per hot user, the seconds (of the run) in which a put of it was throttled. */
    final Map<String, Set<Long>> throttledSeconds = new HashMap<>();
    /** Per hot user, when its last throttled put was issued (ms of the run). */
    final Map<String, Long> lastThrottledPut = new HashMap<>();
    /** Deletes throttled (each retried). */
    long throttledDeletes;
    /** Reads checked against {@link #stored}, and how many Query requests they sent. */
    long readsChecked;
    /** Full passes of the paging reader (each checked), and those of them that crossed a read-width change. */
    int pagingPasses;

    int passesAcrossWidthChanges;

    private final List<ArrayDeque<CompletableFuture<?>>> inFlight = new ArrayList<>();
    private long sequence;
    private long step;
    private @Nullable Pager pager;

    HotUsersRun(AdaptiveRun run, int users, List<String> hotUsers, double hotRate, double backgroundRate, long seed) {
        this.run = run;
        this.users = users;
        this.hotUsers = List.copyOf(hotUsers);
        this.hotRate = hotRate;
        this.backgroundRate = backgroundRate;
        this.zipf = new ZipfDistribution(new Well19937c(seed), users, 1.0);
        run.instances.forEach(i -> inFlight.add(new ArrayDeque<>()));
        hotUsers.forEach(u -> throttledSeconds.put(u, new LinkedHashSet<>()));
    }

    /** The id of the user of Zipf rank {@code rank} (1 = the most frequent). */
    static String user(int rank) {
        return String.format("user-%05d", rank);
    }

    /**
     * Runs until {@code until} (ms of the run), with the hot users writing while {@code hot} and, when
     * {@code retention} is set, the hot users' items written before it deleted at {@link #DELETE_RATE} per second
     * each.
     */
    void runUntil(long until, boolean hot, @Nullable Long retention) {
        long hotEvery = Math.max(1, Math.round(1000.0 / hotRate / STEP_MILLIS));
        long backgroundEvery = Math.max(1, Math.round(1000.0 / backgroundRate / STEP_MILLIS));
        long deleteEvery = Math.max(1, Math.round(1000.0 / DELETE_RATE / STEP_MILLIS));
        List<ArrayDeque<Event>> toDelete = new ArrayList<>();
        if (retention != null) {
            for (String user : hotUsers) {
                // items read from the table: their physical key is known, so each delete is one DeleteItem
                ArrayDeque<Event> old = new ArrayDeque<>();
                run
                        .instances
                        .get(1)
                        .events()
                        .sync()
                        .queryAll(user, ShardQuery.all().limit(1000))
                        .stream()
                        .filter(e -> millisOf(e.getSk()) < retention)
                        .forEach(old::add);
                toDelete.add(old);
            }
        }
        while (run.elapsed() < until) {
            if (hot && step % hotEvery == 0) {
                for (int u = 0; u < hotUsers.size(); u++) {
                    put((int) ((step / hotEvery + u) % run.instances.size()), hotUsers.get(u));
                }
            }
            if (step % backgroundEvery == 0) {
                put((int) ((step / backgroundEvery) % run.instances.size()), user(zipf.sample()));
            }
            for (int u = 0; u < toDelete.size() && step % deleteEvery == 0; u++) {
                Event old;
                synchronized (toDelete.get(u)) {
                    old = toDelete.get(u).poll();
                }
                if (old != null) {
                    delete((int) (step % run.instances.size()), old, toDelete.get(u));
                }
            }
            step++;
            long next = run.elapsed() + STEP_MILLIS;
            if (next % 1000 == 0) {
                drain();
                run.clock.advance(Duration.ofMillis(STEP_MILLIS));
                everySecond();
            } else {
                run.clock.advance(Duration.ofMillis(STEP_MILLIS));
            }
        }
        drain();
    }

    private static long millisOf(String sk) {
        return Long.parseLong(sk.substring(0, 9));
    }

    private void put(int instance, String user) {
        AdaptiveRun.Instance writer = run.instances.get(instance);
        long at = run.elapsed();
        String sk = String.format("%09d-%s-%07d", at, writer.name(), ++sequence);
        track(
                instance,
                writer.events().put(new Event(user, sk, "twenty-bytes-payload")).handle((e, error) -> {
                    if (error == null) {
                        synchronized (stored) {
                            stored.computeIfAbsent(user, k -> new HashSet<>()).add(sk);
                        }
                        return null;
                    }
                    throttled(user, at, error);
                    synchronized (lastThrottledPut) {
                        lastThrottledPut.merge(user, at, Math::max);
                    }
                    return null;
                }));
    }

    private void delete(int instance, Event old, ArrayDeque<Event> retry) {
        AdaptiveRun.Instance deleter = run.instances.get(instance);
        long at = run.elapsed();
        track(instance, deleter.events().delete(old).handle((e, error) -> {
            if (error == null) {
                synchronized (stored) {
                    stored.get(old.getUserId()).remove(old.getSk());
                }
                return null;
            }
            unwrapThrottle(error);
            synchronized (this) {
                throttledDeletes++;
            }
            synchronized (retry) {
                retry.add(old);
            }
            return null;
        }));
    }

    private static void unwrapThrottle(Throwable error) {
        Throwable cause = DynamoDbErrors.unwrap(error);
        if (!DynamoDbErrors.isThrottle(cause)) {
            throw new CompletionException(cause);
        }
    }

    private void throttled(String user, long at, Throwable error) {
        unwrapThrottle(error);
        run.throttledAt.add(at);
        Set<Long> seconds = throttledSeconds.get(user);
        if (seconds != null) {
            synchronized (seconds) {
                seconds.add(at / 1000);
            }
        }
    }

    private void track(int instance, CompletableFuture<?> future) {
        ArrayDeque<CompletableFuture<?>> queue = inFlight.get(instance);
        queue.add(future);
        if (queue.size() >= IN_FLIGHT) {
            queue.poll().join();
        }
    }

    private void drain() {
        for (ArrayDeque<CompletableFuture<?>> queue : inFlight) {
            while (!queue.isEmpty()) {
                queue.poll().join();
            }
        }
    }

    /**
     * At each second, with nothing in flight: each instance reads one hot user (in turn) and one written cold user
     * and must find exactly the items stored; the paging reader takes one page; then every controller evaluates.
     */
    private void everySecond() {
        long second = run.elapsed() / 1000;
        for (int i = 0; i < run.instances.size(); i++) {
            AdaptiveRun.Instance reader = run.instances.get(i);
            checkRead(reader, hotUsers.get((int) ((second + 2L * i) % hotUsers.size())));
            checkRead(reader, user(1 + (int) ((second * 7919 + i * 104_729L) % users)));
        }
        page();
        run.evaluateAll();
    }

    /** Reads {@code user} whole through {@code reader}: every stored item, each once, nothing else. */
    void checkRead(AdaptiveRun.Instance reader, String user) {
        List<String> read = reader
                .events()
                .sync()
                .queryAll(user, ShardQuery.all().limit(1000))
                .stream()
                .map(Event::getSk)
                .toList();
        Set<String> expected;
        synchronized (stored) {
            expected = Set.copyOf(stored.getOrDefault(user, Set.of()));
        }
        assertThat(read)
                .as("read of %s through %s at %d ms", user, reader.name(), run.elapsed())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
        readsChecked++;
    }

    /**
     * The paging reader on the first instance: pages of the 20 newest items of the first hot user, one per second,
     * following the cursor across layout changes (items written since the pass began are newer than its position,
     * so they are not returned, as with a DynamoDB Query). A pass returns each item once, every item stored when it began and not
     * deleted since, and nothing that was never stored.
     */
    private void page() {
        AdaptiveRun.Instance reader = run.instances.get(0);
        String user = hotUsers.get(0);
        if (pager == null) {
            synchronized (stored) {
                pager = new Pager(
                        Set.copyOf(stored.getOrDefault(user, Set.of())),
                        reader.events().layout(user).join());
            }
        }
        Pager p = pager;
        ShardQuery query = ShardQuery.all().newestFirst().limit(20);
        Page<Event> page = reader.events()
                .query(user, p.cursor == null ? query : query.after(p.cursor))
                .join();
        ShardLayout now = reader.events().layout(user).join();
        if (p.cursor != null && now.readWidth() != p.layout.readWidth()) {
            p.crossedWidthChange = true; // this page followed a cursor issued at another read width
        }
        p.layout = now;
        page.items().forEach(e -> p.returned.add(e.getSk()));
        p.cursor = page.cursor().orElse(null);
        if (p.cursor == null) {
            Set<String> current;
            synchronized (stored) {
                current = Set.copyOf(stored.getOrDefault(user, Set.of()));
            }
            assertThat(p.returned)
                    .as("paging pass %d of %s", pagingPasses, user)
                    .doesNotHaveDuplicates();
            Set<String> everStored = new HashSet<>(p.atStart);
            everStored.addAll(current);
            assertThat(everStored).containsAll(p.returned);
            Set<String> stillThere = new HashSet<>(p.atStart);
            stillThere.retainAll(current);
            assertThat(p.returned).containsAll(stillThere);
            pagingPasses++;
            if (p.crossedWidthChange) {
                passesAcrossWidthChanges++;
            }
            pager = null;
        }
    }

    /** One pass of the paging reader. */
    private static final class Pager {
        final Set<String> atStart;
        final List<String> returned = new ArrayList<>();
        ShardLayout layout;

        @Nullable
        String cursor;

        boolean crossedWidthChange;

        Pager(Set<String> atStart, ShardLayout layout) {
            this.atStart = atStart;
            this.layout = layout;
        }
    }
}
