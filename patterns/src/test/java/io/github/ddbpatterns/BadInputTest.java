package io.github.ddbpatterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.batch.WriteOutcome;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.core.fanout.FanOutQuery;
import io.github.ddbpatterns.core.keys.ShardKeyCodec;
import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.sessions.PreferenceStore;
import io.github.ddbpatterns.sessions.SessionStore;
import io.github.ddbpatterns.sharding.ShardQuery;
import io.github.ddbpatterns.sharding.ShardedCounter;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.TestTables;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import io.github.ddbpatterns.timeseries.RangeQuery;
import io.github.ddbpatterns.timeseries.TimeSeriesTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.ThrowingSupplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The README's bad-input table, row by row: every write and read path refuses the input with an
 * {@link InvalidInputException} naming the field, and the proxy in front of DynamoDB Local counts no request
 * (nothing is sent, so nothing is half-written).
 */
@io.github.ddbpatterns.testing.DynamoDbLocalTest
class BadInputTest {

    static final String BIG = "x".repeat(410 * 1024);
    static final String LONG_PARTITION = "p".repeat(2049);
    static final String LONG_SORT = "s".repeat(1025);
    static final String UNPAIRED = "user-\uD800-42";
    static final Instant AT = Instant.parse("2026-03-10T12:00:00Z");

    static ThrottlingProxy proxy;
    static DynamoDbAsyncClient client;
    static ShardedTable<Note> notes;
    static ShardedCounter counter;
    static TimeSeriesTable<Reading> readings;
    static SessionStore sessions;
    static PreferenceStore<Setting> settings;
    static BatchWriter batchWriter;
    static WriteBuffer buffer;
    static String rawTable;

    @BeforeAll
    static void start(TestTables tables) {
        proxy = ThrottlingProxy.builder()
                .target(DynamoDbLocal.shared().endpoint())
                .build()
                .start();
        client = proxy.clients().asyncBuilder().build();
        DdbPatterns ddb = DdbPatterns.builder().dynamoDbClient(client).build();
        notes = ddb.shardedTable(Note.SCHEMA)
                .tableName(tables.uniqueName())
                .logicalKey(Note::getOwner)
                .shards(4)
                .build();
        counter = ddb.shardedCounter()
                .tableName(tables.uniqueName())
                .partitionKey("pk")
                .shards(4)
                .build();
        readings = ddb.timeSeries(Reading.SCHEMA)
                .tableName(tables.uniqueName())
                .entityId(Reading::getEntity)
                .timestamp(Reading::getAt)
                .build();
        sessions = ddb.sessions().tableName(tables.uniqueName()).build();
        settings =
                ddb.preferences(Setting.SCHEMA).tableName(tables.uniqueName()).build();
        batchWriter = ddb.batchWriter().build();
        buffer = ddb.writeBuffer().build();
        rawTable = RawTable.create(tables);
        for (var created : List.of(
                notes.createTable(),
                counter.createTable(),
                readings.createTable(),
                sessions.createTable(),
                settings.createTable())) {
            created.join();
        }
        // the first request of each repository is its table check: run it now so rows count data requests only
        notes.get(new Note("warm", "up", null)).join();
        counter.get("warm").join();
        readings.latest("warm", 1).join();
        sessions.get("warm").join();
        settings.get("warm").join();
    }

    @AfterAll
    static void stop() {
        settings.close();
        buffer.close();
        client.close();
        proxy.close();
    }

    @TestFactory
    Stream<DynamicNode> itemLargerThan400KB() {
        return row(
                "item",
                path("ShardedTable.put", () -> notes.put(new Note("user-1", "a", BIG))),
                path("ShardedTable.update", () -> notes.update(new Note("user-1", "a", BIG))),
                path(
                        "ShardedTable.putAll (nothing half-written)",
                        () -> notes.putAll(List.of(new Note("user-1", "ok", "fine"), new Note("user-1", "a", BIG)))),
                path("TimeSeriesTable.put", () -> readings.put(new Reading("c-1", AT, BIG))),
                path(
                        "TimeSeriesTable.putAll (nothing half-written)",
                        () -> readings.putAll(List.of(new Reading("c-1", AT, "ok"), new Reading("c-1", AT, BIG)))),
                path("SessionStore.create", "attributes", () -> sessions.create("user-1", Map.of("blob", BIG))),
                path("PreferenceStore.put", () -> settings.put(new Setting("user-1", BIG))),
                path("BatchWriter.write", () -> batchWriter.write(List.of(rawPut(s("k"), s(BIG))))),
                path("WriteBuffer.submit", () -> buffer.submit(rawPut(s("k"), s(BIG)))));
    }

