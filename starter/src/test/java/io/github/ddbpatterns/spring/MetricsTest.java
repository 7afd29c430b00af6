package io.github.ddbpatterns.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.PatternsContext;
import io.github.ddbpatterns.core.hotkeys.HotKeyTracker;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.JvmMetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.metrics.MetricsEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;

/**
 * Every meter goes to the application's registry, including under Spring Boot Actuator (3.5.7, here with Micrometer
 * 1.17.2); hot-key trackers are published and refreshed on the starter's own scheduler.
 */
class MetricsTest {

    @Test
    void actuator_registryReceivesThePolicysMeters_andTheMetricsEndpointListsThem() {
        Runners.starter()
                .withConfiguration(AutoConfigurations.of(
                        MetricsAutoConfiguration.class,
                        JvmMetricsAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class,
                        MetricsEndpointAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=metrics")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    PatternsContext shared = context.getBean(PatternsContext.class);
                    assertThat(shared.meterRegistry()).isSameAs(registry);

                    shared.resilience()
                            .execute("Probe", () -> CompletableFuture.completedFuture("ok"))
                            .join();

                    MetricsEndpoint endpoint = context.getBean(MetricsEndpoint.class);
                    assertThat(endpoint.listNames().getNames())
                            .contains("ddb.patterns.resilience.calls", "jvm.memory.used");
                    assertThat(endpoint.metric("ddb.patterns.resilience.calls", null)
                                    .getMeasurements()
                                    .get(0)
                                    .getValue())
                            .isEqualTo(1.0);
                });
    }

    @Test
    void hotKeyTrackers_arePublishedTaggedWithTheirBeanName() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HotKeyTracker tracker = HotKeyTracker.ofDefaults();
        Runners.starter()
                .withBean(MeterRegistry.class, () -> registry)
                .withBean("eventsHotKeys", HotKeyTracker.class, () -> tracker)
                .withPropertyValues("ddb.patterns.hot-keys.top-n=2")
                .run(context -> {
                    DdbPatternsHotKeyMetrics metrics = context.getBean(DdbPatternsHotKeyMetrics.class);
                    assertThat(metrics.trackerCount()).isEqualTo(1);
                    assertThat(metrics.scheduler())
                            .as("no per-key gauges, nothing to refresh")
                            .isNull();
                    tracker.recordWrite("user-42", 5);

                    assertThat(registry.find("ddb.patterns.hotkeys.rate")
                                    .tag("tracker", "eventsHotKeys")
                                    .meters())
                            .hasSize(4); // 2 ranks x read/write
                    assertThat(registry.find("ddb.patterns.hotkeys.total.rate")
                                    .tags("tracker", "eventsHotKeys", "access", "write")
                                    .gauge()
                                    .value())
                            .isPositive();
                });
    }

    @Test
    void hashedKeyGauges_areRefreshedOnTheStartersScheduler_whichStopsWithTheContext() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HotKeyTracker tracker = HotKeyTracker.ofDefaults();
        CompletableFuture<Meter> keyGauge = new CompletableFuture<>();
        registry.config().onMeterAdded(meter -> {
            if (meter.getId().getName().equals("ddb.patterns.hotkeys.key.rate")) {
                keyGauge.complete(meter);
            }
        });
        DdbPatternsHotKeyMetrics[] binding = new DdbPatternsHotKeyMetrics[1];
        Runners.starter()
                .withBean(MeterRegistry.class, () -> registry)
                .withBean("hotKeyTracker", HotKeyTracker.class, () -> tracker)
                .withPropertyValues(
                        "ddb.patterns.hot-keys.tag-hashed-keys=true", "ddb.patterns.hot-keys.refresh-interval=5ms")
                .run(context -> {
                    binding[0] = context.getBean(DdbPatternsHotKeyMetrics.class);
                    assertThat(binding[0].scheduler()).isNotNull();
                    assertThat(keyGauge)
                            .as("nothing recorded yet, no key gauge")
                            .isNotDone();

                    tracker.recordWrite("user-42", 5); // after binding: only a scheduled refresh can publish it

                    Meter meter = keyGauge.get(30, TimeUnit.SECONDS);
                    assertThat(meter.getId().getTag("tracker")).isEqualTo("hotKeyTracker");
                    assertThat(meter.getId().getTag("key")).isNotEqualTo("user-42"); // hashed, never raw
                });
        assertThat(binding[0].scheduler().isShutdown()).isTrue();
        assertThat(binding[0].scheduler().awaitTermination(30, TimeUnit.SECONDS))
                .isTrue();
    }

    @Test
    void noRegistry_noHotKeyBinding() {
        Runners.starter()
                .withBean(HotKeyTracker.class, HotKeyTracker::ofDefaults)
                .run(context -> assertThat(context).doesNotHaveBean(DdbPatternsHotKeyMetrics.class));
    }

    @Test
    void refreshInterval_isTheConfiguredOne() {
        Runners.starter()
                .withPropertyValues("ddb.patterns.hot-keys.refresh-interval=2m")
                .run(context -> assertThat(context.getBean(DdbPatternsProperties.class)
                                .hotKeys()
                                .refreshInterval())
                        .isEqualTo(Duration.ofMinutes(2)));
    }
}
