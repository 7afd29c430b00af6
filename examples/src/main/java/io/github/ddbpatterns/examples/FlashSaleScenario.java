package io.github.ddbpatterns.examples;

import static io.github.ddbpatterns.examples.demo.Measures.millisSince;
import static io.github.ddbpatterns.examples.demo.Measures.sizeFactor;

import io.github.ddbpatterns.capacity.AutoScalingStrategy;
import io.github.ddbpatterns.capacity.CapacitySimulator;
import io.github.ddbpatterns.capacity.ProfileGenerator;
import io.github.ddbpatterns.capacity.Recommendation;
import io.github.ddbpatterns.capacity.ScalingEvent;
import io.github.ddbpatterns.capacity.ScheduledStrategy;
import io.github.ddbpatterns.capacity.ServiceRules;
import io.github.ddbpatterns.capacity.SimulationReport;
import io.github.ddbpatterns.capacity.Spike;
import io.github.ddbpatterns.capacity.Strategy;
import io.github.ddbpatterns.capacity.StrategyResult;
import io.github.ddbpatterns.capacity.TrafficProfile;
import io.github.ddbpatterns.capacity.cli.TimelineChart;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import io.github.ddbpatterns.core.buffer.PacingStats;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.core.resilience.ResiliencePolicy;
import io.github.ddbpatterns.examples.demo.ChartFile;
import io.github.ddbpatterns.examples.demo.DemoClock;
import io.github.ddbpatterns.examples.demo.DemoContext;
import io.github.ddbpatterns.examples.demo.DemoScenario;
import io.github.ddbpatterns.examples.demo.DemoTarget;
import io.github.ddbpatterns.examples.demo.Plural;
import io.github.ddbpatterns.examples.demo.Progress;
import io.github.ddbpatterns.examples.demo.Row;
import io.github.ddbpatterns.examples.demo.ScenarioReport;
import io.github.ddbpatterns.examples.demo.Step;
import io.github.ddbpatterns.examples.demo.UnitEstimate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Classic problem 5, the flash sale: a day of 100 writes/s with a 2-minute sale at 10,000 writes/s, played second by
 * second by the capacity planner against on-demand, provisioned, auto-scaling, scheduled scaling and client-side
 * smoothing. What a team picks by default (auto-scaling, or on-demand on a new table) throttles the sale; the planner
 * recommends the cheapest strategy that throttles nothing. Follow-up ("auto-scaling still throttles?"): the alarm and
 * the table update on the sale's timeline (a chart of the sale second by second), then a burst sent through a
 * {@link WriteBuffer} into a provisioned table (the proxy's table capacity and burst credit, on the test clock):
 * unpaced it is throttled, paced at the table's capacity it is not.
 */
final class FlashSaleScenario implements DemoScenario {

    static final String NAME = "flash-sale";
    /** The seed's day: 100 writes/s of 1 KB, and a sale of 10,000 writes/s for 2 minutes from 10:00 UTC. */
    static final String PROFILE = "baseline=100,spike=10000x120s@10:00";
    /** Scheduled scaling raises capacity this long before the sale. */
    static final int LEAD_SECONDS = 300;
    /** Smoothing paces writes so that a sale drains within about this delay (the planner's default). */
    static final int SMOOTHING_WINDOW_SECONDS = 1_200;
    /** The most writes the smoothing queue holds (the planner's default): a sale must fit. */
    static final long SMOOTHING_QUEUE = 2_000_000;

    /** The chart: from 10 minutes before the sale to 30 minutes after its start. */
    static final int CHART_BEFORE_SECONDS = 600;

    static final int CHART_AFTER_SECONDS = 1_800;

    /** The burst, in the proxy's scale: a table of 100 WCU (the service's 1,000) with 2 s of burst credit. */
    static final long TABLE_WCU = 100;

    static final Duration BURST_CREDIT = Duration.ofSeconds(2);
    /** Ten seconds of the table's capacity at once: 500 writes of 2 units (the service's 5,000). */
    static final int BURST_WRITES = 500;

    static final int UNITS_PER_WRITE = 2;
    private static final int PAYLOAD_BYTES = 1_500;

    /** One attempt per call: the buffer sends throttled writes again itself, after its backoff, on the clock. */
    private static final ResiliencePolicy ONE_ATTEMPT =
            ResiliencePolicy.builder().maxAttempts(1).build();

    /** The granularity of the buffer's timers on the test clock: resends due within it go out together. */
    private static final Duration TIMER_TICK = Duration.ofMillis(100);

    private static final ResiliencePolicy BACKOFF = ResiliencePolicy.builder()
            .maxAttempts(1)
            .backoff(Duration.ofMillis(100), Duration.ofSeconds(2))
            .build();

    static final TableSchema<SaleOrder> SCHEMA = StaticTableSchema.builder(SaleOrder.class)
            .newItemSupplier(SaleOrder::new)
            .addAttribute(
                    String.class,
                    a -> a.name("orderId")
                            .getter(o -> o.orderId)
                            .setter((o, v) -> o.orderId = v)
                            .tags(StaticAttributeTags.primaryPartitionKey()))
            .build();

    private final double size;

    FlashSaleScenario() {
        this(1);
    }

    /**
     * @param size the share of the burst to send (1 in the demo; tests against an endpoint send less)
     */
    FlashSaleScenario(double size) {
        this.size = sizeFactor(size);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "a 2-minute sale at 100x the baseline: auto-scaling throttles it, the planner finds what does not";
    }

    @Override
    public UnitEstimate endpointUnits() {
        // the planner runs locally; the burst is sent twice at the service's scale, and each table is counted once
        double writes = Math.ceil(BURST_WRITES * 10 * size);
        double units = 2 * writes * UNITS_PER_WRITE;
        double countScans = 2 * writes * PAYLOAD_BYTES / 4096.0 / 2;
        return new UnitEstimate(units, countScans + 10, 2);
    }

    @Override
    public ScenarioReport run(DemoContext context) throws Exception {
        ScenarioReport report = new ScenarioReport(name(), summary());

        // 1. and 2.: the day played against every strategy
        ProfileGenerator generator = ProfileGenerator.parse(PROFILE);
        TrafficProfile day = generator.build();
        Spike sale = generator.writeSpikes().get(0);
        ServiceRules rules = ServiceRules.ofDefaults();
        Plan plan = plan(day, sale, rules);
        SimulationReport simulated = plan.report();
        StrategyResult autoScaling = simulated.result(plan.autoScaling().name());
        StrategyResult onDemand = simulated.results().get(0);
        Recommendation recommendation = simulated.recommend();
        StrategyResult recommended = recommendation.choice().orElseThrow();

        report.add(strategyRow(Step.PROBLEM, autoScaling.name() + " (the console's default)", autoScaling));
        report.add(strategyRow(Step.PROBLEM, onDemand.name(), onDemand));
        report.add(strategyRow(Step.FIX, "recommended: " + recommended.name(), recommended));
        for (StrategyResult other : simulated.results()) {
            if (other != recommended && other != autoScaling && other != onDemand) {
                String also = other.failedRequests() == 0 ? "also loses nothing: " : "also considered: ";
                report.add(strategyRow(Step.FIX, also + other.name(), other));
            }
        }
        report.note(String.format(
                Locale.ROOT,
                "the day, simulated second by second: %,.0f writes/s of 1 KB, %,.0f/s from %s for %d s; $ = cost per day"
                        + " (us-east-1 prices), throttles = requests refused, not retried",
                day.writes(0),
                sale.rate(),
                clock(sale.startSecond()),
                sale.durationSeconds()));
        report.note("planner: " + recommendation.reason());

        // 3. the follow-up: why auto-scaling throttles, on the sale's timeline
        report.followUp("auto-scaling still throttles?");
        saleTimeline(autoScaling, sale, rules).forEach(report::note);
        int from = Math.max(0, sale.startSecond() - CHART_BEFORE_SECONDS);
        int to = Math.min(day.seconds(), sale.startSecond() + CHART_AFTER_SECONDS);
        report.chart(new ChartFile(
                "flash-sale-timeline.png",
                "the " + clock(sale.startSecond()).substring(0, 5) + " sale second by second: demand against each"
                        + " strategy's capacity, and the requests each throttles",
                png -> {
                    if (System.getProperty("java.awt.headless") == null) {
                        System.setProperty("java.awt.headless", "true"); // no window, no dock icon
                    }
                    TimelineChart.writePng(
                            png,
                            "Flash sale " + clock(from).substring(0, 5) + "-"
                                    + clock(to).substring(0, 5) + " UTC: " + PROFILE,
                            day,
                            simulated,
                            from,
                            to,
                            1600,
                            1000);
                }));

        // ... and what smoothing looks like for real: a burst through the write buffer, unpaced then paced
        try (DemoTarget target = context.target(
                NAME,
                b -> b.partitions(1)
                        .writeCapacityPerPartition(1_000_000) // the table's capacity is the limit, not a partition's
                        .chargeStoredItemSize(false) // new items: charged by what the request carries
                        .tableCapacity(1_000_000, TABLE_WCU)
                        .tableBurstCredit(BURST_CREDIT))) {
            int scale = target.scale();
            long rate = TABLE_WCU * 10 / scale;
            int writes = (int) Math.max(25, Math.round(BURST_WRITES * 10.0 / scale * size));
            Burst unpaced = burst(context, target, writes, null);
            target.clock().restartPacing(); // a table of its own: its burst credit starts with its first request
            Burst paced = burst(context, target, writes, rate);
            String what = Plural.of(writes, "write") + " of " + UNITS_PER_WRITE + " units at once";
            report.add(burstRow(
                    "WriteBuffer, unpaced: " + what
                            + (target.simulated() ? ", sent in " + seconds(unpaced.took()) : ""),
                    unpaced,
                    writes));
            report.add(burstRow(
                    "WriteBuffer.writeUnitsPerSecond(" + rate + ")"
                            + (target.simulated() ? ": sent in " + seconds(paced.took()) : ""),
                    paced,
                    writes));
            report.note(
                    target.simulated()
                            ? String.format(
                                    Locale.ROOT,
                                    "the burst: %s (%,d units, %d s of the table's capacity) into a table of %d WCU with"
                                            + " %d s of burst credit (the service's %,d WCU, scaled 10x down), on the"
                                            + " test clock; throttles = item writes refused (whole calls and"
                                            + " UnprocessedItems), the buffer sends them again",
                                    Plural.of(writes, "write"),
                                    (long) writes * UNITS_PER_WRITE,
                                    (long) writes * UNITS_PER_WRITE / rate,
                                    rate,
                                    BURST_CREDIT.toSeconds(),
                                    rate * 10)
                            : String.format(
                                    Locale.ROOT,
                                    "the burst: %s against the endpoint's table (on demand: its capacity is the"
                                            + " service's), paced at %,d units/s",
                                    Plural.of(writes, "write"),
                                    rate));
            paced.pacing()
                    .ifPresent(s -> report.note(String.format(
                            Locale.ROOT,
                            "pacing: %,d units in %s, longest wait %s, mean %s",
                            s.units(),
                            Plural.of(s.calls(), "call"),
                            seconds(s.maxDelay()),
                            seconds(s.meanDelay()))));
            report.headline(
                    String.format(Locale.ROOT, "%,.0f throttled (auto-scaling)", autoScaling.throttledRequests()),
                    String.format(
                            Locale.ROOT,
                            "%,.0f throttled, $%.2f/day",
                            recommended.throttledRequests(),
                            recommended.costPerDay()),
                    String.format(
                            Locale.ROOT,
                            "no throttling for $%.2f/day more; a paced burst: %s (%,d unpaced)",
                            recommended.costPerDay() - autoScaling.costPerDay(),
                            Plural.of(paced.throttled(), "throttle"),
                            unpaced.throttled()));
        }
        return report;
    }

    /** The planner's comparison on the day, with the strategies {@code capacity plan} would choose. */
    record Plan(SimulationReport report, AutoScalingStrategy autoScaling) {}

    static Plan plan(TrafficProfile day, Spike sale, ServiceRules rules) {
        double target = rules.defaultTargetUtilisation();
        double baseline = Math.ceil(day.writeUnits(0) / target - 1e-9);
        double peak = Math.ceil(day.peakWriteUnits() - 1e-9);
        AutoScalingStrategy autoScaling = Strategy.autoScaling(baseline, rules.onDemandTableMaxWriteUnits());
        ScheduledStrategy scheduled = ScheduledStrategy.aroundSpikes(
                        baseline, peak, 1, List.of(sale), LEAD_SECONDS, day.seconds())
                .named(String.format(Locale.ROOT, "scheduled %,.0f WCU %d min before", peak, LEAD_SECONDS / 60));
        double pace = Math.ceil(maxWindowMeanWriteUnits(day, SMOOTHING_WINDOW_SECONDS) - 1e-9);
        SimulationReport report = CapacitySimulator.of(rules)
                .simulate(
                        day,
                        List.of(
                                Strategy.onDemand().named("on-demand, new table"),
                                Strategy.provisioned(peak, 1)
                                        .named(String.format(Locale.ROOT, "provisioned at the peak, %,.0f WCU", peak)),
                                autoScaling,
                                scheduled,
                                Strategy.smoothed(pace, 1).maxQueuedWrites(SMOOTHING_QUEUE)));
        return new Plan(report, autoScaling);
    }

    /** The highest mean write units over any {@code window} consecutive seconds: the pace that drains a spike. */
    static double maxWindowMeanWriteUnits(TrafficProfile profile, int window) {
        int w = Math.min(window, profile.seconds());
        double sum = 0;
        for (int t = 0; t < w; t++) {
            sum += profile.writeUnits(t);
        }
        double best = sum;
        for (int t = w; t < profile.seconds(); t++) {
            sum += profile.writeUnits(t) - profile.writeUnits(t - w);
            best = Math.max(best, sum);
        }
        return best / w;
    }

    private static Row strategyRow(Step step, String label, StrategyResult result) {
        return Row.of(step, label)
                .throttles(Math.round(result.throttledRequests()))
                .dollars(result.costPerDay());
    }

    /** The sale as auto-scaling lives it: when it throttles, when the alarm fires, when capacity arrives. */
    static List<String> saleTimeline(StrategyResult autoScaling, Spike sale, ServiceRules rules) {
        int start = sale.startSecond();
        int end = start + sale.durationSeconds();
        List<String> lines = new ArrayList<>();
        lines.add("auto-scaling on the sale's timeline (UTC):");
        lines.add(String.format(
                Locale.ROOT,
                "  %s  the sale starts: %,.0f writes/s against %,.0f WCU and its burst credit",
                clock(start),
                sale.rate(),
                autoScaling.writeCapacityAt(start)));
        autoScaling.throttleWindows().stream()
                .filter(w -> w.endSecond() > start)
                .findFirst()
                .ifPresent(w -> lines.add(String.format(
                        Locale.ROOT,
                        "  %s  first throttle: the burst credit is spent (%,.0f requests refused in %d s)",
                        clock(w.startSecond()),
                        w.throttledRequests(),
                        w.seconds())));
        Optional<ScalingEvent> scaleOut = autoScaling.scalingEvents().stream()
                .filter(e -> e.dimension() == ScalingEvent.Dimension.WRITE && !e.decrease())
                .filter(e -> e.decidedSecond() >= start)
                .findFirst();
        scaleOut.ifPresent(e -> lines.add(String.format(
                Locale.ROOT,
                "  %s  alarm: %d one-minute datapoints above %.0f %% -> UpdateTable to %,.0f WCU (what was consumed / %.0f"
                        + " %%: throttled writes consume nothing)",
                clock(e.decidedSecond()),
                rules.scaleOutDatapoints(),
                rules.defaultTargetUtilisation() * 100,
                e.to(),
                rules.defaultTargetUtilisation() * 100)));
        double throttledInSale = 0;
        for (int t = start; t < end; t++) {
            throttledInSale += autoScaling.throttledAt(t);
        }
        lines.add(String.format(
                Locale.ROOT,
                "  %s  the sale ends: %,.0f of its %,.0f writes refused",
                clock(end),
                throttledInSale,
                sale.rate() * sale.durationSeconds()));
        scaleOut.ifPresent(e -> lines.add(String.format(
                Locale.ROOT,
                "  %s  %,.0f WCU in force, %d s after the sale ended (the update takes %d s)",
                clock(e.effectiveSecond()),
                e.to(),
                e.effectiveSecond() - end,
                rules.scalingUpdateLag().toSeconds())));
        return lines;
    }

    /** What one burst through the write buffer did. */
    record Burst(
            long calls,
            double units,
            long throttled,
            long failed,
            long stored,
            Duration took,
            long millis,
            Optional<PacingStats> pacing) {}

    private static Row burstRow(String label, Burst burst, int writes) {
        return Row.of(Step.FOLLOW_UP, label)
                .requests(burst.calls())
                .units(burst.units())
                .throttles(burst.throttled())
                .wrong(writes - burst.stored())
                .items(burst.stored())
                .millis(burst.millis());
    }

    /**
     * Submits {@code writes} at once to a write buffer (paced at {@code rate} units/s when not null), flushes, and
     * waits until each is persisted or failed. On the test clock the buffer's scheduler is a {@link ClockScheduler}
     * and the clock moves only when no call is in flight, from one scheduled send or backoff to the next.
     */
    private Burst burst(DemoContext context, DemoTarget target, int writes, @Nullable Long rate)
            throws InterruptedException, ExecutionException {
        String table = target.tables().create(SCHEMA);
        DemoClock clock = target.clock();
        ClockScheduler scheduler = clock.simulated() ? new ClockScheduler(clock) : null;
        Runnable wake = scheduler == null ? () -> {} : scheduler::wake;
        BatchWriter sender = BatchWriter.builder()
                .dynamoDbClient(target.oneAttemptAsync())
                .resilience(ONE_ATTEMPT)
                .maxUnprocessedAttempts(1)
                .build();
        CountingBatchWriter writer = new CountingBatchWriter(sender, wake);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WriteBuffer.Builder builder = WriteBuffer.builder()
                .batchWriter(writer)
                .name(rate == null ? "unpaced" : "paced")
                .resilience(BACKOFF)
                .meterRegistry(registry)
                .clock(clock.clock())
                .maxDelay(Duration.ofMinutes(1)) // flushed by hand below
                .capacity(Math.max(10_000, writes))
                .closeTimeout(Duration.ofMinutes(5));
        if (scheduler != null) {
            builder.scheduler(scheduler);
        }
        if (rate != null) {
            builder.writeUnitsPerSecond(rate);
        }
        target.stats().reset();
        String label = (rate == null ? "unpaced" : "paced") + " burst of " + Plural.of(writes, "write");
        List<CompletableFuture<Void>> futures = new ArrayList<>(writes);
        Instant started = clock.now();
        long t0 = System.nanoTime();
        Optional<PacingStats> pacing;
        try (WriteBuffer buffer = builder.build();
                Progress progress = context.progress(label, writes)) {
            for (int i = 0; i < writes; i++) {
                futures.add(buffer.submit(put(table, "order-" + i, i)));
            }
            CompletableFuture<Void> flushed = buffer.flush();
            flushed.whenComplete((ok, error) -> wake.run());
            while (!flushed.isDone()) {
                if (scheduler != null) {
                    scheduler.await(
                            () -> writer.inFlight() == 0 || flushed.isDone(),
                            Duration.ofMinutes(1),
                            "the buffer's calls to finish");
                    if (!flushed.isDone() && !scheduler.advanceToNextAndRun(TIMER_TICK)) {
                        throw new IllegalStateException("the buffer holds writes but waits for nothing: " + buffer);
                    }
                } else {
                    try {
                        flushed.get(200, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException notYet) {
                        // progress below
                    }
                }
                progress.update(
                        futures.stream().filter(CompletableFuture::isDone).count());
            }
            pacing = buffer.pacingStats();
        } finally {
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        }
        Duration took = Duration.between(started, clock.now());
        long millis = millisSince(t0);
        long failed = futures.stream()
                .filter(CompletableFuture::isCompletedExceptionally)
                .count();
        Counter throttled = registry.find("ddb.patterns.buffer.throttled").counter();
        return new Burst(
                target.stats().requests("BatchWriteItem"),
                target.stats().writeUnits(table),
                throttled == null ? 0 : Math.round(throttled.count()),
                failed,
                target.countItems(table),
                took,
                millis,
                pacing);
    }

    /** A put of an order of about 1.5 KB: 2 write units. */
    static WriteOp put(String table, String orderId, int quantity) {
        Map<String, AttributeValue> key = Map.of("orderId", AttributeValue.fromS(orderId));
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("quantity", AttributeValue.fromN(Integer.toString(quantity)));
        item.put("payload", AttributeValue.fromS("p".repeat(PAYLOAD_BYTES)));
        return WriteOp.put(table, key, item);
    }

    static String clock(int second) {
        int s = second % 86_400;
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** An order of the sale (only its key is mapped; the burst writes raw items). */
    static final class SaleOrder {
        String orderId = "";
    }
}
