package io.github.ddbpatterns.core.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.table.IndexLayout;
import io.github.ddbpatterns.core.table.KeyAttribute;
import io.github.ddbpatterns.core.table.TableLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

class WriteCostModelTest {

    /** orders(customerId, orderId) with a sparse GSI on highValueTotal, a KEYS_ONLY GSI and an INCLUDE LSI. */
    private static final WriteCostModel ORDERS = WriteCostModel.of(TableLayout.builder("orders")
            .partitionKey(KeyAttribute.string("customerId"))
            .sortKey(KeyAttribute.string("orderId"))
            .globalSecondaryIndex(IndexLayout.of(
                    "byHighValue", KeyAttribute.string("customerId"), KeyAttribute.number("highValueTotal")))
            .globalSecondaryIndex(IndexLayout.of("byStatus", KeyAttribute.string("status"))
                    .withProjection(ProjectionType.KEYS_ONLY, List.of()))
            .localSecondaryIndex(
                    IndexLayout.of("byDate", KeyAttribute.string("customerId"), KeyAttribute.string("placedAt"))
                            .withProjection(ProjectionType.INCLUDE, List.of("total")))
            .build());

    @Test
    void cost_whenANewItemHasEveryIndexKey_writesEachIndexOnce() {
        WriteCost cost = ORDERS.cost(null, order(1_500, "OPEN", "2026-11-30", ""));

        assertThat(cost.tableUnits()).isEqualTo(1);
        assertThat(cost.indexes())
                .extracting(IndexWrite::index, IndexWrite::writes, IndexWrite::units)
                .containsExactly(tuple("byHighValue", 1, 1L), tuple("byStatus", 1, 1L), tuple("byDate", 1, 1L));
        assertThat(cost.totalUnits()).isEqualTo(4);
    }

    @Test
    void cost_whenAnIndexKeyValueChanges_isTwoIndexWrites() {
        WriteCost cost = ORDERS.cost(order(1_500, "OPEN", "d", ""), order(1_600, "OPEN", "d", ""));

        assertThat(cost.index("byHighValue").writes()).isEqualTo(2);
        assertThat(cost.index("byHighValue").units()).isEqualTo(2);
        assertThat(cost.index("byStatus").writes()).isZero(); // KEYS_ONLY: the total is not in it
        assertThat(cost.index("byDate").writes()).isEqualTo(1); // total is projected into it
    }

    @Test
    void cost_whenAnIndexKeyIsSetOrRemoved_isOneWriteToEnterOrLeaveTheSparseIndex() {
        Map<String, AttributeValue> low = order(-1, "OPEN", "d", ""); // no highValueTotal: not in byHighValue
        Map<String, AttributeValue> high = order(1_500, "OPEN", "d", "");

        assertThat(ORDERS.cost(low, high).index("byHighValue").writes()).isEqualTo(1);
        assertThat(ORDERS.cost(high, low).index("byHighValue").writes()).isEqualTo(1);
        assertThat(ORDERS.cost(low, low).index("byHighValue").writes()).isZero();
        assertThat(ORDERS.cost(null, low).index("byHighValue").units()).isZero();
    }

    @Test
    void cost_whenOnlyANonKeyAttributeChanges_chargesOnlyTheIndexesThatProjectIt() {
        WriteCost cost = ORDERS.cost(order(1_500, "OPEN", "d", "a"), order(1_500, "OPEN", "d", "b"));

        assertThat(cost.index("byHighValue").writes()).isEqualTo(1); // ALL projects the note
        assertThat(cost.index("byStatus").writes()).isZero(); // KEYS_ONLY
        assertThat(cost.index("byDate").writes()).isZero(); // INCLUDE total only
        assertThat(cost.indexUnits()).isEqualTo(1);
    }

    @Test
    void cost_whenTheEntryIsLarge_chargesPerStartedKbOfWhatTheIndexHolds() {
        String note = "x".repeat(3_000);
        WriteCost cost = ORDERS.cost(null, order(1_500, "OPEN", "d", note));

        assertThat(cost.tableUnits()).isEqualTo(3);
        assertThat(cost.index("byHighValue").units()).isEqualTo(3); // ALL: the whole item
        assertThat(cost.index("byStatus").units()).isEqualTo(1); // keys only
        assertThat(cost.index("byDate").units()).isEqualTo(1); // keys and total
    }

    @Test
    void cost_whenDeleted_chargesTheDeletedItemAndOneWritePerIndexItWasIn() {
        WriteCost cost = ORDERS.cost(order(-1, "OPEN", "d", "x".repeat(2_500)), null);

        assertThat(cost.tableUnits()).isEqualTo(3);
        assertThat(cost.index("byHighValue").writes()).isZero();
        assertThat(cost.index("byStatus").writes()).isEqualTo(1);
        assertThat(cost.index("byDate").writes()).isEqualTo(1);
    }

    @Test
    void cost_whenAnUpdateShrinksTheItem_chargesTheTableTheLargerImage() {
        WriteCost cost = ORDERS.cost(order(-1, "OPEN", "d", "x".repeat(2_500)), order(-1, "OPEN", "d", ""));

        assertThat(cost.tableUnits()).isEqualTo(3);
    }

    @Test
    void cost_whenBadInput_failsNamingTheField() {
        assertThatThrownBy(() -> ORDERS.cost(null, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("before and after");
        assertThatThrownBy(() -> ORDERS.cost(null, Map.of("customerId", AttributeValue.fromS("c"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("after")
                .hasMessageContaining("orderId");
        assertThatThrownBy(() -> WriteCostModel.of(null)).hasMessageContaining("layout");
    }

    private static Map<String, AttributeValue> order(double total, String status, String placedAt, String note) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("customerId", AttributeValue.fromS("c1"));
        item.put("orderId", AttributeValue.fromS("o1"));
        item.put("total", AttributeValue.fromN(Double.toString(Math.abs(total))));
        if (total > 1_000) {
            item.put("highValueTotal", AttributeValue.fromN(Double.toString(total)));
        }
        item.put("status", AttributeValue.fromS(status));
        item.put("placedAt", AttributeValue.fromS(placedAt));
        item.put("note", AttributeValue.fromS(note));
        return item;
    }
}
