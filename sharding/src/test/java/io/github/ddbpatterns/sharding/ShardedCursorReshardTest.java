package io.github.ddbpatterns.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidCursorException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.TestTables;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * A {@link ShardedTable} cursor across a change of the key's shard count (issue 14): raised (the added shards
 * receive items only after the cursor was issued) or lowered and retired (the dropped shards emptied first), it
 * resumes and returns every item ahead of it exactly once, none behind it, in order.
 */
@DynamoDbLocalTest
class ShardedCursorReshardTest {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final ShardKeyCodec CODEC = ShardKeyCodec.ofDefaults();

    private record Setup(
            MutableClock clock, TableShardMap map, ShardedTable<Event> events, DynamoDbAsyncTable<Event> raw) {}

    private static Setup setup(DynamoDbLocal local, TestTables tables, int shards) {
        String table = tables.create(Event.SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        TableShardMap map = TableShardMap.builder()
                .dynamoDbClient(local.clients().async())
                .clock(clock)
                .tableName(table)
                .partitionKey("pk")
                .sortKey("sk", AttributeValue.fromS("#shardmap"))
                .defaultShards(shards)
                .ttl(TTL)
                .build();
        ShardedTable<Event> events = ShardedTable.builder(Event.SCHEMA)
                .dynamoDbClient(local.clients().async())
                .clock(clock)
                .tableName(table)
                .logicalKey(Event::getUserId)
                .shardMap(map)
                .build();
        return new Setup(clock, map, events, local.clients().enhancedAsync().table(table, Event.SCHEMA));
    }

    /** Writes an item of {@code user} straight to shard {@code shard}, bypassing the table's choice of shard. */
    private static Event putAt(Setup s, String user, int shard, String sk) {
        Event e = new Event(user, sk, "p");
        e.setPk(CODEC.encode(user, shard));
        s.raw().putItem(e).join();
        return e;
    }

    private static String sk(int n) {
        return String.format("s-%03d", n);
    }

    /** Follows {@code cursor} to the end, {@code limit} items a page. */
    private static List<Event> follow(ShardedTable<Event> events, String user, ShardQuery query, String cursor) {
        List<Event> all = new ArrayList<>();
        String next = cursor;
        while (next != null) {
            Page<Event> page = events.query(user, query.after(next)).join();
            all.addAll(page.items());
            next = page.cursor().orElse(null);
        }
        return all;
    }

    private static List<String> sks(List<Event> events) {
        return events.stream().map(Event::getSk).toList();
    }

    /**
     * Items s-010 .. s-200 (every 10) at {@code shards} shards, a first page of 7, a raise to 4 shards, then items
     * written behind and ahead of the cursor in old and new shards; the cursor followed to the end returns the
     * original items after the first page and the new items ahead of it, each once, in order.
     */
    private static void cursorAcrossRaise(DynamoDbLocal local, TestTables tables, int shards, boolean newestFirst) {
        Setup s = setup(local, tables, shards);
        List<String> original = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            original.add(sk(10 * i));
            putAt(s, "u", i % shards, sk(10 * i));
        }
        ShardQuery query = newestFirst
                ? ShardQuery.all().newestFirst().limit(7)
                : ShardQuery.all().limit(7);
        Page<Event> first = s.events().query("u", query).join();
        String position = first.items().get(6).getSk();

        s.map().reshard("u", 4).join();
        s.clock().advance(TTL.plusSeconds(1)); // writers use a raised count only after every reader's cache covers it
        List<String> behind = new ArrayList<>();
        List<String> ahead = new ArrayList<>();
        int[] offsets = {-65, -33, -4, 1, 5, 27, 83, 999};
        int at = Integer.parseInt(position.substring(2));
        for (int k = 0; k < offsets.length; k++) {
            int n = at + (newestFirst ? -offsets[k] : offsets[k]);
            if (n <= 0 || n % 10 == 0) {
                continue;
            }
            putAt(s, "u", (k % 4), sk(n)); // old shard 0, then the new shards 1..3 (and 2, 3 for 2 shards)
            (offsets[k] < 0 ? behind : ahead).add(sk(n));
        }
        // in a new shard with the sort key of the cursor's last item: counts as behind the cursor
        putAt(s, "u", 3, position + "");
        List<Event> rest = follow(s.events(), "u", query, first.cursor().orElseThrow());

        Comparator<String> order = newestFirst ? Comparator.<String>reverseOrder() : Comparator.naturalOrder();
        TreeSet<String> expected = new TreeSet<>(order);
        expected.addAll(original);
        expected.addAll(ahead);
        expected.removeAll(sks(first.items()));
        assertThat(s.events().layout("u").join().readWidth()).isEqualTo(4);
        assertThat(sks(first.items())).hasSize(7).isSortedAccordingTo(order);
        assertThat(behind).isNotEmpty();
        assertThat(ahead).hasSizeGreaterThanOrEqualTo(4);
        assertThat(rest).extracting(Event::getPk).anyMatch(pk -> pk.endsWith("#shard-3"));
        assertThat(sks(rest)).containsExactlyElementsOf(expected).doesNotContainAnyElementsOf(behind);
        assertThat(sks(rest)).doesNotContain(position);
    }

