package io.github.ddbpatterns.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** The performance targets of the library (issue 13), each bound to the figure that measures it. */
final class Targets {

    private Targets() {}

    /** The targets, for the round trips a run measures (the 10 ms and 50 ms ones are named by the targets). */
    static List<Target> all() {
        List<Target> targets = new ArrayList<>();
        targets.add(Target.atMost(
                "sharded_query.100.rt10.vs_raw", 1.1, "100-shard query at 10 ms: ≤ 1.1x the raw async floor"));
        targets.add(Target.atLeast(
                "sharded_query.100.rt10.speedup_vs_loop",
                12,
                "100-shard query at 10 ms: ≥ 12x faster than the sequential loop"));
        targets.add(Target.atLeast(
                "sharded_query.100.rt50.speedup_vs_pool16",
                2.5,
                "100-shard query at 50 ms: ≥ 2.5x faster than the 16-thread pool"));
        for (int rt : new int[] {10, 50}) {
            targets.add(Target.atMost(
                    "timeseries.7d.rt" + rt + ".vs_raw",
                    1.1,
                    "7-day range at " + rt + " ms: ≤ 1.1x its raw async floor"));
            targets.add(Target.atLeast(
                    "timeseries.7d.rt" + rt + ".speedup_vs_loop",
                    3,
                    "7-day range at " + rt + " ms: ≥ 3x faster than the hand loop"));
        }
        for (int rt : new int[] {10, 50}) {
            targets.add(Target.atLeast(
                    "updates.rt" + rt + ".request_reduction_vs_putitem",
                    100,
                    "10,000 updates at " + rt + " ms: coalesced ≥ 100x fewer requests than PutItem"));
            targets.add(Target.atLeast(
                    "updates.rt" + rt + ".speedup_vs_batches",
                    5,
                    "10,000 updates at " + rt + " ms: coalesced ≥ 5x faster than uncoalesced batches"));
        }
        targets.add(Target.atMost(
                "unprocessed.rt10.calls_vs_ideal",
                1.15,
                "BatchWriter under 30 % UnprocessedItems: calls ≤ 1.15x the ideal"));
        targets.add(Target.equal(
                "unprocessed.rt10.items_lost",
                0,
                "BatchWriter under 30 % UnprocessedItems: 0 items lost (neither stored nor reported failed)"));
        targets.add(Target.equal(
                "unprocessed.rt10.items_not_stored",
                0,
                "BatchWriter under 30 % UnprocessedItems: every item in the table (Scan count = items written)"));
        targets.add(
                Target.atMost("jmh.enqueue.t4.coalescing.p50", 1, "enqueue, 4 threads, coalescing keys: ≤ 1 µs p50"));
        targets.add(Target.atMost("jmh.near_cache.hit.p50", 1, "near-cache hit: ≤ 1 µs p50"));
        targets.add(Target.equal("jmh.near_cache.hit.requests", 0, "near-cache hit: 0 requests"));
        return List.copyOf(targets);
    }
}