    @TestFactory
    Stream<DynamicNode> partitionKeyLongerThan2048Bytes() {
        return row(
                "key",
                path("ShardedTable.put", () -> notes.put(new Note(LONG_PARTITION, "a", "b"))),
                path("ShardedTable.get", () -> notes.get(new Note(LONG_PARTITION, "a", null))),
                path("ShardedTable.query", () -> notes.query(LONG_PARTITION, ShardQuery.all())),
                path("ShardedCounter.increment", () -> counter.increment(LONG_PARTITION, 1)),
                path("ShardedCounter.get", () -> counter.get(LONG_PARTITION)),
                path("TimeSeriesTable.put", () -> readings.put(new Reading(LONG_PARTITION, AT, "b"))),
                path("TimeSeriesTable.latest", () -> readings.latest(LONG_PARTITION, 1)),
                path("SessionStore.create", () -> sessions.create(LONG_PARTITION, Map.of())),
                path("SessionStore.get", () -> sessions.get(LONG_PARTITION)),
                path("PreferenceStore.put", () -> settings.put(new Setting(LONG_PARTITION, "dark"))),
                path("PreferenceStore.get", () -> settings.get(LONG_PARTITION)),
                path("BatchWriter.write", () -> batchWriter.write(List.of(rawPut(s(LONG_PARTITION), s("v"))))),
                path("WriteBuffer.submit", () -> buffer.submit(rawPut(s(LONG_PARTITION), s("v")))));
    }

    @TestFactory
    Stream<DynamicNode> sortKeyLongerThan1024Bytes() {
        return row(
                "key",
                path("ShardedTable.put", () -> notes.put(new Note("user-1", LONG_SORT, "b"))),
                path("ShardedTable.get", () -> notes.get(new Note("user-1", LONG_SORT, null))),
                path("ShardedTable.delete", () -> notes.delete(new Note("user-1", LONG_SORT, null))));
    }

    @TestFactory
    Stream<DynamicNode> emptyKey() {
        return row(
                "",
                path("ShardedTable.put (logical key)", () -> notes.put(new Note("", "a", "b"))),
                path("ShardedTable.put (sort key)", () -> notes.put(new Note("user-1", "", "b"))),
                path("ShardedTable.query", () -> notes.query("", ShardQuery.all())),
                path("ShardedCounter.increment", () -> counter.increment("", 1)),
                path("TimeSeriesTable.put", () -> readings.put(new Reading("", AT, "b"))),
                path("RangeQuery.of", () -> RangeQuery.of("", AT, AT.plusSeconds(1))),
                path("SessionStore.create", () -> sessions.create("", Map.of())),
                path("SessionStore.get", () -> sessions.get("")),
                path("PreferenceStore.put", () -> settings.put(new Setting("", "dark"))),
                path("BatchWriter.write (empty string)", () -> batchWriter.write(List.of(rawPut(s(""), s("v"))))),
                path(
                        "BatchWriter.write (empty binary)",
                        () -> batchWriter.write(
                                List.of(rawPut(AttributeValue.fromB(SdkBytes.fromByteArray(new byte[0])), s("v"))))),
                path("WriteBuffer.submit (empty string)", () -> buffer.submit(rawPut(s(""), s("v")))));
    }