    @Test
    void query_whenAscendingCursorFollowedAfterRaiseFrom1To4_returnsEveryItemAheadOnceAndNoneBehind(
            DynamoDbLocal local, TestTables tables) {
        cursorAcrossRaise(local, tables, 1, false);
    }

    @Test
    void query_whenAscendingCursorFollowedAfterRaiseFrom2To4_returnsEveryItemAheadOnceAndNoneBehind(
            DynamoDbLocal local, TestTables tables) {
        cursorAcrossRaise(local, tables, 2, false);
    }

    @Test
    void query_whenDescendingCursorFollowedAfterRaiseFrom1To4_returnsEveryItemAheadOnceAndNoneBehind(
            DynamoDbLocal local, TestTables tables) {
        cursorAcrossRaise(local, tables, 1, true);
    }

    @Test
    void query_whenDescendingCursorFollowedAfterRaiseFrom2To4_returnsEveryItemAheadOnceAndNoneBehind(
            DynamoDbLocal local, TestTables tables) {
        cursorAcrossRaise(local, tables, 2, true);
    }

    @Test
    void stream_whenCursorIssuedBeforeARaise_streamsEveryItemAheadOnce(DynamoDbLocal local, TestTables tables) {
        Setup s = setup(local, tables, 1);
        for (int i = 1; i <= 10; i++) {
            putAt(s, "u", 0, sk(10 * i));
        }
        Page<Event> first = s.events().query("u", ShardQuery.all().limit(3)).join();
        s.map().reshard("u", 3).join();
        s.clock().advance(TTL.plusSeconds(1));
        putAt(s, "u", 1, sk(5));
        putAt(s, "u", 2, sk(45));
        putAt(s, "u", 1, sk(101));
        List<Event> streamed = new ArrayList<>();

        s.events().stream("u", ShardQuery.all().after(first.cursor().orElseThrow()))
                .subscribe(streamed::add)
                .join();

        assertThat(sks(streamed))
                .containsExactly(sk(40), sk(45), sk(50), sk(60), sk(70), sk(80), sk(90), sk(100), sk(101));
    }

    @Test
    void query_whenCursorIssuedAt4ShardsIsFollowedAfterTheDroppedShardsAreEmptiedAndRetired_continuesExactly(
            DynamoDbLocal local, TestTables tables) {
        Setup s = setup(local, tables, 1);
        s.map().reshard("u", 4).join();
        s.clock().advance(TTL.plusSeconds(1));
        List<Event> written = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            written.add(putAt(s, "u", i % 4, sk(10 * i)));
        }
        ShardQuery query = ShardQuery.all().limit(6);
        Page<Event> first = s.events().query("u", query).join();
        Page<Event> second = s.events().query("u", query.after(first)).join();

