package io.github.ddbpatterns.testing.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ddbpatterns.testing.FaultKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The DynamoDB-aware part of the proxy, independent of the HTTP front end: takes one request (headers and
 * body), decides fault, throttling or forwarding, and produces the reply. Thread-safe; never blocks.
 */
public final class ProxyEngine implements AutoCloseable {

    private static final String TARGET_PREFIX = "DynamoDB_20120810.";

    private final ObjectMapper json = new ObjectMapper();
    private final StatsCounters stats;
    private final Upstream upstream;
    private final KeySchemaCache schemas;
    private final StoredItems items;
    private final KeyLocks locks = new KeyLocks();
    private volatile Runtime runtime;

    /** Settings with their live state; replaced as a whole by {@link #reconfigure}. */
    private record Runtime(
            ProxySettings settings, CapacityLedger ledger, FaultInjector faults, Map<String, AtomicLong> scanCursors) {}

    public ProxyEngine(ProxySettings settings, StatsCounters stats) {
        this.stats = stats;
        this.upstream = new Upstream(settings.target());
        this.schemas = new KeySchemaCache(upstream, json);
        this.items = new StoredItems(json);
        this.runtime = newRuntime(settings, null);
    }

    private Runtime newRuntime(ProxySettings settings, Runtime previous) {
        CapacityLedger ledger = previous != null && previous.settings.sameCapacity(settings)
                ? previous.ledger
                : new CapacityLedger(settings, stats);
        return new Runtime(settings, ledger, new FaultInjector(settings.faults()), new ConcurrentHashMap<>());
    }

    /** The current settings. */
    public ProxySettings settings() {
        return runtime.settings;
    }

    /**
     * Switches to new settings. Token buckets are kept when the capacity model is unchanged; fault plans
     * restart their counters and random sequences.
     */
    public synchronized void reconfigure(ProxySettings next) {
        runtime = newRuntime(next, runtime);
    }

    /** The counters this engine records into. */
    StatsCounters stats() {
        return stats;
    }

    /** The latency to add to the next request, in nanoseconds. */
    public long nextLatencyNanos() {
        return runtime.settings.latency().nextNanos();
    }

    /** Handles one request, forwarding through the shared JDK client. Headers keep their names as sent. */
    CompletableFuture<ProxyReply> handle(List<Map.Entry<String, String>> headers, byte[] body) {
        return handle(headers, body, upstream);
    }

    /** The forwarder for requests of one inbound connection, sharing its event loop. */
    ChannelUpstream connectionForwarder(io.netty.channel.EventLoop loop) {
        return new ChannelUpstream(loop, runtime.settings.target(), upstream);
    }

    /** Handles one request, forwarding through {@code fw}; a fault after forwarding spoils the answer. */
    CompletableFuture<ProxyReply> handle(List<Map.Entry<String, String>> headers, byte[] body, Forwarder fw) {
        Runtime rt = runtime;
        String op = operation(headers);
        FaultInjector.Decision decision = rt.faults.decide(op);
        CompletableFuture<ProxyReply> reply = handle(rt, op, decision, headers, body, fw);
        if (decision.answer() == FaultKind.RESPONSE_LOST) {
            return reply.thenApply(applied -> {
                stats.recordFault(FaultKind.RESPONSE_LOST);
                return ProxyReply.RESET;
            });
        }
        if (decision.answer() == FaultKind.CORRUPTED_CHECKSUM) {
            return reply.thenApply(applied -> {
                stats.recordFault(FaultKind.CORRUPTED_CHECKSUM);
                return applied.reset() ? applied : applied.withCorruptedChecksum();
            });
        }
        return reply;
    }

    private static String operation(List<Map.Entry<String, String>> headers) {
        String target = header(headers, "x-amz-target");
        return target == null
                ? "Unknown"
                : target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target;
    }

