package io.github.ddbpatterns.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.core.table.IndexLayout;
import io.github.ddbpatterns.core.table.KeyAttribute;
import io.github.ddbpatterns.core.table.TableLayout;
import io.github.ddbpatterns.core.table.TableLayoutException;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.FaultPlan;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

@DynamoDbLocalTest
class SessionStoreTest {

    static final TableSchema<Session> SCHEMA = SessionTableSchema.ofDefaults();
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

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
        // no TTL on the table: expired items stay stored, as they do on the service for up to 48 hours
        this.tables = tables;
        this.table = tables.create(SCHEMA);
        this.clock = MutableClock.at(T0);
        proxy.stats().reset();
    }

    @AfterEach
    void removeFaults() {
        proxy.reconfigure(b -> b.faults());
    }

    private SessionStore.Builder store() {
        return SessionStore.builder()
                .dynamoDbClient(client)
                .tableName(table)
                .clock(clock)
                .timeToLive(Duration.ofHours(24));
    }

    private boolean storedInTable(String id) {
        return local.syncClient()
                .getItem(b -> b.tableName(table)
                        .key(Map.of("id", AttributeValue.fromS(id)))
                        .consistentRead(true))
                .hasItem();
    }

    // ---------------------------------------------------------------- expiry

    @Test
    void get_whenExpiredButStillStored_returnsEmptyFromCacheAndTableAtTheBoundarySecond() {
        SessionStore store = store().build();
        SessionStore otherInstance = store().build();
        SessionStore uncached = store().nearCacheSize(0).build();
        Session session = store.create("alice", Map.of("role", "admin"), Duration.ofSeconds(60))
                .join();
        assertThat(session.expiresAt()).isEqualTo(T0.plusSeconds(60));

        clock.advance(Duration.ofSeconds(59).plusMillis(999));
        assertThat(store.get(session.id()).join()).contains(session);
        assertThat(otherInstance.get(session.id()).join()).contains(session);
        assertThat(uncached.get(session.id()).join()).contains(session);

        clock.set(T0.plusSeconds(60)); // expiresAt == now: expired
        assertThat(store.get(session.id()).join()).isEmpty();
        assertThat(otherInstance.get(session.id()).join()).isEmpty();
        assertThat(uncached.get(session.id()).join()).isEmpty();
        assertThat(store.touch(session.id()).join()).isEmpty();
        assertThat(storedInTable(session.id())).isTrue();
    }

    @Test
    void get_whenCachedSessionReachesExpiry_entryLeavesTheCacheWithoutARequest() {
        SessionStore store = store().build();
        Session session =
                store.create("alice", Map.of(), Duration.ofSeconds(10)).join();
        assertThat(((DefaultSessionStore) store).cachedCount()).isEqualTo(1);

        clock.set(T0.plusSeconds(10));
        assertThat(((DefaultSessionStore) store).cachedCount()).isZero();
        proxy.stats().reset();
        assertThat(store.get(session.id()).join()).isEmpty();
        assertThat(proxy.stats().requests("GetItem")).isEqualTo(1); // the miss reads the table, finds it expired
    }

    @Test
    void sessionsOf_whenSomeExpiredButStillStored_returnsOnlyLiveOnesAtTheBoundarySecond() {
        SessionStore store = store().build();
        Session first =
                store.create("bob", Map.of("n", "1"), Duration.ofSeconds(60)).join();
        Session second =
                store.create("bob", Map.of("n", "2"), Duration.ofSeconds(120)).join();
        store.create("carol", Map.of(), Duration.ofSeconds(120)).join();

        clock.set(T0.plusSeconds(59));
        assertThat(store.sessionsOf("bob").join()).containsExactlyInAnyOrder(first, second);

        clock.set(T0.plusSeconds(60));
        assertThat(store.sessionsOf("bob").join()).containsExactly(second);
        assertThat(storedInTable(first.id())).isTrue();

        clock.set(T0.plusSeconds(120));
        assertThat(store.sessionsOf("bob").join()).isEmpty();
        assertThat(store.sessionsOf("nobody").join()).isEmpty();
    }

    // ---------------------------------------------------------------- cache and touch costs

    @Test
    void get_whenCacheHit_sendsNoRequest() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SessionStore store = store().meterRegistry(registry).build();
        Session session = store.create("alice", Map.of("k", "v")).join();
        proxy.stats().reset();

        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofSeconds(60));
            assertThat(store.get(session.id()).join()).contains(session);
        }

        assertThat(proxy.stats().requests()).isZero();
        assertThat(registry.get("ddb.patterns.sessions.reads")
                        .tag("result", "hit")
                        .counter()
                        .count())
                .isEqualTo(100.0);
    }

    @Test
    void get_whenCacheDisabled_readsTheTableEachTime() {
        SessionStore store = store().nearCacheSize(0).build();
        Session session = store.create("alice", Map.of()).join();
        proxy.stats().reset();

        for (int i = 0; i < 3; i++) {
            assertThat(store.get(session.id()).join()).contains(session);
        }

        assertThat(proxy.stats().requests("GetItem")).isEqualTo(3);
    }

    @Test
    void touch_whenTouchedEvery3600MillisForTheWhole24Hours_writesExactlyOnce() {
        SessionStore store = store().build();
        Session session = store.create("alice", Map.of()).join();
        proxy.stats().reset();

        Instant expiry = session.expiresAt();
        for (int i = 0; i < 24_000; i++) {
            clock.advance(Duration.ofMillis(3_600));
            Optional<Session> touched = store.touch(session.id()).join();
            assertThat(touched).isPresent();
            assertThat(touched.get().isExpiredAt(clock.instant())).isFalse();
            expiry = touched.get().expiresAt();
        }

        // the one renewal: the first touch with less than 12 h left, at T0 + 12 h + 3.6 s, sets the expiry to
        // T0 + 36 h + 3 s (whole seconds); at the last touch, T0 + 24 h, 12 h 3 s are left: no second write
        assertThat(proxy.stats().requests("PutItem")).isEqualTo(1);
        assertThat(proxy.stats().requests()).isEqualTo(1);
        assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofHours(24)));
        assertThat(expiry).isEqualTo(T0.plus(Duration.ofHours(36)).plusSeconds(3));
    }

    @Test
    void touch_whenTheRenewingPutIsThrottled_sendsExactlyThePolicysAttempts() {
        Session session = store().build().create("alice", Map.of()).join();
        proxy.reconfigure(b -> b.faults(FaultPlan.throttle().onOperation("PutItem")));
        try (DynamoDbAsyncClient sdkDefaults = proxy.clients().asyncBuilder().build()) {
            SessionStore store = store().dynamoDbClient(sdkDefaults)
                    .resilience(fastPolicy(3))
                    .build();
            clock.advance(Duration.ofHours(13)); // less than half the lifetime left: touch renews
            proxy.stats().reset();

            assertThatThrownBy(() -> store.touch(session.id()).join())
                    .cause()
                    .isInstanceOf(ProvisionedThroughputExceededException.class);

            // the SDK's own strategy would make up to 9 attempts per policy attempt
            assertThat(proxy.stats().requests("PutItem")).isEqualTo(3);
            assertThat(proxy.stats().throttled("PutItem")).isEqualTo(3);
            assertThat(proxy.stats().requests("GetItem")).isEqualTo(1);
        }
    }

    @Test
    void touch_whenAnotherInstanceRenewedFirst_readsTheRenewedSessionInsteadOfOverwriting() {
        SessionStore store = store().build();
        SessionStore other = store().build();
        Session session = store.create("alice", Map.of()).join();
        assertThat(other.get(session.id()).join()).isPresent(); // other caches the original expiry

        clock.advance(Duration.ofHours(13));
        Session renewedByStore = store.touch(session.id()).join().orElseThrow();
        clock.advance(Duration.ofSeconds(5));
        Session seenByOther = other.touch(session.id()).join().orElseThrow();

        assertThat(renewedByStore.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(37)));
        assertThat(seenByOther).isEqualTo(renewedByStore);
    }

    // ---------------------------------------------------------------- deletion

    @Test
    void delete_whenSessionCached_isGoneHereAndInTheTable() {
        SessionStore store = store().build();
        Session session = store.create("alice", Map.of()).join();

        store.delete(session.id()).join();

        assertThat(store.get(session.id()).join()).isEmpty();
        assertThat(storedInTable(session.id())).isFalse();
        store.delete(session.id()).join(); // missing: not an error
    }

    @Test
    void deleteAll_whenOwnerHasSessions_deletesOnlyTheirs() {
        SessionStore store = store().build();
        List<Session> mine = List.of(
                store.create("dave", Map.of()).join(),
                store.create("dave", Map.of()).join(),
                store.create("dave", Map.of(), Duration.ofSeconds(5)).join());
        Session theirs = store.create("erin", Map.of()).join();
        clock.advance(Duration.ofSeconds(10)); // the short one is expired but still stored: deleted too

        assertThat(store.deleteAll("dave").join()).isEqualTo(3);

        for (Session session : mine) {
            assertThat(store.get(session.id()).join()).isEmpty();
            assertThat(storedInTable(session.id())).isFalse();
        }
        assertThat(store.get(theirs.id()).join()).contains(theirs);
        assertThat(store.sessionsOf("dave").join()).isEmpty();
    }

    @Test
    void sync_whenUsed_behavesLikeTheAsyncStore() {
        SyncSessionStore store = store().build().sync();
        store.verifyTable();
        Session session = store.create("frank", Map.of("a", "b"));
        assertThat(store.get(session.id())).contains(session);
        assertThat(store.touch(session.id())).contains(session);
        assertThat(store.sessionsOf("frank")).containsExactly(session);
        store.delete(session.id());
        assertThat(store.get(session.id())).isEmpty();
        store.create("frank", Map.of());
        assertThat(store.deleteAll("frank")).isEqualTo(1);
        assertThat(store.tableName()).isEqualTo(table);
        assertThat(store.async().tableLayout()).isEqualTo(store.tableLayout());
        assertThatThrownBy(() -> store.get("")).isInstanceOf(InvalidInputException.class);
    }

    // ---------------------------------------------------------------- the table and the shared context

    @Test
    void tableLayout_isIdKeyOwnerIndexAndTtl() {
        SessionStore store =
                store().ownerIndex("sessions-by-owner").ttlAttribute("ttl").build();

        assertThat(store.tableLayout())
                .isEqualTo(TableLayout.builder(table)
                        .partitionKey(KeyAttribute.string("id"))
                        .globalSecondaryIndex(IndexLayout.of("sessions-by-owner", KeyAttribute.string("owner")))
                        .timeToLive("ttl")
                        .build());
        assertThat(proxy.stats().requests()).isZero(); // building sends nothing
    }

    @Test
    void createTable_onAFreshDatabase_createsTheLayoutThatPassesVerifyAndTheStoreWorks() {
        String fresh = tables.uniqueName();
        // the README's snippet, with the system clock: TTL will be on, so sessions must be live in real time
        SessionStore sessions = SessionStore.builder()
                .dynamoDbClient(client)
                .tableName(fresh)
                .timeToLive(Duration.ofHours(24))
                .build();
        try {
            sessions.createTable().join();
            sessions.verifyTable().join();

            Session s = sessions.create("user-7", Map.of("cart", "3 items")).join();
            assertThat(sessions.get(s.id()).join()).contains(s);
            assertThat(sessions.sessionsOf("user-7").join()).containsExactly(s);
            TableDescription created =
                    local.syncClient().describeTable(b -> b.tableName(fresh)).table();
            assertThat(TableLayout.of(created).differencesFrom(sessions.tableLayout()))
                    .isEmpty();
            assertThat(local.syncClient()
                            .describeTimeToLive(b -> b.tableName(fresh))
                            .timeToLiveDescription())
                    .satisfies(ttl -> assertThat(ttl.attributeName()).isEqualTo("expiresAt"))
                    .satisfies(ttl -> assertThat(ttl.timeToLiveStatus())
                            .isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING));
        } finally {
            local.syncClient().deleteTable(b -> b.tableName(fresh));
        }
    }

    @Test
    void get_whenTheTableIsMissing_failsNamingTheTableAndLayoutBeforeAnyDataRequest() {
        SessionStore store = store().tableName(tables.uniqueName()).build();

        assertThatThrownBy(() -> store.get("some-id").join())
                .cause()
                .isInstanceOf(TableLayoutException.class)
                .hasMessageStartingWith(
                        "table '" + store.tableName() + "' does not exist; SessionStore needs " + store.tableLayout());
        assertThatThrownBy(() -> store.create("alice", Map.of()).join())
                .cause()
                .isInstanceOf(TableLayoutException.class);

        assertThat(proxy.stats().requestsByOperation()).containsOnlyKeys("DescribeTable");
    }

    @Test
    void get_whenTheTableHasAnotherKeySchema_failsNamingFoundAndExpectedBeforeAnyDataRequest() {
        String other = tables.create(TableSchema.fromBean(Pref.class));
        SessionStore store = store().tableName(other).build();

        assertThatThrownBy(() -> store.touch("some-id").join())
                .cause()
                .isInstanceOf(TableLayoutException.class)
                .hasMessageContaining("table '" + other + "' does not have the layout SessionStore needs:"
                        + " partition key is userId (S), expected id (S)")
                .hasMessageContaining("Found table '" + other + "': partition key userId (S)")
                .hasMessageContaining("Expected " + store.tableLayout());

        assertThat(proxy.stats().requestsByOperation()).containsOnlyKeys("DescribeTable");
    }

    @Test
    void builder_whenCreatedFromAContext_usesItsClientClockAndRegistry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PatternsContext context = PatternsContext.builder()
                .dynamoDbClient(client)
                .clock(clock)
                .meterRegistry(registry)
                .build();
        SessionStore store = SessionStore.builder(context).tableName(table).build();

        Session session = store.create("alice", Map.of()).join();
        assertThat(store.get(session.id()).join()).contains(session);

        assertThat(session.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(24))); // the default lifetime
        assertThat(registry.get("ddb.patterns.sessions.reads")
                        .tag("result", "hit")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        MutableClock later = MutableClock.at(T0.plus(Duration.ofDays(2)));
        SessionStore overridden =
                SessionStore.builder(context).tableName(table).clock(later).build();
        assertThat(overridden.get(session.id()).join()).isEmpty(); // its own clock: expired
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void builder_whenTimeToLiveNotPositive_failsNamingIt() {
        assertThatThrownBy(() -> SessionStore.builder().timeToLive(Duration.ZERO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("timeToLive");
        assertThatThrownBy(() -> SessionStore.builder().timeToLive(Duration.ofSeconds(-5)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("timeToLive");
        assertThatThrownBy(() -> SessionStore.builder().refreshBelow(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("refreshBelow");
        assertThatThrownBy(() -> SessionStore.builder().tableName("sessions").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dynamoDbClient");
        assertThatThrownBy(() -> SessionStore.builder().dynamoDbClient(client).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tableName");
        assertThatThrownBy(() -> SessionStore.builder(null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("context");
    }

    @Test
    void calls_whenInputIsBad_failBeforeAnyRequest() {
        SessionStore store = store().build();
        proxy.stats().reset();
        Map<String, String> huge = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            huge.put("k" + i, "x".repeat(1_000));
        }
        Map<String, String> withNull = new HashMap<>();
        withNull.put("k", null);

        assertThatThrownBy(() -> store.get(null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("id");
        assertThatThrownBy(() -> store.touch("")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.delete("x".repeat(3_000)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("id");
        assertThatThrownBy(() -> store.create("alice", huge))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("attributes")
                .hasMessageContaining("400 KB");
        assertThatThrownBy(() -> store.create("alice", withNull))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("attributes");
        assertThatThrownBy(() -> store.create("alice", Map.of(), Duration.ZERO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("timeToLive");
        assertThatThrownBy(() -> store.create(null, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("owner");
        assertThatThrownBy(() -> store.sessionsOf("")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.deleteAll(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.create("o".repeat(2_049), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("owner");
        assertThatThrownBy(() -> store.sessionsOf("o".repeat(2_049)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("owner");

        assertThat(proxy.stats().requests()).isZero();
    }

    private static ResiliencePolicy fastPolicy(int maxAttempts) {
        return ResiliencePolicy.builder()
                .maxAttempts(maxAttempts)
                .backoff(Duration.ofMillis(2), Duration.ofMillis(50))
                .build();
    }
}
