package io.github.ddbpatterns.testing;

import io.github.ddbpatterns.testing.internal.proxy.ProxyEngine;
import io.github.ddbpatterns.testing.internal.proxy.ProxyServer;
import io.github.ddbpatterns.testing.internal.proxy.ProxySettings;
import io.github.ddbpatterns.testing.internal.proxy.StatsCounters;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A DynamoDB-protocol-aware HTTP proxy on loopback, in front of DynamoDB Local, that makes it behave like the
 * service under load: per-partition capacity with throttling, added latency, and injected faults. SDK clients
 * talk to {@link #endpoint()} exactly as to the real service, so their retries, backoff and CRC32 checks run
 * as in production.
 *
 * <pre>{@code
 * try (ThrottlingProxy proxy = ThrottlingProxy.builder()
 *         .target(DynamoDbLocal.shared().endpoint())
 *         .latency(Latency.fixed(Duration.ofMillis(10)))
 *         .partitions(10)
 *         .writeCapacityPerPartition(1_000)
 *         .faults(FaultPlan.unprocessedItems(0.2).onOperation("BatchWriteItem"))
 *         .build().start()) {
 *     DynamoDbAsyncClient client = proxy.clients().async();
 *     ...
 *     assertThat(proxy.stats().throttled("PutItem")).isZero();
 * }
 * }</pre>
 *
 * <h2>Capacity model</h2>
 * Each table and each global secondary index has {@code partitions} partitions; a request goes to partition
 * {@code hash(table[/index], partition key value) mod partitions}. Each partition has a write and a read token
 * bucket refilled continuously at its capacity per second, holding at most one second of capacity (burst),
 * starting full; a GSI's capacity is the table's unless {@link Builder#indexCapacity} gives it its own. Optionally
 * each table (and GSI) has its own buckets ({@link Builder#tableCapacity}) holding up to 300 s of unused capacity,
 * as DynamoDB's burst capacity, starting full ({@link Builder#tableBurstCredit} changes the 300 s). A local secondary index has no capacity of its own: its reads and writes draw on
 * the table's partition of the item, as in DynamoDB (Developer Guide, "Provisioned throughput considerations for
 * local secondary indexes").
 *
 * <p>Reads cost 1 RCU per started 4 KB strongly consistent, half eventually consistent (GetItem: returned item;
 * Query/Scan: sum of the returned items, rounded up once; BatchGetItem: per returned item); through an index they
 * charge the index's read buckets (an LSI's: the table's). Reads are admitted while the bucket is positive and
 * charged when the response's size is known. Scan requests go to the partitions in turn (or to {@code Segment mod
 * partitions}).
 *
 * <p>Writes cost 1 WCU per started KB, computed from the stored item as DynamoDB does (Developer Guide, "Read and
 * write operations"): PutItem and UpdateItem the larger of the item before and after, DeleteItem the deleted item
 * (1 when there was none), BatchWriteItem the same per item. The proxy reads the before-image with a strongly
 * consistent GetItem (BatchGetItem for a batch) to the target with the caller's credentials, and an UpdateItem's
 * after-image with a second GetItem once the target has applied it: the update is admitted on an estimate (the
 * before-image with its plain {@code SET a = :v} / {@code REMOVE a} actions applied) and charged exactly from the
 * after-image; the client's request and response are never changed. While it reads and forwards, the proxy holds
 * a lock on the item's key, so two writes of one item in flight are charged one after the other, as applied.
 * A write whose condition fails costs the table the stored item's size (at least 1) and no index write
 * (Developer Guide, "Condition expressions": a conditional write whose condition fails still consumes write
 * capacity, by the size of the existing item); a write the target refuses otherwise costs nothing.
 *
 * <p>Each table write also costs every index it changes, on the index's partition of the entry (Developer Guide,
 * "Provisioned throughput considerations for Global Secondary Indexes", Writes, <a
 * href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes">GSI.html</a>,
 * and the same rules for LSIs): 1 write when the item enters the index (now has all its key attributes), 1 when it
 * leaves it (the old entry is deleted), 2 when an index key attribute changes (delete the old entry, put the new),
 * 1 when only a projected attribute changes (any attribute for projection {@code ALL}), 0 when nothing the index
 * holds changes. A write costs 1 unit per started KB of the index entry: the table's and the index's key
 * attributes and the projected ones (the whole item for {@code ALL}); an in-place change the larger of the old and
 * new entry. The guide's 100 bytes of overhead per index entry is storage accounting and not charged (DynamoDB
 * Local charges a 949-byte entry 1 unit too). Item size follows DynamoDB's documented model, see {@code ItemSize}.
 * Reading the stored item can be switched off for tables without indexes ({@link Builder#chargeStoredItemSize});
 * writes to tables with indexes always read it.
 *
 * <h2>Throttling</h2>
 * A request to a partition without capacity is answered by the proxy itself, exactly as the service does
 * (HTTP 400, {@code {"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
 * "message":"..."}} or {@code ThrottlingException}), and never reaches DynamoDB Local. A write admitted by its
 * table partition but not by the partition of a GSI it changes is refused the same way with the service's
 * back-pressure error: {@code ProvisionedThroughputExceededException} "The level of configured provisioned
 * throughput for one or more global secondary indexes of the table was exceeded. ..." (with
 * {@link ThrottleErrorCode#THROTTLING}: {@code ThrottlingException} "Throughput exceeds the current capacity for one
 * or more global secondary indexes. ..."), carrying a throttling reason ({@code IndexWriteProvisionedThroughputExceeded},
 * on-demand {@code IndexWriteKeyRangeThroughputExceeded}) with the index ARN, which SDK 2.40 exposes as
 * {@code throttlingReasons()}. Nothing is charged for a refused write. In BatchWriteItem and BatchGetItem only the
 * items of partitions without capacity (table or index) are returned in {@code UnprocessedItems} /
 * {@code UnprocessedKeys}; the rest is forwarded (the request body is rewritten, which DynamoDB Local accepts
 * because it does not verify signatures) and the response merged, with a recomputed {@code x-amz-crc32}. A batch of
 * which nothing can be processed gets the throttling error (the index's when every item was refused by an index).
 *
 * <p>The proxy asks the target for key schemas and indexes with DescribeTable, using the caller's credentials, and
 * caches them per table. Requests it cannot route (unknown table, partition key not found) are forwarded
 * unthrottled. Its own reads (DescribeTable, before- and after-images) are not counted as forwarded, not charged,
 * and not subject to faults.
 */
public final class ThrottlingProxy implements AutoCloseable {

    private final StatsCounters counters = new StatsCounters();
    private final ProxyStats stats = new ProxyStats(counters);
    private final Object lifecycle = new Object();
    private volatile ProxySettings settings;
    private ProxyEngine engine;
    private ProxyServer server;
    private LocalClients clients;
    private URI endpoint;
    private boolean closed;

    private ThrottlingProxy(ProxySettings settings) {
        this.settings = settings;
    }

    /** A builder; only {@link Builder#target(URI)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds a free port on 127.0.0.1 and starts serving. Returns this proxy, for chaining.
     *
     * @throws IllegalStateException if already started, closed, or the port cannot be bound
     */
    public ThrottlingProxy start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("ThrottlingProxy is closed");
            }
            if (server != null) {
                throw new IllegalStateException("ThrottlingProxy is already started on " + endpoint);
            }
            engine = new ProxyEngine(settings, counters);
            try {
                server = ProxyServer.start(engine);
            } catch (RuntimeException e) {
                engine.close();
                engine = null;
                throw e;
            }
            endpoint = URI.create("http://" + server.host() + ":" + server.port());
            clients = LocalClients.forEndpoint(endpoint);
            return this;
        }
    }

    /**
     * The proxy's endpoint, {@code http://127.0.0.1:PORT}; point SDK clients here.
     *
     * @throws IllegalStateException if not started
     */
    public URI endpoint() {
        synchronized (lifecycle) {
            checkRunning();
            return endpoint;
        }
    }

    /**
     * Ready SDK clients for {@link #endpoint()}, closed with the proxy.
     *
     * @throws IllegalStateException if not started or closed
     */
    public LocalClients clients() {
        synchronized (lifecycle) {
            checkRunning();
            return clients;
        }
    }

    /** The proxy's counters (live, thread-safe). */
    public ProxyStats stats() {
        return stats;
    }

    /** The target (DynamoDB Local's endpoint). */
    public URI target() {
        return settings.target();
    }

    /** The current latency. */
    public Latency latency() {
        return settings.latency();
    }

    /** The current partitions per table. */
    public int partitions() {
        return settings.partitions();
    }

    /** The current fault plans. */
    public List<FaultPlan> faults() {
        return settings.faults();
    }

    /**
     * Changes settings of a running (or not yet started) proxy: starts from the current settings, applies
     * {@code change} and validates like {@link Builder#build()}. Token buckets are kept when partitions,
     * capacities and clock are unchanged; fault plans restart their counts. The target cannot change.
     *
     * <pre>{@code proxy.reconfigure(b -> b.latency(Latency.none()).faults()); }</pre>
     *
     * @throws IllegalArgumentException if a setting is invalid or the target is changed
     */
    public ThrottlingProxy reconfigure(Consumer<Builder> change) {
        Objects.requireNonNull(change, "change");
        synchronized (lifecycle) {
            Builder builder = new Builder(settings);
            change.accept(builder);
            ProxySettings next = builder.settings();
            if (!next.target().equals(settings.target())) {
                throw new IllegalArgumentException("target cannot change on a running proxy, got: " + next.target());
            }
            settings = next;
            if (engine != null) {
                engine.reconfigure(next);
            }
            return this;
        }
    }

    /** Stops serving, closes {@link #clients()}. Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (clients != null) {
                clients.close();
            }
            if (server != null) {
                server.close();
            }
            if (engine != null) {
                engine.close();
            }
        }
    }

    private void checkRunning() {
        if (closed) {
            throw new IllegalStateException("ThrottlingProxy is closed");
        }
        if (server == null) {
            throw new IllegalStateException("ThrottlingProxy is not started; call start()");
        }
    }

    @Override
    public String toString() {
        return "ThrottlingProxy[" + (endpoint == null ? "not started" : endpoint) + " -> " + settings.target()
                + ", " + settings.latency() + ", partitions=" + settings.partitions() + ", wcu/partition="
                + settings.writeCapacityPerPartition() + ", rcu/partition=" + settings.readCapacityPerPartition()
                + ", faults=" + settings.faults() + "]";
    }

    /** Builds a {@link ThrottlingProxy}; every setter validates at once. */
    public static final class Builder {
        /** Default write capacity units per second per partition, as DynamoDB. */
        public static final long DEFAULT_WRITE_CAPACITY_PER_PARTITION = 1_000;
        /** Default read capacity units per second per partition, as DynamoDB. */
        public static final long DEFAULT_READ_CAPACITY_PER_PARTITION = 3_000;
        /** Default burst credit of a table with its own capacity: 300 s of it, as DynamoDB keeps at most. */
        public static final Duration DEFAULT_TABLE_BURST_CREDIT =
                Duration.ofMillis(Math.round(ProxySettings.TABLE_BURST_SECONDS * 1000));

        private URI target;
        private Latency latency = Latency.none();
        private int partitions = 1;
        private long writeCapacityPerPartition = DEFAULT_WRITE_CAPACITY_PER_PARTITION;
        private long readCapacityPerPartition = DEFAULT_READ_CAPACITY_PER_PARTITION;
        private long tableReadCapacity;
        private long tableWriteCapacity;
        private Duration tableBurstCredit = DEFAULT_TABLE_BURST_CREDIT;
        private ThrottleErrorCode throttleErrorCode = ThrottleErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED;
        private List<FaultPlan> faults = List.of();
        private InstantSource clock = Clock.systemUTC();
        private Map<String, ProxySettings.IndexCapacity> indexCapacities = new HashMap<>();
        private boolean chargeStoredItemSize = true;

        private Builder() {}

        private Builder(ProxySettings s) {
            target = s.target();
            latency = s.latency();
            partitions = s.partitions();
            writeCapacityPerPartition = s.writeCapacityPerPartition();
            readCapacityPerPartition = s.readCapacityPerPartition();
            tableReadCapacity = s.tableReadCapacity();
            tableWriteCapacity = s.tableWriteCapacity();
            tableBurstCredit = Duration.ofNanos(Math.round(s.tableBurstSeconds() * 1e9));
            throttleErrorCode = s.throttleErrorCode();
            faults = s.faults();
            clock = s.clock();
            indexCapacities = new HashMap<>(s.indexCapacities());
            chargeStoredItemSize = s.chargeStoredItemSize();
        }

        /**
         * The endpoint requests are forwarded to: DynamoDB Local's, e.g. {@code DynamoDbLocal.shared().endpoint()}.
         *
         * @throws IllegalArgumentException if {@code target} is null or not an absolute http URI
         */
        public Builder target(URI target) {
            if (target == null) {
                throw new IllegalArgumentException("target must not be null");
            }
            if (!"http".equalsIgnoreCase(target.getScheme()) || target.getHost() == null) {
                throw new IllegalArgumentException("target must be an absolute http URI, got: " + target);
            }
            this.target = target;
            return this;
        }

        /**
         * Latency added to every request (default none).
         *
         * @throws IllegalArgumentException if {@code latency} is null
         */
        public Builder latency(Latency latency) {
            if (latency == null) {
                throw new IllegalArgumentException("latency must not be null");
            }
            this.latency = latency;
            return this;
        }

        /**
         * A fixed latency added to every request; same as {@code latency(Latency.fixed(latency))}.
         *
         * @throws IllegalArgumentException if {@code latency} is null or negative
         */
        public Builder latency(Duration latency) {
            return latency(Latency.fixed(latency));
        }

        /**
         * Partitions per table (and per index), default 1. Each request's partition key is hashed to one.
         *
         * @throws IllegalArgumentException if {@code partitions < 1} or {@code > 100000}
         */
        public Builder partitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be >= 1, got: " + partitions);
            }
            if (partitions > 100_000) {
                throw new IllegalArgumentException("partitions must be <= 100000, got: " + partitions);
            }
            this.partitions = partitions;
            return this;
        }

        /**
         * Write capacity units per second of each partition (default 1,000, as DynamoDB).
         *
         * @throws IllegalArgumentException if {@code units < 1}
         */
        public Builder writeCapacityPerPartition(long units) {
            this.writeCapacityPerPartition = positive("writeCapacityPerPartition", units);
            return this;
        }

        /**
         * Read capacity units per second of each partition (default 3,000, as DynamoDB).
         *
         * @throws IllegalArgumentException if {@code units < 1}
         */
        public Builder readCapacityPerPartition(long units) {
            this.readCapacityPerPartition = positive("readCapacityPerPartition", units);
            return this;
        }

        /**
         * Table-level provisioned capacity (units per second), with up to 300 s of unused capacity banked as
         * burst credit; applies on top of the partition limits. Default: no table-level limit.
         *
         * @throws IllegalArgumentException if {@code readUnits < 1} or {@code writeUnits < 1}
         */
        public Builder tableCapacity(long readUnits, long writeUnits) {
            this.tableReadCapacity = positive("readUnits", readUnits);
            this.tableWriteCapacity = positive("writeUnits", writeUnits);
            return this;
        }

        /**
         * How much unused table-level capacity ({@link #tableCapacity}) a table banks as burst credit, and the credit
         * it starts with (default 300 s, DynamoDB's most). A short credit makes a burst throttle at once, as on a
         * table whose credit a previous burst used up; a table's credit is counted from its first request.
         *
         * @throws IllegalArgumentException if {@code credit} is null, or shorter than 1 ms
         */
        public Builder tableBurstCredit(Duration credit) {
            if (credit == null) {
                throw new IllegalArgumentException("tableBurstCredit must not be null");
            }
            if (credit.compareTo(Duration.ofMillis(1)) < 0) {
                throw new IllegalArgumentException("tableBurstCredit must be at least 1 ms, got: " + credit);
            }
            this.tableBurstCredit = credit;
            return this;
        }

        /**
         * Capacity of each partition of the global secondary index named {@code index}, in every table (default:
         * the table's, {@link #readCapacityPerPartition} and {@link #writeCapacityPerPartition}). The index has
         * {@link #partitions} partitions, keyed by its own partition key. A local secondary index has no capacity
         * of its own (it uses its table's, as in DynamoDB), so this setting does not apply to one.
         *
         * @throws IllegalArgumentException if {@code index} is null or blank, or a capacity is {@code < 1}
         */
        public Builder indexCapacity(String index, long readUnitsPerPartition, long writeUnitsPerPartition) {
            if (index == null || index.isBlank()) {
                throw new IllegalArgumentException("index must be a non-blank index name, got: '" + index + "'");
            }
            indexCapacities.put(
                    index,
                    new ProxySettings.IndexCapacity(
                            positive("readUnitsPerPartition", readUnitsPerPartition),
                            positive("writeUnitsPerPartition", writeUnitsPerPartition)));
            return this;
        }

        /** Removes every {@link #indexCapacity} setting: indexes have the table's capacity per partition. */
        public Builder noIndexCapacity() {
            indexCapacities = new HashMap<>();
            return this;
        }

        /**
         * Whether writes are charged by the stored item's size (default true): PutItem and UpdateItem by the larger
         * of the item before and after, DeleteItem by the deleted item, as DynamoDB does. The proxy then reads the
         * item with a strongly consistent GetItem before each write (and after each UpdateItem). With false, a
         * write to a table without secondary indexes is charged by what the request carries (PutItem: the item;
         * UpdateItem: key and values; DeleteItem: the key) and costs no extra request; writes to tables with
         * indexes read the item anyway, to charge the indexes.
         */
        public Builder chargeStoredItemSize(boolean charge) {
            this.chargeStoredItemSize = charge;
            return this;
        }

        /** Removes the table-level capacity limit. */
        public Builder noTableCapacity() {
            this.tableReadCapacity = 0;
            this.tableWriteCapacity = 0;
            return this;
        }

        /**
         * The error answered when capacity is exhausted (default {@code ProvisionedThroughputExceededException}).
         *
         * @throws IllegalArgumentException if {@code code} is null
         */
        public Builder throttleErrorCode(ThrottleErrorCode code) {
            if (code == null) {
                throw new IllegalArgumentException("throttleErrorCode must not be null");
            }
            this.throttleErrorCode = code;
            return this;
        }

        /**
         * Fault plans, replacing earlier ones; none by default. For errors and resets the first plan that fires
         * on a request wins.
         *
         * @throws IllegalArgumentException if {@code plans} or one of them is null
         */
        public Builder faults(FaultPlan... plans) {
            if (plans == null) {
                throw new IllegalArgumentException("faults must not be null");
            }
            return faults(Arrays.asList(plans));
        }

        /**
         * Fault plans, replacing earlier ones.
         *
         * @throws IllegalArgumentException if {@code plans} or one of them is null
         */
        public Builder faults(List<FaultPlan> plans) {
            if (plans == null) {
                throw new IllegalArgumentException("faults must not be null");
            }
            List<FaultPlan> copy = new ArrayList<>(plans.size());
            for (int i = 0; i < plans.size(); i++) {
                if (plans.get(i) == null) {
                    throw new IllegalArgumentException("faults[" + i + "] must not be null");
                }
                copy.add(plans.get(i));
            }
            this.faults = List.copyOf(copy);
            return this;
        }

        /**
         * The time source of the token buckets (default the system clock). Tests pass a {@link MutableClock}
         * to make throttling deterministic. Latency always runs on real time.
         *
         * @throws IllegalArgumentException if {@code clock} is null
         */
        public Builder clock(InstantSource clock) {
            if (clock == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            this.clock = clock;
            return this;
        }

        /**
         * The proxy, not yet listening: call {@link ThrottlingProxy#start()}.
         *
         * @throws IllegalArgumentException if no target was set
         */
        public ThrottlingProxy build() {
            return new ThrottlingProxy(settings());
        }

        private ProxySettings settings() {
            if (target == null) {
                throw new IllegalArgumentException(
                        "target must be set (DynamoDB Local's endpoint, e.g. DynamoDbLocal.shared().endpoint())");
            }
            return new ProxySettings(
                    target,
                    latency,
                    partitions,
                    writeCapacityPerPartition,
                    readCapacityPerPartition,
                    tableReadCapacity,
                    tableWriteCapacity,
                    tableBurstCredit.toNanos() / 1e9,
                    throttleErrorCode,
                    faults,
                    clock,
                    Map.copyOf(indexCapacities),
                    chargeStoredItemSize);
        }

        private static long positive(String name, long value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, got: " + value);
            }
            return value;
        }
    }
}
