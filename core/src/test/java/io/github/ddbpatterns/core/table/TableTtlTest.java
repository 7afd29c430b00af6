package io.github.ddbpatterns.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.TableOptions;
import io.github.ddbpatterns.testing.TestTables;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

@DynamoDbLocalTest
class TableTtlTest {

    private static void put(DynamoDbClient client, String table, String id, AttributeValue expiresAt) {
        client.putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS(id), "expiresAt", expiresAt)));
    }

    @Test
    void enable_whenAttributeHoldsEpochSeconds_enablesTtl(
            TestTables tables, DynamoDbAsyncClient async, DynamoDbClient sync) {
        String table = tables.create(TableSchema.fromBean(Ticket.class));
        put(sync, table, "a", AttributeValue.fromN("1767225600"));

        TableTtl.enable(async, table, "expiresAt").join();
        TableTtl.enable(async, table, "expiresAt").join(); // idempotent

        assertThat(sync.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription())
                .satisfies(
                        d -> assertThat(d.timeToLiveStatus()).isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING))
                .satisfies(d -> assertThat(d.attributeName()).isEqualTo("expiresAt"));
    }

    @Test
    void enable_whenAttributeHoldsAString_explainsThatTtlNeedsANumberOfEpochSeconds(
            TestTables tables, DynamoDbAsyncClient async, DynamoDbClient sync) {
        String table = tables.create(TableSchema.fromBean(Ticket.class));
        put(sync, table, "a", AttributeValue.fromS("2026-01-01T00:00:00Z"));

        assertThatThrownBy(() -> TableTtl.enable(async, table, "expiresAt").join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(TtlConfigurationException.class)
                .hasMessageContaining("'expiresAt'")
                .hasMessageContaining("type S")
                .hasMessageContaining("Number of epoch seconds");
        assertThat(sync.describeTimeToLive(b -> b.tableName(table))
                        .timeToLiveDescription()
                        .timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.DISABLED);
    }

    @Test
    void enable_whenAttributeHoldsMilliseconds_explainsTheUnit(
            TestTables tables, DynamoDbAsyncClient async, DynamoDbClient sync) {
        String table = tables.create(TableSchema.fromBean(Ticket.class));
        put(sync, table, "a", AttributeValue.fromN("1767225600000"));

        assertThatThrownBy(() -> TableTtl.enable(async, table, "expiresAt").join())
                .cause()
                .isInstanceOf(TtlConfigurationException.class)
                .hasMessageContaining("milliseconds");
    }

    @Test
    void enable_whenTtlIsOnAnotherAttribute_namesBoth(TestTables tables, DynamoDbAsyncClient async) {
        String table = tables.create(
                TableSchema.fromBean(Ticket.class),
                TableOptions.builder().ttlAttribute("deleteAt").build());

        assertThatThrownBy(() -> TableTtl.enable(async, table, "expiresAt").join())
                .cause()
                .isInstanceOf(TtlConfigurationException.class)
                .hasMessageContaining("'deleteAt'")
                .hasMessageContaining("'expiresAt'");
    }
}