    private CompletableFuture<ProxyReply> handle(
            Runtime rt,
            String op,
            FaultInjector.Decision decision,
            List<Map.Entry<String, String>> headers,
            byte[] body,
            Forwarder fw) {
        stats.recordRequest(op);
        if (decision.answer() == FaultKind.CONNECTION_RESET) {
            stats.recordFault(FaultKind.CONNECTION_RESET);
            return CompletableFuture.completedFuture(ProxyReply.RESET);
        }
        if (decision.answer() == FaultKind.INTERNAL_SERVER_ERROR) {
            stats.recordFault(FaultKind.INTERNAL_SERVER_ERROR);
            return CompletableFuture.completedFuture(
                    ProxyReply.error(500, "InternalServerError", "Internal server error (injected by the proxy)"));
        }
        if (decision.answer() == FaultKind.THROTTLE) {
            stats.recordFault(FaultKind.THROTTLE);
            return throttled(rt, op);
        }
        try {
            switch (op) {
                case "PutItem":
                case "UpdateItem":
                case "DeleteItem":
                    return singleWrite(rt, op, fw, headers, body);
                case "GetItem":
                    return getItem(rt, fw, headers, body);
                case "Query":
                case "Scan":
                    return queryOrScan(rt, op, fw, headers, body);
                case "BatchWriteItem":
                    return batchWrite(rt, fw, headers, body, decision.unprocessed());
                case "BatchGetItem":
                    return batchGet(rt, fw, headers, body, decision.unprocessed());
                case "CreateTable":
                case "DeleteTable":
                case "UpdateTable":
                    String table = json.readTree(body).path("TableName").asText("");
                    schemas.forget(headers, table);
                    return forward(op, fw, headers, body).thenApply(reply -> {
                        schemas.forget(headers, table); // a look-up may have raced with the change
                        return reply;
                    });
                default:
                    return forward(op, fw, headers, body);
            }
        } catch (IOException | RuntimeException e) {
            // not DynamoDB JSON as expected: let the target answer as it would
            return forward(op, fw, headers, body);
        }
    }

    private CompletableFuture<ProxyReply> singleWrite(
            Runtime rt, String op, Forwarder fw, List<Map.Entry<String, String>> headers, byte[] body)
            throws IOException {
        JsonNode request = json.readTree(body);
        String table = request.path("TableName").asText(null);
        if (table == null) {
            return forward(op, fw, headers, body);
        }
        return schemas.get(headers, table).thenCompose(schema -> {
            JsonNode keySource = request.path("PutItem".equals(op) ? "Item" : "Key");
            JsonNode pk = schema == null ? null : keySource.get(schema.partitionKey());
            if (pk == null) {
                return forward(op, fw, headers, body);
            }
            if (rt.faults.throttlesWrite(op, pk)) {
                stats.recordFault(FaultKind.THROTTLE);
                return throttled(rt, op);
            }
            int partition = Partitioner.partition(table, pk, rt.settings.partitions());
            ObjectNode key = schema.keyOf(keySource);
            if (key != null && readsStoredItem(rt, schema)) {
                return imagedWrite(rt, op, fw, headers, body, request, schema, table, key, partition);
            }
            long bytes = ItemSize.of(keySource);
            if ("UpdateItem".equals(op)) {
                for (JsonNode value : request.path("ExpressionAttributeValues")) {
                    bytes += ItemSize.valueSize(value);
                }
                for (Iterator<Map.Entry<String, JsonNode>> it =
                                request.path("AttributeUpdates").fields();
                        it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    bytes += e.getKey().length()
                            + ItemSize.valueSize(e.getValue().path("Value"));
                }
            }
            if (!rt.ledger.tryWrite(table, partition, ItemSize.writeUnits(bytes))) {
                return throttled(rt, op);
            }
            return forward(op, fw, headers, body);
        });
    }

    /** True when writes to a table with {@code schema} read the stored item first. */
    private static boolean readsStoredItem(Runtime rt, KeySchema schema) {
        return rt.settings.chargeStoredItemSize() || schema.hasIndexes();
    }

