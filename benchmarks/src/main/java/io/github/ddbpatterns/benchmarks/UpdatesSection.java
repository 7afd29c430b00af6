package io.github.ddbpatterns.benchmarks;

import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A burst of 10,000 updates of 1,000 keys (update i sets key {@code i mod 1000} to version {@code i / 1000}, a
 * ~250-byte item), through the latency proxy, each contender on a fresh table: PutItem one by one, PutItem from 16
 * threads, hand-written 25-item BatchWriteItem calls from 4 threads (no coalescing, UnprocessedItems resent), and
 * the coalescing {@link WriteBuffer} with its defaults (built on a client, closed at the end of the burst, which
 * flushes), and the same buffer with {@code maxPendingKeys} 2,000 instead of 1,000 (so that the burst's 1,000 distinct
 * keys do not trigger a flush before the burst is in). Requests are counted by the proxy; every contender's final table is checked (1,000 items, each at its
 * last version).
 */
final class UpdatesSection {

    static final int UPDATES = 10_000;
    static final int KEYS = 1_000;
    static final String SEQUENTIAL = "putitem_sequential";
    static final String THREADS = "putitem_16threads";
    static final String BATCHES = "batch_4threads";
    static final String BUFFER = "write_buffer";
    static final String BUFFER_WIDE = "write_buffer_2000_keys";
    private static final int DEFAULT_PENDING_KEYS = 1_000;
    private static final int WIDE_PENDING_KEYS = 2_000;

    private static final Figure.Group GROUP = Figure.Group.UPDATES;

    private final Suite suite;
    private final int updates;
    private final int keys;

    UpdatesSection(Suite suite) {
        this.suite = suite;
        this.updates = suite.size(UPDATES, 1_000);
        this.keys = suite.size(KEYS, 100);
        suite.figures()
                .note(
                        GROUP,
                        "Update i puts key i mod " + keys + " at version i / " + keys + " (items of ~250 bytes), all"
                                + " submitted at once; each contender writes a fresh table and is checked afterwards"
                                + " (every key at its last version). Requests counted by the proxy, which charges"
                                + " writes by the request's item here (no extra GetItem per write). Batches and"
                                + " buffers: median of 3 runs in rotating order; PutItem from 16 threads: 1 run of all"
                                + " updates; PutItem one by one: 1 run of the first updates only, its time and"
                                + " requests for " + updates + " EXTRAPOLATED (linear, marked so). WriteBuffer: built"
                                + " on the client with its defaults (maxPendingKeys 1,000, maxDelay 100 ms, 4 calls in"
                                + " flight), every update put, then close() (which flushes); the 2,000-keys variant"
                                + " changes only maxPendingKeys.");
    }

