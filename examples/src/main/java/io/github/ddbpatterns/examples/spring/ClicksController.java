package io.github.ddbpatterns.examples.spring;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.sharding.ShardQuery;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.timeseries.SortKeyCodec;
import java.time.Clock;
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
 * The clicks of a user, on the sharded table: {@code POST /users/{id}/clicks} records one (201 once persisted),
 * {@code GET /users/{id}/clicks?limit=&cursor=} reads them newest first, a page at a time.
 */
@RestController
@RequestMapping("/users/{userId}/clicks")
public class ClicksController {

    private final ShardedTable<Click> clicks;
    private final Clock clock;

    /**
     * The endpoints over {@code clicks}.
     *
     * @param clicks the clicks table
     * @param clock the application's clock: the instant of a click sent without one
     */
    public ClicksController(ShardedTable<Click> clicks, Clock clock) {
        this.clicks = clicks;
        this.clock = clock;
    }

    /**
     * A click to record.
     *
     * @param action what was clicked (required)
     * @param at when; the server's clock when absent
     */
    public record ClickRequest(
            @Nullable String action, @Nullable Instant at) {}

    /**
     * A recorded click.
     *
     * @param id its id
     * @param userId who clicked
     * @param at when
     * @param action what was clicked
     */
    public record ClickView(String id, String userId, Instant at, String action) {

        static ClickView of(Click click) {
            return new ClickView(click.getId(), click.getUserId(), click.getAt(), click.getAction());
        }
    }

    /**
     * Records a click. It goes through the write buffer, which coalesces the clicks of the next
     * {@code sample.clicks.max-delay} into shared BatchWriteItem calls; the answer comes once it is persisted.
     *
     * @param userId who clicked
     * @param request the click
     * @return 201 with the stored click; 400 naming the field when {@code action} is missing
     */
    @PostMapping
    public CompletableFuture<ResponseEntity<ClickView>> record(
            @PathVariable String userId, @RequestBody ClickRequest request) {
        if (request.action() == null || request.action().isBlank()) {
            throw InvalidInputException.of("action", request.action(), "not be empty");
        }
        Instant at = request.at() == null ? clock.instant() : request.at();
        Click click = new Click(userId, SortKeyCodec.randomTieBreaker(), at, request.action());
        return clicks.put(click)
                .thenApply(stored -> ResponseEntity.status(HttpStatus.CREATED).body(ClickView.of(stored)));
    }

    /**
     * One page of a user's clicks, newest first.
     *
     * @param userId who clicked
     * @param limit clicks per page (exactly that many unless fewer remain)
     * @param cursor the previous page's cursor, to read the next page
     * @return 200 with the page; 400 naming the field for a bad limit or cursor
     */
    @GetMapping
    public CompletableFuture<PageView<ClickView>> page(
            @PathVariable String userId,
            @RequestParam(defaultValue = "20") int limit,
            @RequestParam(required = false) @Nullable String cursor) {
        ShardQuery query = ShardQuery.all().newestFirst().limit(limit);
        if (cursor != null) {
            query = query.after(cursor);
        }
        return clicks.query(userId, query).thenApply(page -> PageView.of(page, ClickView::of));
    }
}
