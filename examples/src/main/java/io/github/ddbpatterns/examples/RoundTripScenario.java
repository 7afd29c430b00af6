package io.github.ddbpatterns.examples;

import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.TestTables;
import java.io.PrintStream;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;

/** Creates a table from an Enhanced schema, writes three readings, reads them back by key and by query. */
final class RoundTripScenario implements Scenario {

    static final TableSchema<Reading> SCHEMA = TableSchema.fromBean(Reading.class);

    @Override
    public String name() {
        return "round-trip";
    }

    @Override
    public String summary() {
        return "create a table from a TableSchema, write and read back through DynamoDB Local";
    }

    @Override
    public void run(DynamoDbLocal local, PrintStream out) {
        try (TestTables tables = new TestTables(local, "demo-readings")) {
            DynamoDbTable<Reading> readings = local.enhancedClient().table(tables.create(SCHEMA), SCHEMA);
            List<Reading> written = List.of(
                    new Reading("sensor-1", "2026-11-24T10:00:00Z", 21.5),
                    new Reading("sensor-1", "2026-11-24T10:01:00Z", 21.7),
                    new Reading("sensor-2", "2026-11-24T10:00:00Z", 19.0));
            written.forEach(readings::putItem);
            out.printf("  wrote %d readings into table %s%n", written.size(), readings.tableName());

            Reading one = readings.getItem(Key.builder()
                    .partitionValue("sensor-2")
                    .sortValue("2026-11-24T10:00:00Z")
                    .build());
            out.printf("  get   sensor-2 -> %s%n", one);

            List<Reading> sensor1 =
                    readings.query(QueryConditional.keyEqualTo(k -> k.partitionValue("sensor-1"))).items().stream()
                            .toList();
            out.printf("  query sensor-1 -> %d readings, oldest first:%n", sensor1.size());
            sensor1.forEach(r -> out.printf("        %s%n", r));
            if (sensor1.size() != 2 || one == null) {
                throw new IllegalStateException("round trip lost data: " + sensor1 + ", " + one);
            }
        }
    }
}
