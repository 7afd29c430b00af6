package io.github.ddbpatterns.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.buffer.BufferClosedException;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsAsyncClient;

@DynamoDbLocalTest
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

    private PreferenceStore.Builder<Pref> store() {
        return PreferenceStore.builder(SCHEMA)
                .client(client)
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

    private double itemWrites() {
        return proxy.stats().consumedWriteUnits(table).values().stream()
                .mapToDouble(d -> d)
                .sum();
    }

    // ---------------------------------------------------------------- last writer wins

    @Test
    void put_whenHundredUsersUpdateTenTimesASecondForTenSeconds_coalescesToAboutOneWritePerUserPerSecond() {
        int users = 100;
        PreferenceStore<Pref> writer = store().build();
        // the reader goes straight to DynamoDB Local: the proxy counts the writer's writes only
        PreferenceStore<Pref> reader = store().client(local.clients().async()).build();
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

        assertThat(itemWrites()).isLessThanOrEqualTo(1_100).isGreaterThanOrEqualTo(users);
        assertThat(proxy.stats().requests("BatchWriteItem")).isLessThanOrEqualTo(1_100 / 25);
        assertThat(proxy.stats().requests("PutItem")).isZero();
        for (int u = 0; u < users; u++) {
            assertThat(stored("user-" + u).get("counter").n()).isEqualTo("99");
        }
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
            CompletableFuture<Void> fromA = a.put(new Pref("u1", "dark", 1));
            CompletableFuture<Void> fromB = b.put(new Pref("u1", "light", 1));

            a.flush().join();
            b.flush().join();

            assertThat(fromA).succeedsWithin(Duration.ofSeconds(5));
            assertThatThrownBy(fromB::join)
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(PreferenceConflictException.class);
            PreferenceConflictException conflict = (PreferenceConflictException)
                    fromB.handle((v, e) -> e.getCause()).join();
            assertThat(conflict.<Pref>attempted().getTheme()).isEqualTo("light");
            assertThat(conflict.expectedVersion()).isZero();
            assertThat(reported).containsExactly(conflict);
            assertThat(conflict.<Pref>current().getTheme()).isEqualTo("dark");
            assertThat(conflict.currentVersion()).isEqualTo(1);
            assertThat(stored("u1").get("theme").s()).isEqualTo("dark");
            assertThat(stored("u1").get("version").n()).isEqualTo("1");

            // b re-reads, merges and wins the next round; a, now behind, is refused in turn
            assertThat(b.get("u1").join()).get().extracting(Pref::getTheme).isEqualTo("dark");
            CompletableFuture<Void> retried = b.put(new Pref("u1", "light", 2));
            b.flush().join();
            assertThat(retried).succeedsWithin(Duration.ofSeconds(5));
            CompletableFuture<Void> stale = a.put(new Pref("u1", "blue", 2));
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
    void put_whenVersionedInstancesIncrementConcurrently_everyIncrementLandsOnce() throws Exception {
        int keys = 3;
        int incrementsPerInstance = 15;
        PreferenceStore<Pref> a = store().versioned("version").build();
        PreferenceStore<Pref> b = store().versioned("version").build();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (a;
                b) {
            List<Future<Integer>> runs = new ArrayList<>();
            for (PreferenceStore<Pref> store : List.of(a, b)) {
                runs.add(threads.submit(() -> increment(store, keys, incrementsPerInstance)));
            }
            int conflicts = runs.get(0).get() + runs.get(1).get();

            for (int k = 0; k < keys; k++) {
                assertThat(stored("k" + k).get("counter").n()).isEqualTo(String.valueOf(2 * incrementsPerInstance));
            }
            assertThat(conflicts).isGreaterThanOrEqualTo(0);
        } finally {
            threads.shutdownNow();
        }
    }

    /** Read-modify-write with retry on conflict; returns the number of conflicts met. */
    private static int increment(PreferenceStore<Pref> store, int keys, int times) {
        int conflicts = 0;
        for (int i = 0; i < times; i++) {
            for (int k = 0; k < keys; k++) {
                while (true) {
                    long current =
                            store.get("k" + k).join().map(Pref::getCounter).orElse(0L);
                    CompletableFuture<Void> put = store.put(new Pref("k" + k, "t", current + 1));
                    store.flush().join();
                    try {
                        put.join();
                        break;
                    } catch (CompletionException e) {
                        assertThat(e.getCause()).isInstanceOf(PreferenceConflictException.class);
                        conflicts++;
                    }
                }
            }
        }
        return conflicts;
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
        try (DynamoDbStreamsAsyncClient streams = DynamoDbStreamsAsyncClient.builder()
                        .endpointOverride(local.endpoint())
                        .region(LocalClients.REGION)
                        .credentialsProvider(LocalClients.credentials())
                        .build();
                PreferenceStore<Pref> writer = store().tableName(streamed).build();
                PreferenceStore<Pref> reader = store().tableName(streamed)
                        .readCacheLifetime(Duration.ofMillis(900))
                        .invalidateFromStream(streams, Duration.ofMillis(50))
                        .build()) {
            writer.put(new Pref("u1", "dark", 1));
            writer.flush().join();
            assertThat(reader.get("u1").join()).get().extracting(Pref::getTheme).isEqualTo("dark");
            internal(reader).streamStarted().get(10, java.util.concurrent.TimeUnit.SECONDS);

            writer.put(new Pref("u1", "light", 2));
            writer.flush().join();

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String seen = "dark";
            while (!seen.equals("light") && System.nanoTime() < deadline) {
                Thread.sleep(20); // real time: the stream poller runs on it; the test clock never moves here
                seen = reader.get("u1").join().map(Pref::getTheme).orElse("");
            }
            assertThat(seen).isEqualTo("light");
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
            assertThat(proxy.stats().requests()).isZero();
        }
        assertThatThrownBy(() -> store().readCacheLifetime(STALENESS).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("readCacheLifetime");
        assertThatThrownBy(() -> store().maxStaleness(Duration.ZERO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("maxStaleness");
    }

    private static int[] range(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }
}