    /**
     * A PutItem, UpdateItem or DeleteItem charged from the stored item: holding the item's key, reads it (the
     * before-image), admits the write when the table partition and every index partition it changes can take
     * their units, forwards it, then settles: an UpdateItem is charged again from the item read after it, a write
     * whose condition failed is charged by the stored item's size only (no index write), a write the target
     * refused otherwise is refunded.
     */
    private CompletableFuture<ProxyReply> imagedWrite(
            Runtime rt,
            String op,
            Forwarder fw,
            List<Map.Entry<String, String>> headers,
            byte[] body,
            JsonNode request,
            KeySchema schema,
            String table,
            ObjectNode key,
            int partition) {
        double floor = "PutItem".equals(op) ? ItemSize.writeUnits(ItemSize.of(request.get("Item"))) : 1;
        if (!rt.ledger.canWrite(table, partition, floor)) {
            return throttled(rt, op); // the table partition is out: answered without reading the item
        }
        String lock = KeySchemaCache.cacheKey(headers, "") + StoredItems.identity(table, key);
        return locks.withLocks(
                List.of(lock),
                () -> items.get(fw, headers, table, key).thenCompose(image -> {
                    if (image == null) {
                        return forward(op, fw, headers, body); // e.g. no such table: the target answers
                    }
                    JsonNode before = image.item();
                    JsonNode after = switch (op) {
                        case "PutItem" -> request.get("Item");
                        case "DeleteItem" -> null;
                        default -> UpdateEstimate.after(before, key, request);
                    };
                    List<CapacityLedger.WriteCharge> charges =
                            writeCharges(rt, schema, table, partition, before, after);
                    CapacityLedger.WriteCharge refused = rt.ledger.tryWriteAll(charges);
                    if (refused != null) {
                        return isIndexRefusal(refused) ? indexThrottled(rt, op, refused) : throttled(rt, op);
                    }
                    return forward(op, fw, headers, body)
                            .thenCompose(reply ->
                                    settle(rt, op, fw, headers, reply, schema, table, key, partition, before, charges));
                }));
    }

    private CompletableFuture<ProxyReply> settle(
            Runtime rt,
            String op,
            Forwarder fw,
            List<Map.Entry<String, String>> headers,
            ProxyReply reply,
            KeySchema schema,
            String table,
            ObjectNode key,
            int partition,
            JsonNode before,
            List<CapacityLedger.WriteCharge> admitted) {
        if (reply.status() == 200) {
            if (!"UpdateItem".equals(op)) {
                return CompletableFuture.completedFuture(reply);
            }
            return items.get(fw, headers, table, key).thenApply(image -> {
                if (image != null) {
                    rebalance(rt, admitted, writeCharges(rt, schema, table, partition, before, image.item()));
                }
                return reply;
            });
        }
        List<CapacityLedger.WriteCharge> kept = new ArrayList<>();
        if (reply.status() == 400
                && new String(reply.body(), StandardCharsets.UTF_8).contains("#ConditionalCheckFailed")) {
            // a failed condition still costs the table write units, by the stored item's size (at least 1)
            kept.add(new CapacityLedger.WriteCharge(
                    table, table, partition, ItemSize.writeUnits(ItemSize.of(before)), null));
        }
        rebalance(rt, admitted, kept);
        return CompletableFuture.completedFuture(reply);
    }

    /** Charges or refunds the difference between what was admitted and what the write cost. */
    private static void rebalance(
            Runtime rt, List<CapacityLedger.WriteCharge> admitted, List<CapacityLedger.WriteCharge> actual) {
        Map<String, CapacityLedger.WriteCharge> slots = new java.util.LinkedHashMap<>();
        Map<String, Double> delta = new java.util.HashMap<>();
        for (CapacityLedger.WriteCharge c : admitted) {
            String slot = c.bucketScope() + "\u0000" + c.statsScope() + "\u0000" + c.partition();
            slots.putIfAbsent(slot, c);
            delta.merge(slot, -c.units(), Double::sum);
        }
        for (CapacityLedger.WriteCharge c : actual) {
            String slot = c.bucketScope() + "\u0000" + c.statsScope() + "\u0000" + c.partition();
            slots.putIfAbsent(slot, c);
            delta.merge(slot, c.units(), Double::sum);
        }
        slots.forEach((slot, c) -> rt.ledger.adjustWrite(c, delta.get(slot)));
    }

