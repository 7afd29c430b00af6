package io.github.ddbpatterns.core.table;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.IndexMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The layout a table must have for a repository to work: keys and their types, secondary indexes, the TTL
 * attribute and the stream. Every repository reports the layout it needs ({@code tableLayout()}), can create it
 * ({@code createTable()}, for development and tests), and checks an existing table against it before its first
 * request, failing with a {@link TableLayoutException} that names the table, what it found and what it expected.
 *
 * <p>For production, declare the table in your infrastructure code: {@link #toCloudFormation()} and
 * {@link #toTerraform()} print it (on-demand billing; change {@code BillingMode} to taste). Immutable.
 *
 * <pre>{@code
 * TableLayout layout = TableLayout.builder("sessions")
 *         .partitionKey(KeyAttribute.string("id"))
 *         .globalSecondaryIndex(IndexLayout.of("by-owner", KeyAttribute.string("owner")))
 *         .timeToLive("expiresAt")
 *         .build();
 * System.out.println(layout);                  // table 'sessions': partition key id (S); GSI by-owner: ...
 * System.out.println(layout.toCloudFormation());
 * }</pre>
 */
public final class TableLayout {

    private final String tableName;
    private final KeyAttribute partitionKey;
    private final @Nullable KeyAttribute sortKey;
    private final List<IndexLayout> globalSecondaryIndexes;
    private final List<IndexLayout> localSecondaryIndexes;
    private final @Nullable String timeToLiveAttribute;
    private final @Nullable StreamViewType streamViewType;

    private TableLayout(Builder b) {
        this.tableName = b.tableName;
        this.partitionKey = Checks.notNull("partitionKey", b.partitionKey);
        this.sortKey = b.sortKey;
        this.globalSecondaryIndexes = List.copyOf(b.globalSecondaryIndexes.values());
        this.localSecondaryIndexes = List.copyOf(b.localSecondaryIndexes.values());
        this.timeToLiveAttribute = b.timeToLiveAttribute;
        this.streamViewType = b.streamViewType;
        for (IndexLayout index : localSecondaryIndexes) {
            if (!index.partitionKey().equals(partitionKey) || index.sortKey().isEmpty()) {
                throw InvalidInputException.of(
                        "localSecondaryIndex " + index.name(),
                        index,
                        "share the table's partition key " + partitionKey + " and have a sort key");
            }
        }
    }

    /**
     * A builder for table {@code tableName}; its partition key is required.
     *
     * @param tableName the table name (3 to 255 characters of {@code [a-zA-Z0-9_.-]})
     * @return the builder
     * @throws InvalidInputException if the name is not a valid DynamoDB table name
     */
    public static Builder builder(String tableName) {
        return new Builder(tableName);
    }

    /**
     * The layout {@code schema} describes for table {@code tableName}: its primary key and every index it declares.
     * An index that declares a partition key of its own is global (even when it is the table's partition key
     * attribute); one that declares only a sort key is local.
     *
     * <p>An Enhanced schema carries no projection, so these indexes have none declared ({@link
     * IndexLayout#isProjectionDeclared()}): the table check compares their keys only, any projection serves them,
     * and {@link #toCreateTableRequest()} creates them with projection ALL ({@link
     * io.github.ddbpatterns.core.capacity.WriteCostModel} prices them as ALL, an upper bound). A repository that
     * reads an index through the schema declares the projection it needs with {@link Builder#indexProjection}.
     *
     * @param tableName the table name
     * @param schema the Enhanced table schema
     * @return the builder, to declare projections or add TTL or a stream
     * @throws InvalidInputException if an argument is null, or a key attribute has no scalar type in the schema
     */
    public static Builder from(String tableName, TableSchema<?> schema) {
        Checks.notNull("schema", schema);
        TableMetadata metadata = schema.tableMetadata();
        Builder builder = builder(tableName).partitionKey(key(metadata, metadata.primaryPartitionKey()));
        metadata.primarySortKey().ifPresent(sk -> builder.sortKey(key(metadata, sk)));
        for (IndexMetadata index : metadata.indices()) {
            String name = index.name();
            if (name.equals(TableMetadata.primaryIndexName())) {
                continue;
            }
            KeyAttribute pk = key(metadata, metadata.indexPartitionKey(name));
            Optional<String> sk = metadata.indexSortKey(name);
            IndexLayout layout = (sk.isPresent()
                            ? IndexLayout.of(name, pk, key(metadata, sk.get()))
                            : IndexLayout.of(name, pk))
                    .withUndeclaredProjection(); // the schema does not know it
            if (index.partitionKey().isPresent()) {
                builder.globalSecondaryIndex(layout); // declares its own partition key, even the table's
            } else {
                builder.localSecondaryIndex(layout); // only a sort key: it shares the table's partition key
            }
        }
        return builder;
    }

    /**
     * The layout of an existing table as DynamoDB describes it (keys, indexes, stream; TTL is not part of a
     * table description).
     *
     * @param description a {@code DescribeTable} answer
     * @return the layout found
     * @throws InvalidInputException if {@code description} is null
     */
    public static TableLayout of(TableDescription description) {
        Checks.notNull("description", description);
        Map<String, ScalarAttributeType> types = new LinkedHashMap<>();
        for (AttributeDefinition definition : description.attributeDefinitions()) {
            types.put(definition.attributeName(), definition.attributeType());
        }
        Builder builder = builder(description.tableName());
        for (KeySchemaElement element : description.keySchema()) {
            KeyAttribute key = new KeyAttribute(element.attributeName(), types.get(element.attributeName()));
            if (element.keyType() == KeyType.HASH) {
                builder.partitionKey(key);
            } else {
                builder.sortKey(key);
            }
        }
        for (GlobalSecondaryIndexDescription index : description.globalSecondaryIndexes()) {
            builder.globalSecondaryIndex(index(index.indexName(), index.keySchema(), index.projection(), types));
        }
        for (LocalSecondaryIndexDescription index : description.localSecondaryIndexes()) {
            builder.localSecondaryIndex(index(index.indexName(), index.keySchema(), index.projection(), types));
        }
        StreamSpecification stream = description.streamSpecification();
        if (stream != null && Boolean.TRUE.equals(stream.streamEnabled()) && stream.streamViewType() != null) {
            builder.stream(stream.streamViewType());
        }
        return builder.build();
    }

    /**
     * A builder holding this layout.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = builder(tableName).partitionKey(partitionKey);
        if (sortKey != null) {
            b.sortKey(sortKey);
        }
        globalSecondaryIndexes.forEach(b::globalSecondaryIndex);
        localSecondaryIndexes.forEach(b::localSecondaryIndex);
        if (timeToLiveAttribute != null) {
            b.timeToLive(timeToLiveAttribute);
        }
        if (streamViewType != null) {
            b.stream(streamViewType);
        }
        return b;
    }

    /**
     * The table name.
     *
     * @return the name
     */
    public String tableName() {
        return tableName;
    }

    /**
     * The partition key.
     *
     * @return the partition key
     */
    public KeyAttribute partitionKey() {
        return partitionKey;
    }

    /**
     * The sort key.
     *
     * @return the sort key, or empty for a table with a partition key only
     */
    public Optional<KeyAttribute> sortKey() {
        return Optional.ofNullable(sortKey);
    }

    /**
     * The global secondary indexes.
     *
     * @return the indexes, in declaration order
     */
    public List<IndexLayout> globalSecondaryIndexes() {
        return globalSecondaryIndexes;
    }

    /**
     * The local secondary indexes.
     *
     * @return the indexes, in declaration order
     */
    public List<IndexLayout> localSecondaryIndexes() {
        return localSecondaryIndexes;
    }

    /**
     * The TTL attribute (a Number of epoch seconds).
     *
     * @return the attribute, or empty when the repository needs no TTL
     */
    public Optional<String> timeToLiveAttribute() {
        return Optional.ofNullable(timeToLiveAttribute);
    }

    /**
     * The stream the repository needs.
     *
     * @return the view type, or empty when it needs none
     */
    public Optional<StreamViewType> streamViewType() {
        return Optional.ofNullable(streamViewType);
    }

    /**
     * What keeps {@code found} from serving this layout: differing keys, missing indexes or indexes with other keys,
     * a declared projection wider than the one found, a missing stream. Extra indexes, attributes, the projection of
     * an index whose projection is not declared, and TTL are not checked (TTL is not in a table description).
     *
     * @param found the layout of the existing table
     * @return one readable sentence per difference; empty when {@code found} serves this layout
     */
    public List<String> differencesFrom(TableLayout found) {
        Checks.notNull("found", found);
        List<String> differences = new ArrayList<>();
        if (!partitionKey.equals(found.partitionKey)) {
            differences.add("partition key is " + found.partitionKey + ", expected " + partitionKey);
        }
        if (!Objects.equals(sortKey, found.sortKey)) {
            differences.add("sort key is " + describe(found.sortKey) + ", expected " + describe(sortKey));
        }
        compareIndexes("global secondary index", globalSecondaryIndexes, found.globalSecondaryIndexes, differences);
        compareIndexes("local secondary index", localSecondaryIndexes, found.localSecondaryIndexes, differences);
        if (streamViewType != null && found.streamViewType == null) {
            differences.add("stream is disabled, expected enabled (any view type; " + streamViewType + " suffices)");
        }
        return differences;
    }

    private static void compareIndexes(
            String kind, List<IndexLayout> expected, List<IndexLayout> found, List<String> differences) {
        for (IndexLayout index : expected) {
            Optional<IndexLayout> match =
                    found.stream().filter(f -> f.name().equals(index.name())).findFirst();
            if (match.isEmpty()) {
                differences.add(kind + " " + index.name() + " is missing, expected " + index);
            } else if (!index.isServedBy(match.get())) {
                differences.add(kind + " is " + match.get() + ", expected " + index);
            }
        }
    }

    /**
     * The CreateTable request of this layout: on-demand billing, projections as declared (ALL for an index whose
     * projection is not declared), the stream enabled when one is needed (TTL is enabled by a separate call, see
     * {@link TableTtl}).
     *
     * @return the request
     */
    public CreateTableRequest toCreateTableRequest() {
        Map<String, ScalarAttributeType> attributes = new LinkedHashMap<>();
        List<KeySchemaElement> keys = keySchema(partitionKey, sortKey, attributes);
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keys);
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (IndexLayout index : globalSecondaryIndexes) {
            gsis.add(GlobalSecondaryIndex.builder()
                    .indexName(index.name())
                    .keySchema(keySchema(index.partitionKey(), index.sortKey().orElse(null), attributes))
                    .projection(projection(index))
                    .build());
        }
        List<LocalSecondaryIndex> lsis = new ArrayList<>();
        for (IndexLayout index : localSecondaryIndexes) {
            lsis.add(LocalSecondaryIndex.builder()
                    .indexName(index.name())
                    .keySchema(keySchema(index.partitionKey(), index.sortKey().orElse(null), attributes))
                    .projection(projection(index))
                    .build());
        }
        if (!gsis.isEmpty()) {
            request.globalSecondaryIndexes(gsis);
        }
        if (!lsis.isEmpty()) {
            request.localSecondaryIndexes(lsis);
        }
        if (streamViewType != null) {
            request.streamSpecification(StreamSpecification.builder()
                    .streamEnabled(true)
                    .streamViewType(streamViewType)
                    .build());
        }
        List<AttributeDefinition> definitions = new ArrayList<>();
        attributes.forEach((name, type) -> definitions.add(AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(type)
                .build()));
        return request.attributeDefinitions(definitions).build();
    }

    /**
     * This layout as an {@code AWS::DynamoDB::Table} resource of a CloudFormation template (YAML), on-demand.
     *
     * @return the resource, named after the table
     */
    public String toCloudFormation() {
        Map<String, ScalarAttributeType> attributes = new LinkedHashMap<>();
        keySchema(partitionKey, sortKey, attributes);
        allIndexes().forEach(i -> keySchema(i.partitionKey(), i.sortKey().orElse(null), attributes));
        StringBuilder y = new StringBuilder();
        y.append(logicalId()).append(":\n");
        y.append("  Type: AWS::DynamoDB::Table\n");
        y.append("  Properties:\n");
        y.append("    TableName: ").append(tableName).append('\n');
        y.append("    BillingMode: PAY_PER_REQUEST\n");
        y.append("    AttributeDefinitions:\n");
        attributes.forEach((name, type) -> y.append("      - AttributeName: ")
                .append(name)
                .append("\n        AttributeType: ")
                .append(type)
                .append('\n'));
        y.append("    KeySchema:\n");
        cloudFormationKeys(y, "      ", partitionKey, sortKey);
        cloudFormationIndexes(y, "GlobalSecondaryIndexes", globalSecondaryIndexes);
        cloudFormationIndexes(y, "LocalSecondaryIndexes", localSecondaryIndexes);
        if (timeToLiveAttribute != null) {
            y.append("    TimeToLiveSpecification:\n");
            y.append("      AttributeName: ").append(timeToLiveAttribute).append('\n');
            y.append("      Enabled: true\n");
        }
        if (streamViewType != null) {
            y.append("    StreamSpecification:\n");
            y.append("      StreamViewType: ").append(streamViewType).append('\n');
        }
        return y.toString();
    }

    private static void cloudFormationIndexes(StringBuilder y, String property, List<IndexLayout> indexes) {
        if (indexes.isEmpty()) {
            return;
        }
        y.append("    ").append(property).append(":\n");
        for (IndexLayout index : indexes) {
            y.append("      - IndexName: ").append(index.name()).append('\n');
            y.append("        KeySchema:\n");
            cloudFormationKeys(
                    y, "          ", index.partitionKey(), index.sortKey().orElse(null));
            y.append("        Projection:\n");
            y.append("          ProjectionType: ").append(index.projection()).append('\n');
            if (!index.nonKeyAttributes().isEmpty()) {
                y.append("          NonKeyAttributes: [")
                        .append(String.join(", ", index.nonKeyAttributes()))
                        .append("]\n");
            }
        }
    }

    private static void cloudFormationKeys(
            StringBuilder y, String indent, KeyAttribute partition, @Nullable KeyAttribute sort) {
        y.append(indent).append("- AttributeName: ").append(partition.name()).append('\n');
        y.append(indent).append("  KeyType: HASH\n");
        if (sort != null) {
            y.append(indent).append("- AttributeName: ").append(sort.name()).append('\n');
            y.append(indent).append("  KeyType: RANGE\n");
        }
    }

    /**
     * This layout as a Terraform {@code aws_dynamodb_table} resource (HCL), on-demand.
     *
     * @return the resource, named after the table
     */
    public String toTerraform() {
        Map<String, ScalarAttributeType> attributes = new LinkedHashMap<>();
        keySchema(partitionKey, sortKey, attributes);
        allIndexes().forEach(i -> keySchema(i.partitionKey(), i.sortKey().orElse(null), attributes));
        StringBuilder t = new StringBuilder();
        t.append("resource \"aws_dynamodb_table\" \"")
                .append(tableName.replaceAll("[^A-Za-z0-9_]", "_"))
                .append("\" {\n");
        t.append("  name         = \"").append(tableName).append("\"\n");
        t.append("  billing_mode = \"PAY_PER_REQUEST\"\n");
        t.append("  hash_key     = \"").append(partitionKey.name()).append("\"\n");
        if (sortKey != null) {
            t.append("  range_key    = \"").append(sortKey.name()).append("\"\n");
        }
        attributes.forEach((name, type) -> t.append("\n  attribute {\n    name = \"")
                .append(name)
                .append("\"\n    type = \"")
                .append(type)
                .append("\"\n  }\n"));
        for (IndexLayout index : globalSecondaryIndexes) {
            terraformIndex(t, "global_secondary_index", index);
        }
        for (IndexLayout index : localSecondaryIndexes) {
            terraformIndex(t, "local_secondary_index", index);
        }
        if (timeToLiveAttribute != null) {
            t.append("\n  ttl {\n    attribute_name = \"")
                    .append(timeToLiveAttribute)
                    .append("\"\n    enabled        = true\n  }\n");
        }
        if (streamViewType != null) {
            t.append("\n  stream_enabled   = true\n  stream_view_type = \"")
                    .append(streamViewType)
                    .append("\"\n");
        }
        return t.append("}\n").toString();
    }

    private static void terraformIndex(StringBuilder t, String block, IndexLayout index) {
        t.append("\n  ").append(block).append(" {\n");
        t.append("    name            = \"").append(index.name()).append("\"\n");
        if (block.startsWith("global")) {
            t.append("    hash_key        = \"")
                    .append(index.partitionKey().name())
                    .append("\"\n");
        }
        index.sortKey()
                .ifPresent(sk ->
                        t.append("    range_key       = \"").append(sk.name()).append("\"\n"));
        t.append("    projection_type = \"").append(index.projection()).append("\"\n");
        if (!index.nonKeyAttributes().isEmpty()) {
            t.append("    non_key_attributes = [\"")
                    .append(String.join("\", \"", index.nonKeyAttributes()))
                    .append("\"]\n");
        }
        t.append("  }\n");
    }

    private List<IndexLayout> allIndexes() {
        List<IndexLayout> all = new ArrayList<>(globalSecondaryIndexes);
        all.addAll(localSecondaryIndexes);
        return all;
    }

    private String logicalId() {
        StringBuilder id = new StringBuilder();
        boolean upper = true;
        for (char c : tableName.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                id.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        return id.append("Table").toString();
    }

    private static List<KeySchemaElement> keySchema(
            KeyAttribute partition, @Nullable KeyAttribute sort, Map<String, ScalarAttributeType> attributes) {
        List<KeySchemaElement> keys = new ArrayList<>(2);
        keys.add(KeySchemaElement.builder()
                .attributeName(partition.name())
                .keyType(KeyType.HASH)
                .build());
        attributes.putIfAbsent(partition.name(), partition.type());
        if (sort != null) {
            keys.add(KeySchemaElement.builder()
                    .attributeName(sort.name())
                    .keyType(KeyType.RANGE)
                    .build());
            attributes.putIfAbsent(sort.name(), sort.type());
        }
        return keys;
    }

    private static Projection projection(IndexLayout index) {
        Projection.Builder projection = Projection.builder().projectionType(index.projection());
        if (!index.nonKeyAttributes().isEmpty()) {
            projection.nonKeyAttributes(index.nonKeyAttributes());
        }
        return projection.build();
    }

    private static IndexLayout index(
            String name,
            List<KeySchemaElement> keySchema,
            @Nullable Projection projection,
            Map<String, ScalarAttributeType> types) {
        KeyAttribute pk = null;
        KeyAttribute sk = null;
        for (KeySchemaElement element : keySchema) {
            KeyAttribute key = new KeyAttribute(element.attributeName(), types.get(element.attributeName()));
            if (element.keyType() == KeyType.HASH) {
                pk = key;
            } else {
                sk = key;
            }
        }
        IndexLayout layout = sk == null ? IndexLayout.of(name, pk) : IndexLayout.of(name, pk, sk);
        if (projection != null
                && projection.projectionType() != null
                && projection.projectionType() != ProjectionType.ALL) {
            layout = layout.withProjection(projection.projectionType(), projection.nonKeyAttributes());
        }
        return layout;
    }

    private static KeyAttribute key(TableMetadata metadata, String attribute) {
        ScalarAttributeType type = metadata.scalarAttributeType(attribute)
                .orElseThrow(() -> InvalidInputException.of(
                        "schema." + attribute, null, "have a scalar type (S, N or B): it is a key attribute"));
        return new KeyAttribute(attribute, type);
    }

    private static String describe(@Nullable KeyAttribute key) {
        return key == null ? "absent" : key.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableLayout other
                && tableName.equals(other.tableName)
                && partitionKey.equals(other.partitionKey)
                && Objects.equals(sortKey, other.sortKey)
                && globalSecondaryIndexes.equals(other.globalSecondaryIndexes)
                && localSecondaryIndexes.equals(other.localSecondaryIndexes)
                && Objects.equals(timeToLiveAttribute, other.timeToLiveAttribute)
                && streamViewType == other.streamViewType;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                tableName,
                partitionKey,
                sortKey,
                globalSecondaryIndexes,
                localSecondaryIndexes,
                timeToLiveAttribute,
                streamViewType);
    }

    /**
     * One line: {@code table 'sessions': partition key id (S); GSI by-owner: owner (S), projection ALL; TTL on
     * expiresAt} (an index whose projection is not declared shows {@code projection any (created ALL)}).
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("table '")
                .append(tableName)
                .append("': partition key ")
                .append(partitionKey);
        if (sortKey != null) {
            s.append(", sort key ").append(sortKey);
        }
        globalSecondaryIndexes.forEach(i -> s.append("; GSI ").append(i));
        localSecondaryIndexes.forEach(i -> s.append("; LSI ").append(i));
        if (timeToLiveAttribute != null) {
            s.append("; TTL on ").append(timeToLiveAttribute);
        }
        if (streamViewType != null) {
            s.append("; stream ").append(streamViewType);
        }
        return s.toString();
    }

    /** Builder of {@link TableLayout}; every setter checks its argument at once. */
    public static final class Builder {
        private final String tableName;
        private @Nullable KeyAttribute partitionKey;
        private @Nullable KeyAttribute sortKey;
        private final Map<String, IndexLayout> globalSecondaryIndexes = new LinkedHashMap<>();
        private final Map<String, IndexLayout> localSecondaryIndexes = new LinkedHashMap<>();
        private @Nullable String timeToLiveAttribute;
        private @Nullable StreamViewType streamViewType;

        private Builder(String tableName) {
            Checks.notEmpty("tableName", tableName);
            if (tableName.length() < 3 || tableName.length() > 255 || !tableName.matches("[a-zA-Z0-9_.-]+")) {
                throw InvalidInputException.of(
                        "tableName", tableName, "be 3 to 255 characters of letters, digits, '_', '-' and '.'");
            }
            this.tableName = tableName;
        }

        /**
         * The partition key (required).
         *
         * @param key the key attribute
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder partitionKey(KeyAttribute key) {
            this.partitionKey = Checks.notNull("partitionKey", key);
            return this;
        }

        /**
         * The sort key.
         *
         * @param key the key attribute
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder sortKey(KeyAttribute key) {
            this.sortKey = Checks.notNull("sortKey", key);
            return this;
        }

        /**
         * Adds (or replaces, by name) a global secondary index.
         *
         * @param index the index
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder globalSecondaryIndex(IndexLayout index) {
            Checks.notNull("globalSecondaryIndex", index);
            globalSecondaryIndexes.put(index.name(), index);
            return this;
        }

        /**
         * Adds (or replaces, by name) a local secondary index; it must share the table's partition key.
         *
         * @param index the index
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder localSecondaryIndex(IndexLayout index) {
            Checks.notNull("localSecondaryIndex", index);
            localSecondaryIndexes.put(index.name(), index);
            return this;
        }

        /**
         * Declares the projection of the index {@code indexName}, one of this builder's indexes (global or local):
         * the table check then requires the table's index to project at least these attributes, and a table created
         * from the layout gets exactly them. For an index read through a schema, whose items the schema maps.
         *
         * <pre>{@code
         * TableLayout layout = TableLayout.from("orders", ORDER_SCHEMA)
         *         .indexProjection("byTotalBand", ProjectionType.KEYS_ONLY, List.of())
         *         .build();
         * }</pre>
         *
         * @param indexName the index
         * @param projection ALL, KEYS_ONLY or INCLUDE
         * @param nonKeyAttributes the non-key attributes of an INCLUDE projection (empty otherwise)
         * @return this builder
         * @throws InvalidInputException if an argument is null, the builder has no index {@code indexName}, or the
         *     attributes do not match the projection
         */
        public Builder indexProjection(String indexName, ProjectionType projection, List<String> nonKeyAttributes) {
            Checks.notEmpty("indexName", indexName);
            IndexLayout global = globalSecondaryIndexes.get(indexName);
            IndexLayout local = localSecondaryIndexes.get(indexName);
            if (global != null) {
                globalSecondaryIndexes.put(indexName, global.withProjection(projection, nonKeyAttributes));
            } else if (local != null) {
                localSecondaryIndexes.put(indexName, local.withProjection(projection, nonKeyAttributes));
            } else {
                List<String> names = new ArrayList<>(globalSecondaryIndexes.keySet());
                names.addAll(localSecondaryIndexes.keySet());
                throw InvalidInputException.of(
                        "indexName", indexName, "name an index of the layout (it has " + names + ")");
            }
            return this;
        }

        /**
         * The TTL attribute: a Number of epoch seconds after which DynamoDB deletes the item (eventually).
         *
         * @param attribute the attribute name
         * @return this builder
         * @throws InvalidInputException if null or empty
         */
        public Builder timeToLive(String attribute) {
            this.timeToLiveAttribute = Checks.notEmpty("timeToLive", attribute);
            return this;
        }

        /**
         * A stream of item changes.
         *
         * @param viewType what stream records carry
         * @return this builder
         * @throws InvalidInputException if null
         */
        public Builder stream(StreamViewType viewType) {
            this.streamViewType = Checks.notNull("stream", viewType);
            return this;
        }

        /**
         * The layout.
         *
         * @return the layout
         * @throws InvalidInputException if the partition key is missing, or a local index does not share it
         */
        public TableLayout build() {
            return new TableLayout(this);
        }
    }
}