    /** Measures every contender at {@code roundTripMillis}; PutItem one by one runs the first {@code sequential}. */
    void run(int roundTripMillis, int sequential) throws Exception {
        int seq = Math.min(sequential, updates);
        try (BenchEnvironment env = BenchEnvironment.start(
                        suite.local(), Duration.ofMillis(roundTripMillis), b -> b.chargeStoredItemSize(false));
                ExecutorServiceCloser pools = new ExecutorServiceCloser()) {
            ExecutorService pool16 = pools.add(Executors.newFixedThreadPool(16));
            ExecutorService pool4 = pools.add(Executors.newFixedThreadPool(4));
            DynamoDbClient sync = env.clients().sync();
            // warm-up on a scratch table: every contender once, unmeasured
            suite.progress("updates at %d ms: warm-up", roundTripMillis);
            int warm = Math.min(1_000, updates);
            runOnce(env, SEQUENTIAL, () -> putSequential(sync, newTable(env), Math.min(100, warm)), -1);
            runOnce(env, THREADS, () -> putThreads(sync, pool16, newTable(env), warm), -1);
            runOnce(env, BATCHES, () -> batches(sync, pool4, newTable(env), warm), -1);
            runOnce(env, BUFFER, () -> buffer(env, newTable(env), warm, DEFAULT_PENDING_KEYS), -1);

            Map<String, Run> runs = new HashMap<>();
            int rounds = suite.size(3, 1);
            Map<String, Callable<Written>> quick = new LinkedHashMap<>();
            quick.put(BATCHES, () -> batches(sync, pool4, newTable(env), updates));
            quick.put(BUFFER, () -> buffer(env, newTable(env), updates, DEFAULT_PENDING_KEYS));
            quick.put(BUFFER_WIDE, () -> buffer(env, newTable(env), updates, WIDE_PENDING_KEYS));
            List<String> names = new ArrayList<>(quick.keySet());
            Map<String, List<Run>> samples = new HashMap<>();
            for (int round = 0; round < rounds; round++) {
                suite.progress(
                        "updates at %d ms: batches and buffers, round %d of %d", roundTripMillis, round + 1, rounds);
                for (int k = 0; k < names.size(); k++) { // rotating order
                    String name = names.get((round + k) % names.size());
                    samples.computeIfAbsent(name, n -> new ArrayList<>())
                            .add(runOnce(env, name, quick.get(name), updates));
                }
            }
            samples.forEach((name, list) -> runs.put(name, Run.median(list)));
            suite.progress("updates at %d ms: PutItem from 16 threads", roundTripMillis);
            runs.put(THREADS, runOnce(env, THREADS, () -> putThreads(sync, pool16, newTable(env), updates), updates));
            suite.progress("updates at %d ms: PutItem one by one, %d updates", roundTripMillis, seq);
            runs.put(SEQUENTIAL, runOnce(env, SEQUENTIAL, () -> putSequential(sync, newTable(env), seq), seq));
            report(roundTripMillis, runs, seq, rounds);
        }
    }

    private void report(int rt, Map<String, Run> runs, int seq, int rounds) {
        Figures figures = suite.figures();
        String p = "updates.rt" + rt + ".";
        for (String name : List.of(SEQUENTIAL, THREADS, BATCHES, BUFFER, BUFFER_WIDE)) {
            Run run = runs.get(name);
            String label = label(name);
            if (run.updates() < updates) {
                double scale = (double) updates / run.updates();
                String measured = " — measured on the first " + run.updates() + " of the " + updates + " updates";
                figures.add(GROUP, p + name + ".updates_measured", run.updates(), "updates", rt, label + measured);
                figures.add(GROUP, p + name + ".wall_ms_measured", run.wallMillis(), "ms", rt, label + measured);
                figures.add(GROUP, p + name + ".requests_measured", run.requests(), "requests", rt, label + measured);
                figures.add(
                        GROUP,
                        p + name + ".wall_ms_extrapolated",
                        run.wallMillis() * scale,
                        "ms",
                        rt,
                        label
                                + ": wall time for " + updates + " EXTRAPOLATED (x" + Figure.number(scale)
                                + ") from the first "
                                + run.updates());
                figures.add(
                        GROUP,
                        p + name + ".requests_per_10000_extrapolated",
                        run.requests() * 10_000.0 / run.updates(),
                        "requests",
                        rt,
                        label + ": requests per 10,000 updates EXTRAPOLATED from the first " + run.updates());
            } else {
                figures.add(
                        GROUP,
                        p + name + ".wall_ms",
                        run.wallMillis(),
                        "ms",
                        rt,
                        label + ": wall time"
                                + (rounds > 1 && (name.equals(BATCHES) || name.startsWith(BUFFER))
                                        ? " (median of " + rounds + " runs)"
                                        : ""));
                figures.add(GROUP, p + name + ".requests", run.requests(), "requests", rt, label + ": requests sent");
                figures.add(
                        GROUP,
                        p + name + ".requests_per_10000",
                        run.requests() * 10_000.0 / run.updates(),
                        "requests",
                        rt,
                        label + ": requests per 10,000 updates");
            }
            figures.add(
                    GROUP,
                    p + name + ".stale_items",
                    run.stale(),
                    "items",
                    rt,
                    label + ": keys not at their last update afterwards (must be 0)");
        }
        figures.ratio(
                GROUP,
                p + "request_reduction_vs_putitem",
                p + THREADS + ".requests",
                p + BUFFER + ".requests",
                rt,
                "PutItem requests / WriteBuffer requests (fewer requests: times)");
        figures.ratio(
                GROUP,
                p + "request_reduction_vs_batches",
                p + BATCHES + ".requests",
                p + BUFFER + ".requests",
                rt,
                "uncoalesced BatchWriteItem requests / WriteBuffer requests");
        figures.ratio(
                GROUP,
                p + "speedup_vs_batches",
                p + BATCHES + ".wall_ms",
                p + BUFFER + ".wall_ms",
                rt,
                "uncoalesced batches (4 threads) / WriteBuffer: times faster");
        figures.ratio(
                GROUP,
                p + "speedup_vs_putitem16",
                p + THREADS + ".wall_ms",
                p + BUFFER + ".wall_ms",
                rt,
                "PutItem from 16 threads / WriteBuffer: times faster");
        figures.ratio(
                GROUP,
                p + "wide_request_reduction_vs_putitem",
                p + THREADS + ".requests",
                p + BUFFER_WIDE + ".requests",
                rt,
                "PutItem requests / WriteBuffer (maxPendingKeys 2,000) requests");
        figures.ratio(
                GROUP,
                p + "wide_speedup_vs_batches",
                p + BATCHES + ".wall_ms",
                p + BUFFER_WIDE + ".wall_ms",
                rt,
                "uncoalesced batches (4 threads) / WriteBuffer (maxPendingKeys 2,000): times faster");
        if (seq < updates) {
            figures.ratio(
                    GROUP,
                    p + "speedup_vs_putitem_sequential_extrapolated",
                    p + SEQUENTIAL + ".wall_ms_extrapolated",
                    p + BUFFER + ".wall_ms",
                    rt,
                    "PutItem one by one (EXTRAPOLATED) / WriteBuffer: times faster");
        } else {
            figures.ratio(
                    GROUP,
                    p + "speedup_vs_putitem_sequential",
                    p + SEQUENTIAL + ".wall_ms",
                    p + BUFFER + ".wall_ms",
                    rt,
                    "PutItem one by one / WriteBuffer: times faster");
        }
    }