    /**
     * The write units a write costs the table and each index, from the item before and after it: the table the
     * larger of the two item sizes (a delete: the deleted item's; nothing stored: 1 unit), each index per
     * {@link IndexWrites}. GSI writes go to the GSI's partitions; LSI writes to the table's partition.
     */
    private static List<CapacityLedger.WriteCharge> writeCharges(
            Runtime rt, KeySchema schema, String table, int partition, JsonNode before, JsonNode after) {
        List<CapacityLedger.WriteCharge> charges = new ArrayList<>();
        long bytes = Math.max(ItemSize.of(before), ItemSize.of(after));
        charges.add(new CapacityLedger.WriteCharge(table, table, partition, ItemSize.writeUnits(bytes), null));
        for (IndexSchema index : schema.indexes().values()) {
            String scope = table + "/" + index.name();
            for (IndexWrites.Write w : IndexWrites.of(index, schema, before, after)) {
                charges.add(
                        index.global()
                                ? new CapacityLedger.WriteCharge(
                                        scope,
                                        scope,
                                        Partitioner.partition(scope, w.partitionKey(), rt.settings.partitions()),
                                        w.units(),
                                        index)
                                : new CapacityLedger.WriteCharge(table, scope, partition, w.units(), index));
            }
        }
        return charges;
    }

    /** True when {@code refused} is a GSI's partition (an LSI's units come from the table's partition). */
    private static boolean isIndexRefusal(CapacityLedger.WriteCharge refused) {
        return refused.index() != null && refused.index().global();
    }

    /**
     * DynamoDB's answer when a GSI partition cannot take a table write (back-pressure): the index's error and
     * message, and a {@code ThrottlingReasons} entry naming the index ARN.
     */
    private CompletableFuture<ProxyReply> indexThrottled(Runtime rt, String op, CapacityLedger.WriteCharge refused) {
        stats.recordThrottled(op);
        stats.recordIndexThrottle(refused.statsScope());
        return CompletableFuture.completedFuture(indexThrottleReply(rt, refused));
    }

    private static ProxyReply indexThrottleReply(Runtime rt, CapacityLedger.WriteCharge refused) {
        BackPressure error = BackPressure.of(rt.settings.throttleErrorCode());
        return ProxyReply.throttlingError(
                error.code(),
                error.message(),
                error.reasonsField(),
                error.reason(),
                refused.index().arn());
    }

    private CompletableFuture<ProxyReply> getItem(
            Runtime rt, Forwarder fw, List<Map.Entry<String, String>> headers, byte[] body) throws IOException {
        JsonNode request = json.readTree(body);
        String table = request.path("TableName").asText(null);
        if (table == null) {
            return forward("GetItem", fw, headers, body);
        }
        boolean consistent = request.path("ConsistentRead").asBoolean(false);
        return schemas.get(headers, table).thenCompose(schema -> {
            JsonNode pk = schema == null ? null : request.path("Key").get(schema.partitionKey());
            if (pk == null) {
                return forward("GetItem", fw, headers, body);
            }
            int partition = Partitioner.partition(table, pk, rt.settings.partitions());
            double minimum = ItemSize.readUnits(0, consistent);
            if (!rt.ledger.admitRead(table, partition, minimum)) {
                return throttled(rt, "GetItem");
            }
            return forward("GetItem", fw, headers, body).thenApply(reply -> {
                if (reply.status() == 200) {
                    long bytes = ItemSize.of(readTree(reply.body()).get("Item"));
                    rt.ledger.chargeRead(table, partition, ItemSize.readUnits(bytes, consistent) - minimum);
                }
                return reply;
            });
        });
    }

    private CompletableFuture<ProxyReply> queryOrScan(
            Runtime rt, String op, Forwarder fw, List<Map.Entry<String, String>> headers, byte[] body)
            throws IOException {
        JsonNode request = json.readTree(body);
        String table = request.path("TableName").asText(null);
        if (table == null) {
            return forward(op, fw, headers, body);
        }
        String index = request.path("IndexName").asText(null);
        String scope = index == null ? table : table + "/" + index;
        boolean consistent = request.path("ConsistentRead").asBoolean(false);
        int partitions = rt.settings.partitions();
        return schemas.get(headers, table).thenCompose(schema -> {
            IndexSchema indexSchema = schema == null ? null : schema.index(index);
            // an LSI has no capacity of its own: its reads draw on the table's partitions (counted under its scope)
            String buckets = indexSchema != null && !indexSchema.global() ? table : scope;
            Integer partition;
            if ("Scan".equals(op)) {
                JsonNode segment = request.get("Segment");
                long n = segment != null
                        ? segment.asLong()
                        : rt.scanCursors
                                .computeIfAbsent(scope, s -> new AtomicLong())
                                .getAndIncrement();
                partition = (int) Math.floorMod(n, (long) partitions);
            } else {
                String attribute = schema == null ? null : schema.partitionKeyOf(index);
                JsonNode pk = attribute == null ? null : KeyConditions.partitionKeyValue(request, attribute);
                partition = pk == null ? null : Partitioner.partition(buckets, pk, partitions);
            }
            if (partition == null) {
                return forward(op, fw, headers, body);
            }
            double minimum = ItemSize.readUnits(0, consistent);
            if (!rt.ledger.admitRead(buckets, scope, partition, minimum)) {
                return throttled(rt, op);
            }
            if (filtered(request)) {
                return filteredRead(rt, op, fw, headers, request, buckets, scope, partition, minimum);
            }
            return forward(op, fw, headers, body).thenApply(reply -> {
                if (reply.status() == 200) {
                    long bytes = 0;
                    for (JsonNode item : readTree(reply.body()).path("Items")) {
                        bytes += ItemSize.of(item);
                    }
                    rt.ledger.chargeRead(buckets, scope, partition, ItemSize.readUnits(bytes, consistent) - minimum);
                }
                return reply;
            });
        });
    }

