package io.github.ddbpatterns.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import io.github.ddbpatterns.core.buffer.BufferClosedException;
import io.github.ddbpatterns.core.buffer.WriteDeadlineExceededException;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.core.table.TableLayout;
import io.github.ddbpatterns.core.table.TableLayoutException;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.LocalClients;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TableOptions;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsAsyncClient;

@DynamoDbLocalTest
@Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES) // a write waiting for a window that never ends
class PreferenceStoreTest {

    static final TableSchema<Pref> SCHEMA = TableSchema.fromBean(Pref.class);
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration STALENESS = Duration.ofSeconds(1);

    static DynamoDbLocal local;
    static ThrottlingProxy proxy;
    static DynamoDbAsyncClient client;
    TestTables tables;
    MutableClock clock;
    String table;

    @BeforeAll
    static void startProxy(DynamoDbLocal dynamoDbLocal) {
        local = dynamoDbLocal;
        proxy = ThrottlingProxy.builder()
                .target(local.endpoint())
                .writeCapacityPerPartition(1_000_000)
                .readCapacityPerPartition(1_000_000)
                .build()
                .start();
        client = proxy.clients().async();
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @BeforeEach
    void setUp(TestTables tables) {
        this.tables = tables;
        this.table = tables.create(SCHEMA);
        this.clock = MutableClock.at(T0);
        proxy.stats().reset();
    }

    @AfterEach
    void removeFaults() {
        proxy.reconfigure(b -> b.faults());
    }

    private PreferenceStore.Builder<Pref> store() {
        return PreferenceStore.builder(SCHEMA)
                .dynamoDbClient(client)
                .tableName(table)
                .clock(clock)
                .maxStaleness(STALENESS);
    }

    private static DefaultPreferenceStore<Pref> internal(PreferenceStore<Pref> store) {
        return (DefaultPreferenceStore<Pref>) store;
    }

    private Map<String, AttributeValue> stored(String userId) {
        return local.syncClient()
                .getItem(b -> b.tableName(table)
                        .key(Map.of("userId", AttributeValue.fromS(userId)))
                        .consistentRead(true))
                .item();
    }

    private boolean storedInTable(String userId) {
        return !stored(userId).isEmpty();
    }

    private double itemWrites() {
        return proxy.stats().consumedWriteUnits(table).values().stream()
                .mapToDouble(d -> d)
                .sum();
    }

    // ---------------------------------------------------------------- last writer wins

    @Test
    void put_whenHundredUsersUpdateTenTimesASecondForTenSeconds_writesEachUserOncePerSecondIn4Calls() {
        int users = 100;
        PreferenceStore<Pref> writer = store().build();
        // the reader goes straight to DynamoDB Local: the proxy counts the writer's writes only
        PreferenceStore<Pref> reader =
                store().dynamoDbClient(local.clients().async()).build();
        try (writer;
                reader) {
            for (int step = 0; step < 100; step++) { // 100 ms steps of simulated time
                for (int u = 0; u < users; u++) {
                    writer.put(new Pref("user-" + u, "theme-" + step, step));
                }
                // read-your-writes on the writing instance, at once
                assertThat(writer.get("user-7").join())
                        .get()
                        .extracting(Pref::getCounter)
                        .isEqualTo((long) step);

                clock.advance(Duration.ofMillis(100));
                internal(writer).flushIfDue().join();

                // the other instance sees a value written at most maxStaleness ago; every user is checked just
                // before a window ends, where the oldest visible value is exactly maxStaleness old
                Instant now = clock.instant();
                int[] sample = step % 10 == 8 ? range(users) : new int[] {step % users};
                List<CompletableFuture<Optional<Pref>>> reads = new ArrayList<>();
                for (int u : sample) {
                    reads.add(reader.get("user-" + u));
                }
                for (CompletableFuture<Optional<Pref>> read : reads) {
                    Optional<Pref> seen = read.join();
                    // nothing seen yet: stale since the first write, at T0
                    Instant writtenAt =
                            seen.map(p -> T0.plusMillis(100 * p.getCounter())).orElse(T0);
                    assertThat(Duration.between(writtenAt, now)).isLessThanOrEqualTo(STALENESS);
                }
            }
        }

        // the window is 950 ms (1 s less the 50 ms timer tick) and the clock moves in 100 ms steps, so the end of
        // each window is noticed at the next whole second, T0 + 1 s ... T0 + 10 s, and the next window starts
        // there: 10 flushes x 100 keys = 1,000 item writes, 4 calls of 25 keys each (see the 50 ms test below)
        assertThat(itemWrites()).isEqualTo(1_000.0);
        assertThat(proxy.stats().requests("BatchWriteItem")).isEqualTo(40);
        assertThat(proxy.stats().requests("PutItem")).isZero();
        for (int u = 0; u < users; u++) {
            assertThat(stored("user-" + u).get("counter").n()).isEqualTo("99");
        }
    }

    @Test
    void put_whenTheWindowEndIsSeenEvery50Ms_tenSecondsSpanElevenWindowsOf950Ms() {
        int users = 100;
        PreferenceStore<Pref> writer = store().build();
        assertThat(internal(writer).window()).isEqualTo(Duration.ofMillis(950));
        try (writer) {
            for (int step = 0; step < 200; step++) { // 50 ms steps; every user updates every 100 ms
                if (step % 2 == 0) {
                    for (int u = 0; u < users; u++) {
                        writer.put(new Pref("user-" + u, "theme-" + step, step));
                    }
                }
                clock.advance(Duration.ofMillis(50));
                internal(writer).flushIfDue().join();
            }
        } // close() flushes the last, partial window

        // windows end at 0.95 s, 1.90 s, ..., 9.50 s (ten flushes) and close() writes the updates of 9.6-9.9 s:
        // eleven windows of 100 keys each. This is the worst case of the 1 s staleness bound over 10 s; the
        // 1,000 writes / 40 calls above need the window's end to be noticed only at whole seconds.
        assertThat(itemWrites()).isEqualTo(1_100.0);
        assertThat(proxy.stats().requests("BatchWriteItem")).isEqualTo(44);
        assertThat(stored("user-7").get("counter").n()).isEqualTo("198");
    }

    @Test
    void get_whenWrittenOnThisInstance_seesItAtOnceWithoutARequest_andCloseFlushesIt() {
        PreferenceStore<Pref> writer = store().build();
        PreferenceStore<Pref> reader = store().build();
        try (reader) {
            writer.put(new Pref("u1", "dark", 1));
            writer.put(new Pref("u1", "light", 2));
            proxy.stats().reset();

            assertThat(writer.get("u1").join()).get().extracting(Pref::getTheme).isEqualTo("light");
            assertThat(proxy.stats().requests()).isZero();
            assertThat(reader.get("u1").join()).isEmpty(); // not persisted yet: inside the window

            writer.close();

            assertThat(reader.get("u1").join()).get().extracting(Pref::getTheme).isEqualTo("light");
            assertThat(itemWrites()).isEqualTo(1.0);
            assertThatThrownBy(() -> writer.put(new Pref("u1", "x", 3))).isInstanceOf(BufferClosedException.class);
        }
    }

    @Test
    void get_whenReadCacheLifetimeSet_servesTheCacheAtMostThatLongAndTheWindowShrinks() {
        Duration cacheLifetime = Duration.ofMillis(400);
        PreferenceStore<Pref> writer = store().readCacheLifetime(cacheLifetime).build();
        PreferenceStore<Pref> reader = store().readCacheLifetime(cacheLifetime).build();
        try (writer;
                reader) {
            writer.put(new Pref("u1", "dark", 1));
            writer.flush().join();
            assertThat(reader.get("u1").join()).get().extracting(Pref::getTheme).isEqualTo("dark");

            writer.put(new Pref("u1", "light", 2));
            writer.flush().join();
            proxy.stats().reset();
            assertThat(reader.get("u1").join()).get().extracting(Pref::getTheme).isEqualTo("dark"); // cached
            assertThat(proxy.stats().requests()).isZero();

            clock.advance(cacheLifetime);
            assertThat(reader.get("u1").join()).get().extracting(Pref::getTheme).isEqualTo("light");
            assertThat(internal(writer).window().plus(cacheLifetime)).isLessThan(STALENESS);
        }
    }

    // ---------------------------------------------------------------- versioned

    @Test
    void put_whenVersionedAndTwoInstancesRace_reportsTheConflictWithBothValuesAndLosesNothing() {
        List<PreferenceConflictException> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
        PreferenceStore<Pref> a = store().versioned("version").build();
        PreferenceStore<Pref> b =
                store().versioned("version").onConflict(reported::add).build();
        try (a;
                b) {
            assertThat(a.get("u1").join()).isEmpty();
            assertThat(b.get("u1").join()).isEmpty();
            CompletableFuture<Pref> fromA = a.put(new Pref("u1", "dark", 1));
            CompletableFuture<Pref> fromB = b.put(new Pref("u1", "light", 1));

            a.flush().join();
            b.flush().join();

            assertThat(fromA)
                    .succeedsWithin(Duration.ofSeconds(5))
                    .extracting(Pref::getTheme)
                    .isEqualTo("dark");
            assertThatThrownBy(fromB::join)
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(PreferenceConflictException.class);
            PreferenceConflictException conflict = (PreferenceConflictException)
                    fromB.handle((v, e) -> e.getCause()).join();
            assertThat(conflict.<Pref>attempted().orElseThrow().getTheme()).isEqualTo("light");
            assertThat(conflict.expectedVersion()).isZero();
            assertThat(reported).containsExactly(conflict);
            assertThat(conflict.<Pref>current().orElseThrow().getTheme()).isEqualTo("dark");
            assertThat(conflict.currentVersion()).isEqualTo(1);
            assertThat(stored("u1").get("theme").s()).isEqualTo("dark");
            assertThat(stored("u1").get("version").n()).isEqualTo("1");

            // b re-reads, merges and wins the next round; a, now behind, is refused in turn
            assertThat(b.get("u1").join()).get().extracting(Pref::getTheme).isEqualTo("dark");
            CompletableFuture<Pref> retried = b.put(new Pref("u1", "light", 2));
            b.flush().join();
            assertThat(retried).succeedsWithin(Duration.ofSeconds(5));
            CompletableFuture<Pref> stale = a.put(new Pref("u1", "blue", 2));
            a.flush().join();
            assertThat(stale)
                    .failsWithin(Duration.ofSeconds(5))
                    .withThrowableThat()
                    .withCauseInstanceOf(PreferenceConflictException.class);
            assertThat(stored("u1").get("theme").s()).isEqualTo("light");
            assertThat(stored("u1").get("version").n()).isEqualTo("2");
        }
    }

    @Test
    void put_whenVersionedInstancesAlternateReadModifyWrite_eachRoundHasExactlyOneConflictAndLosesNoIncrement() {
        int rounds = 5;
        PreferenceStore<Pref> a = store().versioned("version").build();
        PreferenceStore<Pref> b = store().versioned("version").build();
        int conflicts = 0;
        try (a;
                b) {
            for (int round = 0; round < rounds; round++) {
                // both read the same version and increment it; a's window ends first and wins
                long seenByA = a.get("k").join().map(Pref::getCounter).orElse(0L);
                long seenByB = b.get("k").join().map(Pref::getCounter).orElse(0L);
                assertThat(seenByB).isEqualTo(seenByA).isEqualTo(2L * round);
                CompletableFuture<Pref> fromA = a.put(new Pref("k", "t", seenByA + 1));
                CompletableFuture<Pref> fromB = b.put(new Pref("k", "t", seenByB + 1));
                a.flush().join();
                b.flush().join();
                assertThat(fromA).succeedsWithin(Duration.ofSeconds(5));
                try {
                    fromB.join();
                } catch (CompletionException e) {
                    assertThat(e.getCause()).isInstanceOf(PreferenceConflictException.class);
                    conflicts++;
                }
                // b reads again and retries: nothing stands in its way now
                long again = b.get("k").join().map(Pref::getCounter).orElseThrow();
                CompletableFuture<Pref> retried = b.put(new Pref("k", "t", again + 1));
                b.flush().join();
                assertThat(retried).succeedsWithin(Duration.ofSeconds(5));
            }
        }

        assertThat(conflicts).isEqualTo(rounds);
        assertThat(stored("k").get("counter").n()).isEqualTo(String.valueOf(2 * rounds));
        assertThat(stored("k").get("version").n()).isEqualTo(String.valueOf(2 * rounds));
        assertThat(proxy.stats().requests("PutItem")).isEqualTo(3L * rounds); // a, b (refused), b again
    }

    @Test
    void put_whenVersionedInstancesIncrementConcurrently_everyIncrementLandsOnce() throws Exception {
        int keys = 3;
        int incrementsPerInstance = 15;
        PreferenceStore<Pref> a = store().versioned("version").build();
        PreferenceStore<Pref> b = store().versioned("version").build();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (a;
                b) {
            List<Future<?>> runs = new ArrayList<>();
            for (PreferenceStore<Pref> store : List.of(a, b)) {
                runs.add(threads.submit(() -> increment(store, keys, incrementsPerInstance)));
            }
            for (Future<?> run : runs) {
                run.get(); // rethrows an assertion failure of the thread
            }

            for (int k = 0; k < keys; k++) {
                assertThat(stored("k" + k).get("counter").n()).isEqualTo(String.valueOf(2 * incrementsPerInstance));
                assertThat(stored("k" + k).get("version").n()).isEqualTo(String.valueOf(2 * incrementsPerInstance));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Read-modify-write, retried on conflict (any other failure fails the test). */
    private static void increment(PreferenceStore<Pref> store, int keys, int times) {
        for (int i = 0; i < times; i++) {
            for (int k = 0; k < keys; k++) {
                while (true) {
                    long current =
                            store.get("k" + k).join().map(Pref::getCounter).orElse(0L);
                    CompletableFuture<Pref> put = store.put(new Pref("k" + k, "t", current + 1));
                    store.flush().join();
                    try {
                        put.join();
                        break;
                    } catch (CompletionException e) {
                        assertThat(e.getCause()).isInstanceOf(PreferenceConflictException.class);
                    }
                }
            }
        }
    }

    @Test
    void put_whenVersionedAndUpdatedManyTimesInAWindow_sendsOneConditionalPutPerKey() {
        PreferenceStore<Pref> store = store().versioned("version").build();
        try (store) {
            for (int window = 0; window < 3; window++) {
                for (int i = 0; i < 10; i++) {
                    for (int u = 0; u < 20; u++) {
                        store.put(new Pref("user-" + u, "t", window * 10 + i));
                    }
                    clock.advance(Duration.ofMillis(100));
                    internal(store).flushIfDue().join();
                }
            }
        }

        assertThat(proxy.stats().requests("PutItem")).isEqualTo(60);
        assertThat(proxy.stats().requests("BatchWriteItem")).isZero();
        assertThat(stored("user-5").get("counter").n()).isEqualTo("29");
        assertThat(stored("user-5").get("version").n()).isEqualTo("3");
    }

    // ---------------------------------------------------------------- stream invalidation

    @Test
    void get_whenStreamInvalidationOn_otherInstanceEvictsItsCachedValueWithoutWaitingForTheClock() throws Exception {
        String streamed = tables.create(
                SCHEMA, TableOptions.builder().stream(StreamViewType.KEYS_ONLY).build());
        // invalidation log entries expire (TTL) by this clock, and DynamoDB Local's TTL runs on real time
        MutableClock now = MutableClock.atSystemTime();
        try (DynamoDbStreamsAsyncClient streams = DynamoDbStreamsAsyncClient.builder()
                        .endpointOverride(local.endpoint())
                        .region(LocalClients.REGION)
                        .credentialsProvider(LocalClients.credentials())
                        .build();
                PreferenceStore<Pref> writer =
                        store().tableName(streamed).clock(now).build();
                PreferenceStore<Pref> reader = store().tableName(streamed)
                        .clock(now)
                        .readCacheLifetime(Duration.ofMillis(900))
                        .invalidateFromStream(streams, Duration.ofMillis(50))
                        .build()) {
            reader.createTable().join(); // the table exists; this creates the invalidation table
            reader.invalidationReady().get(10, java.util.concurrent.TimeUnit.SECONDS);
            writer.put(new Pref("u1", "dark", 1));
            writer.flush().join();
            Key u1 = Key.builder().partitionValue("u1").build();
            CompletableFuture<Void> firstSeen = internal(reader).nextStreamChange(u1);
            firstSeen.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(reader.get("u1").join()).get().extracting(Pref::getTheme).isEqualTo("dark");

            CompletableFuture<Void> changeSeen = internal(reader).nextStreamChange(u1);
            writer.put(new Pref("u1", "light", 2));
            writer.flush().join();

            // the invalidation loop runs in real time (the test clock never moves here): wait for its eviction
            changeSeen.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(reader.get("u1").join()).get().extracting(Pref::getTheme).isEqualTo("light");
        } finally {
            local.syncClient().deleteTable(b -> b.tableName(streamed + "-invalidation"));
        }
    }

    // ---------------------------------------------------------------- delete

    @Test
    void delete_whenLastWriterWins_isSeenHereAtOnceAndPersistedWithTheWindow() {
        PreferenceStore<Pref> store = store().build();
        PreferenceStore<Pref> other = store().build();
        try (store;
                other) {
            store.put(new Pref("u1", "dark", 1));
            store.flush().join();
            proxy.stats().reset();

            CompletableFuture<Void> deleted = store.delete("u1");

            assertThat(store.get("u1").join()).isEmpty(); // read-your-writes, from the buffer
            assertThat(proxy.stats().requests()).isZero();
            assertThat(other.get("u1").join()).isPresent(); // inside the window: not persisted yet
            assertThat(deleted).isNotDone();
            clock.advance(STALENESS);
            internal(store).flushIfDue().join();
            assertThat(deleted).succeedsWithin(Duration.ofSeconds(5));
            assertThat(storedInTable("u1")).isFalse();
            assertThat(other.get("u1").join()).isEmpty();
            assertThat(proxy.stats().requests("BatchWriteItem")).isEqualTo(1);
            CompletableFuture<Void> missing = store.delete("never-written");
            store.flush().join();
            assertThat(missing).succeedsWithin(Duration.ofSeconds(5)); // a missing item: not an error
        }
    }

    @Test
    void delete_whenCoalescedWithPutsOfTheSameKey_theLastWriteWinsInOneItemWrite() {
        PreferenceStore<Pref> store = store().build();
        try (store) {
            store.put(new Pref("gone", "dark", 1));
            store.put(new Pref("back", "dark", 1));
            store.flush().join();
            proxy.stats().reset();

            CompletableFuture<Pref> putThenDeleted = store.put(new Pref("gone", "light", 2));
            CompletableFuture<Void> delete = store.delete("gone");
            CompletableFuture<Void> deleteThenPut = store.delete("back");
            CompletableFuture<Pref> put = store.put(new Pref("back", "blue", 3));
            assertThat(store.get("gone").join()).isEmpty();
            assertThat(store.get("back").join())
                    .get()
                    .extracting(Pref::getTheme)
                    .isEqualTo("blue");
            assertThat(store.pendingCount()).isEqualTo(2);
            store.flush().join();

            assertThat(CompletableFuture.allOf(putThenDeleted, delete, deleteThenPut, put))
                    .succeedsWithin(Duration.ofSeconds(5));
            assertThat(storedInTable("gone")).isFalse();
            assertThat(stored("back").get("theme").s()).isEqualTo("blue");
            assertThat(itemWrites()).isEqualTo(2.0); // one delete, one put
            assertThat(proxy.stats().requests("BatchWriteItem")).isEqualTo(1);
        }
    }

    @Test
    void delete_whenVersioned_deletesTheVersionItSawAndReportsALostRaceLikeAPut() {
        List<PreferenceConflictException> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
        PreferenceStore<Pref> a = store().versioned("version").build();
        PreferenceStore<Pref> b =
                store().versioned("version").onConflict(reported::add).build();
        try (a;
                b) {
            a.put(new Pref("u1", "dark", 1));
            a.flush().join();
            assertThat(b.get("u1").join()).isPresent(); // b saw version 1
            a.put(new Pref("u1", "light", 2));
            a.flush().join(); // version 2

            CompletableFuture<Void> stale = b.delete("u1");
            assertThat(b.get("u1").join()).isEmpty(); // read-your-writes, before the outcome is known
            b.flush().join();

            assertThatThrownBy(stale::join).cause().isInstanceOf(PreferenceConflictException.class);
            PreferenceConflictException conflict = (PreferenceConflictException)
                    stale.handle((v, e) -> e.getCause()).join();
            assertThat(conflict.<Pref>attempted()).isEmpty(); // a delete
            assertThat(conflict.expectedVersion()).isEqualTo(1);
            assertThat(conflict.currentVersion()).isEqualTo(2);
            assertThat(conflict.<Pref>current().orElseThrow().getTheme()).isEqualTo("light");
            assertThat(conflict).hasMessageContaining("versioned delete of");
            assertThat(reported).containsExactly(conflict);
            assertThat(stored("u1").get("version").n()).isEqualTo("2");

            // the conflict taught b version 2: deleting again wins
            CompletableFuture<Void> retried = b.delete("u1");
            b.flush().join();
            assertThat(retried).succeedsWithin(Duration.ofSeconds(5));
            assertThat(storedInTable("u1")).isFalse();

            // a still expects version 2: its put is refused (the item is gone), then starts over at version 1
            CompletableFuture<Pref> behind = a.put(new Pref("u1", "blue", 3));
            a.flush().join();
            assertThat(behind)
                    .failsWithin(Duration.ofSeconds(5))
                    .withThrowableThat()
                    .withCauseInstanceOf(PreferenceConflictException.class);
            CompletableFuture<Pref> again = a.put(new Pref("u1", "blue", 3));
            a.flush().join();
            assertThat(again).succeedsWithin(Duration.ofSeconds(5));
            assertThat(stored("u1").get("version").n()).isEqualTo("1");
            assertThat(proxy.stats().requests("DeleteItem")).isEqualTo(2);
            assertThat(proxy.stats().requests("BatchWriteItem")).isZero();
        }
    }

    // ---------------------------------------------------------------- putAll

    @Test
    void putAll_whenFlushed_reportsOneOutcomePerItemAndTheCallsThatCarriedThem() {
        PreferenceStore<Pref> store = store().build();
        try (store) {
            List<Pref> items = new ArrayList<>();
            for (int u = 0; u < 60; u++) {
                items.add(new Pref("user-" + u, "dark", u));
            }
            items.add(new Pref("user-0", "light", 100)); // supersedes the first item before it is sent

            CompletableFuture<BatchWriteResult> written = store.putAll(items);
            assertThat(store.get("user-0").join())
                    .get()
                    .extracting(Pref::getTheme)
                    .isEqualTo("light");
            assertThat(written).isNotDone();
            store.flush().join();
            BatchWriteResult result = written.join();

            assertThat(result.outcomes()).hasSize(61).allMatch(WriteOutcome::isPersisted);
            assertThat(result.outcomes().get(0).attempts()).isZero(); // superseded: no call carried it
            assertThat(result.outcomes().subList(1, 61)).allMatch(o -> o.attempts() == 1);
            assertThat(result.requests()).isEqualTo(3); // 60 keys: 25 + 25 + 10
            assertThat(proxy.stats().requests("BatchWriteItem")).isEqualTo(3);
            assertThat(itemWrites()).isEqualTo(60.0);
            assertThat(stored("user-0").get("theme").s()).isEqualTo("light");
        }
    }

    @Test
    void putAll_whenItemsKeepComingBackUnprocessedPastTheirDeadline_reportsEachFailedWithDeadlineExceeded() {
        proxy.reconfigure(b -> b.faults(FaultPlan.unprocessedItems(1.0).onOperation("BatchWriteItem")));
        PreferenceStore<Pref> store = store().resilience(fastPolicy(3))
                .writeDeadline(Duration.ofSeconds(30))
                .build();
        try (store) {
            CompletableFuture<BatchWriteResult> written =
                    store.putAll(List.of(new Pref("u1", "dark", 1), new Pref("u2", "dark", 2)));
            clock.advance(Duration.ofSeconds(31)); // the deadline passes before the writes' first call returns
            store.flush().join();
            BatchWriteResult result = written.join();

            assertThat(result.failed())
                    .hasSize(2)
                    .allSatisfy(failed -> assertThat(failed.cause())
                            .isInstanceOf(WriteDeadlineExceededException.class)
                            .hasMessageContaining("30"));
            assertThat(proxy.stats().requests("BatchWriteItem"))
                    .as("one call of the store's writer, 3 attempts")
                    .isEqualTo(3);
        }
    }

    @Test
    void putAll_whenAnItemIsBad_refusesAllBeforeBufferingAny() {
        PreferenceStore<Pref> store = store().build();
        try (store) {
            assertThatThrownBy(() -> store.putAll(List.of(new Pref("u1", "dark", 1), new Pref(null, "x", 2))))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("userId");
            assertThat(store.pendingCount()).isZero();
            assertThatThrownBy(() -> store.putAll(null)).isInstanceOf(InvalidInputException.class);
            assertThat(store.putAll(List.of()).join().outcomes()).isEmpty();
        }
        assertThatThrownBy(() -> store.putAll(List.of(new Pref("u1", "dark", 1))))
                .isInstanceOf(BufferClosedException.class);
    }

    // ---------------------------------------------------------------- resilience, the table, the context

    @Test
    void get_whenEveryGetItemIsThrottled_sendsExactlyThePolicysAttempts() {
        proxy.reconfigure(b -> b.faults(FaultPlan.throttle().onOperation("GetItem")));
        try (DynamoDbAsyncClient sdkDefaults = proxy.clients().asyncBuilder().build();
                PreferenceStore<Pref> store = store().dynamoDbClient(sdkDefaults)
                        .resilience(fastPolicy(3))
                        .build()) {

            assertThatThrownBy(() -> store.get("u1").join())
                    .cause()
                    .isInstanceOf(ProvisionedThroughputExceededException.class);

            // the SDK's own strategy would make up to 9 attempts per policy attempt
            assertThat(proxy.stats().requests("GetItem")).isEqualTo(3);
            assertThat(proxy.stats().throttled("GetItem")).isEqualTo(3);
        }
    }

    @Test
    void getAndPut_whenTheTableIsMissing_failWithTheLayoutBeforeAnyDataRequest() {
        PreferenceStore<Pref> store = store().tableName(tables.uniqueName()).build();
        try (store) {
            assertThatThrownBy(() -> store.get("u1").join())
                    .cause()
                    .isInstanceOf(TableLayoutException.class)
                    .hasMessageStartingWith("table '" + store.tableName() + "' does not exist; PreferenceStore needs "
                            + store.tableLayout());
            CompletableFuture<Pref> put = store.put(new Pref("u1", "dark", 1));
            store.flush().join();
            assertThatThrownBy(put::join).cause().isInstanceOf(TableLayoutException.class);

            assertThat(proxy.stats().requestsByOperation()).containsOnlyKeys("DescribeTable");
        }
    }

    @Test
    void get_whenTheTableHasAnotherKeySchema_failsNamingFoundAndExpectedBeforeAnyDataRequest() {
        String sessions = tables.create(SessionTableSchema.ofDefaults());
        PreferenceStore<Pref> store = store().tableName(sessions).build();
        try (store) {
            assertThatThrownBy(() -> store.get("u1").join())
                    .cause()
                    .isInstanceOf(TableLayoutException.class)
                    .hasMessageContaining("table '" + sessions + "' does not have the layout PreferenceStore needs:"
                            + " partition key is id (S), expected userId (S)")
                    .hasMessageContaining("Found table '" + sessions + "': partition key id (S)")
                    .hasMessageContaining("Expected table '" + sessions + "': partition key userId (S)");

            assertThat(proxy.stats().requestsByOperation()).containsOnlyKeys("DescribeTable");
        }
    }

    @Test
    void createTable_thenVerifyTable_passesAndTheStoreWorks() {
        String fresh = tables.uniqueName();
        try (PreferenceStore<Pref> store = store().tableName(fresh).build()) {
            store.createTable().join();
            store.verifyTable().join();

            store.put(new Pref("u1", "dark", 1));
            store.flush().join();
            assertThat(store.get("u1").join()).get().extracting(Pref::getTheme).isEqualTo("dark");
            assertThat(TableLayout.of(local.syncClient()
                                    .describeTable(b -> b.tableName(fresh))
                                    .table())
                            .differencesFrom(store.tableLayout()))
                    .isEmpty();
        } finally {
            local.syncClient().deleteTable(b -> b.tableName(fresh));
        }
    }

    @Test
    void tableLayout_whenInvalidateFromStream_needsAStreamAndATableWithoutOneFailsTheCheck() {
        try (DynamoDbStreamsAsyncClient streams = DynamoDbStreamsAsyncClient.builder()
                        .endpointOverride(local.endpoint())
                        .region(LocalClients.REGION)
                        .credentialsProvider(LocalClients.credentials())
                        .build();
                PreferenceStore<Pref> store = store().invalidateFromStream(streams, Duration.ofSeconds(1))
                        .build()) {
            assertThat(store.tableLayout().streamViewType()).contains(StreamViewType.KEYS_ONLY);
            assertThat(store().build().tableLayout().streamViewType()).isEmpty();

            assertThatThrownBy(() -> store.verifyTable().join())
                    .cause()
                    .isInstanceOf(TableLayoutException.class)
                    .hasMessageContaining("stream is disabled");
        }
    }

    @Test
    void builder_whenCreatedFromAContext_usesItsClientAndClock() {
        PatternsContext context =
                PatternsContext.builder().dynamoDbClient(client).clock(clock).build();
        try (PreferenceStore<Pref> store =
                PreferenceStore.builder(context, SCHEMA).tableName(table).build()) {
            CompletableFuture<Pref> put = store.put(new Pref("u1", "dark", 1));
            clock.advance(STALENESS); // the context's clock ends the window
            internal(store).flushIfDue().join();

            assertThat(put).succeedsWithin(Duration.ofSeconds(5));
            assertThat(stored("u1").get("theme").s()).isEqualTo("dark");
            assertThat(proxy.stats().requests("BatchWriteItem")).isEqualTo(1);
        }
    }

    @Test
    void sync_whenUsed_behavesLikeTheAsyncStore() {
        // a blocking write waits for its window: the system clock and a short window end it
        SyncPreferenceStore<Pref> store = PreferenceStore.builder(SCHEMA)
                .dynamoDbClient(client)
                .tableName(table)
                .maxStaleness(Duration.ofMillis(100))
                .build()
                .sync();
        try (store) {
            store.verifyTable();
            assertThat(store.put(new Pref("u1", "dark", 1)).getTheme()).isEqualTo("dark");
            assertThat(storedInTable("u1")).isTrue();
            assertThat(store.putAll(List.of(new Pref("u2", "light", 2))).allPersisted())
                    .isTrue();
            assertThat(store.get("u2")).get().extracting(Pref::getTheme).isEqualTo("light");
            store.delete(Key.builder().partitionValue("u2").build());
            assertThat(storedInTable("u2")).isFalse();
            store.flush();
            assertThat(store.pendingCount()).isZero();
            assertThat(store.mode()).isEqualTo(PreferenceMode.LAST_WRITER_WINS);
            assertThat(store.tableName()).isEqualTo(table);
            assertThat(store.async().tableLayout()).isEqualTo(store.tableLayout());
            assertThatThrownBy(() -> store.get("")).isInstanceOf(InvalidInputException.class);
        }
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void put_whenInputIsBad_failsBeforeAnyRequest() {
        PreferenceStore<Pref> store = store().build();
        try (store) {
            proxy.stats().reset();
            assertThatThrownBy(() -> store.put(null)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> store.put(new Pref(null, "t", 1)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("userId");
            assertThatThrownBy(() -> store.put(new Pref("u", "x".repeat(500_000), 1)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("400 KB");
            assertThatThrownBy(() -> store.get((String) null)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> store.delete((Key) null)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> store.delete("")).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> store.delete(
                            Key.builder().partitionValue("x".repeat(3_000)).build()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("userId");
            assertThat(proxy.stats().requests()).isZero();
            assertThat(store.pendingCount()).isZero();
        }
        assertThatThrownBy(() -> store().readCacheLifetime(STALENESS).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("readCacheLifetime");
        assertThatThrownBy(() -> store().maxStaleness(Duration.ZERO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("maxStaleness");
        assertThatThrownBy(
                        () -> PreferenceStore.builder(SCHEMA).tableName(table).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dynamoDbClient");
        assertThatThrownBy(() ->
                        PreferenceStore.builder(SCHEMA).dynamoDbClient(client).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tableName");
    }

    private static int[] range(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }

    private static ResiliencePolicy fastPolicy(int maxAttempts) {
        return ResiliencePolicy.builder()
                .maxAttempts(maxAttempts)
                .backoff(Duration.ofMillis(2), Duration.ofMillis(50))
                .build();
    }
}
