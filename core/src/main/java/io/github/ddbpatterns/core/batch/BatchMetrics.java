package io.github.ddbpatterns.core.batch;

import io.github.ddbpatterns.core.resilience.DynamoDbErrors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.Capacity;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;

/**
 * Meters of the batch writer and reader, all tagged {@code operation} ({@code BatchWriteItem} or
 * {@code BatchGetItem}):
 * <ul>
 *   <li>{@code ddb.patterns.batch.requests} ({@code result=success|throttled|failed}): HTTP calls sent;</li>
 *   <li>{@code ddb.patterns.batch.unprocessed}: items / keys the service returned unprocessed;</li>
 *   <li>{@code ddb.patterns.batch.items} ({@code result=success|failed}): final per-write / per-key
 *       outcomes;</li>
 *   <li>{@code ddb.patterns.batch.consumed.capacity} ({@code table}): capacity units consumed, indexes
 *       included;</li>
 *   <li>{@code ddb.patterns.index.write.units} ({@code table}, {@code index}; BatchWriteItem only): the write units
 *       each secondary index consumed, as DynamoDB reported them — the write amplification of that index (see
 *       {@link io.github.ddbpatterns.core.capacity.WriteCostModel} to predict it).</li>
 * </ul>
 */
final class BatchMetrics {

    static final String REQUESTS = "ddb.patterns.batch.requests";
    static final String UNPROCESSED = "ddb.patterns.batch.unprocessed";
    static final String ITEMS = "ddb.patterns.batch.items";
    static final String CONSUMED_CAPACITY = "ddb.patterns.batch.consumed.capacity";
    static final String INDEX_WRITE_UNITS = "ddb.patterns.index.write.units";

    private final MeterRegistry registry;
    private final String operation;

    BatchMetrics(MeterRegistry registry, String operation) {
        this.registry = registry;
        this.operation = operation;
    }

    void request(Throwable error) {
        String result = error == null ? "success" : DynamoDbErrors.isThrottle(error) ? "throttled" : "failed";
        Counter.builder(REQUESTS)
                .description("batch requests sent")
                .tag("operation", operation)
                .tag("result", result)
                .register(registry)
                .increment();
    }

    void unprocessed(int count) {
        if (count > 0) {
            Counter.builder(UNPROCESSED)
                    .description("items returned unprocessed")
                    .tag("operation", operation)
                    .register(registry)
                    .increment(count);
        }
    }

    void items(boolean success, int count) {
        if (count > 0) {
            Counter.builder(ITEMS)
                    .description("final item outcomes")
                    .tag("operation", operation)
                    .tag("result", success ? "success" : "failed")
                    .register(registry)
                    .increment(count);
        }
    }

    void consumed(List<ConsumedCapacity> capacities) {
        for (ConsumedCapacity capacity : capacities) {
            if (capacity.capacityUnits() != null && capacity.tableName() != null) {
                Counter.builder(CONSUMED_CAPACITY)
                        .description("capacity units consumed")
                        .baseUnit("units")
                        .tag("operation", operation)
                        .tag("table", capacity.tableName())
                        .register(registry)
                        .increment(capacity.capacityUnits());
            }
            if (operation.equals("BatchWriteItem") && capacity.tableName() != null) {
                capacity.globalSecondaryIndexes().forEach((index, units) -> indexWrite(capacity, index, units));
                capacity.localSecondaryIndexes().forEach((index, units) -> indexWrite(capacity, index, units));
            }
        }
    }

    private void indexWrite(ConsumedCapacity capacity, String index, Capacity units) {
        Double consumed = units.writeCapacityUnits() != null ? units.writeCapacityUnits() : units.capacityUnits();
        if (consumed != null && consumed > 0) {
            Counter.builder(INDEX_WRITE_UNITS)
                    .description("write units consumed by a secondary index")
                    .baseUnit("units")
                    .tag("table", capacity.tableName())
                    .tag("index", index)
                    .register(registry)
                    .increment(consumed);
        }
    }
}