    /** A Query or Scan with a filter: DynamoDB charges the items it read, not the fewer it returns. */
    private static boolean filtered(JsonNode request) {
        return request.hasNonNull("FilterExpression")
                || request.hasNonNull("QueryFilter")
                || request.hasNonNull("ScanFilter");
    }

    /**
     * Forwards a filtered Query or Scan and charges what the target says it read ({@code ConsumedCapacity}, asked
     * for when the client did not ask, and then removed from the answer): the items evaluated before the filter,
     * whose sizes the answer does not carry.
     */
    private CompletableFuture<ProxyReply> filteredRead(
            Runtime rt,
            String op,
            Forwarder fw,
            List<Map.Entry<String, String>> headers,
            JsonNode request,
            String buckets,
            String scope,
            int partition,
            double minimum) {
        String asked = request.path("ReturnConsumedCapacity").asText("NONE");
        boolean added = "NONE".equals(asked);
        ObjectNode forwarded = request.deepCopy();
        if (added) {
            forwarded.put("ReturnConsumedCapacity", "TOTAL");
        }
        return forward(op, fw, headers, writeBytes(forwarded)).thenApply(reply -> {
            if (reply.status() != 200) {
                return reply;
            }
            JsonNode answer = readTree(reply.body());
            double units = answer.path("ConsumedCapacity").path("CapacityUnits").asDouble(minimum);
            rt.ledger.chargeRead(buckets, scope, partition, units - minimum);
            if (!added || !(answer instanceof ObjectNode object)) {
                return reply;
            }
            object.remove("ConsumedCapacity");
            return reply.withBody(writeBytes(object));
        });
    }

