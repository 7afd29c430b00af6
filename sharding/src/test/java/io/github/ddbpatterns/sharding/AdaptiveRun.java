package io.github.ddbpatterns.sharding;

import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.testing.MutableClock;
import io.github.ddbpatterns.testing.ThrottlingProxy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Instances of one adaptive sharded table behind one throttling proxy, on one test clock: each instance has its
 * own client, shard map (cache) and controller. {@link #write} issues puts at a rate of the test clock (the clock
 * advances per put, 8 in flight per instance) and, at every window boundary, drains the puts and evaluates every
 * instance's controller in turn. Records each put's issue time, the throttled ones, and every decision result.
 */
final class AdaptiveRun implements AutoCloseable {

    static final Duration WINDOW = Duration.ofSeconds(1);

    final MutableClock clock;
    final ThrottlingProxy proxy;
    final String table;
    final List<Instance> instances = new ArrayList<>();
    /** Issue times (ms since the run's start) of throttled puts. */
    final List<Long> throttledAt = Collections.synchronizedList(new ArrayList<>());
    /** Sort keys of persisted puts, per logical key. */
    final Map<String, List<String>> written = Collections.synchronizedMap(new TreeMap<>());

    /** Puts issued. */
    final AtomicInteger issued = new AtomicInteger();

    private final long startMillis;
    private final AtomicInteger sequence = new AtomicInteger();
    private final List<DynamoDbAsyncClient> ownClients = new ArrayList<>();

    /** An instance: its table, shard map, controller and what its evaluations decided. */
    record Instance(
            String name,
            ShardedTable<Event> events,
            TableShardMap shardMap,
            AdaptiveShardController controller,
            List<ShardDecisionResult> results,
            MeterRegistry registry) {}

    AdaptiveRun(MutableClock clock, ThrottlingProxy proxy, String table) {
        this.clock = clock;
        this.proxy = proxy;
        this.table = table;
        this.startMillis = clock.millis();
    }

    /** Adds an instance with its own client and shard map (cache TTL {@code ttl}). */
    Instance addInstance(String name, AdaptiveSharding settings, Duration ttl) {
        return addInstance(name, settings, ttl, ShardingStrategy.roundRobin());
    }

    /** Adds an instance with its own client and shard map (cache TTL {@code ttl}) and the given strategy. */
    Instance addInstance(String name, AdaptiveSharding settings, Duration ttl, ShardingStrategy<Event> strategy) {
        DynamoDbAsyncClient client = proxy.clients().asyncBuilder().build();
        ownClients.add(client);
        MeterRegistry registry = new SimpleMeterRegistry();
        ResiliencePolicy oneAttempt = ResiliencePolicy.builder().maxAttempts(1).build();
        TableShardMap shardMap = TableShardMap.builder()
                .dynamoDbClient(client)
                .resilience(oneAttempt)
                .clock(clock)
                .tableName(table)
                .partitionKey("pk")
                .sortKey("sk", AttributeValue.fromS("#shardmap"))
                .ttl(ttl)
                .build();
        ShardedTable<Event> events = ShardedTable.builder(Event.SCHEMA)
                .dynamoDbClient(client)
                .resilience(oneAttempt)
                .clock(clock)
                .meterRegistry(registry)
                .tableName(table)
                .logicalKey(Event::getUserId)
                .strategy(strategy)
                .shardMap(shardMap)
                .adaptive(settings)
                .build();
        Instance instance =
                new Instance(name, events, shardMap, events.adaptive().orElseThrow(), new ArrayList<>(), registry);
        instances.add(instance);
        return instance;
    }

    /** Milliseconds of test clock since the run started. */
    long elapsed() {
        return clock.millis() - startMillis;
    }

    /**
     * Writes {@code key} for {@code duration} at {@code perInstance} puts per second from each instance given
     * (interleaved), evaluating every instance of the run at each window boundary crossed.
     */
    void write(String key, double perInstance, Duration duration, List<Instance> writers) {
        long end = elapsed() + duration.toMillis();
        double stepMillis = 1000.0 / (perInstance * writers.size());
        double next = elapsed();
        List<ArrayDeque<CompletableFuture<?>>> inFlight = new ArrayList<>();
        writers.forEach(w -> inFlight.add(new ArrayDeque<>()));
        int turn = 0;
        while (next < end) {
            advanceTo((long) next, inFlight);
            int w = turn++ % writers.size();
            inFlight.get(w).add(put(writers.get(w), key));
            if (inFlight.get(w).size() >= 8) {
                inFlight.get(w).poll().join();
            }
            next += stepMillis;
        }
        advanceTo(end, inFlight);
        drain(inFlight);
    }

    /** Lets {@code duration} of test clock pass without writes, evaluating at each window boundary. */
    void idle(Duration duration) {
        advanceTo(elapsed() + duration.toMillis(), List.of());
    }

    private void advanceTo(long target, List<ArrayDeque<CompletableFuture<?>>> inFlight) {
        long window = WINDOW.toMillis();
        while (elapsed() < target) {
            long boundary = (elapsed() / window + 1) * window;
            if (boundary > target) {
                clock.advance(Duration.ofMillis(target - elapsed()));
                return;
            }
            drain(inFlight); // every put issued before the boundary is recorded in the window it was issued in
            clock.advance(Duration.ofMillis(boundary - elapsed()));
            evaluateAll();
        }
    }

    /** Evaluates every instance in turn (each sees the reports of those before it). */
    void evaluateAll() {
        for (Instance instance : instances) {
            instance.results().addAll(instance.controller().evaluate().join());
        }
    }

    private static void drain(List<ArrayDeque<CompletableFuture<?>>> inFlight) {
        for (ArrayDeque<CompletableFuture<?>> queue : inFlight) {
            while (!queue.isEmpty()) {
                queue.poll().join();
            }
        }
    }

    private CompletableFuture<?> put(Instance instance, String key) {
        String sk = String.format("%s-%07d", instance.name(), sequence.incrementAndGet());
        long issuedAt = elapsed();
        issued.incrementAndGet();
        return instance.events().put(new Event(key, sk, "twenty-bytes-payload")).handle((stored, e) -> {
            if (e == null) {
                written.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>()))
                        .add(sk);
                return null;
            }
            Throwable cause = DynamoDbErrors.unwrap(e);
            if (DynamoDbErrors.isThrottle(cause)) {
                throttledAt.add(issuedAt);
                return null;
            }
            throw new CompletionException(cause);
        });
    }

    /** Every decision result of every instance, in evaluation order per instance. */
    List<ShardDecisionResult> results() {
        List<ShardDecisionResult> all = new ArrayList<>();
        instances.forEach(i -> all.addAll(i.results()));
        return all;
    }

    @Override
    public void close() {
        instances.forEach(i -> i.controller().close());
        ownClients.forEach(DynamoDbAsyncClient::close);
    }
}
