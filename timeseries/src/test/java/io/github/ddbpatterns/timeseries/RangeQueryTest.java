package io.github.ddbpatterns.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.PagedQuery;
import io.github.ddbpatterns.core.SortOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link RangeQuery} is an immutable value: every wither returns a changed copy and checks its argument. */
class RangeQueryTest {

    static final Instant FROM = Instant.parse("2024-11-20T00:00:00Z");
    static final Instant TO = Instant.parse("2024-11-27T00:00:00Z");
    static final Expression POSITIVE = Expression.builder()
            .expression("#v > :zero")
            .expressionNames(Map.of("#v", "value"))
            .expressionValues(Map.of(":zero", AttributeValue.fromN("0")))
            .build();

    @Test
    void of_whenValid_isTheFirstPageOldestFirstWithTheDefaultLimitAndNoFilter() {
        RangeQuery query = RangeQuery.of("company-1", FROM, TO);

        assertThat(query.entity()).isEqualTo("company-1");
        assertThat(query.from()).isEqualTo(FROM);
        assertThat(query.to()).isEqualTo(TO);
        assertThat(query.order()).isEqualTo(SortOrder.OLDEST_FIRST);
        assertThat(query.limit()).isEqualTo(PagedQuery.DEFAULT_LIMIT).isEqualTo(100);
        assertThat(query.cursor()).isEmpty();
        assertThat(query.filter()).isEmpty();
    }

    @Test
    void withers_returnChangedCopiesAndLeaveTheOriginalAsItWas() {
        RangeQuery base = RangeQuery.of("company-1", FROM, TO);

        RangeQuery changed = base.filter(POSITIVE).newestFirst().limit(7).after("cursor-1");

        assertThat(changed.filter()).contains(POSITIVE);
        assertThat(changed.order()).isEqualTo(SortOrder.NEWEST_FIRST);
        assertThat(changed.limit()).isEqualTo(7);
        assertThat(changed.cursor()).contains("cursor-1");
        assertThat(changed.oldestFirst().order()).isEqualTo(SortOrder.OLDEST_FIRST);
        assertThat(base).isEqualTo(RangeQuery.of("company-1", FROM, TO)).isNotEqualTo(changed);
        assertThat(base.cursor()).isEmpty();
        assertThat(base.filter()).isEmpty();
        assertThat(changed)
                .isEqualTo(RangeQuery.of("company-1", FROM, TO)
                        .limit(7)
                        .newestFirst()
                        .filter(POSITIVE)
                        .after("cursor-1"))
                .hasSameHashCodeAs(RangeQuery.of("company-1", FROM, TO)
                        .limit(7)
                        .newestFirst()
                        .filter(POSITIVE)
                        .after("cursor-1"));
    }

    @Test
    void afterPage_resumesAfterItsCursor_andRefusesTheLastPage() {
        RangeQuery query = RangeQuery.of("company-1", FROM, TO);

        assertThat(query.after(Page.of(List.of("a"), "next")).cursor()).contains("next");
        assertThatThrownBy(() -> query.after(Page.last(List.of("a"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("last page");
    }

    @Test
    void withers_whenArgumentInvalid_failNamingTheField() {
        RangeQuery query = RangeQuery.of("company-1", FROM, TO);

        assertThatThrownBy(() -> query.filter(null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("filter ");
        assertThatThrownBy(() -> query.limit(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("limit ");
        assertThatThrownBy(() -> query.after(""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("cursor ");
        assertThatThrownBy(() -> query.after((String) null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("cursor ");
        assertThatThrownBy(() -> RangeQuery.of("company-1", FROM, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("to ");
        assertThatThrownBy(() -> RangeQuery.of("company-1", TO, FROM))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("half-open");
    }

    @Test
    void toString_describesRangeAndPagingButNeverTheEntityNorTheCursor() {
        RangeQuery query = RangeQuery.of("company-secret", FROM, TO)
                .newestFirst()
                .limit(5)
                .filter(POSITIVE)
                .after("cursor-secret");

        assertThat(query.toString())
                .isEqualTo("RangeQuery[[2024-11-20T00:00:00Z, 2024-11-27T00:00:00Z), newest first, limit=5, resumed,"
                        + " filtered]")
                .doesNotContain("secret");
    }
}
