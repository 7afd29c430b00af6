package io.github.ddbpatterns.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.batch.Row;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

class TableLayoutTest {

    static final TableLayout TICKETS = TableLayout.from("tickets", TableSchema.fromBean(Ticket.class))
            .timeToLive("expiresAt")
            .build();

    @Test
    void from_schema_takesKeysAndIndexesWithTheirTypes() {
        assertThat(TICKETS.partitionKey()).isEqualTo(KeyAttribute.string("id"));
        assertThat(TICKETS.sortKey()).isEmpty();
        assertThat(TICKETS.globalSecondaryIndexes())
                .containsExactly(
                        IndexLayout.of("by-owner", KeyAttribute.string("owner")).withUndeclaredProjection());
        assertThat(TICKETS.localSecondaryIndexes()).isEmpty();
        assertThat(TICKETS.timeToLiveAttribute()).contains("expiresAt");
        assertThat(TICKETS)
                .hasToString("table 'tickets': partition key id (S); GSI by-owner: owner (S), projection any"
                        + " (created ALL); TTL on expiresAt");
    }

    @Test
    void from_schema_anIndexDeclaringTheTablesPartitionKeyIsGlobal_oneDeclaringOnlyASortKeyIsLocal() {
        TableLayout layout =
                TableLayout.from("orders", TableSchema.fromBean(Order.class)).build();

        assertThat(layout.globalSecondaryIndexes())
                .containsExactly(
                        IndexLayout.of("by-status", KeyAttribute.string("customerId"), KeyAttribute.string("status"))
                                .withUndeclaredProjection());
        assertThat(layout.localSecondaryIndexes())
                .containsExactly(
                        IndexLayout.of("by-total", KeyAttribute.string("customerId"), KeyAttribute.number("total"))
                                .withUndeclaredProjection());
    }

    @Test
    void differencesFrom_anotherKeySchema_namesWhatWasFoundAndExpected() {
        TableLayout found =
                TableLayout.from("tickets", TableSchema.fromBean(Row.class)).build();

        assertThat(TICKETS.differencesFrom(found))
                .containsExactly(
                        "partition key is pk (S), expected id (S)",
                        "sort key is sk (S), expected absent",
                        "global secondary index by-owner is missing, expected by-owner: owner (S), projection any"
                                + " (created ALL)");
    }

    @Test
    void differencesFrom_aNarrowerProjectionOrMissingStream_areDifferences() {
        TableLayout expected = TICKETS.toBuilder().indexProjection("by-owner", ProjectionType.ALL, List.of()).stream(
                        StreamViewType.KEYS_ONLY)
                .build();
        TableLayout found = TICKETS.toBuilder()
                .globalSecondaryIndex(IndexLayout.of("by-owner", KeyAttribute.string("owner"))
                        .withProjection(ProjectionType.KEYS_ONLY, List.of()))
                .build();

        assertThat(expected.differencesFrom(found))
                .containsExactly(
                        "global secondary index is by-owner: owner (S), projection KEYS_ONLY, expected by-owner:"
                                + " owner (S), projection ALL",
                        "stream is disabled, expected enabled (any view type; KEYS_ONLY suffices)");
        assertThat(TICKETS.differencesFrom(TICKETS)).isEmpty();
    }

    @Test
    void differencesFrom_whenTheSchemaDeclaresNoProjection_anyProjectionOfTheIndexServesIt() {
        for (IndexLayout found : List.of(
                IndexLayout.of("by-owner", KeyAttribute.string("owner")),
                IndexLayout.of("by-owner", KeyAttribute.string("owner"))
                        .withProjection(ProjectionType.KEYS_ONLY, List.of()),
                IndexLayout.of("by-owner", KeyAttribute.string("owner"))
                        .withProjection(ProjectionType.INCLUDE, List.of("expiresAt")))) {
            TableLayout table = TICKETS.toBuilder().globalSecondaryIndex(found).build();

            assertThat(TICKETS.differencesFrom(table)).as("found %s", found).isEmpty();
        }
        TableLayout otherKey = TICKETS.toBuilder()
                .globalSecondaryIndex(IndexLayout.of("by-owner", KeyAttribute.string("holder")))
                .build();
        assertThat(TICKETS.differencesFrom(otherKey))
                .containsExactly("global secondary index is by-owner: holder (S), projection ALL, expected by-owner:"
                        + " owner (S), projection any (created ALL)");
    }

