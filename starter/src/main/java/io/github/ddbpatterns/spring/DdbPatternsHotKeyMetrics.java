package io.github.ddbpatterns.spring;

import io.github.ddbpatterns.core.hotkeys.HotKeyMetrics;
import io.github.ddbpatterns.core.hotkeys.HotKeyTracker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The hot-key metrics of every {@link HotKeyTracker} bean, bound to the application's {@link MeterRegistry}
 * ({@code ddb.patterns.hotkeys.rate}, {@code ddb.patterns.hotkeys.total.rate}, and with
 * {@code ddb.patterns.hot-keys.tag-hashed-keys=true} {@code ddb.patterns.hotkeys.key.rate}), each tagged
 * {@code tracker=<bean name>}. With hashed-key gauges, a scheduler of its own (one daemon thread) refreshes them
 * every {@code ddb.patterns.hot-keys.refresh-interval}; {@link #close()} shuts it down with the context.
 */
public final class DdbPatternsHotKeyMetrics implements AutoCloseable {

    private static final Log log = LogFactory.getLog(DdbPatternsHotKeyMetrics.class);

    private final List<HotKeyMetrics> bound = new ArrayList<>();
    private final @Nullable ScheduledExecutorService scheduler;

    /**
     * Binds the trackers' metrics at once and starts the refresh schedule when per-key gauges are asked for.
     *
     * @param trackers the trackers by bean name
     * @param meterRegistry where the gauges go
     * @param settings {@code ddb.patterns.hot-keys.*}
     */
    public DdbPatternsHotKeyMetrics(
            Map<String, HotKeyTracker> trackers, MeterRegistry meterRegistry, DdbPatternsProperties.HotKeys settings) {
        trackers.forEach((name, tracker) -> {
            HotKeyMetrics metrics = HotKeyMetrics.builder(tracker)
                    .topN(settings.topN())
                    .tagHashedKeys(settings.tagHashedKeys())
                    .tags(Tags.of("tracker", name))
                    .build();
            metrics.bindTo(meterRegistry);
            bound.add(metrics);
        });
        if (settings.tagHashedKeys() && !bound.isEmpty()) {
            scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "ddb-patterns-hot-keys");
                thread.setDaemon(true);
                return thread;
            });
            long period = settings.refreshInterval().toNanos();
            scheduler.scheduleAtFixedRate(this::refresh, period, period, TimeUnit.NANOSECONDS);
        } else {
            scheduler = null;
        }
    }

    /** Re-reads every tracker's top keys into the per-key gauges (what the schedule runs). */
    public void refresh() {
        for (HotKeyMetrics metrics : bound) {
            try {
                metrics.refresh();
            } catch (RuntimeException e) {
                // keep the schedule alive: the next refresh may succeed
                log.warn("ddb-patterns: refreshing hot-key gauges failed", e);
            }
        }
    }

    /**
     * The number of trackers bound.
     *
     * @return how many {@link HotKeyTracker} beans are published
     */
    public int trackerCount() {
        return bound.size();
    }

    /** Stops the refresh schedule (idempotent); the gauges stay registered. */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** The refresh scheduler, if one runs: for tests. */
    @Nullable
    ScheduledExecutorService scheduler() {
        return scheduler;
    }
}
