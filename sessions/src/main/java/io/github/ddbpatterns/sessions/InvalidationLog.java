package io.github.ddbpatterns.sessions;

import io.github.ddbpatterns.core.table.KeyAttribute;
import io.github.ddbpatterns.core.table.TableLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items of the invalidation table (the coordination table of stream invalidation), one partition per watched
 * table: the lease of the instance that reads the stream at sort key {@link #LEASE_POSITION}, and the log of
 * changed keys it republishes at increasing positions below it ({@code epoch << 32 | counter}: every takeover
 * starts a higher epoch, so a new holder's entries sort after the old one's). One consistent Query of
 * {@code position > last seen} returns the new log entries and, last, the lease. Log entries carry a TTL.
 */
final class InvalidationLog {

    /** Partition key: the watched table's name. */
    static final String TABLE = "table";
    /** Sort key: a log entry's position, or {@link #LEASE_POSITION} for the lease. */
    static final String POSITION = "position";
    /** TTL attribute of log entries (epoch seconds); the lease has none. */
    static final String EXPIRES_AT = "expiresAt";
    /** Log entry: the changed keys (a list of key maps). */
    static final String KEYS = "keys";
    /** Log entry: true when every cached entry must be evicted (history that cannot be read again). */
    static final String ALL = "all";
    /** Lease: the holder's id. */
    static final String HOLDER = "holder";
    /** Lease: epoch millis until which the holder owns it; 0 when released. */
    static final String LEASE_UNTIL = "leaseUntil";
    /** Lease: incremented on every takeover; the high half of log positions. */
    static final String EPOCH = "epoch";
    /** Lease: incremented on every write of the lease, for conditional takeovers. */
    static final String VERSION = "version";
    /** Lease: the stream read; present once a holder reads the stream. */
    static final String STREAM = "stream";
    /** Lease: shard id -> last sequence number published, "" (started at LATEST, none yet) or "done". */
    static final String SHARDS = "shards";

    /** The lease's sort key: after every log entry. */
    static final long LEASE_POSITION = Long.MAX_VALUE;

    /** Log entries stop growing past this many bytes of keys (an item holds at most 400 KB). */
    static final int MAX_ENTRY_BYTES = 300_000;

    private InvalidationLog() {}

    /** The invalidation table's layout: partition key {@code table} (S), sort key {@code position} (N), TTL. */
    static TableLayout layout(String invalidationTable) {
        return TableLayout.builder(invalidationTable)
                .partitionKey(KeyAttribute.string(TABLE))
                .sortKey(KeyAttribute.number(POSITION))
                .timeToLive(EXPIRES_AT)
                .build();
    }

    /** The position of the {@code counter}th entry of {@code epoch}. */
    static long position(long epoch, long counter) {
        return (epoch << 32) | counter;
    }

    /** The key of the item at {@code position} of {@code table}'s partition. */
    static Map<String, AttributeValue> key(String table, long position) {
        return Map.of(TABLE, AttributeValue.fromS(table), POSITION, number(position));
    }

    static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static long longOf(Map<String, AttributeValue> item, String attribute, long absent) {
        AttributeValue value = item.get(attribute);
        return value == null || value.n() == null ? absent : Long.parseLong(value.n());
    }

    static @Nullable String stringOf(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        return value == null ? null : value.s();
    }

    /** Log entries of {@code keys}, each under {@link #MAX_ENTRY_BYTES}; empty for no keys. */
    static List<List<Map<String, AttributeValue>>> split(List<Map<String, AttributeValue>> keys) {
        List<List<Map<String, AttributeValue>>> entries = new ArrayList<>();
        List<Map<String, AttributeValue>> current = new ArrayList<>();
        int bytes = 0;
        for (Map<String, AttributeValue> key : keys) {
            int size = sizeOf(key);
            if (!current.isEmpty() && bytes + size > MAX_ENTRY_BYTES) {
                entries.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(key);
            bytes += size;
        }
        if (!current.isEmpty()) {
            entries.add(current);
        }
        return entries;
    }

    /** A generous estimate of a key map's size in an item. */
    private static int sizeOf(Map<String, AttributeValue> key) {
        int size = 8;
        for (Map.Entry<String, AttributeValue> attribute : key.entrySet()) {
            AttributeValue value = attribute.getValue();
            size += attribute.getKey().getBytes(StandardCharsets.UTF_8).length + 8;
            if (value.s() != null) {
                size += value.s().getBytes(StandardCharsets.UTF_8).length;
            } else if (value.n() != null) {
                size += value.n().length();
            } else if (value.b() != null) {
                size += value.b().asByteArray().length;
            }
        }
        return size;
    }

    /** The keys of a log entry as the watched table's key maps. */
    static List<Map<String, AttributeValue>> keysOf(Map<String, AttributeValue> entry) {
        AttributeValue keys = entry.get(KEYS);
        if (keys == null || !keys.hasL()) {
            return List.of();
        }
        List<Map<String, AttributeValue>> result = new ArrayList<>(keys.l().size());
        for (AttributeValue key : keys.l()) {
            result.add(new HashMap<>(key.m()));
        }
        return result;
    }
}
