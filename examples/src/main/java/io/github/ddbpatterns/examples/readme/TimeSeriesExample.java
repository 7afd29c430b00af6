package io.github.ddbpatterns.examples.readme;

import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.keys.Bucket;
import io.github.ddbpatterns.timeseries.RangeQuery;
import io.github.ddbpatterns.timeseries.TimeSeriesTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/** The README's time-series section: a week of readings, read in one call per page. */
public final class TimeSeriesExample {

    private TimeSeriesExample() {}

    /**
     * Writes 14 days of hourly readings and reads the last 7 days, newest first.
     *
     * @param ddb the entry point
     * @param tableName the table to create and use
     * @param now the end of the readings
     * @return every reading of the last 7 days, newest first
     */
    public static List<Reading> run(DdbPatterns ddb, String tableName, Instant now) {
        // tag::timeseries[]
        TimeSeriesTable<Reading> readings = ddb.timeSeries(TableSchema.fromBean(Reading.class))
                .tableName(tableName)
                .entityId(Reading::getCompanyId)
                .timestamp(Reading::getAt)
                .eventId(Reading::getId) // ties at the same instant are all kept
                .bucket(Bucket.DAY) // partitions company-123#2026-01-01, ...
                .retention("expiresAt", Duration.ofDays(90)) // TTL
                .build();
        readings.createTable().join(); // keys, and TTL on expiresAt
        List<Reading> twoWeeks = new ArrayList<>();
        for (int hour = 0; hour < 14 * 24; hour++) {
            twoWeeks.add(new Reading("company-123", now.minus(Duration.ofHours(hour)), "r-" + hour, hour));
        }
        readings.putAll(twoWeeks).join();

        RangeQuery lastWeek = RangeQuery.of("company-123", now.minus(Duration.ofDays(7)), now) // [from, to)
                .newestFirst()
                .limit(100);
        List<Reading> week = new ArrayList<>();
        Page<Reading> page = readings.query(lastWeek).join(); // ONE call, 8 day buckets
        week.addAll(page.items());
        while (page.hasMore()) {
            page = readings.query(lastWeek.after(page)).join();
            week.addAll(page.items());
        }
        List<Reading> latest = readings.latest("company-123", 10).join(); // the newest 10, up to now
        // end::timeseries[]
        if (latest.size() != 10) {
            throw new IllegalStateException("latest returned " + latest.size());
        }
        return week;
    }
}
