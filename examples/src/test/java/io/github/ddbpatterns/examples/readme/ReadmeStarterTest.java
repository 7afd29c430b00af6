package io.github.ddbpatterns.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.sharding.ShardQuery;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.spring.DdbPatternsAutoConfiguration;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.LocalClients;
import io.github.ddbpatterns.testing.TestTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The README's first screen, run: the three properties it shows bind (with the secret's placeholder given a value)
 * and the repository bean of {@link EventsConfiguration} works on DynamoDB Local through the starter.
 */
@DynamoDbLocalTest
class ReadmeStarterTest {

    /** The lines of the README's first {@code ```properties} block. */
    static List<String> readmeProperties() throws IOException {
        List<String> readme =
                Files.readAllLines(Path.of("").toAbsolutePath().getParent().resolve("README.md"));
        int start = readme.indexOf("```properties");
        assertThat(start).as("a properties block in the README").isNotNegative();
        List<String> properties = new ArrayList<>();
        for (int i = start + 1; !readme.get(i).equals("```"); i++) {
            properties.add(readme.get(i));
        }
        return properties;
    }

    @Test
    void readmeProperties_bindAndTheRepositoryBeanWorks(TestTables tables) throws IOException {
        List<String> properties = readmeProperties();
        assertThat(properties).hasSize(3).allMatch(p -> p.startsWith("ddb.patterns."));
        String prefix = tables.uniqueName() + "-";

        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DdbPatternsAutoConfiguration.class))
                .withUserConfiguration(EventsConfiguration.class)
                .withBean(AwsCredentialsProvider.class, LocalClients::credentials)
                .withSystemProperties("DDB_CURSOR_SECRET=a secret shared by every instance")
                .withPropertyValues(properties.toArray(String[]::new))
                .withPropertyValues(
                        "ddb.patterns.client.endpoint=" + DynamoDbLocal.shared().endpoint(),
                        "ddb.patterns.table-name.prefix=" + prefix)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(DdbPatterns.class)
                                    .context()
                                    .resilience()
                                    .maxAttempts())
                            .isEqualTo(6);
                    @SuppressWarnings("unchecked")
                    ShardedTable<Event> events = context.getBean(ShardedTable.class);
                    assertThat(events.tableName()).isEqualTo(prefix + "events");
                    events.createTable().join();
                    try {
                        events.put(new Event("user-42", Instant.now(), "click")).join();
                        Page<Event> page = events.query(
                                        "user-42", ShardQuery.all().newestFirst())
                                .join();
                        assertThat(page.items()).extracting(Event::getAction).containsExactly("click");
                    } finally {
                        DynamoDbLocal.shared().syncClient().deleteTable(b -> b.tableName(events.tableName()));
                    }
                });
    }
}
