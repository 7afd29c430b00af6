package io.github.ddbpatterns.benchmarks;

import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.testing.FaultPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link BatchWriter} writing n distinct items through a proxy that returns 30 % of every BatchWriteItem's items as
 * {@code UnprocessedItems}: the calls it makes against the ideal {@code ceil(n / 25 / (1 - 0.3))} (every call full,
 * each item's expected 1 / 0.7 sends), and the items in the table afterwards (counted with a Scan) against the items
 * written and the items reported failed. Once with the writer's defaults (8 calls in flight, an item given up after
 * the policy's 8 attempts), once with {@code maxUnprocessedAttempts(16)}, each on a fresh table.
 */
final class UnprocessedItemsSection {

    static final double FRACTION = 0.3;
    private static final Figure.Group GROUP = Figure.Group.UNPROCESSED;

    private final Suite suite;

    UnprocessedItemsSection(Suite suite) {
        this.suite = suite;
    }

    void run(int roundTripMillis) {
        int n = suite.size(10_000, 1_000);
        try (BenchEnvironment env = BenchEnvironment.start(
                suite.local(),
                Duration.ofMillis(roundTripMillis),
                b -> b.chargeStoredItemSize(false)
                        .faults(FaultPlan.unprocessedItems(FRACTION)
                                .onOperation("BatchWriteItem")
                                .withSeed(13)))) {
            write(env, n, roundTripMillis, "", BatchWriter.builder().dynamoDbClient(env.patternsClient()), "defaults");
            write(
                    env,
                    n,
                    roundTripMillis,
                    "attempts16.",
                    BatchWriter.builder().dynamoDbClient(env.patternsClient()).maxUnprocessedAttempts(16),
                    "maxUnprocessedAttempts 16");
            suite.figures()
                    .note(
                            GROUP,
                            "BatchWriter on a client with one SDK attempt, with its defaults (8 calls in flight,"
                                    + " default resilience policy: 8 attempts, 50 ms base backoff; an item returned"
                                    + " unprocessed by 8 calls is given up and reported failed: probability 0.3^8 ="
                                    + " 6.6e-5 per item) and with maxUnprocessedAttempts 16; " + n + " distinct items"
                                    + " of ~220 bytes; the proxy returns 30 % of every call's items (seeded) as"
                                    + " UnprocessedItems.");
        }
    }

    private void write(
            BenchEnvironment env, int n, int rt, String variant, BatchWriter.Builder builder, String settings) {
        String table = env.createKeyOnlyTable(suite.tables().uniqueName());
        List<WriteOp> writes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("item-" + i));
            writes.add(WriteOp.put(
                    table, key, Map.of("pk", key.get("pk"), "payload", AttributeValue.fromS("x".repeat(200)))));
        }
        BatchWriter writer = builder.build();
        suite.progress(
                "BatchWriter (%s): %d items at %d ms, %.0f %% UnprocessedItems", settings, n, rt, FRACTION * 100);
        env.proxy().stats().reset();
        long t0 = System.nanoTime();
        BatchWriteResult result = writer.write(writes).join();
        double millis = (System.nanoTime() - t0) / 1e6;
        long calls = env.proxy().stats().requests("BatchWriteItem");
        long unprocessed = env.proxy().stats().unprocessedItems();
        long stored = env.count(table);
        long failed = result.failed().size();
        long ideal = idealCalls(n, FRACTION);
        Figures f = suite.figures();
        String p = "unprocessed.rt" + rt + "." + variant;
        String who = "BatchWriter (" + settings + "): ";
        f.add(GROUP, p + "items", n, "items", rt, who + "distinct items written");
        f.add(GROUP, p + "calls", calls, "calls", rt, who + "BatchWriteItem calls made");
        f.add(GROUP, p + "ideal_calls", ideal, "calls", rt, who + "ideal: ceil(n / 25 / (1 - 0.3))");
        f.add(GROUP, p + "calls_vs_ideal", (double) calls / ideal, "ratio", rt, who + "calls made / ideal");
        f.add(GROUP, p + "result_requests", result.requests(), "calls", rt, who + "calls the BatchWriteResult reports");
        f.add(
                GROUP,
                p + "unprocessed_returned",
                unprocessed,
                "items",
                rt,
                who + "items the proxy returned unprocessed");
        f.add(GROUP, p + "items_stored", stored, "items", rt, who + "items in the table afterwards (Scan)");
        f.add(GROUP, p + "items_failed", failed, "items", rt, who + "items reported failed by the BatchWriteResult");
        f.add(
                GROUP,
                p + "items_lost",
                n - stored - failed,
                "items",
                rt,
                who + "items neither stored nor reported failed (silently lost)");
        f.add(GROUP, p + "items_not_stored", n - stored, "items", rt, who + "items not in the table afterwards");
        f.add(GROUP, p + "wall_ms", millis, "ms", rt, who + "wall time of the write");
    }

    /** {@code ceil(n / 25 / (1 - fraction))}: full calls, each item sent 1 / (1 - fraction) times on average. */
    static long idealCalls(int n, double fraction) {
        return (long) Math.ceil(n / 25.0 / (1 - fraction) - 1e-9);
    }
}
