package io.github.ddbpatterns.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

/**
 * Tables with unique names for one test (or one test class), created from an Enhanced {@link TableSchema}
 * with its secondary indexes, and deleted by {@link #close()}.
 *
 * <p>The JUnit extension hands one out per test and closes it when the test ends. Names look like
 * {@code OrdersTest-put-7} so a failing test's table is easy to recognise.
 */
public final class TestTables implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final int MAX_PREFIX = 200;

    private final DynamoDbClient client;
    private final DynamoDbEnhancedClient enhanced;
    private final String prefix;
    private final List<String> created = new ArrayList<>();

    /**
     * Tables created through {@code local}'s sync clients, named after {@code prefix}.
     *
     * @throws NullPointerException if an argument is null
     */
    public TestTables(DynamoDbLocal local, String prefix) {
        this(local.syncClient(), prefix);
    }

    /** Tables created through the given client (for example one pointed at a proxy). */
    public TestTables(DynamoDbClient client, String prefix) {
        this.client = Objects.requireNonNull(client, "client");
        this.enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
        this.prefix = sanitize(Objects.requireNonNull(prefix, "prefix"));
    }

    /** A fresh unique table name (no table is created). */
    public String uniqueName() {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }

    /** Creates a table for {@code schema} (keys, GSIs and LSIs, on-demand) and returns its unique name. */
    public String create(TableSchema<?> schema) {
        return create(schema, TableOptions.ofDefaults());
    }

    /**
     * Creates a table for {@code schema} with its GSIs and LSIs (projection ALL), then applies
     * {@code options} (TTL, stream), and returns its unique name.
     */
    public String create(TableSchema<?> schema, TableOptions options) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(options, "options");
        String name = uniqueName();
        enhanced.table(name, schema).createTable();
        synchronized (created) {
            created.add(name);
        }
        client.waiter().waitUntilTableExists(b -> b.tableName(name)).matched();
        if (options.streamViewType() != null) {
            client.updateTable(b -> b.tableName(name)
                    .streamSpecification(StreamSpecification.builder()
                            .streamEnabled(true)
                            .streamViewType(options.streamViewType())
                            .build()));
        }
        if (options.ttlAttribute() != null) {
            client.updateTimeToLive(b -> b.tableName(name)
                    .timeToLiveSpecification(TimeToLiveSpecification.builder()
                            .enabled(true)
                            .attributeName(options.ttlAttribute())
                            .build()));
        }
        return name;
    }

    /** Names of the tables created and not yet deleted. */
    public List<String> names() {
        synchronized (created) {
            return List.copyOf(created);
        }
    }

    /** Deletes every table created here; tables already gone are ignored. */
    @Override
    public void close() {
        List<String> names;
        synchronized (created) {
            names = List.copyOf(created);
            created.clear();
        }
        for (String name : names) {
            try {
                client.deleteTable(b -> b.tableName(name));
            } catch (ResourceNotFoundException alreadyGone) {
                // deleted by the test itself
            }
        }
    }

    private static String sanitize(String raw) {
        String cleaned = raw.replaceAll("[^A-Za-z0-9_.-]", "-");
        if (cleaned.length() < 3) {
            cleaned = (cleaned + "-table").toLowerCase(Locale.ROOT);
        }
        return cleaned.length() > MAX_PREFIX ? cleaned.substring(0, MAX_PREFIX) : cleaned;
    }
}
