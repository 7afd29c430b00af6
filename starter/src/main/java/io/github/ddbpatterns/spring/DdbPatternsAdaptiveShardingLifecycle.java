package io.github.ddbpatterns.spring;

import io.github.ddbpatterns.sharding.AdaptiveShardController;
import io.github.ddbpatterns.sharding.ShardedTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link AdaptiveShardController} of every {@link ShardedTable} bean built with adaptive sharding
 * ({@code .adaptive(adaptiveSharding)}) when the application starts, and closes them when it stops, unless
 * {@code ddb.patterns.sharding.adaptive.auto-start=false}.
 *
 * <p><b>Which tables.</b> The {@code ShardedTable} singletons that exist when the context starts (and those behind
 * {@code SyncShardedTable} beans), each once. A lazy table first created after startup is not started by it: call
 * {@code table.adaptive().ifPresent(AdaptiveShardController::start)} yourself.
 *
 * <p><b>When.</b> Phase {@value #PHASE}, one above {@link DdbPatternsFlushLifecycle#PHASE}. It starts just after the
 * flush lifecycle and before Spring's executors, message listeners and the web server, so controllers evaluate before
 * traffic arrives. It stops after them (higher phases stop first): while the web server drains its requests a hot key
 * can still be raised; and just before the write buffers are flushed, so no evaluation competes with the flush for
 * the shutdown phase's time or the client's connections (a controller only sends shard-map UpdateItems: reports, and
 * layout changes conditional on the version, which another instance makes as well if still needed). The DynamoDB
 * client is closed later still, when the context destroys its beans. {@code close()} cancels the schedule; an
 * evaluation already running ends with its requests.
 */
public class DdbPatternsAdaptiveShardingLifecycle implements SmartLifecycle {

    /** The phase: just above the flush lifecycle's, so controllers stop right before the buffers are flushed. */
    public static final int PHASE = DdbPatternsFlushLifecycle.PHASE + 1;

    private static final Log log = LogFactory.getLog(DdbPatternsAdaptiveShardingLifecycle.class);

    private final ConfigurableListableBeanFactory beanFactory;
    private final boolean autoStart;
    private final List<AdaptiveShardController> started = new ArrayList<>();
    private boolean running;

    /**
     * A lifecycle starting the controllers of the {@link ShardedTable} beans of {@code beanFactory}.
     *
     * @param beanFactory where the tables are found at start
     * @param autoStart whether it starts with the context ({@code ddb.patterns.sharding.adaptive.auto-start})
     */
    public DdbPatternsAdaptiveShardingLifecycle(ConfigurableListableBeanFactory beanFactory, boolean autoStart) {
        this.beanFactory = beanFactory;
        this.autoStart = autoStart;
    }

    /** Starts the controller of every existing {@link ShardedTable} bean that has one. */
    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        for (ExistingBeans.RepositoryBean bean : new ExistingBeans(beanFactory).repositories()) {
            if (bean.repository() instanceof ShardedTable<?> table) {
                table.adaptive().ifPresent(controller -> {
                    started.add(controller.start());
                    log.info("ddb-patterns: adaptive sharding of " + table.tableName() + " started (bean(s) "
                            + String.join(", ", bean.beans()) + ", " + controller.settings() + ")");
                });
            }
        }
        running = true;
    }

    /** Closes every controller it started. */
    @Override
    public synchronized void stop() {
        try {
            started.forEach(AdaptiveShardController::close);
            started.clear();
        } finally {
            running = false;
        }
    }

    /** Whether it started and has not stopped. */
    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    /**
     * {@code ddb.patterns.sharding.adaptive.auto-start}: false leaves the controllers to the application (a context
     * started explicitly with {@code ConfigurableApplicationContext.start()} still starts them).
     */
    @Override
    public boolean isAutoStartup() {
        return autoStart;
    }

    /** {@value #PHASE}: see the class comment. */
    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * The controllers it started and has not closed yet.
     *
     * @return the controllers, in bean registration order
     */
    public synchronized List<AdaptiveShardController> controllers() {
        return List.copyOf(started);
    }
}