        s.map().reshard("u", 1).join(); // lowered: reads still cover the 4 shards
        List<String> deleted = new ArrayList<>();
        for (Event e : written) {
            if (!e.getPk().endsWith("#shard-0")) {
                s.events().delete(e).join();
                deleted.add(e.getSk());
            }
        }
        ShardLayout retired = s.map().retire("u").join();
        s.clock().advance(TTL.plusSeconds(1));
        List<Event> rest = follow(s.events(), "u", query, second.cursor().orElseThrow());

        List<String> expected = written.stream()
                .filter(e -> e.getPk().endsWith("#shard-0"))
                .map(Event::getSk)
                .filter(sk -> sk.compareTo(second.items().get(5).getSk()) > 0)
                .toList();
        assertThat(retired).isEqualTo(ShardLayout.of(1));
        assertThat(s.events().layout("u").join().readWidth()).isEqualTo(1);
        assertThat(sks(first.items())).containsExactly(sk(10), sk(20), sk(30), sk(40), sk(50), sk(60));
        assertThat(sks(second.items())).containsExactly(sk(70), sk(80), sk(90), sk(100), sk(110), sk(120));
        assertThat(expected).hasSize(7);
        assertThat(sks(rest)).containsExactlyElementsOf(expected).doesNotContainAnyElementsOf(deleted);
    }

    @Test
    void query_whenResumedAfterARaiseBeforeAnyWriteToTheAddedShards_returnsTheSameItemsAsBefore(
            DynamoDbLocal local, TestTables tables) {
        Setup s = setup(local, tables, 2);
        for (int i = 1; i <= 12; i++) {
            putAt(s, "u", i % 2, sk(10 * i));
        }
        ShardQuery query = ShardQuery.all().newestFirst().limit(4);
        String cursor = s.events().query("u", query).join().cursor().orElseThrow();
        List<Event> before = follow(s.events(), "u", query, cursor);

        s.map().reshard("u", 5).join(); // nothing written to the new shards yet
        List<Event> wide = follow(s.events(), "u", query, cursor);

        assertThat(sks(before)).containsExactly(sk(80), sk(70), sk(60), sk(50), sk(40), sk(30), sk(20), sk(10));
        assertThat(wide)
                .extracting(Event::toString)
                .isEqualTo(before.stream().map(Event::toString).toList());
    }

    @Test
    void query_whenCursorIsMovedToAnotherKeyOrQueryAfterARaise_isRefusedAtTheCall(
            DynamoDbLocal local, TestTables tables) {
        Setup s = setup(local, tables, 1);
        for (int i = 1; i <= 10; i++) {
            putAt(s, "u", 0, sk(10 * i));
            putAt(s, "v", 0, sk(10 * i));
        }
        ShardQuery query = ShardQuery.all().limit(3);
        String cursor = s.events().query("u", query).join().cursor().orElseThrow();
        s.map().reshard("u", 4).join();
        s.map().reshard("v", 4).join();

        assertThatThrownBy(() -> s.events().query("v", query.after(cursor))).isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> s.events().query("u", query.newestFirst().after(cursor)))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(
                        () -> s.events().query("u", query.consistentRead(true).after(cursor)))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> s.events().stream("v", ShardQuery.all().after(cursor)))
                .isInstanceOf(InvalidCursorException.class);
        assertThat(sks(s.events()
                        .query("u", query.limit(2).after(cursor))
                        .join()
                        .items()))
                .containsExactly(sk(40), sk(50));
    }

    @Test
    void query_whenItemsAreWrittenIntoAShardTheCursorReadToItsEnd_returnsThoseAheadAndNotThoseBehind(
            DynamoDbLocal local, TestTables tables) {
        Setup s = setup(local, tables, 4);
        for (int i = 1; i <= 10; i++) {
            putAt(s, "u", i % 2, sk(10 * i)); // shards 2 and 3 stay empty: read to their end by the first page
        }
        ShardQuery query = ShardQuery.all().limit(4);
        Page<Event> first = s.events().query("u", query).join();
        putAt(s, "u", 2, sk(35)); // behind the cursor (s-040)
        putAt(s, "u", 3, sk(45)); // ahead
        putAt(s, "u", 2, sk(200)); // ahead

        List<Event> rest = follow(s.events(), "u", query, first.cursor().orElseThrow());

        assertThat(sks(first.items())).containsExactly(sk(10), sk(20), sk(30), sk(40));
        assertThat(sks(rest)).containsExactly(sk(45), sk(50), sk(60), sk(70), sk(80), sk(90), sk(100), sk(200));
    }

    /**
     * A shard added after a cursor starts at an ExclusiveStartKey made of its physical key and the sort key of the
     * cursor's last item, an item that need not exist there: DynamoDB Local accepts it and starts after that sort key
     * in either direction.
     */
    @Test
    void query_withExclusiveStartKeyOfAnItemThatDoesNotExist_startsAfterItsSortKey(
            DynamoDbLocal local, TestTables tables) {
        Setup s = setup(local, tables, 1);
        String pk = CODEC.encode("u", 2);
        for (int n : new int[] {40, 60}) {
            putAt(s, "u", 2, sk(n));
        }
        Map<String, AttributeValue> missing =
                Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk(50)));

        QueryResponse forward = query(local, s, pk, missing, true);
        QueryResponse backward = query(local, s, pk, missing, false);

        assertThat(forward.items()).extracting(i -> i.get("sk").s()).containsExactly(sk(60));
        assertThat(backward.items()).extracting(i -> i.get("sk").s()).containsExactly(sk(40));
    }

    private static QueryResponse query(
            DynamoDbLocal local, Setup s, String pk, Map<String, AttributeValue> start, boolean forward) {
        return local.clients()
                .sync()
                .query(q -> q.tableName(s.raw().tableName())
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                        .exclusiveStartKey(start)
                        .scanIndexForward(forward));
    }

    /** An item of a table without sort key: each physical key holds one item, so shards merge unordered. */
    @DynamoDbBean
    public static class Tag {
        public static final TableSchema<Tag> SCHEMA = TableSchema.fromBean(Tag.class);
        private String pk;
        private String owner;

        @DynamoDbPartitionKey
        public String getPk() {
            return pk;
        }

        public void setPk(String pk) {
            this.pk = pk;
        }

        public String getOwner() {
            return owner;
        }

        public void setOwner(String owner) {
            this.owner = owner;
        }
    }

    @Test
    void query_whenUnorderedCursorFollowedAfterARaise_readsTheAddedShardsFromTheirBeginning(
            DynamoDbLocal local, TestTables tables) {
        String table = tables.create(Tag.SCHEMA);
        MutableClock clock = MutableClock.at(T0);
        TableShardMap map = TableShardMap.builder()
                .dynamoDbClient(local.clients().async())
                .clock(clock)
                .tableName(table)
                .partitionKey("pk")
                .defaultShards(2)
                .ttl(TTL)
                .build();
        ShardedTable<Tag> tags = ShardedTable.builder(Tag.SCHEMA)
                .dynamoDbClient(local.clients().async())
                .clock(clock)
                .tableName(table)
                .logicalKey(Tag::getOwner)
                .shardMap(map)
                .build();
        DynamoDbAsyncTable<Tag> raw = local.clients().enhancedAsync().table(table, Tag.SCHEMA);
        for (int shard : new int[] {0, 1}) {
            Tag t = new Tag();
            t.setOwner("o");
            t.setPk(CODEC.encode("o", shard));
            raw.putItem(t).join();
        }
        Page<Tag> first = tags.query("o", ShardQuery.all().limit(1)).join();

        map.reshard("o", 4).join();
        clock.advance(TTL.plusSeconds(1));
        for (int shard : new int[] {2, 3}) {
            Tag t = new Tag();
            t.setOwner("o");
            t.setPk(CODEC.encode("o", shard));
            raw.putItem(t).join();
        }
        Page<Tag> rest =
                tags.query("o", ShardQuery.all().limit(10).after(first)).join();

        List<String> all =
                new ArrayList<>(first.items().stream().map(Tag::getPk).toList());
        all.addAll(rest.items().stream().map(Tag::getPk).toList());
        assertThat(all).containsExactlyInAnyOrder("o#shard-0", "o#shard-1", "o#shard-2", "o#shard-3");
        assertThat(rest.hasMore()).isFalse();
    }
}