    private static String label(String contender) {
        return switch (contender) {
            case SEQUENTIAL -> "PutItem one by one";
            case THREADS -> "PutItem from 16 threads";
            case BATCHES -> "BatchWriteItem of 25 from 4 threads, no coalescing";
            case BUFFER -> "WriteBuffer (coalescing, defaults)";
            case BUFFER_WIDE -> "WriteBuffer (coalescing, defaults but maxPendingKeys 2,000)";
            default -> contender;
        };
    }

    /** One measured run of a contender: its wall time, its requests, and the keys not at their last version. */
    record Run(int updates, double wallMillis, long requests, long stale) {
        static Run median(List<Run> runs) {
            List<Run> sorted = runs.stream()
                    .sorted(java.util.Comparator.comparingDouble(Run::wallMillis))
                    .toList();
            return sorted.get(sorted.size() / 2);
        }
    }

    /** The updates a contender wrote: how many, and the table. */
    private record Written(String table, int updates) {}

    private Run runOnce(BenchEnvironment env, String name, Callable<Written> body, int expectUpdates) throws Exception {
        env.proxy().stats().reset();
        long t0 = System.nanoTime();
        Written written = body.call();
        double millis = (System.nanoTime() - t0) / 1e6;
        String operation = name.equals(SEQUENTIAL) || name.equals(THREADS) ? "PutItem" : "BatchWriteItem";
        long requests = env.proxy().stats().requests(operation);
        long stale = stale(env, written);
        if (expectUpdates > 0 && stale > 0) {
            suite.progress("WARNING: %s left %d keys not at their last update", name, stale);
        }
        return new Run(written.updates(), millis, requests, stale);
    }

