package io.github.ddbpatterns.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;
import org.junit.jupiter.api.condition.EnabledIf;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

class DynamoDbLocalModesTest {

    static final TableSchema<Thing> SCHEMA = TableSchema.fromBean(Thing.class);

    @Test
    void start_embedded_writesAndReadsWithSyncClientOnly() {
        try (DynamoDbLocal local = DynamoDbLocal.start(DynamoDbLocalMode.EMBEDDED);
                TestTables tables = new TestTables(local, "embedded")) {
            DynamoDbTable<Thing> table = local.enhancedClient().table(tables.create(SCHEMA), SCHEMA);
            table.putItem(new Thing("k", "s", "o", "embedded-value"));

            assertThat(table.getItem(Key.builder()
                                    .partitionValue("k")
                                    .sortValue("s")
                                    .build())
                            .getPayload())
                    .isEqualTo("embedded-value");
            assertThatThrownBy(local::clients)
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("EMBEDDED mode has no HTTP endpoint");
        }
    }

    @Test
    void close_whenCalled_stopsServerAndRejectsFurtherUse() {
        DynamoDbLocal local = DynamoDbLocal.start(DynamoDbLocalMode.SERVER);
        URI endpoint = local.endpoint();
        assertThat(local.syncClient().listTables().tableNames()).isNotNull();
        local.close();
        local.close(); // idempotent

        assertThatThrownBy(local::syncClient)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stopped");
        try (LocalClients clients = LocalClients.forEndpoint(endpoint)) {
            assertThatThrownBy(() -> clients.sync().listTables()).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void parse_whenModeUnknown_failsNamingTheSetting() {
        assertThatThrownBy(() -> DynamoDbLocalMode.parse("cloud"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(DynamoDbLocalMode.PROPERTY)
                .hasMessageContaining("'cloud'");
        assertThat(DynamoDbLocalMode.parse(" embedded ")).isEqualTo(DynamoDbLocalMode.EMBEDDED);
    }

    @Test
    void start_whenModeNull_failsNamingTheSetting() {
        assertThatThrownBy(() -> DynamoDbLocal.start(null)).hasMessageContaining("mode must be one of");
    }

    @Test
    @DisabledIf(
            value = "io.github.ddbpatterns.testing.DynamoDbLocal#isDockerAvailable",
            disabledReason = "a Docker engine answers: start_container_whenDockerAvailable_works covers CONTAINER")
    void start_container_whenNoDocker_failsWithClearMessage() {
        assertThatThrownBy(() -> DynamoDbLocal.start(DynamoDbLocalMode.CONTAINER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a Docker engine");
    }

    @Test
    @EnabledIf("io.github.ddbpatterns.testing.DynamoDbLocal#isDockerAvailable")
    void start_container_whenDockerAvailable_works() {
        try (DynamoDbLocal local = DynamoDbLocal.start(DynamoDbLocalMode.CONTAINER);
                TestTables tables = new TestTables(local, "container")) {
            DynamoDbTable<Thing> table = local.clients().enhanced().table(tables.create(SCHEMA), SCHEMA);
            table.putItem(new Thing("k", "s", "o", "in-a-container"));
            assertThat(table.getItem(Key.builder()
                                    .partitionValue("k")
                                    .sortValue("s")
                                    .build())
                            .getPayload())
                    .isEqualTo("in-a-container");
        }
    }

    @Test
    void forEndpoint_whenNotHttp_failsNamingTheValue() {
        assertThatThrownBy(() -> LocalClients.forEndpoint(URI.create("ftp://127.0.0.1:1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ftp://127.0.0.1:1");
    }
}