    private CompletableFuture<ProxyReply> batchWrite(
            Runtime rt,
            Forwarder fw,
            List<Map.Entry<String, String>> headers,
            byte[] body,
            FaultInjector.PlanState faultPlan)
            throws IOException {
        ObjectNode request = (ObjectNode) json.readTree(body);
        JsonNode requestItems = request.path("RequestItems");
        List<String> tables = fieldNames(requestItems);
        return schemasOf(headers, tables).thenCompose(schemaByTable -> {
            int total = 0;
            for (String table : tables) {
                total += requestItems.path(table).size();
            }
            BitSet faulted = faultPlan == null ? new BitSet() : faultPlan.pick(total);
            BatchState batch = new BatchState();
            int index = 0;
            int keyFaults = 0;
            for (String table : tables) {
                KeySchema schema = schemaByTable.get(table);
                for (JsonNode entry : requestItems.path(table)) {
                    if (faulted.get(index++)) {
                        arrayOf(batch.unprocessed, table).add(entry);
                        batch.faultedItems++;
                        continue;
                    }
                    JsonNode put = entry.get("PutRequest");
                    JsonNode keySource = put != null
                            ? put.path("Item")
                            : entry.path("DeleteRequest").path("Key");
                    JsonNode pk = schema == null ? null : keySource.get(schema.partitionKey());
                    if (pk != null && rt.faults.throttlesWrite("BatchWriteItem", pk)) {
                        arrayOf(batch.unprocessed, table).add(entry);
                        batch.throttledItems++;
                        keyFaults++;
                        continue;
                    }
                    if (pk != null) {
                        int partition = Partitioner.partition(table, pk, rt.settings.partitions());
                        ObjectNode key = schema.keyOf(keySource);
                        if (key != null && readsStoredItem(rt, schema)) {
                            double floor = put != null ? ItemSize.writeUnits(ItemSize.of(keySource)) : 1;
                            if (!rt.ledger.canWrite(table, partition, floor)) {
                                arrayOf(batch.unprocessed, table).add(entry);
                                batch.throttledItems++;
                            } else {
                                batch.pending.add(new PendingWrite(table, schema, entry, put, key, partition));
                            }
                            continue;
                        }
                        if (!rt.ledger.tryWrite(table, partition, ItemSize.writeUnits(ItemSize.of(keySource)))) {
                            arrayOf(batch.unprocessed, table).add(entry);
                            batch.throttledItems++;
                            continue;
                        }
                    }
                    arrayOf(batch.forwardItems, table).add(entry);
                    batch.forwarded++;
                }
            }
            if (keyFaults > 0) {
                stats.recordFault(FaultKind.THROTTLE); // once per request, as unprocessed-item faults are counted
            }
            if (batch.pending.isEmpty()) {
                return finishBatchWrite(rt, fw, headers, body, request, batch);
            }
            List<String> lockKeys = new ArrayList<>();
            Map<String, List<ObjectNode>> keysByTable = new java.util.LinkedHashMap<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            String credential = KeySchemaCache.cacheKey(headers, "");
            for (PendingWrite p : batch.pending) {
                String identity = StoredItems.identity(p.table(), p.key());
                lockKeys.add(credential + identity);
                if (seen.add(identity)) {
                    keysByTable
                            .computeIfAbsent(p.table(), t -> new ArrayList<>())
                            .add(p.key());
                }
            }
            return locks.withLocks(
                    lockKeys,
                    () -> items.getAll(fw, headers, keysByTable, schemaByTable).thenCompose(images -> {
                        for (PendingWrite p : batch.pending) {
                            if (images == null) { // the read failed: let the target answer, uncharged
                                arrayOf(batch.forwardItems, p.table()).add(p.entry());
                                batch.forwarded++;
                                continue;
                            }
                            JsonNode before = images.get(StoredItems.identity(p.table(), p.key()));
                            JsonNode after = p.put() == null ? null : p.put().path("Item");
                            List<CapacityLedger.WriteCharge> charges =
                                    writeCharges(rt, p.schema(), p.table(), p.partition(), before, after);
                            CapacityLedger.WriteCharge refused = rt.ledger.tryWriteAll(charges);
                            if (refused != null) {
                                arrayOf(batch.unprocessed, p.table()).add(p.entry());
                                batch.throttledItems++;
                                if (isIndexRefusal(refused)) {
                                    stats.recordIndexThrottle(refused.statsScope());
                                    batch.indexRefusal = refused;
                                    batch.indexThrottledItems++;
                                }
                                continue;
                            }
                            batch.admitted.addAll(charges);
                            arrayOf(batch.forwardItems, p.table()).add(p.entry());
                            batch.forwarded++;
                        }
                        return finishBatchWrite(rt, fw, headers, body, request, batch);
                    }));
        });
    }

    /** One BatchWriteItem item whose cost needs the stored item. */
    private record PendingWrite(
            String table, KeySchema schema, JsonNode entry, JsonNode put, ObjectNode key, int partition) {}

    /** What a BatchWriteItem request turned into: items to forward, items unprocessed, charges admitted. */
    private final class BatchState {
        final ObjectNode forwardItems = json.createObjectNode();
        final ObjectNode unprocessed = json.createObjectNode();
        final List<PendingWrite> pending = new ArrayList<>();
        final List<CapacityLedger.WriteCharge> admitted = new ArrayList<>();
        int forwarded;
        int throttledItems;
        int indexThrottledItems;
        int faultedItems;
        CapacityLedger.WriteCharge indexRefusal;
    }

