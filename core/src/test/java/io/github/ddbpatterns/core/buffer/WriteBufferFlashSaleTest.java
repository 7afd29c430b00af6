package io.github.ddbpatterns.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.testsupport.ProxiedDynamoDb;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.ProxyStats;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The flash sale, scaled down (as DESIGN.md's "same ratio" rule allows): a table of {@value #CAPACITY} WCU with two
 * seconds of burst credit, and a burst of ten seconds of its capacity — {@value #ITEMS} items of 2 write units,
 * submitted at once — through the real BatchWriter over HTTP, through the ThrottlingProxy, on the system clock.
 * Without pacing the burst is throttled (the buffer still persists it, by resending); paced at the table's
 * capacity it is not throttled once, and the delay pacing added stays within the documented bound.
 */
@DynamoDbLocalTest
class WriteBufferFlashSaleTest {

    static final long CAPACITY = 100;
    static final int ITEMS = 500;
    static final long UNITS_PER_ITEM = 2;
    static final TableSchema<BufferedItem> SCHEMA = TableSchema.fromBean(BufferedItem.class);

    /** The proxy: the table's own capacity and burst credit; partitions have ample capacity. */
    static final UnaryOperator<ThrottlingProxy.Builder> TABLE =
            b -> b.tableCapacity(1_000, CAPACITY).tableBurstCredit(Duration.ofSeconds(2));

    /** What one run of the burst did. */
    record Run(
            ProxyStats proxy,
            long calls,
            double bufferThrottled,
            List<CompletableFuture<Void>> futures,
            Map<String, Integer> stored,
            PacingStats pacing) {}

    @Test
    void submit_whenTenSecondsOfTableCapacityArriveAtOnce_unpacedIsThrottledPacedAtTheCapacityIsNot(
            TestTables tables, DynamoDbClient direct) {
        String unpacedTable = tables.create(SCHEMA);
        String pacedTable = tables.create(SCHEMA);
        // both at once, each against its own table and proxy: the test lasts one burst, not two
        CompletableFuture<Run> unpacedRun = CompletableFuture.supplyAsync(() -> burst(unpacedTable, direct, b -> b));
        Run paced = burst(pacedTable, direct, b -> b.writeUnitsPerSecond(CAPACITY));
        Run unpaced = unpacedRun.join();

        // unpaced: the proxy throttled the burst (whole calls and single items), the buffer resent until it fit
        long unpacedThrottles = unpaced.proxy().throttled() + unpaced.proxy().unprocessedItems();
        assertThat(unpacedThrottles).isPositive();
        assertThat(unpaced.bufferThrottled()).isPositive();
        assertEveryWritePersisted(unpaced);

        // paced at the capacity: not one throttle, every write persisted
        assertThat(paced.proxy().throttled()).isZero();
        assertThat(paced.proxy().unprocessedItems()).isZero();
        assertThat(paced.bufferThrottled()).isZero();
        assertEveryWritePersisted(paced);

        // the delay it added, as the buffer recorded it, within (Q + U) / R + 1 s for the last write: Q the units
        // ahead of it (all the others at most), U its call's (25 items of 2 units)
        PacingStats stats = paced.pacing();
        long units = ITEMS * UNITS_PER_ITEM;
        assertThat(stats.writes()).isEqualTo(ITEMS);
        assertThat(stats.units()).isEqualTo(units);
        assertThat(stats.calls()).isEqualTo(paced.calls());
        Duration bound = Duration.ofMillis(((units - UNITS_PER_ITEM) + 25 * UNITS_PER_ITEM) * 1_000 / CAPACITY)
                .plus(Duration.ofSeconds(1));
        assertThat(stats.maxDelay()).isLessThanOrEqualTo(bound);
        // it did hold the burst back: ten seconds of capacity minus the first period's and two seconds of credit
        assertThat(stats.maxDelay()).isGreaterThanOrEqualTo(Duration.ofSeconds(units / CAPACITY - 3));

        System.out.printf(
                "flash sale: %d items, %d units against %d WCU (2 s burst credit)%n"
                        + "  unpaced: %d throttled requests + %d unprocessed items at the proxy, %d BatchWriteItem calls%n"
                        + "  paced:   %d throttled requests + %d unprocessed items, %d calls, max delay %s (bound %s),"
                        + " mean %s%n",
                ITEMS,
                units,
                CAPACITY,
                unpaced.proxy().throttled(),
                unpaced.proxy().unprocessedItems(),
                unpaced.calls(),
                paced.proxy().throttled(),
                paced.proxy().unprocessedItems(),
                paced.calls(),
                stats.maxDelay(),
                bound,
                stats.meanDelay());
    }

    static void assertEveryWritePersisted(Run run) {
        assertThat(run.futures()).allSatisfy(f -> assertThat(f).isCompleted());
        assertThat(run.stored()).hasSize(ITEMS);
        for (int i = 0; i < ITEMS; i++) {
            assertThat(run.stored()).containsEntry("item-" + i, i);
        }
    }

    /** Submits the burst at once to a buffer configured by {@code settings}, closes it (sending everything). */
    static Run burst(String table, DynamoDbClient direct, UnaryOperator<WriteBuffer.Builder> settings) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        PacingStats pacing;
        try (ProxiedDynamoDb db = ProxiedDynamoDb.start(TABLE)) {
            try (WriteBuffer buffer = settings.apply(WriteBuffer.builder()
                            .batchWriter(
                                    db.batchWriter().maxUnprocessedAttempts(1).build())
                            .meterRegistry(registry))
                    .build()) {
                for (int i = 0; i < ITEMS; i++) {
                    futures.add(buffer.submit(put(table, "item-" + i, i)));
                }
                // close() sends everything held and waits for it
                buffer.close();
                pacing = buffer.pacingStats().orElse(null);
            }
            double throttled =
                    registry.find("ddb.patterns.buffer.throttled").counter().count();
            Map<String, Integer> stored = new HashMap<>();
            direct.scanPaginator(b -> b.tableName(table).consistentRead(true))
                    .items()
                    .forEach(item -> stored.put(
                            item.get("id").s(),
                            Integer.valueOf(item.get("version").n())));
            return new Run(db.proxy().stats(), db.batchWriteRequests(), throttled, futures, stored, pacing);
        }
    }

    /** A put of an item of about 1.5 KB: 2 write units. */
    static WriteOp put(String table, String id, int version) {
        Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS(id));
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("version", AttributeValue.fromN(Integer.toString(version)));
        item.put("payload", AttributeValue.fromS("p".repeat(1_500)));
        return WriteOp.put(table, key, item);
    }
}
