package io.github.ddbpatterns.benchmarks;

import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A burst of distinct 1-unit writes into a table whose proxy-enforced capacity is R write units per second with 1 s
 * of burst credit, through a {@link WriteBuffer} with its defaults (unpaced) and through one paced at R
 * ({@link WriteBuffer.Builder#writeUnitsPerSecond}), each on a fresh table: the throttled requests and unprocessed
 * items the proxy answered, the requests, the completion time (first submit to {@code close()} returning) and the
 * items stored afterwards.
 */
final class PacedBurstSection {

    private static final Figure.Group GROUP = Figure.Group.PACED_BURST;

    private final Suite suite;

    PacedBurstSection(Suite suite) {
        this.suite = suite;
    }

    void run(int roundTripMillis) {
        int capacity = suite.size(500, 250);
        int writes = suite.size(2_500, 500);
        try (BenchEnvironment env = BenchEnvironment.start(
                suite.local(),
                Duration.ofMillis(roundTripMillis),
                b -> b.chargeStoredItemSize(false)
                        .tableCapacity(1_000_000, capacity)
                        .tableBurstCredit(Duration.ofSeconds(1)))) {
            for (boolean paced : new boolean[] {false, true}) {
                String name = paced ? "paced" : "unpaced";
                suite.progress(
                        "burst of %d writes against %d WCU, %s, at %d ms", writes, capacity, name, roundTripMillis);
                String table = env.createKeyOnlyTable(suite.tables().uniqueName());
                AtomicLong deadLetters = new AtomicLong();
                WriteBuffer.Builder builder = WriteBuffer.builder()
                        .dynamoDbClient(env.patternsClient())
                        .closeTimeout(Duration.ofMinutes(2))
                        .deadLetter(failed -> deadLetters.incrementAndGet());
                if (paced) {
                    builder.writeUnitsPerSecond(capacity);
                }
                env.proxy().stats().reset();
                long t0 = System.nanoTime();
                try (WriteBuffer buffer = builder.build()) {
                    for (int i = 0; i < writes; i++) {
                        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("item-" + i));
                        buffer.put(WriteOp.put(
                                table,
                                key,
                                Map.of("pk", key.get("pk"), "payload", AttributeValue.fromS("x".repeat(200)))));
                    }
                }
                double millis = (System.nanoTime() - t0) / 1e6;
                var stats = env.proxy().stats();
                long stored = env.count(table);
                Figures f = suite.figures();
                String p = "paced_burst.rt" + roundTripMillis + "." + name + ".";
                int rt = roundTripMillis;
                String who = paced ? "WriteBuffer paced at " + capacity + " units/s" : "WriteBuffer unpaced (defaults)";
                f.add(GROUP, p + "wall_ms", millis, "ms", rt, who + ": completion time of the burst");
                f.add(
                        GROUP,
                        p + "throttled_requests",
                        stats.throttled("BatchWriteItem"),
                        "requests",
                        rt,
                        who + ": BatchWriteItem calls throttled");
                f.add(
                        GROUP,
                        p + "unprocessed_items",
                        stats.unprocessedItems(),
                        "items",
                        rt,
                        who + ": items returned unprocessed");
                f.add(
                        GROUP,
                        p + "requests",
                        stats.requests("BatchWriteItem"),
                        "requests",
                        rt,
                        who + ": BatchWriteItem calls");
                f.add(
                        GROUP,
                        p + "items_stored",
                        stored,
                        "items",
                        rt,
                        who + ": items stored afterwards (of " + writes + ")");
                f.add(GROUP, p + "dead_letters", deadLetters.get(), "items", rt, who + ": writes given up");
            }
            f().ratio(
                            GROUP,
                            "paced_burst.rt" + roundTripMillis + ".paced_vs_unpaced_wall",
                            "paced_burst.rt" + roundTripMillis + ".paced.wall_ms",
                            "paced_burst.rt" + roundTripMillis + ".unpaced.wall_ms",
                            roundTripMillis,
                            "paced completion time / unpaced");
            suite.figures()
                    .note(
                            GROUP,
                            writes + " distinct items of ~220 bytes (1 write unit each) into a table the proxy"
                                    + " limits to " + capacity
                                    + " write units/s with 1 s of burst credit; ideal completion ≈ (" + writes
                                    + " - " + capacity + ") / " + capacity + " s.");
        }
    }

    private Figures f() {
        return suite.figures();
    }
}