    @TestFactory
    Stream<DynamicNode> keyOfAWrongType() {
        return row(
                "",
                path(
                        "BatchWriter.write (BOOL key)",
                        () -> batchWriter.write(List.of(rawPut(AttributeValue.fromBool(true), s("v"))))),
                path(
                        "WriteBuffer.submit (NULL key)",
                        () -> buffer.submit(rawPut(AttributeValue.fromNul(true), s("v")))),
                path(
                        "BatchWriter.write (list key)",
                        () -> batchWriter.write(List.of(rawPut(AttributeValue.fromL(List.of()), s("v"))))));
    }

    @TestFactory
    Stream<DynamicNode> unpairedSurrogateInKey() {
        return row(
                "",
                path("ShardedTable.put", () -> notes.put(new Note(UNPAIRED, "a", "b"))),
                path("ShardedTable.put (sort key)", () -> notes.put(new Note("user-1", "a\uDC00", "b"))),
                path(
                        "ShardedTable.put (an attribute)",
                        "item.body",
                        () -> notes.put(new Note("user-1", "a", UNPAIRED))),
                path("ShardedTable.get", () -> notes.get(new Note(UNPAIRED, "a", null))),
                path("ShardedTable.query", () -> notes.query(UNPAIRED, ShardQuery.all())),
                path("ShardedCounter.increment", () -> counter.increment(UNPAIRED, 1)),
                path("TimeSeriesTable.put", () -> readings.put(new Reading(UNPAIRED, AT, "b"))),
                path("SessionStore.create", () -> sessions.create(UNPAIRED, Map.of())),
                path(
                        "SessionStore.create (an attribute)",
                        "attributes",
                        () -> sessions.create("u", Map.of("a", UNPAIRED))),
                path("TimeSeriesTable.latest", () -> readings.latest(UNPAIRED, 1)),
                path("PreferenceStore.put", () -> settings.put(new Setting(UNPAIRED, "dark"))),
                path("PreferenceStore.get", () -> settings.get(UNPAIRED)),
                path("BatchWriter.write", () -> batchWriter.write(List.of(rawPut(s(UNPAIRED), s("v"))))),
                path("WriteBuffer.submit", () -> buffer.submit(rawPut(s(UNPAIRED), s("v")))));
    }

    @TestFactory
    Stream<DynamicNode> reversedOrEmptyTimeRange() {
        return row(
                "to",
                path("RangeQuery.of (reversed)", () -> RangeQuery.of("c-1", AT, AT.minusSeconds(1))),
                path("RangeQuery.of (empty)", () -> RangeQuery.of("c-1", AT, AT)));
    }

    @TestFactory
    Stream<DynamicNode> hugeTimeRange() {
        return row(
                "",
                path(
                        "RangeQuery over 10,000 years (longer than maxRange)",
                        "to",
                        () -> readings.query(RangeQuery.of(
                                "c-1", Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("9999-01-01T00:00:00Z")))),
                path("RangeQuery from Instant.MIN", "to", () -> readings.query(RangeQuery.of("c-1", Instant.MIN, AT))),
                path(
                        "RangeQuery before year 1",
                        "from",
                        () -> readings.query(RangeQuery.of(
                                "c-1", Instant.parse("0000-12-31T23:00:00Z"), Instant.parse("0001-01-01T01:00:00Z")))));
    }

    @TestFactory
    Stream<DynamicNode> limitNotPositive() {
        return row(
                "limit",
                path("ShardQuery.limit(0)", () -> ShardQuery.all().limit(0)),
                path(
                        "RangeQuery.limit(-1)",
                        () -> RangeQuery.of("c-1", AT, AT.plusSeconds(1)).limit(-1)),
                path("TimeSeriesTable.latest(entity, 0)", "n", () -> readings.latest("c-1", 0)),
                path("FanOutQuery.limit(0)", () -> FanOutQuery.<Note>builder().limit(0)));
    }

    @TestFactory
    Stream<DynamicNode> limitAbsurdlyLarge() {
        return row(
                "limit",
                path(
                        "ShardQuery.limit(Integer.MAX_VALUE)",
                        () -> ShardQuery.all().limit(Integer.MAX_VALUE)),
                path(
                        "RangeQuery.limit(Integer.MAX_VALUE)",
                        () -> RangeQuery.of("c-1", AT, AT.plusSeconds(1)).limit(Integer.MAX_VALUE)),
                path(
                        "TimeSeriesTable.latest(entity, Integer.MAX_VALUE)",
                        "n",
                        () -> readings.latest("c-1", Integer.MAX_VALUE)));
    }

