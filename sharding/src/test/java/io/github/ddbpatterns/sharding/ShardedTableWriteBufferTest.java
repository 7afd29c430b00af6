package io.github.ddbpatterns.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A {@link ShardedTable} with a write buffer: put, putAll and delete go through the buffer (BatchWriteItem, never
 * PutItem or DeleteItem) and complete when the buffer has persisted them. The buffer's age trigger runs on a
 * {@link MutableClock} that does not move, so nothing is written before the test flushes.
 */
@DynamoDbLocalTest
class ShardedTableWriteBufferTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static PatternsContext context(ThrottlingProxy proxy) {
        return PatternsContext.builder().dynamoDbClient(proxy.clients().async()).build();
    }

    private static ShardedTable<Event> table(PatternsContext context, String table, WriteBuffer buffer) {
        return ShardedTable.builder(context, Event.SCHEMA)
                .tableName(table)
                .logicalKey(Event::getUserId)
                .strategy(ShardingStrategy.calculated(Event::getSk))
                .shards(16)
                .writeBuffer(buffer)
                .build();
    }

    @Test
    void put_whenWriteBufferConfigured_isCoalescedBatchedAndCompletesWhenPersisted(
            DynamoDbLocal local, TestTables tables) {
        String name = tables.create(Event.SCHEMA);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .build()
                        .start();
                WriteBuffer buffer = WriteBuffer.builder(context(proxy))
                        .clock(MutableClock.at(T0))
                        .maxDelay(Duration.ofSeconds(1))
                        .meterRegistry(registry)
                        .build()) {
            ShardedTable<Event> events = table(context(proxy), name, buffer);
            events.get(Event.key("user-42", "e-0000")).join(); // the table check is done: puts submit at once
            proxy.stats().reset();

            List<CompletableFuture<Event>> writes = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 30; i++) {
                    writes.add(events.put(new Event("user-42", String.format("e-%04d", i), "r" + round)));
                }
            }

            assertThat(writes).noneMatch(CompletableFuture::isDone);
            assertThat(buffer.pendingCount()).isEqualTo(30);
            assertThat(proxy.stats().requests()).isZero();

            buffer.flush().join();
            List<Event> stored = writes.stream().map(CompletableFuture::join).toList();

            assertThat(stored).extracting(Event::getPk).allMatch(pk -> pk.matches("user-42#shard-[0-9]+"));
            assertThat(proxy.stats().requests("BatchWriteItem")).isEqualTo(2); // 30 keys: 25 + 5
            assertThat(proxy.stats().requests("PutItem")).isZero();
            assertThat(registry.get("ddb.patterns.buffer.coalesced").counter().count())
                    .isEqualTo(30.0);
            assertThat(events.query("user-42", ShardQuery.all()).join().items())
                    .hasSize(30)
                    .allMatch(e -> e.getPayload().equals("r1"));
        }
    }

    @Test
    void putAll_whenWriteBufferConfigured_goesThroughTheBufferWithOneOutcomePerItem(
            DynamoDbLocal local, TestTables tables) {
        String name = tables.create(Event.SCHEMA);
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .build()
                        .start();
                WriteBuffer buffer = WriteBuffer.builder(context(proxy))
                        .clock(MutableClock.at(T0))
                        .maxDelay(Duration.ofSeconds(1))
                        .build()) {
            ShardedTable<Event> events = table(context(proxy), name, buffer);
            events.get(Event.key("user-42", "e-0000")).join();
            proxy.stats().reset();
            List<Event> items = IntStream.range(0, 30)
                    .mapToObj(i -> new Event("user-42", String.format("e-%04d", i), "p"))
                    .toList();

            CompletableFuture<BatchWriteResult> written = events.putAll(items);

            assertThat(written).isNotDone();
            buffer.flush().join();
            BatchWriteResult result = written.join();
            assertThat(result.outcomes()).hasSize(30);
            assertThat(result.allPersisted()).isTrue();
            assertThat(result.requests()).isZero(); // the buffer's calls are not this call's
            assertThat(proxy.stats().requests("BatchWriteItem")).isEqualTo(2);
            assertThat(proxy.stats().requests("PutItem")).isZero();
            assertThat(events.query("user-42", ShardQuery.all()).join().items()).hasSize(30);
        }
    }

    @Test
    void delete_whenWriteBufferConfigured_deletesStoredAndPendingCopiesThroughTheBuffer(
            DynamoDbLocal local, TestTables tables) {
        String name = tables.create(Event.SCHEMA);
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .build()
                        .start();
                WriteBuffer buffer = WriteBuffer.builder(context(proxy))
                        .maxDelay(Duration.ofMillis(20))
                        .build()) {
            ShardedTable<Event> events = table(context(proxy), name, buffer);
            events.put(new Event("user-42", "stored", "s")).join();
            proxy.stats().reset();

            CompletableFuture<Event> pendingPut = events.put(new Event("user-42", "pending", "p"));
            CompletableFuture<Optional<Event>> deletePending = events.delete(Event.key("user-42", "pending"));
            Optional<Event> deletedStored =
                    events.delete(Event.key("user-42", "stored")).join();

            assertThat(deletePending.join())
                    .hasValueSatisfying(e -> assertThat(e.getPayload()).isEqualTo("p"));
            assertThat(deletedStored)
                    .hasValueSatisfying(e -> assertThat(e.getPayload()).isEqualTo("s"));
            pendingPut.join();
            assertThat(events.query("user-42", ShardQuery.all()).join().items()).isEmpty();
            assertThat(proxy.stats().requests("DeleteItem")).isZero();
            assertThat(proxy.stats().requests("PutItem")).isZero();
            assertThat(proxy.stats().requests("BatchWriteItem")).isPositive();
        }
    }

    @Test
    void update_whenABufferedPutOfTheItemIsPending_flushesItFirstSoTheUpdateWins(
            DynamoDbLocal local, TestTables tables) {
        String name = tables.create(Event.SCHEMA);
        try (ThrottlingProxy proxy = ThrottlingProxy.builder()
                        .target(local.endpoint())
                        .build()
                        .start();
                WriteBuffer buffer = WriteBuffer.builder(context(proxy))
                        .clock(MutableClock.at(T0))
                        .maxDelay(Duration.ofSeconds(1))
                        .build()) {
            ShardedTable<Event> events = table(context(proxy), name, buffer);
            events.get(Event.key("user-42", "e-0000")).join();
            CompletableFuture<Event> buffered = events.put(new Event("user-42", "e-0001", "buffered"));
            assertThat(buffered).isNotDone();

            Event updated =
                    events.update(new Event("user-42", "e-0001", "updated")).join();
            buffer.flush().join();

            assertThat(buffered.join().getPk()).isEqualTo(updated.getPk());
            assertThat(events.get(Event.key("user-42", "e-0001")).join())
                    .hasValueSatisfying(e -> assertThat(e.getPayload()).isEqualTo("updated"));
            assertThat(proxy.stats().requests("UpdateItem")).isEqualTo(1);
        }
    }
}
