package io.github.ddbpatterns.timeseries;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;

/**
 * Meters of one {@link TimeSeriesTable} ({@code ddb.patterns.timeseries.*}, tag {@code table}): buckets spanned
 * and touched per query, items read (evaluated by DynamoDB) and returned, read capacity consumed, queries and
 * writes by result.
 */
final class TimeSeriesMetrics {

    private final DistributionSummary bucketsSpanned;
    private final DistributionSummary bucketsTouched;
    private final Counter itemsRead;
    private final Counter itemsReturned;
    private final Counter readUnits;
    private final Counter queriesSuccess;
    private final Counter queriesFailed;
    private final Counter writesSuccess;
    private final Counter writesFailed;

    TimeSeriesMetrics(MeterRegistry registry, String table) {
        bucketsSpanned = DistributionSummary.builder("ddb.patterns.timeseries.buckets.spanned")
                .description("Buckets overlapping the range of a query")
                .tag("table", table)
                .register(registry);
        bucketsTouched = DistributionSummary.builder("ddb.patterns.timeseries.buckets.touched")
                .description("Buckets actually queried by a query (page reads)")
                .tag("table", table)
                .register(registry);
        itemsRead = Counter.builder("ddb.patterns.timeseries.items.read")
                .description("Items evaluated by DynamoDB (ScannedCount), before filters")
                .tag("table", table)
                .register(registry);
        itemsReturned = Counter.builder("ddb.patterns.timeseries.items.returned")
                .description("Items returned to callers by page queries")
                .tag("table", table)
                .register(registry);
        readUnits = Counter.builder("ddb.patterns.timeseries.consumed.read.units")
                .description("Read capacity units consumed by queries")
                .baseUnit("units")
                .tag("table", table)
                .register(registry);
        queriesSuccess = queries(registry, table, "success");
        queriesFailed = queries(registry, table, "failed");
        writesSuccess = writes(registry, table, "success");
        writesFailed = writes(registry, table, "failed");
    }

    private static Counter queries(MeterRegistry registry, String table, String result) {
        return Counter.builder("ddb.patterns.timeseries.queries")
                .tag("table", table)
                .tag("result", result)
                .register(registry);
    }

    private static Counter writes(MeterRegistry registry, String table, String result) {
        return Counter.builder("ddb.patterns.timeseries.writes")
                .tag("table", table)
                .tag("result", result)
                .register(registry);
    }

    void page(int scannedCount, ConsumedCapacity capacity) {
        itemsRead.increment(scannedCount);
        if (capacity != null && capacity.capacityUnits() != null) {
            readUnits.increment(capacity.capacityUnits());
        }
    }

    void query(int spanned, int touched, int returned, boolean success) {
        bucketsSpanned.record(spanned);
        bucketsTouched.record(touched);
        itemsReturned.increment(returned);
        (success ? queriesSuccess : queriesFailed).increment();
    }

    void write(boolean success) {
        (success ? writesSuccess : writesFailed).increment();
    }
}
