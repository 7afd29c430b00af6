package io.github.ddbpatterns.examples.spring;

import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.core.keys.Bucket;
import io.github.ddbpatterns.examples.readme.Reading;
import io.github.ddbpatterns.sessions.SessionStore;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.spring.TableNameResolver;
import io.github.ddbpatterns.timeseries.TimeSeriesTable;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * The sample's repositories, declared as the application's own beans from the starter's {@link DdbPatterns} and
 * {@link TableNameResolver}: they share the client, the resilience policy, the cursor key, the clock and the meter
 * registry. The write buffer is flushed and closed by the starter when the application stops, after the web server
 * has drained its requests.
 */
@Configuration(proxyBeanMethods = false)
public class SampleRepositories {

    /** Created by Spring. */
    public SampleRepositories() {}

    /**
     * The buffer the clicks go through: clicks arriving within {@code sample.clicks.max-delay} share BatchWriteItem
     * calls. Its flush window is measured on the system clock: it bounds how long a click waits, in real time, whatever
     * {@link Clock} bean the application's business time runs on (the tests move theirs by hand).
     *
     * @param ddb the starter's entry point
     * @param settings the sample's settings
     * @return the buffer
     */
    @Bean
    public WriteBuffer clickWrites(DdbPatterns ddb, SampleProperties settings) {
        return ddb.writeBuffer()
                .name("clicks")
                .maxDelay(settings.clicks().maxDelay())
                .clock(Clock.systemUTC())
                .build();
    }

    /**
     * The clicks of every user, a hot user's spread over {@code sample.clicks.hot-user-shards} partitions and read
     * back by a parallel, merged fan-out.
     *
     * @param ddb the starter's entry point
     * @param tables the table names (with {@code ddb.patterns.table-name.prefix} and {@code .suffix})
     * @param settings the sample's settings
     * @param clickWrites the buffer its puts go through
     * @return the table
     */
    @Bean
    public ShardedTable<Click> clicks(
            DdbPatterns ddb, TableNameResolver tables, SampleProperties settings, WriteBuffer clickWrites) {
        ShardedTable.Builder<Click> clicks = ddb.shardedTable(TableSchema.fromBean(Click.class))
                .tableName(tables.name("clicks"))
                .logicalKey(Click::getUserId)
                .shards(settings.clicks().shards())
                .writeBuffer(clickWrites); // put() completes once the buffer has persisted the click
        settings.clicks()
                .hotUsers()
                .forEach(user -> clicks.shards(user, settings.clicks().hotUserShards()));
        return clicks.build();
    }

    /**
     * The telemetry of every company, one partition per company and day, a range of any length read in one call.
     *
     * @param ddb the starter's entry point
     * @param tables the table names
     * @return the table
     */
    @Bean
    public TimeSeriesTable<Reading> telemetry(DdbPatterns ddb, TableNameResolver tables) {
        return ddb.timeSeries(TableSchema.fromBean(Reading.class))
                .tableName(tables.name("telemetry"))
                .entityId(Reading::getCompanyId)
                .timestamp(Reading::getAt)
                .eventId(Reading::getId) // two readings at one instant are both kept
                .bucket(Bucket.DAY) // company-123#2026-11-29
                .build();
    }

    /**
     * The login sessions, never returned once expired (whether or not DynamoDB's TTL has deleted them yet).
     *
     * @param ddb the starter's entry point
     * @param tables the table names
     * @param settings the sample's settings
     * @return the store
     */
    @Bean
    public SessionStore sessions(DdbPatterns ddb, TableNameResolver tables, SampleProperties settings) {
        return ddb.sessions()
                .tableName(tables.name("sessions"))
                .timeToLive(settings.sessions().timeToLive())
                .build();
    }
}
