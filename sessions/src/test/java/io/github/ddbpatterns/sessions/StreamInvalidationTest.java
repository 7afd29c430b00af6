package io.github.ddbpatterns.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.table.TableLayoutException;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.LocalClients;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TableOptions;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsAsyncClient;

/**
 * Stream invalidation with one lease-holding stream reader per table, over real HTTP against DynamoDB Local: the
 * stores poll every 50 ms in real time; lease expiry follows a {@link MutableClock} that only the tests move. The
 * read caches live 59 minutes and the write windows almost an hour, so a store serves a fresh value only when
 * invalidation evicted the stale one, and writes reach the table by {@code flush()} only.
 */
@DynamoDbLocalTest
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StreamInvalidationTest {

    static final TableSchema<Pref> SCHEMA = TableSchema.fromBean(Pref.class);
    static final Duration POLL = Duration.ofMillis(50);
    static final Duration LEASE = Duration.ofSeconds(5);
    static final long WAIT_SECONDS = 20;

    static DynamoDbLocal local;
    static ThrottlingProxy proxy;

    TestTables tables;
    MutableClock clock;
    String table;
    final List<Instance> instances = new ArrayList<>();
    final AtomicInteger keys = new AtomicInteger();

    @BeforeAll
    static void startProxy(DynamoDbLocal dynamoDbLocal) {
        local = dynamoDbLocal;
        proxy = ThrottlingProxy.builder()
                .target(local.endpoint())
                .writeCapacityPerPartition(1_000_000)
                .readCapacityPerPartition(1_000_000)
                .build()
                .start();
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @BeforeEach
    void setUp(TestTables tables) {
        this.tables = tables;
        // log entries carry a TTL from this clock, and DynamoDB Local's TTL runs on real time
        this.clock = MutableClock.atSystemTime();
        this.table = tables.create(
                SCHEMA, TableOptions.builder().stream(StreamViewType.KEYS_ONLY).build());
        proxy.stats().reset();
    }

    @AfterEach
    void tearDown() {
        List<Instance> reversed = new ArrayList<>(instances);
        Collections.reverse(reversed);
        reversed.forEach(Instance::close);
        for (String name : List.of(table + "-invalidation")) {
            try {
                local.syncClient().deleteTable(b -> b.tableName(name));
            } catch (RuntimeException absent) {
                // not created by this test
            }
        }
    }

    /** One application instance: its own DynamoDB client, its own (counting) Streams client, its own store. */
    final class Instance implements AutoCloseable {
        final String name;
        final LocalClients clients = LocalClients.forEndpoint(proxy.endpoint());
        final CountingStreams streams = new CountingStreams(streamsClient());
        final PreferenceStore<Pref> store;

        Instance(String name, PreferenceStore.Builder<Pref> builder) {
            this.name = name;
            this.store = builder.dynamoDbClient(clients.async())
                    .invalidateFromStream(streams, POLL)
                    .build();
        }

        DefaultPreferenceStore<Pref> internal() {
            return (DefaultPreferenceStore<Pref>) store;
        }

        @Override
        public void close() {
            store.close();
            streams.close();
            clients.close();
        }
    }

    private static DynamoDbStreamsAsyncClient streamsClient() {
        return DynamoDbStreamsAsyncClient.builder()
                .endpointOverride(local.endpoint())
                .region(LocalClients.REGION)
                .credentialsProvider(LocalClients.credentials())
                .build();
    }

    private PreferenceStore.Builder<Pref> builder(String tableName) {
        return PreferenceStore.builder(SCHEMA)
                .tableName(tableName)
                .clock(clock)
                .maxStaleness(Duration.ofHours(1))
                .readCacheLifetime(Duration.ofMinutes(59))
                .invalidationLease(LEASE);
    }

    private List<Instance> start(int count) throws Exception {
        instances.add(new Instance("instance-0", builder(table)));
        // the table exists: this creates the invalidation table (and starts the first instance's invalidation again)
        instances.get(0).store.createTable().get(WAIT_SECONDS, TimeUnit.SECONDS);
        for (int i = 1; i < count; i++) {
            instances.add(new Instance("instance-" + i, builder(table)));
        }
        for (Instance instance : instances) {
            instance.store.invalidationReady().get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        return List.copyOf(instances);
    }

    private static List<Instance> holders(List<Instance> among) {
        return among.stream().filter(i -> i.internal().readsStream()).toList();
    }

    /**
     * Writes a key never written before from {@code writer} while every one of {@code readers} has its absence
     * cached, and waits until each evicted it: only the stream record of this write can evict that key. Returns
     * the delays from the end of the write's flush to each eviction, in ms.
     */
    private List<Long> writeAndAwaitEvictions(Instance writer, List<Instance> readers, Runnable beforeWaiting)
            throws Exception {
        String userId = "user-" + keys.incrementAndGet();
        Key key = Key.builder().partitionValue(userId).build();
        List<CompletableFuture<Long>> evicted = new ArrayList<>();
        for (Instance reader : readers) {
            assertThat(reader.store.get(key).get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .isEmpty(); // cached: absent
            evicted.add(reader.internal().nextStreamChange(key).thenApply(ignored -> System.nanoTime()));
        }
        writer.store.put(new Pref(userId, "dark", 1));
        writer.store.flush().get(WAIT_SECONDS, TimeUnit.SECONDS);
        long written = System.nanoTime();
        beforeWaiting.run();
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < readers.size(); i++) {
            long at = evicted.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS);
            delays.add(Math.max(0, TimeUnit.NANOSECONDS.toMillis(at - written)));
            assertThat(readers.get(i).store.get(key).get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .as(readers.get(i).name + " reads the new value")
                    .map(Pref::getTheme)
                    .contains("dark");
        }
        return delays;
    }

    // ---------------------------------------------------------------- a table without a stream

    @Test
    void invalidationReady_whenTableHasNoStream_failsNamingTheTableAndStopsPolling() throws Exception {
        String noStream = tables.create(SCHEMA);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        try (DynamoDbStreamsAsyncClient streams = streamsClient();
                PreferenceStore<Pref> store = builder(noStream)
                        .dynamoDbClient(proxy.clients().async())
                        .scheduler(scheduler)
                        .invalidateFromStream(streams, POLL)
                        .build()) {
            assertThatThrownBy(() -> store.invalidationReady().get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(TableLayoutException.class)
                    .hasMessageContaining("table '" + noStream + "'")
                    .hasMessageContaining("stream is disabled");
            long describes = proxy.stats().requests("DescribeTable");

            assertThatThrownBy(() -> store.get("u1").join())
                    .cause()
                    .isInstanceOf(TableLayoutException.class)
                    .hasMessageContaining(noStream);
            // invalidation stopped: only the timers a store without invalidation has are scheduled, no poll
            assertThat(scheduler.getQueue()).hasSize(timersWithoutInvalidation(noStream));
            assertThat(proxy.stats().requests("DescribeTable"))
                    .isEqualTo(describes)
                    .isEqualTo(1);
            System.out.println("no stream: DescribeTable " + describes + ", requests "
                    + proxy.stats().requestsByOperation());
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void invalidationReady_whenTableChecksAreOffAndTableHasNoStream_theStreamReaderFailsOnceNamingTheTable()
            throws Exception {
        String noStream = tables.create(SCHEMA);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        try (DynamoDbStreamsAsyncClient streams = streamsClient();
                PreferenceStore<Pref> store = builder(noStream)
                        .dynamoDbClient(proxy.clients().async())
                        .checkTables(false)
                        .scheduler(scheduler)
                        .invalidateFromStream(streams, POLL)
                        .build()) {
            local.syncClient()
                    .createTable(store.invalidationTableLayout().orElseThrow().toCreateTableRequest());
            try {
                assertThatThrownBy(() -> store.invalidationReady().get(WAIT_SECONDS, TimeUnit.SECONDS))
                        .cause()
                        .isInstanceOf(TableLayoutException.class)
                        .hasMessageContaining("table '" + noStream + "'")
                        .hasMessageContaining("stream is disabled");
                assertThatThrownBy(() -> store.get("u1").join())
                        .cause()
                        .isInstanceOf(TableLayoutException.class)
                        .hasMessageContaining(noStream);
                assertThat(scheduler.getQueue()).hasSize(timersWithoutInvalidation(noStream)); // no poll
                assertThat(proxy.stats().requests("DescribeTable")).isEqualTo(1);
            } finally {
                local.syncClient().deleteTable(b -> b.tableName(noStream + "-invalidation"));
            }
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** How many tasks a store without invalidation keeps scheduled (its window and buffer timers). */
    private int timersWithoutInvalidation(String tableName) {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        try (PreferenceStore<Pref> plain = PreferenceStore.builder(SCHEMA)
                .dynamoDbClient(proxy.clients().async())
                .tableName(tableName)
                .clock(clock)
                .maxStaleness(Duration.ofHours(1))
                .readCacheLifetime(Duration.ofMinutes(59))
                .scheduler(scheduler)
                .build()) {
            return scheduler.getQueue().size();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void build_whenLeaseIsShorterThanThreePolls_failsNamingTheField() {
        try (DynamoDbStreamsAsyncClient streams = streamsClient()) {
            assertThatThrownBy(() -> builder(table)
                            .dynamoDbClient(proxy.clients().async())
                            .invalidateFromStream(streams, Duration.ofSeconds(1))
                            .invalidationLease(Duration.ofMillis(2_999))
                            .build())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("invalidationLease");
        }
    }

    // ---------------------------------------------------------------- one reader, every instance evicts

    @Test
    void invalidationReady_whenCompleted_aWriteRightAfterIsEvictedOnEveryInstance() throws Exception {
        List<Instance> all = start(3);

        List<Long> delays = writeAndAwaitEvictions(all.get(2), all, () -> {});

        System.out.println("right after readiness: eviction delays ms " + delays);
    }

    @Test
    void get_whenFiveInstancesShareATable_oneReadsTheStreamAndEveryOneEvictsTheOthersWrites() throws Exception {
        List<Instance> all = start(5);
        proxy.stats().reset();
        long startedAt = System.nanoTime();

        List<Long> delays = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            delays.addAll(writeAndAwaitEvictions(all.get(round), all, () -> {}));
        }

        double seconds = (System.nanoTime() - startedAt) / 1e9;
        List<Long> getRecords =
                all.stream().map(i -> i.streams.getRecords.get()).toList();
        System.out.printf(
                "5 instances: GetRecords per instance %s, eviction delays ms %s (max %d), %.1f s, requests %s%n",
                getRecords,
                delays,
                Collections.max(delays),
                seconds,
                proxy.stats().requestsByOperation());
        assertThat(holders(all)).hasSize(1);
        assertThat(getRecords.stream().filter(count -> count > 0)).hasSize(1); // DynamoDB Streams allows 2
        assertThat(holders(all).get(0).streams.getRecords.get()).isPositive();
    }

    // ---------------------------------------------------------------- takeover

    @Test
    void close_whenTheReaderStops_anotherTakesOverAndMissesNoWriteOfTheGap() throws Exception {
        List<Instance> all = start(4);
        Instance holder = holders(all).get(0);
        List<Instance> rest = all.stream().filter(i -> i != holder).toList();

        holder.store.close(); // gives the lease up with its checkpoints
        long readsWhenClosed = holder.streams.getRecords.get();
        List<Long> delays = writeAndAwaitEvictions(rest.get(0), rest, () -> {});

        System.out.println("after close: eviction delays ms " + delays);
        assertThat(holders(rest)).hasSize(1);
        assertThat(holder.streams.getRecords.get()).isEqualTo(readsWhenClosed);
        assertThat(holders(rest).get(0).streams.getRecords.get()).isPositive();
        assertThat(writeAndAwaitEvictions(rest.get(1), rest, () -> {})).hasSize(rest.size());
    }

    @Test
    void get_whenTheReaderDiesWithoutReleasing_anotherTakesOverAfterTheLeaseAndMissesNoWriteOfTheGap()
            throws Exception {
        List<Instance> all = start(4);
        Instance holder = holders(all).get(0);
        List<Instance> rest = all.stream().filter(i -> i != holder).toList();

        holder.internal().haltInvalidation(); // like a crash: the lease stays until it expires
        long readsWhenDead = holder.streams.getRecords.get();
        List<Long> delays = writeAndAwaitEvictions(rest.get(0), rest, () -> {
            // nobody reads the stream while the dead holder's lease runs (the clock stands still)
            assertThat(holders(rest)).isEmpty();
            clock.advance(LEASE.plusSeconds(1));
        });

        System.out.println("after a crash and the lease's expiry: eviction delays ms " + delays);
        List<Instance> taken = holders(rest);
        assertThat(taken).hasSize(1);
        assertThat(holder.streams.getRecords.get()).isEqualTo(readsWhenDead);
        assertThat(writeAndAwaitEvictions(rest.get(2), rest, () -> {})).hasSize(rest.size());
        assertThat(Optional.of(holders(rest))).contains(taken);
    }
}