    private CompletableFuture<ProxyReply> finishBatchWrite(
            Runtime rt,
            Forwarder fw,
            List<Map.Entry<String, String>> headers,
            byte[] body,
            ObjectNode request,
            BatchState batch) {
        if (batch.forwarded == 0
                && batch.throttledItems > 0
                && batch.throttledItems == batch.indexThrottledItems
                && batch.faultedItems == 0) {
            // nothing processable and every item refused by an index: the index's back-pressure error (each
            // refused item is already counted in the index's throttles; the request is one throttled request)
            stats.recordThrottled("BatchWriteItem");
            return CompletableFuture.completedFuture(indexThrottleReply(rt, batch.indexRefusal));
        }
        return finishBatch(
                rt,
                "BatchWriteItem",
                "UnprocessedItems",
                fw,
                headers,
                body,
                request,
                batch.forwardItems,
                batch.unprocessed,
                batch.forwarded,
                batch.throttledItems,
                batch.faultedItems,
                null,
                batch.admitted.isEmpty() ? null : () -> rebalance(rt, batch.admitted, List.of()));
    }

    private CompletableFuture<ProxyReply> batchGet(
            Runtime rt,
            Forwarder fw,
            List<Map.Entry<String, String>> headers,
            byte[] body,
            FaultInjector.PlanState faultPlan)
            throws IOException {
        ObjectNode request = (ObjectNode) json.readTree(body);
        JsonNode requestItems = request.path("RequestItems");
        List<String> tables = fieldNames(requestItems);
        return schemasOf(headers, tables).thenCompose(schemaByTable -> {
            int total = 0;
            for (String table : tables) {
                total += requestItems.path(table).path("Keys").size();
            }
            BitSet faulted = faultPlan == null ? new BitSet() : faultPlan.pick(total);
            ObjectNode forwardItems = json.createObjectNode();
            ObjectNode unprocessed = json.createObjectNode();
            int index = 0;
            int forwarded = 0;
            int throttledItems = 0;
            int faultedItems = 0;
            for (String table : tables) {
                KeySchema schema = schemaByTable.get(table);
                JsonNode tableRequest = requestItems.path(table);
                for (JsonNode key : tableRequest.path("Keys")) {
                    if (faulted.get(index++)) {
                        keysOf(unprocessed, table, tableRequest).add(key);
                        faultedItems++;
                        continue;
                    }
                    JsonNode pk = schema == null ? null : key.get(schema.partitionKey());
                    boolean consistent = tableRequest.path("ConsistentRead").asBoolean(false);
                    if (pk != null
                            && !rt.ledger.admitRead(
                                    table,
                                    Partitioner.partition(table, pk, rt.settings.partitions()),
                                    ItemSize.readUnits(0, consistent))) {
                        keysOf(unprocessed, table, tableRequest).add(key);
                        throttledItems++;
                        continue;
                    }
                    keysOf(forwardItems, table, tableRequest).add(key);
                    forwarded++;
                }
            }
            return finishBatch(
                    rt,
                    "BatchGetItem",
                    "UnprocessedKeys",
                    fw,
                    headers,
                    body,
                    request,
                    forwardItems,
                    unprocessed,
                    forwarded,
                    throttledItems,
                    faultedItems,
                    response -> {
                        for (String table : tables) {
                            KeySchema schema = schemaByTable.get(table);
                            if (schema == null) {
                                continue;
                            }
                            boolean consistent = requestItems
                                    .path(table)
                                    .path("ConsistentRead")
                                    .asBoolean(false);
                            for (JsonNode item : response.path("Responses").path(table)) {
                                JsonNode pk = item.get(schema.partitionKey());
                                if (pk != null) {
                                    int partition = Partitioner.partition(table, pk, rt.settings.partitions());
                                    double units = ItemSize.readUnits(ItemSize.of(item), consistent)
                                            - ItemSize.readUnits(0, consistent);
                                    rt.ledger.chargeRead(table, partition, units);
                                }
                            }
                        }
                    },
                    null);
        });
    }

