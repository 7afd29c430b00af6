package io.github.ddbpatterns.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@DynamoDbLocalTest
class SessionStoreTest {

    static final TableSchema<Session> SCHEMA = SessionTableSchema.ofDefaults();
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static DynamoDbLocal local;
    static ThrottlingProxy proxy;
    static DynamoDbEnhancedAsyncClient client;
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
        client = proxy.clients().enhancedAsync();
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @BeforeEach
    void setUp(TestTables tables) {
        // no TTL on the table: expired items stay stored, as they do on the service for up to 48 hours
        this.table = tables.create(SCHEMA);
        this.clock = MutableClock.at(T0);
        proxy.stats().reset();
    }

    private SessionStore.Builder store() {
        return SessionStore.builder()
                .client(client)
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
    void touch_whenReadThousandTimesAnHourForADay_writesAtMostTwice() {
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

        assertThat(proxy.stats().requests("PutItem")).isBetween(1L, 2L);
        assertThat(proxy.stats().requests()).isLessThanOrEqualTo(2);
        assertThat(expiry).isAfter(clock.instant().plus(Duration.ofHours(11)));
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

    // ---------------------------------------------------------------- invalidation

    @Test
    void invalidate_whenSessionCached_isGoneHereAndInTheTable() {
        SessionStore store = store().build();
        Session session = store.create("alice", Map.of()).join();

        store.invalidate(session.id()).join();

        assertThat(store.get(session.id()).join()).isEmpty();
        assertThat(storedInTable(session.id())).isFalse();
        store.invalidate(session.id()).join(); // missing: not an error
    }

    @Test
    void invalidateAll_whenOwnerHasSessions_deletesOnlyTheirs() {
        SessionStore store = store().build();
        List<Session> mine = List.of(
                store.create("dave", Map.of()).join(),
                store.create("dave", Map.of()).join(),
                store.create("dave", Map.of(), Duration.ofSeconds(5)).join());
        Session theirs = store.create("erin", Map.of()).join();
        clock.advance(Duration.ofSeconds(10)); // the short one is expired but still stored: deleted too

        assertThat(store.invalidateAll("dave").join()).isEqualTo(3);

        for (Session session : mine) {
            assertThat(store.get(session.id()).join()).isEmpty();
            assertThat(storedInTable(session.id())).isFalse();
        }
        assertThat(store.get(theirs.id()).join()).contains(theirs);
        assertThat(store.sessionsOf("dave").join()).isEmpty();
    }

    @Test
    void blocking_whenUsed_behavesLikeTheAsyncStore() {
        SyncSessionStore store = store().build().blocking();
        Session session = store.create("frank", Map.of("a", "b"));
        assertThat(store.get(session.id())).contains(session);
        assertThat(store.sessionsOf("frank")).containsExactly(session);
        store.invalidate(session.id());
        assertThat(store.get(session.id())).isEmpty();
        assertThatThrownBy(() -> store.get("")).isInstanceOf(InvalidInputException.class);
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
        assertThatThrownBy(() -> SessionStore.builder().tableName("t").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("client");
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
        assertThatThrownBy(() -> store.invalidate("x".repeat(3_000)))
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

        assertThat(proxy.stats().requests()).isZero();
    }
}
