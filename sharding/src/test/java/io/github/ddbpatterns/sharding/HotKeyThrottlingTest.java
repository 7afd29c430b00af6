package io.github.ddbpatterns.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * The acceptance test: one hot logical key written at 5x a partition's write capacity throttles
 * without sharding and does not with 100 shards, and every write is readable afterwards.
 *
 * <p>Scaled to this machine (DynamoDB Local does ~2,000 PutItem/s on 2 cores): "5,000 writes/s for 3 s against
 * 1,000 WCU per partition" runs as <b>500 writes/s for 3 s (1,500 writes of one 1-WCU item) against 100 WCU per
 * partition</b> (10 partitions), the same 5x ratio. The proxy's token buckets run on a {@link MutableClock}
 * advanced 2 ms per write issued (8 writes in flight), so the rate is exact whatever the machine's speed. The
 * table's policy makes one attempt (and the context's client one SDK attempt), so every throttle the proxy
 * answers is an SDK throttling error seen by the caller.
 */
@DynamoDbLocalTest
class HotKeyThrottlingTest {

    private static final int WRITES = 1_500;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void put_whenHotKeyUnsharded_writesAreThrottled(DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        try (ThrottlingProxy proxy = proxy(local, clock)) {
            ShardedTable<Event> events = table(proxy, table, 1);

            List<String> written = new ArrayList<>();
            int throttled = writeAt500PerSecondFor3Seconds(events, clock, written);

            // burst of 100 + 3 s x 100 WCU/s = ~400 admitted out of 1,500
            assertThat(throttled).isBetween(1_000, 1_200);
            assertThat(proxy.stats().throttled("PutItem")).isEqualTo(throttled);
            assertThat(events.throttledKeys(1))
                    .singleElement()
                    .satisfies(k -> assertThat(k.key()).isNotEqualTo("hot"));
        }
    }

    @Test
    void put_whenHotKeySpreadOverHundredShards_nothingIsThrottledAndEveryItemIsReadable(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        try (ThrottlingProxy proxy = proxy(local, clock)) {
            ShardedTable<Event> events = table(proxy, table, 100);

            List<String> written = new ArrayList<>();
            int throttled = writeAt500PerSecondFor3Seconds(events, clock, written);

            assertThat(throttled).isZero();
            assertThat(proxy.stats().throttled()).isZero();
            assertThat(proxy.stats().forwarded("PutItem")).isEqualTo(WRITES);
            assertThat(proxy.stats().consumedWriteUnits(table)).hasSizeGreaterThan(5);
            List<Event> read = events.sync().queryAll("hot", ShardQuery.all().limit(500));
            assertThat(read).extracting(Event::getSk).containsExactlyElementsOf(written);
        }
    }

    private static ThrottlingProxy proxy(DynamoDbLocal local, MutableClock clock) {
        return ThrottlingProxy.builder()
                .target(local.endpoint())
                .clock(clock)
                .partitions(10)
                .writeCapacityPerPartition(100)
                .build()
                .start();
    }

    private static ShardedTable<Event> table(ThrottlingProxy proxy, String table, int shards) {
        return ShardedTable.builder(Event.SCHEMA)
                .dynamoDbClient(proxy.clients().async())
                .resilience(ResiliencePolicy.builder().maxAttempts(1).build())
                .tableName(table)
                .logicalKey(Event::getUserId)
                .shards(shards)
                .build();
    }

    /** 1,500 puts of logical key "hot", 2 ms of proxy time per put, 8 in flight; returns the throttled count. */
    private static int writeAt500PerSecondFor3Seconds(
            ShardedTable<Event> events, MutableClock clock, List<String> written) {
        AtomicInteger throttled = new AtomicInteger();
        List<String> ok = java.util.Collections.synchronizedList(new ArrayList<>());
        ArrayDeque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
        for (int i = 0; i < WRITES; i++) {
            String sk = String.format("t-%05d", i);
            inFlight.add(
                    events.put(new Event("hot", sk, "twenty-bytes-payload")).handle((stored, e) -> {
                        if (e == null) {
                            ok.add(sk);
                            return null;
                        }
                        Throwable cause = DynamoDbErrors.unwrap(e);
                        if (cause instanceof ProvisionedThroughputExceededException
                                && DynamoDbErrors.isThrottle(cause)) {
                            throttled.incrementAndGet();
                            return null;
                        }
                        throw new CompletionException(cause);
                    }));
            if (inFlight.size() >= 8) {
                inFlight.poll().join();
            }
            clock.advance(Duration.ofMillis(2));
        }
        inFlight.forEach(CompletableFuture::join);
        ok.stream().sorted().forEach(written::add);
        return throttled.get();
    }
}