    /** Forwards what is left of a batch and merges the proxy's unprocessed part into the response. */
    private CompletableFuture<ProxyReply> finishBatch(
            Runtime rt,
            String op,
            String unprocessedField,
            Forwarder fw,
            List<Map.Entry<String, String>> headers,
            byte[] body,
            ObjectNode request,
            ObjectNode forwardItems,
            ObjectNode unprocessed,
            int forwarded,
            int throttledItems,
            int faultedItems,
            java.util.function.Consumer<JsonNode> charge,
            Runnable refundWhenRefused) {
        if (faultedItems > 0) {
            stats.recordFault(FaultKind.UNPROCESSED_ITEMS);
        }
        if (forwarded == 0) {
            if (throttledItems > 0) {
                return throttled(rt, op);
            }
            if (faultedItems == 0) {
                return forward(op, fw, headers, body);
            }
            stats.recordUnprocessed(faultedItems);
            ObjectNode response = json.createObjectNode();
            if ("BatchGetItem".equals(op)) {
                response.putObject("Responses");
            }
            response.set(unprocessedField, unprocessed);
            return CompletableFuture.completedFuture(ProxyReply.ok(writeBytes(response)));
        }
        int unprocessedCount = throttledItems + faultedItems;
        byte[] forwardBody = unprocessedCount == 0 ? body : writeBytes(request.set("RequestItems", forwardItems));
        return forward(op, fw, headers, forwardBody).thenApply(reply -> {
            if (reply.status() != 200 && refundWhenRefused != null) {
                refundWhenRefused.run(); // the target wrote nothing (e.g. a ValidationException)
            }
            if (reply.status() != 200 || (unprocessedCount == 0 && charge == null)) {
                return reply;
            }
            ObjectNode response = (ObjectNode) readTree(reply.body());
            if (charge != null) {
                charge.accept(response);
            }
            if (unprocessedCount == 0) {
                return reply;
            }
            stats.recordUnprocessed(unprocessedCount);
            JsonNode existing = response.get(unprocessedField);
            ObjectNode merged = existing instanceof ObjectNode o ? o : response.putObject(unprocessedField);
            for (String table : fieldNames(unprocessed)) {
                JsonNode ours = unprocessed.get(table);
                if ("BatchGetItem".equals(op)) {
                    JsonNode theirs = merged.get(table);
                    if (theirs instanceof ObjectNode t && t.get("Keys") instanceof ArrayNode keys) {
                        keys.addAll((ArrayNode) ours.get("Keys"));
                    } else {
                        merged.set(table, ours);
                    }
                } else {
                    arrayOf(merged, table).addAll((ArrayNode) ours);
                }
            }
            return reply.withBody(writeBytes(response));
        });
    }

    private CompletableFuture<Map<String, KeySchema>> schemasOf(
            List<Map.Entry<String, String>> headers, List<String> tables) {
        Map<String, CompletableFuture<KeySchema>> futures = new java.util.LinkedHashMap<>();
        for (String table : tables) {
            futures.put(table, schemas.get(headers, table));
        }
        return CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    Map<String, KeySchema> result = new java.util.HashMap<>();
                    futures.forEach((table, f) -> {
                        KeySchema schema = f.join();
                        if (schema != null) {
                            result.put(table, schema);
                        }
                    });
                    return result;
                });
    }

    private CompletableFuture<ProxyReply> throttled(Runtime rt, String op) {
        stats.recordThrottled(op);
        return CompletableFuture.completedFuture(ProxyReply.error(
                400,
                rt.settings.throttleErrorCode().code(),
                rt.settings.throttleErrorCode().message()));
    }

    private CompletableFuture<ProxyReply> forward(
            String op, Forwarder fw, List<Map.Entry<String, String>> headers, byte[] body) {
        stats.recordForwarded(op);
        return fw.send(headers, body).thenApply(r -> ProxyReply.of(r.status(), r.headers(), r.body()));
    }

    private static ArrayNode arrayOf(ObjectNode parent, String field) {
        JsonNode existing = parent.get(field);
        return existing instanceof ArrayNode a ? a : parent.putArray(field);
    }

    /** The Keys array of {@code table} in a BatchGetItem RequestItems-like map, copying the other fields. */
    private static ArrayNode keysOf(ObjectNode parent, String table, JsonNode tableRequest) {
        JsonNode existing = parent.get(table);
        if (existing instanceof ObjectNode o) {
            return (ArrayNode) o.get("Keys");
        }
        ObjectNode copy = parent.putObject(table);
        for (Iterator<Map.Entry<String, JsonNode>> it = tableRequest.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!"Keys".equals(e.getKey())) {
                copy.set(e.getKey(), e.getValue());
            }
        }
        return copy.putArray("Keys");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private JsonNode readTree(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("target answered invalid JSON", e);
        }
    }

    private byte[] writeBytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize JSON", e);
        }
    }

    private static String header(List<Map.Entry<String, String>> headers, String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    @Override
    public void close() {
        upstream.close();
    }
}
