package io.github.ddbpatterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.Latency;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * Two writes to one key in quick succession when the first one's attempt times out at the client: the timed-out
 * request is still on its way and DynamoDB applies it after the second — last-writer-wins inverted. The README states
 * when this happens and how a version attribute prevents it; these tests show both.
 */
@DynamoDbLocalTest
class OrderingTest {

    /** The proxy holds a request this long before forwarding it; the client gives an attempt a quarter of it. */
    static final Duration HELD = Duration.ofSeconds(1);

    @Test
    void put_whenTheFirstAttemptTimedOutAtTheClient_itLandsAfterTheNewerWrite(TestTables tables) {
        try (ThrottlingProxy proxy = heldProxy();
                DynamoDbAsyncClient client = timingOutClient(proxy)) {
            String table = tables.uniqueName();
            ShardedTable<Note> setup = notes(proxy.clients().async(), table, Note.SCHEMA, Note::getOwner);
            setup.createTable().join();
            setup.put(new Note("alice", "n", "v0")).join();
            ShardedTable<Note> notes = notes(client, table, Note.SCHEMA, Note::getOwner);
            notes.get(new Note("alice", "n", null)).join(); // its table check, before requests are held

            proxy.reconfigure(b -> b.latency(Latency.fixed(HELD)));
            assertThatThrownBy(() -> notes.put(new Note("alice", "n", "older")).join())
                    .hasRootCauseInstanceOf(ApiCallAttemptTimeoutException.class);
            proxy.reconfigure(b -> b.latency(Latency.none()));
            notes.put(new Note("alice", "n", "newer")).join();
            awaitNothingInFlight(proxy);

            assertThat(notes.get(new Note("alice", "n", null))
                            .join()
                            .orElseThrow()
                            .getBody())
                    .as("the timed-out write, applied last")
                    .isEqualTo("older");
        }
    }

    @Test
    void put_withAVersionAttribute_refusesTheTimedOutWriteWhenItLands(TestTables tables) {
        try (ThrottlingProxy proxy = heldProxy();
                DynamoDbAsyncClient client = timingOutClient(proxy)) {
            String table = tables.uniqueName();
            ShardedTable<VersionedNote> setup =
                    notes(proxy.clients().async(), table, VersionedNote.SCHEMA, VersionedNote::getOwner);
            setup.createTable().join();
            setup.put(new VersionedNote("alice", "n", "v0", null)).join();
            VersionedNote stored = setup.get(new VersionedNote("alice", "n", null, null))
                    .join()
                    .orElseThrow(); // read back: put returns the item without the version the extension wrote
            ShardedTable<VersionedNote> notes = notes(client, table, VersionedNote.SCHEMA, VersionedNote::getOwner);
            notes.get(new VersionedNote("alice", "n", null, null)).join(); // its table check, before holding

            proxy.reconfigure(b -> b.latency(Latency.fixed(HELD)));
            assertThatThrownBy(() -> notes.put(new VersionedNote("alice", "n", "older", stored.getVersion()))
                            .join())
                    .isInstanceOf(CompletionException.class);
            proxy.reconfigure(b -> b.latency(Latency.none()));
            notes.put(new VersionedNote("alice", "n", "newer", stored.getVersion()))
                    .join();
            awaitNothingInFlight(proxy);

            VersionedNote last = notes.get(new VersionedNote("alice", "n", null, null))
                    .join()
                    .orElseThrow();
            assertThat(last.getBody()).as("the newer write stays").isEqualTo("newer");
            assertThat(last.getVersion()).isEqualTo(stored.getVersion() + 1);
        }
    }

    private static <T> ShardedTable<T> notes(
            DynamoDbAsyncClient client,
            String table,
            TableSchema<T> schema,
            java.util.function.Function<T, String> owner) {
        return DdbPatterns.builder()
                .dynamoDbClient(client)
                .resilience(ResiliencePolicy.builder().maxAttempts(1).build())
                .build()
                .shardedTable(schema)
                .tableName(table)
                .logicalKey(owner)
                .shards(1)
                .build();
    }

    private static ThrottlingProxy heldProxy() {
        return ThrottlingProxy.builder()
                .target(DynamoDbLocal.shared().endpoint())
                .build()
                .start();
    }

    private static DynamoDbAsyncClient timingOutClient(ThrottlingProxy proxy) {
        return proxy.clients()
                .asyncBuilder()
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(HELD.dividedBy(4)))
                .build();
    }

    /** Waits (at most 10 s) until the proxy has answered every request it received: the held one has landed. */
    private static void awaitNothingInFlight(ThrottlingProxy proxy) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (proxy.stats().inFlight() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        assertThat(proxy.stats().inFlight())
                .as("requests still held by the proxy")
                .isZero();
    }
}
