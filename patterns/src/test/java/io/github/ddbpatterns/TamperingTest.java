package io.github.ddbpatterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.sharding.ShardQuery;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.sharding.SortKeyCondition;
import io.github.ddbpatterns.sharding.TableShardMap;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import io.github.ddbpatterns.timeseries.RangeQuery;
import io.github.ddbpatterns.timeseries.TimeSeriesTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Cursors come back from clients, so they are attacker-controlled: edited character by character, moved to another
 * user's query, another order or filter, another pattern, or replayed, also after the key's shard count changed. Each
 * is refused at the call, before any Query ({@link InvalidCursorException}), or reads correctly; none returns another
 * key's data.
 */
@DynamoDbLocalTest
class TamperingTest {

    static final Instant DAY = Instant.parse("2026-03-10T00:00:00Z");
    static final String URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    static ThrottlingProxy proxy;
    static DynamoDbAsyncClient client;
    static TableShardMap shardMap;
    static ShardedTable<Note> notes;
    static TimeSeriesTable<Reading> readings;

    @BeforeAll
    static void load(TestTables tables) {
        proxy = ThrottlingProxy.builder()
                .target(DynamoDbLocal.shared().endpoint())
                .build()
                .start();
        client = proxy.clients().asyncBuilder().build();
        DdbPatterns ddb = DdbPatterns.builder().dynamoDbClient(client).build();
        String notesTable = tables.uniqueName();
        shardMap = ddb.shardMap()
                .tableName(notesTable)
                .partitionKey("pk")
                .sortKey("name", AttributeValue.fromS("#shardmap"))
                .defaultShards(4)
                .build();
        notes = ddb.shardedTable(Note.SCHEMA)
                .tableName(notesTable)
                .logicalKey(Note::getOwner)
                .shardMap(shardMap)
                .build();
        readings = ddb.timeSeries(Reading.SCHEMA)
                .tableName(tables.uniqueName())
                .entityId(Reading::getEntity)
                .timestamp(Reading::getAt)
                .build();
        notes.createTable().join();
        readings.createTable().join();
        List<Note> all = new ArrayList<>();
        List<Reading> series = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            for (String owner : List.of("alice", "bob")) {
                all.add(new Note(owner, String.format("n-%02d", i), owner + "'s note"));
            }
            for (String entity : List.of("c-1", "c-2")) {
                series.add(new Reading(entity, DAY.plus(Duration.ofHours(i)), entity + "'s reading"));
            }
        }
        assertThat(notes.putAll(all).join().allPersisted()).isTrue();
        assertThat(readings.putAll(series).join().allPersisted()).isTrue();
    }

    @AfterAll
    static void stop() {
        client.close();
        proxy.close();
    }

    @Test
    void shardedCursor_withAnyCharacterChanged_isRefusedBeforeAnyRequest() {
        ShardQuery firstPage = ShardQuery.all().limit(7);
        String cursor = notes.query("alice", firstPage).join().cursor().orElseThrow();
        List<String> edits = everySingleCharacterEdit(cursor);

        for (String edited : edits) {
            refused(() -> notes.query("alice", firstPage.after(edited)));
        }

        assertThat(edits).hasSize(cursor.length()).doesNotHaveDuplicates().doesNotContain(cursor);
    }

    @Test
    void shardedCursor_movedToAnotherUserOrderOrQuery_isRefused() {
        ShardQuery firstPage = ShardQuery.all().limit(7);
        Page<Note> page = notes.query("alice", firstPage).join();
        String cursor = page.cursor().orElseThrow();

        refused(() -> notes.query("bob", firstPage.after(cursor)));
        refused(() -> notes.query("alice", firstPage.newestFirst().after(cursor)));
        refused(() -> notes.query(
                "alice",
                ShardQuery.where(SortKeyCondition.atLeast(AttributeValue.fromS("n-10")))
                        .limit(7)
                        .after(cursor)));
        assertThatThrownBy(() -> readings.query(
                        RangeQuery.of("c-1", DAY, DAY.plus(Duration.ofDays(2))).after(cursor)))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void shardedCursor_replayedOrWithAnotherLimit_readsTheSameKeyOnward() {
        ShardQuery firstPage = ShardQuery.all().limit(7);
        Page<Note> page = notes.query("alice", firstPage).join();
        String cursor = page.cursor().orElseThrow();

        List<Note> once = notes.query("alice", firstPage.after(cursor)).join().items();
        List<Note> replayed =
                notes.query("alice", firstPage.after(cursor)).join().items();
        List<Note> rest = notes.query("alice", ShardQuery.all().limit(100).after(cursor))
                .join()
                .items();

        assertThat(names(replayed)).isEqualTo(names(once));
        assertThat(rest).allMatch(n -> n.getOwner().equals("alice"));
        assertThat(names(page.items()).size() + rest.size()).isEqualTo(30);
        assertThat(names(rest)).doesNotContainAnyElementsOf(names(page.items()));
    }

    @Test
    void shardedCursor_afterTheKeysShardCountChanged_readsTheRestOfTheKeyOnce() {
        ShardQuery firstPage = ShardQuery.all().limit(7);
        Page<Note> page = notes.query("alice", firstPage).join();
        String cursor = page.cursor().orElseThrow();

        shardMap.reshard("alice", 8).join();
        try {
            List<Note> rest = notes.query("alice", ShardQuery.all().limit(100).after(cursor))
                    .join()
                    .items();

            assertThat(rest).hasSize(23).allMatch(n -> n.getOwner().equals("alice"));
            assertThat(names(rest)).doesNotHaveDuplicates().doesNotContainAnyElementsOf(names(page.items()));
            refused(() -> notes.query("bob", firstPage.after(cursor)));
        } finally {
            shardMap.reshard("alice", 4).join();
        }
    }

    @Test
    void timeSeriesCursor_editedOrMovedToAnotherEntityRangeOrOrder_isRefused() {
        RangeQuery firstPage =
                RangeQuery.of("c-1", DAY, DAY.plus(Duration.ofDays(2))).limit(7);
        String cursor = readings.query(firstPage).join().cursor().orElseThrow();

        for (String edited : everySingleCharacterEdit(cursor)) {
            assertThatThrownBy(() -> readings.query(firstPage.after(edited)))
                    .isInstanceOf(InvalidCursorException.class);
        }
        assertThatThrownBy(() -> readings.query(RangeQuery.of("c-2", DAY, DAY.plus(Duration.ofDays(2)))
                        .limit(7)
                        .after(cursor)))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> readings.query(RangeQuery.of("c-1", DAY, DAY.plus(Duration.ofDays(3)))
                        .limit(7)
                        .after(cursor)))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> readings.query(firstPage.newestFirst().after(cursor)))
                .isInstanceOf(InvalidCursorException.class);
        refused(() -> notes.query("alice", ShardQuery.all().after(cursor)));
    }

    /**
     * The call is refused with {@link InvalidCursorException} at the call, before it returns a future, and sends no
     * Query (a sharded table checks its cursors at the call, whether the key's shard count is cached or not).
     */
    private static void refused(Supplier<CompletableFuture<?>> call) {
        long queries = proxy.stats().requests("Query");
        assertThatThrownBy(call::get).isInstanceOf(InvalidCursorException.class);
        assertThat(proxy.stats().requests("Query")).as("Queries sent").isEqualTo(queries);
    }

    /** The cursor with each character in turn replaced by another URL-safe Base64 character. */
    private static List<String> everySingleCharacterEdit(String cursor) {
        List<String> edits = new ArrayList<>();
        for (int i = 0; i < cursor.length(); i++) {
            char original = cursor.charAt(i);
            char replacement = URL_SAFE.charAt((URL_SAFE.indexOf(original) + 1 + i) % URL_SAFE.length());
            if (replacement == original) {
                replacement = URL_SAFE.charAt((URL_SAFE.indexOf(original) + 2) % URL_SAFE.length());
            }
            edits.add(cursor.substring(0, i) + replacement + cursor.substring(i + 1));
        }
        return edits;
    }

    private static List<String> names(List<Note> page) {
        return page.stream().map((Function<Note, String>) Note::getName).toList();
    }
}
