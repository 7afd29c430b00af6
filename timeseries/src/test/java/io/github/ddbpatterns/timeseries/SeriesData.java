package io.github.ddbpatterns.timeseries;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.SortOrder;
import io.github.ddbpatterns.core.batch.BatchWriteResult;
import io.github.ddbpatterns.core.batch.BatchWriter;
import io.github.ddbpatterns.core.batch.WriteOp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * Random readings over {@link #DAYS} days for several entities, with many same-timestamp events and events on
 * bucket boundaries, loaded through {@link TimeSeriesTable#keyed} and a batch writer.
 */
final class SeriesData {

    static final Instant START = Instant.parse("2024-11-01T00:00:00Z");
    static final int DAYS = 30;
    static final Instant END = START.plus(Duration.ofDays(DAYS));

    final Map<String, List<Reading>> byEntity = new TreeMap<>();
    final List<Instant> timestamps = new ArrayList<>();

    SeriesData(List<String> entities, int perEntity, long seed) {
        Random random = new Random(seed);
        int id = 0;
        for (String entity : entities) {
            List<Reading> readings = new ArrayList<>();
            while (readings.size() < perEntity) {
                Instant at = switch (random.nextInt(4)) {
                    // on a day boundary
                    case 0 -> START.plus(Duration.ofDays(random.nextInt(DAYS)));
                    // whole seconds: collisions likely
                    case 1 -> START.plusSeconds(random.nextInt(DAYS * 86_400 / 3600) * 3600L);
                    default ->
                        START.plusNanos((long)
                                (random.nextDouble() * Duration.ofDays(DAYS).toNanos()));
                };
                int copies = random.nextInt(5) == 0 ? 2 + random.nextInt(3) : 1;
                for (int c = 0; c < copies; c++) {
                    readings.add(new Reading(entity, at, String.format("e%06d", id++), random.nextInt(100)));
                }
                timestamps.add(at);
            }
            byEntity.put(entity, readings);
        }
    }

    List<String> entities() {
        return List.copyOf(byEntity.keySet());
    }

    /** Writes every reading of {@code entities} with {@code series}'s key layout. */
    void load(
            TimeSeriesTable<Reading> series,
            DynamoDbEnhancedAsyncClient enhanced,
            DynamoDbAsyncClient client,
            String tableName,
            List<String> entities) {
        List<WriteOp> writes = new ArrayList<>();
        for (String entity : entities) {
            for (Reading r : byEntity.get(entity)) {
                writes.add(WriteOp.put(enhanced.table(tableName, Reading.SCHEMA), series.keyed(r)));
            }
        }
        BatchWriteResult result = BatchWriter.builder()
                .dynamoDbClient(client)
                .maxConcurrentRequests(8)
                .build()
                .write(writes)
                .join();
        assertThat(result.allPersisted()).isTrue();
    }

    /** The ids of {@code entity}'s readings in {@code [from, to)}, in {@code order}. */
    List<String> expected(String entity, Instant from, Instant to, SortOrder order) {
        Comparator<Reading> bySortKey =
                Comparator.comparing((Reading r) -> r.getAt()).thenComparing(Reading::getId);
        return byEntity.get(entity).stream()
                .filter(r -> !r.getAt().isBefore(from) && r.getAt().isBefore(to))
                .sorted(order == SortOrder.OLDEST_FIRST ? bySortKey : bySortKey.reversed())
                .map(Reading::getId)
                .toList();
    }
}