    /** Keys whose stored version is not the last update of them among the first {@code n} updates. */
    private long stale(BenchEnvironment env, Written written) {
        Map<String, Integer> last = new HashMap<>();
        for (int i = 0; i < written.updates(); i++) {
            last.put(key(i), version(i));
        }
        Map<String, Integer> stored = new HashMap<>();
        for (var page : env.directClients()
                .sync()
                .scanPaginator(b -> b.tableName(written.table()).consistentRead(true))) {
            for (Map<String, AttributeValue> item : page.items()) {
                stored.put(
                        item.get("pk").s(), Integer.parseInt(item.get("version").n()));
            }
        }
        long stale = 0;
        for (Map.Entry<String, Integer> e : last.entrySet()) {
            if (!e.getValue().equals(stored.get(e.getKey()))) {
                stale++;
            }
        }
        return stale + Math.max(0, stored.size() - last.size());
    }

    private String newTable(BenchEnvironment env) {
        return env.createKeyOnlyTable(suite.tables().uniqueName());
    }

    private String key(int update) {
        return "key-" + (update % keys);
    }

    private int version(int update) {
        return update / keys;
    }

    private Map<String, AttributeValue> item(int update) {
        return Map.of(
                "pk", AttributeValue.fromS(key(update)),
                "version", AttributeValue.fromN(Integer.toString(version(update))),
                "payload", AttributeValue.fromS("x".repeat(200)));
    }

    private Written putSequential(DynamoDbClient sync, String table, int n) {
        for (int i = 0; i < n; i++) {
            Map<String, AttributeValue> item = item(i);
            sync.putItem(b -> b.tableName(table).item(item));
        }
        return new Written(table, n);
    }

    private Written putThreads(DynamoDbClient sync, ExecutorService pool, String table, int n) throws Exception {
        List<Future<?>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, AttributeValue> item = item(i);
            futures.add(pool.submit(() -> sync.putItem(b -> b.tableName(table).item(item))));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        return new Written(table, n);
    }

    /** What a developer writes by hand: consecutive updates in calls of 25, 4 threads, UnprocessedItems resent. */
    private Written batches(DynamoDbClient sync, ExecutorService pool, String table, int n) throws Exception {
        AtomicInteger next = new AtomicInteger();
        int calls = (n + 24) / 25;
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            workers.add(pool.submit(() -> {
                for (int call = next.getAndIncrement(); call < calls; call = next.getAndIncrement()) {
                    List<WriteRequest> requests = new ArrayList<>(25);
                    for (int i = call * 25; i < Math.min(n, call * 25 + 25); i++) {
                        requests.add(WriteRequest.builder()
                                .putRequest(PutRequest.builder().item(item(i)).build())
                                .build());
                    }
                    Map<String, List<WriteRequest>> pending = Map.of(table, requests);
                    while (!pending.isEmpty()) {
                        Map<String, List<WriteRequest>> send = pending;
                        BatchWriteItemResponse response = sync.batchWriteItem(b -> b.requestItems(send));
                        pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        return new Written(table, n);
    }

    /** The buffer with its defaults, but for {@code maxPendingKeys} (1,000 is the default). */
    private Written buffer(BenchEnvironment env, String table, int n, int maxPendingKeys) {
        try (WriteBuffer buffer = WriteBuffer.builder()
                .dynamoDbClient(env.patternsClient())
                .maxPendingKeys(maxPendingKeys)
                .build()) {
            for (int i = 0; i < n; i++) {
                Map<String, AttributeValue> item = item(i);
                buffer.put(WriteOp.put(table, Map.of("pk", item.get("pk")), item));
            }
        }
        return new Written(table, n);
    }

    /** Shuts down the executors it was given. */
    private static final class ExecutorServiceCloser implements AutoCloseable {
        private final List<ExecutorService> pools = new ArrayList<>();

        ExecutorService add(ExecutorService pool) {
            pools.add(pool);
            return pool;
        }

        @Override
        public void close() {
            pools.forEach(ExecutorService::shutdownNow);
        }
    }
}