    @Test
    void indexProjection_declaresItForTheCheckAndTheCreatedTable_andRefusesAnUnknownIndex() {
        TableLayout keysOnly = TICKETS.toBuilder()
                .indexProjection("by-owner", ProjectionType.KEYS_ONLY, List.of())
                .build();
        TableLayout found = TICKETS.toBuilder()
                .globalSecondaryIndex(IndexLayout.of("by-owner", KeyAttribute.string("owner"))
                        .withProjection(ProjectionType.KEYS_ONLY, List.of()))
                .build();

        assertThat(keysOnly.globalSecondaryIndexes())
                .singleElement()
                .satisfies(index -> assertThat(index.isProjectionDeclared()).isTrue());
        assertThat(keysOnly.toCreateTableRequest().globalSecondaryIndexes())
                .singleElement()
                .satisfies(gsi ->
                        assertThat(gsi.projection().projectionTypeAsString()).isEqualTo("KEYS_ONLY"));
        assertThat(keysOnly.differencesFrom(found)).isEmpty();
        assertThat(TICKETS.toBuilder()
                        .indexProjection("by-owner", ProjectionType.INCLUDE, List.of("expiresAt"))
                        .build()
                        .differencesFrom(found))
                .containsExactly("global secondary index is by-owner: owner (S), projection KEYS_ONLY, expected"
                        + " by-owner: owner (S), projection INCLUDE [expiresAt]");
        assertThatThrownBy(() -> TICKETS.toBuilder().indexProjection("by-holder", ProjectionType.ALL, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("indexName must name an index of the layout (it has [by-owner])")
                .hasMessageContaining("by-holder");
        assertThatThrownBy(() -> TICKETS.toBuilder().indexProjection("by-owner", ProjectionType.INCLUDE, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nonKeyAttributes");
    }

    @Test
    void differencesFrom_extraIndexesAndAWiderProjection_areFine() {
        TableLayout keysOnly = TableLayout.builder("tickets")
                .partitionKey(KeyAttribute.string("id"))
                .globalSecondaryIndex(IndexLayout.of("by-owner", KeyAttribute.string("owner"))
                        .withProjection(ProjectionType.INCLUDE, List.of("expiresAt")))
                .build();
        TableLayout found = TICKETS.toBuilder()
                .globalSecondaryIndex(IndexLayout.of("other", KeyAttribute.number("n")))
                .build();

        assertThat(keysOnly.differencesFrom(found)).isEmpty();
    }

    @Test
    void toCreateTableRequest_declaresKeysIndexesAndOnDemandBilling() {
        CreateTableRequest request = TICKETS.toBuilder().stream(StreamViewType.NEW_AND_OLD_IMAGES)
                .build()
                .toCreateTableRequest();

        assertThat(request.tableName()).isEqualTo("tickets");
        assertThat(request.billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
        assertThat(request.attributeDefinitions())
                .extracting(a -> a.attributeName() + ":" + a.attributeTypeAsString())
                .containsExactly("id:S", "owner:S");
        assertThat(request.globalSecondaryIndexes())
                .singleElement()
                .satisfies(gsi -> assertThat(gsi.indexName()).isEqualTo("by-owner"))
                .satisfies(gsi ->
                        assertThat(gsi.projection().projectionTypeAsString()).isEqualTo("ALL"));
        assertThat(request.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_AND_OLD_IMAGES");
    }

    @Test
    void toCloudFormation_printsAnOnDemandTableResource() {
        assertThat(TICKETS.toCloudFormation()).isEqualTo("""
                        TicketsTable:
                          Type: AWS::DynamoDB::Table
                          Properties:
                            TableName: tickets
                            BillingMode: PAY_PER_REQUEST
                            AttributeDefinitions:
                              - AttributeName: id
                                AttributeType: S
                              - AttributeName: owner
                                AttributeType: S
                            KeySchema:
                              - AttributeName: id
                                KeyType: HASH
                            GlobalSecondaryIndexes:
                              - IndexName: by-owner
                                KeySchema:
                                  - AttributeName: owner
                                    KeyType: HASH
                                Projection:
                                  ProjectionType: ALL
                            TimeToLiveSpecification:
                              AttributeName: expiresAt
                              Enabled: true
                        """);
    }

    @Test
    void toTerraform_printsAnAwsDynamodbTableResource() {
        assertThat(TICKETS.toTerraform())
                .startsWith("resource \"aws_dynamodb_table\" \"tickets\" {\n")
                .contains("  hash_key     = \"id\"\n")
                .contains("  global_secondary_index {\n    name            = \"by-owner\"\n"
                        + "    hash_key        = \"owner\"\n    projection_type = \"ALL\"\n  }\n")
                .contains("  ttl {\n    attribute_name = \"expiresAt\"\n    enabled        = true\n  }\n")
                .endsWith("}\n");
    }

    @Test
    void builder_rejectsBadNamesAndLocalIndexesWithAnotherPartitionKey() {
        assertThatThrownBy(() -> TableLayout.builder("x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tableName must be 3 to 255 characters");
        assertThatThrownBy(() -> TableLayout.builder("tickets").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("partitionKey");
        assertThatThrownBy(() -> TableLayout.builder("tickets")
                        .partitionKey(KeyAttribute.string("id"))
                        .localSecondaryIndex(
                                IndexLayout.of("lsi", KeyAttribute.string("other"), KeyAttribute.number("n")))
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("share the table's partition key id (S)");
    }
}
