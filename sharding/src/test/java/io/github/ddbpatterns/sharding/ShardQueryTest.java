package io.github.ddbpatterns.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.PagedQuery;
import io.github.ddbpatterns.core.SortOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ShardQueryTest {

    private static final Expression FILTER =
            Expression.builder().expression("attribute_exists(payload)").build();

    @Test
    void all_hasTheDefaults() {
        ShardQuery query = ShardQuery.all();

        assertThat(query.sortKey()).isEqualTo(SortKeyCondition.all());
        assertThat(query.filter()).isEmpty();
        assertThat(query.consistentRead()).isFalse();
        assertThat(query.order()).isEqualTo(SortOrder.OLDEST_FIRST);
        assertThat(query.limit()).isEqualTo(PagedQuery.DEFAULT_LIMIT);
        assertThat(query.cursor()).isEmpty();
    }

    @Test
    void withers_whenCalled_returnChangedCopiesAndLeaveTheOriginalAsItWas() {
        SortKeyCondition january =
                SortKeyCondition.between(AttributeValue.fromS("2026-01"), AttributeValue.fromS("2026-02"));
        ShardQuery base = ShardQuery.where(january);

        ShardQuery changed =
                base.filter(FILTER).consistentRead(true).newestFirst().limit(7).after("cursor-1");

        assertThat(changed.sortKey()).isEqualTo(january);
        assertThat(changed.filter()).contains(FILTER);
        assertThat(changed.consistentRead()).isTrue();
        assertThat(changed.order()).isEqualTo(SortOrder.NEWEST_FIRST);
        assertThat(changed.limit()).isEqualTo(7);
        assertThat(changed.cursor()).contains("cursor-1");
        assertThat(base).isEqualTo(ShardQuery.where(january));
        assertThat(base.filter()).isEmpty();
        assertThat(base.order()).isEqualTo(SortOrder.OLDEST_FIRST);
        assertThat(changed.oldestFirst().order()).isEqualTo(SortOrder.OLDEST_FIRST);
        assertThat(changed.sortKey(SortKeyCondition.beginsWith("2026")).sortKey())
                .isEqualTo(SortKeyCondition.beginsWith("2026"));
    }

    @Test
    void equals_whenSameSettings_isEqualWithTheSameHashCode() {
        ShardQuery a = ShardQuery.where(SortKeyCondition.atLeast(AttributeValue.fromN("5")))
                .filter(FILTER)
                .limit(3);
        ShardQuery b = ShardQuery.where(SortKeyCondition.atLeast(AttributeValue.fromN("5")))
                .filter(FILTER)
                .limit(3);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(b.limit(4));
        assertThat(a).isNotEqualTo(b.newestFirst());
        assertThat(a).isNotEqualTo(b.after("c"));
        assertThat(a).isNotEqualTo(ShardQuery.where(SortKeyCondition.atLeast(AttributeValue.fromN("6"))));
    }

    @Test
    void after_whenGivenAPage_resumesFromItsCursorAndRefusesTheLastPage() {
        ShardQuery query = ShardQuery.all().limit(2);

        assertThat(query.after(Page.of(List.of("a", "b"), "next")).cursor()).contains("next");
        assertThatThrownBy(() -> query.after(Page.last(List.of("a"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("page");
    }

    @Test
    void badInput_failsNamingTheField() {
        assertThatThrownBy(() -> ShardQuery.all().limit(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> ShardQuery.all().limit(-3))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> ShardQuery.all().after(""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cursor");
        assertThatThrownBy(() -> ShardQuery.where(null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sortKey");
        assertThatThrownBy(() -> ShardQuery.all().filter(null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("filter");
    }

    @Test
    void toString_describesTheQueryButNeverTheCursor() {
        String text =
                ShardQuery.all().newestFirst().limit(50).after("secret-cursor").toString();

        assertThat(text).contains("newest first").contains("limit=50").contains("resumed");
        assertThat(text).doesNotContain("secret-cursor");
    }

    @Test
    void sortKeyConditions_areEqualWhenTheySelectTheSameItems_whateverTheirValuesPrint() {
        AttributeValue a = AttributeValue.fromS("a");
        AttributeValue tricky = AttributeValue.fromS("a) and AttributeValue(S=b");

        assertThat(SortKeyCondition.between(a, AttributeValue.fromS("c")))
                .isEqualTo(SortKeyCondition.between(AttributeValue.fromS("a"), AttributeValue.fromS("c")))
                .hasSameHashCodeAs(SortKeyCondition.between(AttributeValue.fromS("a"), AttributeValue.fromS("c")));
        assertThat(SortKeyCondition.between(tricky, AttributeValue.fromS("c")))
                .isNotEqualTo(SortKeyCondition.between(a, AttributeValue.fromS("b) and AttributeValue(S=c")));
        assertThat(SortKeyCondition.atLeast(a)).isNotEqualTo(SortKeyCondition.greaterThan(a));
    }
}
