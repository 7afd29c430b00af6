package io.github.ddbpatterns.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

@DynamoDbLocalTest
class DynamoDbLocalExtensionTest {

    static final TableSchema<Thing> SCHEMA = TableSchema.fromBean(Thing.class);
    static String tableOfPreviousTest;

    @InjectDynamoDb
    DynamoDbClient injectedClient;

    @Test
    void parameters_whenResolved_areTheSharedInstanceAndItsClients(
            DynamoDbLocal local, LocalClients clients, DynamoDbEnhancedAsyncClient enhancedAsync) {
        assertThat(local).isSameAs(DynamoDbLocal.shared());
        assertThat(local.mode()).isEqualTo(DynamoDbLocalMode.SERVER);
        assertThat(clients).isSameAs(local.clients());
        assertThat(enhancedAsync).isSameAs(clients.enhancedAsync());
        assertThat(local.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(injectedClient).isSameAs(local.syncClient());
    }

    @Test
    void create_withSchemaAndOptions_makesTableWithIndexTtlAndStream(TestTables tables, DynamoDbClient client) {
        String name = tables.create(
                SCHEMA,
                TableOptions.builder().ttlAttribute("expiresAt").stream(StreamViewType.NEW_AND_OLD_IMAGES)
                        .build());

        DescribeTableResponse described = client.describeTable(b -> b.tableName(name));
        assertThat(described.table().globalSecondaryIndexes())
                .extracting(i -> i.indexName())
                .containsExactly(Thing.BY_OWNER);
        assertThat(described.table().streamSpecification().streamEnabled()).isTrue();
        assertThat(client.describeTimeToLive(b -> b.tableName(name))
                        .timeToLiveDescription()
                        .timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.ENABLED);
        tableOfPreviousTest = name;
    }

    @Test
    void tables_afterEachTest_areDeleted(DynamoDbClient client) {
        // runs in any order: only check when the table-creating test ran before
        if (tableOfPreviousTest != null) {
            assertThatThrownBy(() -> client.describeTable(b -> b.tableName(tableOfPreviousTest)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void asyncEnhancedClient_overHttp_writesAndReadsBack(
            TestTables tables, DynamoDbEnhancedAsyncClient client, DynamoDbEnhancedClient syncClient) {
        String name = tables.create(SCHEMA);
        DynamoDbAsyncTable<Thing> table = client.table(name, SCHEMA);
        table.putItem(new Thing("a", "1", "owner-1", "hello")).join();

        DynamoDbTable<Thing> syncTable = syncClient.table(name, SCHEMA);
        Thing read = syncTable.getItem(
                Key.builder().partitionValue("a").sortValue("1").build());
        assertThat(read.getPayload()).isEqualTo("hello");
        assertThat(tables.names()).containsExactly(name);
    }

    @Test
    void uniqueName_isUniqueAndNamesTheTest(TestTables tables) {
        List<String> names = List.of(tables.uniqueName(), tables.uniqueName());
        assertThat(names.get(0)).isNotEqualTo(names.get(1)).startsWith("DynamoDbLocalExtensionTest-uniqueName");
    }

    @AfterAll
    static void sharedInstanceStillRuns() {
        assertThat(DynamoDbLocal.shared().syncClient().listTables().tableNames())
                .isNotNull();
    }
}
