package io.github.ddbpatterns.examples.spring;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.examples.readme.Reading;
import io.github.ddbpatterns.timeseries.RangeQuery;
import io.github.ddbpatterns.timeseries.SortKeyCodec;
import io.github.ddbpatterns.timeseries.TimeSeriesTable;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The telemetry of a company, on the time series: {@code POST /companies/{id}/telemetry} stores a reading,
 * {@code GET /companies/{id}/telemetry?from=&to=&limit=&cursor=} reads the readings of the half-open range
 * {@code [from, to)}, oldest first, a page at a time, whatever the number of days it spans.
 */
@RestController
@RequestMapping("/companies/{companyId}/telemetry")
public class TelemetryController {

    private final TimeSeriesTable<Reading> telemetry;

    /**
     * The endpoints over {@code telemetry}.
     *
     * @param telemetry the time series
     */
    public TelemetryController(TimeSeriesTable<Reading> telemetry) {
        this.telemetry = telemetry;
    }

    /**
     * A reading to store.
     *
     * @param at when it was measured (required)
     * @param value the measure (required)
     * @param id its id, unique for the company and instant; a random one when absent
     */
    public record ReadingRequest(
            @Nullable Instant at,
            @Nullable Double value,
            @Nullable String id) {}

    /**
     * A stored reading.
     *
     * @param companyId whose
     * @param at when it was measured
     * @param id its id
     * @param value the measure
     */
    public record ReadingView(String companyId, Instant at, String id, double value) {

        static ReadingView of(Reading reading) {
            return new ReadingView(reading.getCompanyId(), reading.getAt(), reading.getId(), reading.getValue());
        }
    }

    /**
     * Stores a reading (one PutItem).
     *
     * @param companyId whose
     * @param request the reading
     * @return 201 with the stored reading; 400 naming the field when {@code at} or {@code value} is missing
     */
    @PostMapping
    public CompletableFuture<ResponseEntity<ReadingView>> store(
            @PathVariable String companyId, @RequestBody ReadingRequest request) {
        if (request.at() == null) {
            throw InvalidInputException.of("at", null, "be set (an ISO-8601 instant)");
        }
        if (request.value() == null) {
            throw InvalidInputException.of("value", null, "be set");
        }
        String id = request.id() == null ? SortKeyCodec.randomTieBreaker() : request.id();
        return telemetry
                .put(new Reading(companyId, request.at(), id, request.value()))
                .thenApply(stored -> ResponseEntity.status(HttpStatus.CREATED).body(ReadingView.of(stored)));
    }

    /**
     * One page of the readings with {@code from <= at < to}, oldest first.
     *
     * @param companyId whose
     * @param from the first instant of the range (included)
     * @param to the end of the range (excluded)
     * @param limit readings per page (exactly that many unless fewer remain)
     * @param cursor the previous page's cursor, to read the next page (with the same range)
     * @return 200 with the page; 400 naming the field for a range whose {@code from} is not before {@code to}, a bad
     *     limit or cursor
     */
    @GetMapping
    public CompletableFuture<PageView<ReadingView>> range(
            @PathVariable String companyId,
            @RequestParam Instant from,
            @RequestParam Instant to,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(required = false) @Nullable String cursor) {
        RangeQuery query = RangeQuery.of(companyId, from, to).limit(limit);
        if (cursor != null) {
            query = query.after(cursor);
        }
        return telemetry.query(query).thenApply(page -> PageView.of(page, ReadingView::of));
    }
}
