/**
 * Time series stored as {@code <entity>#<bucket>} partitions and read as one ordered stream: the entry point is
 * {@link io.github.ddbpatterns.timeseries.TimeSeriesTable} (built with
 * {@link io.github.ddbpatterns.timeseries.TimeSeriesTable#builder(io.github.ddbpatterns.core.PatternsContext,
 * software.amazon.awssdk.enhanced.dynamodb.TableSchema)} from a shared context, or standalone with
 * {@link io.github.ddbpatterns.timeseries.TimeSeriesTable#builder(software.amazon.awssdk.enhanced.dynamodb.TableSchema)});
 * a read is a {@link io.github.ddbpatterns.timeseries.RangeQuery} over the half-open range {@code [from, to)}; the
 * blocking twin is {@link io.github.ddbpatterns.timeseries.SyncTimeSeriesTable}; the sort-key format is
 * {@link io.github.ddbpatterns.timeseries.SortKeyCodec}.
 *
 * <pre>{@code
 * PatternsContext context = PatternsContext.builder().dynamoDbClient(DynamoDbAsyncClient.create()).build();
 * TimeSeriesTable<Reading> readings = TimeSeriesTable.builder(context, TableSchema.fromBean(Reading.class))
 *         .tableName("readings")
 *         .entityId(Reading::getCompanyId)
 *         .timestamp(Reading::getAt)
 *         .build();
 * Instant midnight = LocalDate.of(2024, 11, 20).atStartOfDay(ZoneOffset.UTC).toInstant();
 * RangeQuery day = RangeQuery.of("company-123", midnight, midnight.plus(Duration.ofDays(1))).limit(500);
 * Page<Reading> page = readings.query(day).join();             // events in [midnight, next midnight)
 * }</pre>
 */
@NullMarked
package io.github.ddbpatterns.timeseries;

import org.jspecify.annotations.NullMarked;
