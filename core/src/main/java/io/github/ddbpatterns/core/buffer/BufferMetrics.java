package io.github.ddbpatterns.core.buffer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/** The {@code ddb.patterns.buffer.*} meters of one buffer. */
final class BufferMetrics {

    static final String PREFIX = "ddb.patterns.buffer.";

    private final Counter accepted;
    private final Counter coalesced;
    private final Counter persisted;
    private final Counter failed;
    private final Counter rejectedFull;
    private final Counter rejectedClosed;
    private final Counter blocked;
    private final Counter throttled;
    private final Counter retried;
    private final Counter expired;
    private final Counter sustained;
    private final Map<FlushTrigger, Counter> flushes = new EnumMap<>(FlushTrigger.class);
    private final DistributionSummary flushSize;
    private final @Nullable Timer pacingDelay;
    private final @Nullable Counter pacingUnits;

    BufferMetrics(MeterRegistry registry, String name, CoalescingWriteBuffer buffer, boolean paced) {
        Tags tags = Tags.of("buffer", name);
        accepted = counter(registry, "accepted", "writes accepted", tags);
        coalesced = counter(registry, "coalesced", "writes superseded by a later write of the same key", tags);
        persisted = counter(registry, "persisted", "writes persisted (superseded ones included)", tags);
        failed = counter(registry, "failed", "writes finally given up (superseded ones included)", tags);
        rejectedFull = counter(registry, "rejected", "writes refused", tags.and("reason", "full"));
        rejectedClosed = counter(registry, "rejected", "writes refused", tags.and("reason", "closed"));
        blocked = counter(registry, "blocked", "producers that waited for room", tags);
        throttled = counter(registry, "throttled", "writes the batch writer gave back throttled or unprocessed", tags);
        retried = counter(registry, "retried", "writes sent again after a throttle", tags);
        expired = counter(
                registry,
                "expired",
                "writes given up still throttled at their deadline (superseded ones included; also in failed)",
                tags);
        sustained = counter(
                registry, "throttling.sustained", "keys reported throttled for longer than the threshold", tags);
        for (FlushTrigger trigger : FlushTrigger.values()) {
            flushes.put(
                    trigger,
                    counter(registry, "flushes", "flushes by trigger", tags.and("trigger", trigger.tagValue())));
        }
        flushSize = DistributionSummary.builder(PREFIX + "flush.size")
                .description("distinct keys per flush")
                .baseUnit("keys")
                .tags(tags)
                .register(registry);
        if (paced) {
            pacingDelay = Timer.builder(PREFIX + "pacing.delay")
                    .description("time from a flush taking a write (or its backoff ending) to its call being sent")
                    .tags(tags)
                    .register(registry);
            pacingUnits = Counter.builder(PREFIX + "pacing.units")
                    .description("write units sent by a paced buffer")
                    .baseUnit("units")
                    .tags(tags)
                    .register(registry);
        } else {
            pacingDelay = null;
            pacingUnits = null;
        }
        gauge(registry, "pending", "distinct keys waiting to be written", tags, buffer, WriteBuffer::pendingCount);
        gauge(registry, "held", "writes pending or in flight", tags, buffer, WriteBuffer::heldCount);
        gauge(
                registry,
                "retrying",
                "keys waiting to be sent again after a throttle",
                tags,
                buffer,
                CoalescingWriteBuffer::retryingCount);
    }

    private static Counter counter(MeterRegistry registry, String name, String description, Tags tags) {
        return Counter.builder(PREFIX + name)
                .description(description)
                .tags(tags)
                .register(registry);
    }

    private static void gauge(
            MeterRegistry registry,
            String name,
            String description,
            Tags tags,
            CoalescingWriteBuffer buffer,
            ToDoubleFunction<CoalescingWriteBuffer> value) {
        Gauge.builder(PREFIX + name, buffer, value)
                .description(description)
                .tags(tags)
                .register(registry);
    }

    void accepted() {
        accepted.increment();
    }

    void coalesced() {
        coalesced.increment();
    }

    void persisted(int writes) {
        persisted.increment(writes);
    }

    void failed(int writes) {
        failed.increment(writes);
    }

    void rejectedFull() {
        rejectedFull.increment();
    }

    void rejectedClosed() {
        rejectedClosed.increment();
    }

    void blocked() {
        blocked.increment();
    }

    void throttled() {
        throttled.increment();
    }

    void retried() {
        retried.increment();
    }

    void expired(int writes) {
        expired.increment(writes);
    }

    void sustained() {
        sustained.increment();
    }

    /** A paced call was sent: the pacing delay of each of its item writes, and its write units. */
    void paced(long[] delayNanos, long units) {
        if (pacingDelay == null || pacingUnits == null) {
            return;
        }
        for (long delay : delayNanos) {
            pacingDelay.record(delay, TimeUnit.NANOSECONDS);
        }
        pacingUnits.increment(units);
    }

    void flushed(FlushTrigger trigger, int keys) {
        flushes.get(trigger).increment();
        flushSize.record(keys);
    }
}