    @TestFactory
    Stream<DynamicNode> shardCountOutOfRange() {
        return row(
                "shard",
                path(
                        "ShardedTable.Builder.shards(0)",
                        () -> ShardedTable.builder(Note.SCHEMA).shards(0)),
                path(
                        "ShardedTable.Builder.shards(MAX + 1)",
                        () -> ShardedTable.builder(Note.SCHEMA).shards(ShardKeyCodec.MAX_SHARDS + 1)),
                path(
                        "ShardedCounter.Builder.shards(0)",
                        () -> ShardedCounter.builder().shards(0)),
                path(
                        "TimeSeriesTable.Builder.shards(0)",
                        () -> TimeSeriesTable.builder(Reading.SCHEMA).shards(0)));
    }

    @TestFactory
    Stream<DynamicNode> missingValue() {
        List<Note> withNull = new ArrayList<>(Arrays.asList(new Note("user-1", "ok", "fine"), null));
        return row(
                "",
                path("ShardedTable.put(null)", () -> notes.put(null)),
                path("ShardedTable.putAll(null)", () -> notes.putAll(null)),
                path("ShardedTable.putAll (a null element, nothing half-written)", () -> notes.putAll(withNull)),
                path("TimeSeriesTable.put (no timestamp)", () -> readings.put(new Reading("c-1", null, "b"))),
                path("SessionStore.create(null)", () -> sessions.create(null, Map.of())),
                path("BatchWriter.write(null)", () -> batchWriter.write(null)),
                path("WriteBuffer.submit(null)", () -> buffer.submit(null)));
    }

    // ---------------------------------------------------------------- harness

    /** One path of a row; {@code field} (when not null) replaces the row's expected field. */
    record Path(String name, String field, ThrowingSupplier<?> action) {}

    static Path path(String name, ThrowingSupplier<?> action) {
        return new Path(name, null, action);
    }

    static Path path(String name, String field, ThrowingSupplier<?> action) {
        return new Path(name, field, action);
    }

    /** One README row: every path refuses, naming a field that contains {@code field}, and sends nothing. */
    static Stream<DynamicNode> row(String field, Path... paths) {
        return Stream.of(paths)
                .map(p -> dynamicTest(p.name(), () -> {
                    long before = proxy.stats().requests();
                    InvalidInputException refusal = refusal(p.action());
                    assertThat(refusal.field())
                            .as("field of: %s", refusal.getMessage())
                            .contains(p.field() == null ? field : p.field());
                    assertThat(refusal.getMessage()).startsWith(refusal.field() + " must ");
                    assertThat(proxy.stats().requests() - before)
                            .as("requests sent")
                            .isZero();
                }));
    }

    static InvalidInputException refusal(ThrowingSupplier<?> action) throws Throwable {
        Object result;
        try {
            result = action.get();
        } catch (InvalidInputException e) {
            return e;
        }
        if (result instanceof CompletableFuture<?> future) {
            Throwable failure = future.handle((v, e) -> e).join();
            if (failure != null && DynamoDbErrors.unwrap(failure) instanceof InvalidInputException e) {
                fail("refused in the future, not at the call: " + e.getMessage());
            }
            if (failure != null) {
                fail("failed with " + DynamoDbErrors.unwrap(failure));
            }
            result = future.join();
        }
        if (result instanceof BatchWriteResult batch
                && batch.outcomes().get(batch.outcomes().size() - 1) instanceof WriteOutcome.Failed failed
                && failed.cause() instanceof InvalidInputException e) {
            return e;
        }
        return fail("accepted: " + result);
    }

    static WriteOp rawPut(AttributeValue key, AttributeValue value) {
        return WriteOp.put(rawTable, Map.of("pk", key), Map.of("pk", key, "v", value));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
