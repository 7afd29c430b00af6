package io.github.ddbpatterns.core.fanout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Meters of one {@link FanOut} and one merge kind, all named {@code ddb.patterns.fanout.*} and tagged
 * {@code fanout=<name>}, {@code order=unordered|sorted|sequence}.
 */
final class FanOutMetrics {

    static final String PREFIX = "ddb.patterns.fanout.";

    private final DistributionSummary width;
    private final Counter requestsSucceeded;
    private final Counter requestsFailed;
    private final Counter pages;
    private final Counter itemsRead;
    private final Counter itemsReturned;
    private final Timer mergeTime;
    private final Timer sourceLatencySuccess;
    private final Timer sourceLatencyFailed;

    FanOutMetrics(MeterRegistry registry, String name, String order) {
        Tags tags = Tags.of("fanout", name, "order", order);
        width = DistributionSummary.builder(PREFIX + "width")
                .description("sources per fan-out query")
                .baseUnit("sources")
                .tags(tags)
                .register(registry);
        requestsSucceeded = Counter.builder(PREFIX + "requests")
                .description("page requests sent to sources")
                .tags(tags)
                .tag("result", "success")
                .register(registry);
        requestsFailed = Counter.builder(PREFIX + "requests")
                .description("page requests sent to sources")
                .tags(tags)
                .tag("result", "failed")
                .register(registry);
        pages = Counter.builder(PREFIX + "pages")
                .description("pages received from sources")
                .tags(tags)
                .register(registry);
        itemsRead = Counter.builder(PREFIX + "items.read")
                .description("items received from sources")
                .baseUnit("items")
                .tags(tags)
                .register(registry);
        itemsReturned = Counter.builder(PREFIX + "items.returned")
                .description("items returned to the caller")
                .baseUnit("items")
                .tags(tags)
                .register(registry);
        mergeTime = Timer.builder(PREFIX + "merge.time")
                .description("time spent merging per query, excluding waits and sending requests")
                .tags(tags)
                .register(registry);
        sourceLatencySuccess = Timer.builder(PREFIX + "source.latency")
                .description("latency of one page request")
                .tags(tags)
                .tag("result", "success")
                .register(registry);
        sourceLatencyFailed = Timer.builder(PREFIX + "source.latency")
                .description("latency of one page request")
                .tags(tags)
                .tag("result", "failed")
                .register(registry);
    }

    void width(int sources) {
        width.record(sources);
    }

    void request(long nanos, boolean success) {
        (success ? requestsSucceeded : requestsFailed).increment();
        (success ? sourceLatencySuccess : sourceLatencyFailed).record(nanos, TimeUnit.NANOSECONDS);
    }

    void page(int items) {
        pages.increment();
        itemsRead.increment(items);
    }

    void returned(long items) {
        itemsReturned.increment(items);
    }

    void mergeTime(long nanos) {
        mergeTime.record(nanos, TimeUnit.NANOSECONDS);
    }
}
